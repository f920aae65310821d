"""The kk, ru and en catalogues are complete, not fuzzy, and compiled (STYLE: languages)."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

LANGUAGES = ("kk", "ru", "en")


def catalogue(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_empty_or_fuzzy_entry(language):
    with catalogue(language).open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"empty: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert problems == []
    assert len(catalog) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po_path = catalogue(language)
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    with po_path.with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog  # type: ignore[attr-defined]
    expected: dict[object, object] = {}
    for message in catalog:
        if not message.id:
            continue
        prefix = f"{message.context}\x04" if message.context else ""  # gettext's context mark
        if isinstance(message.id, tuple):
            for index, text in enumerate(tuple(message.string or ())):
                if text:
                    expected[(prefix + message.id[0], index)] = text
        elif isinstance(message.id, str) and message.string:
            expected[prefix + message.id] = message.string
    actual = {k: v for k, v in compiled.items() if k != ""}
    assert actual == expected, "run `qashyq translations compile`"


@pytest.mark.parametrize(
    ("language", "expected"), [("kk", "Кіру"), ("ru", "Войти"), ("en", "Sign in")]
)
def test_interface_speaks_each_language(language, expected):
    with translation.override(language):
        assert _("Sign in") == expected
