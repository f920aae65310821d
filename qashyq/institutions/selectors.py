"""Reads of the institution's structure."""

from __future__ import annotations

from qashyq.core.models import localized
from qashyq.institutions import classifier as cls


def classifier_fields() -> tuple[cls.ClassifierEntry, ...]:
    """The 2-digit fields 01 … 12 of the classifier (CLS-1)."""
    return cls.default_classifier().fields


def classifier_field_name(*, field_code: str, language: str | None = None) -> str:
    """The name of field `field_code` ("06") in the active or given language; "" if unknown."""
    for field in cls.default_classifier().fields:
        if field.code == field_code:
            return localized(
                kk=field.name_kk, ru=field.name_ru, en=field.name_en, language=language
            )
    return ""
