"""Kazakh identification numbers: IIN (persons) and BIN (legal entities).

IIN-1/BIN-1 (DOMAIN.md; Decree No. 406 of 22 May 2007): 12 digits, the 12th a
control digit: digits 1–11 weighted 1..11, sum mod 11; a result of 10 means
recompute with weights 3..11,1,2; 10 again means the number is never issued.
IIN-2: since Decree No. 853 (2013) the first digits need not be the birth date,
so nothing here rejects an IIN for its date part; `iin_date_warning` only warns.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def control_digit(first_eleven: str) -> int | None:
    """The control digit of 11 digits, or None when the prefix is never issued."""
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, FIRST_WEIGHTS, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, SECOND_WEIGHTS, strict=True)) % 11
        if check == 10:
            return None
    return check


def _well_formed(value: str) -> bool:
    return len(value) == 12 and value.isascii() and value.isdigit()


def is_valid_iin(value: str) -> bool:
    if not _well_formed(value):
        return False
    return control_digit(value[:11]) == int(value[11])


def validate_iin(value: str) -> None:
    """IIN-1: reject what is not 12 digits or fails the control digit."""
    if not _well_formed(value):
        raise ValidationError(_("An IIN is exactly 12 digits."), code="iin_format")
    if control_digit(value[:11]) is None:
        raise ValidationError(
            _("This IIN cannot exist: its control digit is undefined."), code="iin_unissued"
        )
    if control_digit(value[:11]) != int(value[11]):
        raise ValidationError(
            _("This IIN has a wrong control digit; please check it for a typing error."),
            code="iin_checksum",
        )


def validate_bin(value: str) -> None:
    """BIN-1: 12 digits, month 01–12 in digits 3–4, type 4/5/6, unit 0–3, control digit."""
    if not _well_formed(value):
        raise ValidationError(_("A BIN is exactly 12 digits."), code="bin_format")
    month = int(value[2:4])
    if not 1 <= month <= 12 or value[4] not in "456" or value[5] not in "0123":
        raise ValidationError(_("This BIN is not well formed."), code="bin_structure")
    if control_digit(value[:11]) != int(value[11]):
        raise ValidationError(_("This BIN has a wrong control digit."), code="bin_checksum")


def iin_date_warning(value: str, birth_date: dt.date | None) -> str | None:
    """IIN-2: a soft warning (never an error) when the date part differs from the birth date."""
    if birth_date is None or not is_valid_iin(value):
        return None
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}.get(value[6])
    if (
        century is None
        or f"{birth_date:%y%m%d}" != value[:6]
        or birth_date.year // 100 * 100 != century
    ):
        return _(
            "The first digits of this IIN differ from the date of birth. That is allowed since "
            "2013; please make sure both are right."
        )
    return None


def iin_with_control_digit(first_eleven: str) -> str | None:
    """Complete 11 digits to a valid IIN (used by the demo generator and tests)."""
    digit = control_digit(first_eleven)
    return None if digit is None else f"{first_eleven}{digit}"


def mask_iin(value: str) -> str:
    """IIN-2: an IIN is personal data; show only its last four digits."""
    if len(value) < 4:
        return "•" * len(value)
    return "•" * (len(value) - 4) + value[-4:]
