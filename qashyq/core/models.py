"""Base models shared by every app; no domain words here."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TrilingualNameModel(models.Model):
    """A name kept in Kazakh, Russian and English (ADR 0004: explicit columns).

    Reference data that the regulations require in three languages (the program
    registry, GOV-2) carries one column per language; `name` picks the active one
    and falls back to Kazakh, then Russian, then English.
    """

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(kk=self.name_kk, ru=self.name_ru, en=self.name_en)


def localized(*, kk: str, ru: str, en: str, language: str | None = None) -> str:
    """The text in the active (or given) language, falling back kk → ru → en."""
    lang = (language or translation.get_language() or "kk")[:2]
    by_language = {"kk": kk, "ru": ru, "en": en}
    return by_language.get(lang) or kk or ru or en
