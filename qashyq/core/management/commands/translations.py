"""`qashyq translations update|compile`: keep the kk, ru and en catalogues in step.

`update` extracts every marked string from the code and templates into
qashyq/locale/<lang>/LC_MESSAGES/django.po (needs GNU gettext's xgettext, a
developer tool); `compile` writes the .mo files with Babel (pure Python). The
compiled .mo files are committed, so a fresh machine needs neither.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

LANGUAGES = ("kk", "ru", "en")
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n != 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "en": "nplurals=2; plural=(n != 1);",
}
IGNORE = [".venv/*", "venv/*", "bench/*", "docs/*", "build/*", "var/*", "*/tests/*", "tests/*"]


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


class Command(BaseCommand):
    help = "Extract (update) or compile the translation catalogues."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update", "compile"])

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "update":
            self.update()
        self.compile()

    def update(self) -> None:
        root = Path(settings.BASE_DIR).parent
        os.chdir(root)
        call_command(
            "makemessages",
            locale=list(LANGUAGES),
            ignore_patterns=IGNORE,
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
        for language in LANGUAGES:
            self._fix_header(locale_dir() / language / "LC_MESSAGES" / "django.po", language)
        for language in ("kk", "ru"):
            self._clear_fuzzy(locale_dir() / language / "LC_MESSAGES" / "django.po", language)
        self._fill_english(locale_dir() / "en" / "LC_MESSAGES" / "django.po")

    @staticmethod
    def _clear_fuzzy(path: Path, language: str) -> None:
        """msgmerge's fuzzy guesses are someone else's sentence: empty them for a translator."""
        from babel.messages.pofile import read_po, write_po  # noqa: PLC0415 (dev extra)

        with path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        for message in catalog:
            if message.id and message.fuzzy:
                message.string = (
                    ("",) * catalog.num_plurals if isinstance(message.id, tuple) else ""
                )
                message.flags.discard("fuzzy")
        with path.open("wb") as po_file:
            write_po(po_file, catalog, width=100, include_previous=False)

    @staticmethod
    def _fill_english(path: Path) -> None:
        """The source strings are English: the en catalogue repeats them."""
        from babel.messages.pofile import read_po, write_po  # noqa: PLC0415 (dev extra)

        with path.open("rb") as po_file:
            catalog = read_po(po_file, locale="en")
        for message in catalog:
            if not message.id:
                continue
            # Always the source itself: msgmerge's fuzzy guesses are other sentences.
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
            message.flags.discard("fuzzy")
        with path.open("wb") as po_file:
            write_po(po_file, catalog, width=100, include_previous=False)

    @staticmethod
    def _fix_header(path: Path, language: str) -> None:
        """Replace makemessages' template header with a complete one for `language`."""
        text = path.read_text(encoding="utf-8")
        _old_header, separator, body = text.partition("\n\n")
        header = "\n".join(
            [
                "# Qashyq interface catalogue.",
                'msgid ""',
                'msgstr ""',
                '"Project-Id-Version: qashyq\\n"',
                f'"Language: {language}\\n"',
                '"MIME-Version: 1.0\\n"',
                '"Content-Type: text/plain; charset=UTF-8\\n"',
                '"Content-Transfer-Encoding: 8bit\\n"',
                f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"',
            ]
        )
        path.write_text(header + separator + body, encoding="utf-8")

    def compile(self) -> None:
        try:
            from babel.messages.mofile import write_mo  # noqa: PLC0415 (dev extra)
            from babel.messages.pofile import read_po  # noqa: PLC0415
        except ImportError as exc:  # pragma: no cover - babel is a dev dependency
            msg = "Install the dev extras (pip install -e '.[dev]') to compile catalogues."
            raise CommandError(msg) from exc
        for language in LANGUAGES:
            po_path = locale_dir() / language / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=language if language != "kk" else "kk")
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            self.stdout.write(f"compiled {po_path.with_suffix('.mo')}")
