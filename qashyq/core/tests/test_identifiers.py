"""IIN-1, IIN-2, BIN-1 (DOMAIN.md): the control digit and what is never rejected."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from qashyq.core.identifiers import (
    control_digit,
    iin_date_warning,
    iin_with_control_digit,
    is_valid_iin,
    mask_iin,
    validate_bin,
    validate_iin,
)


def first_eleven_needing_second_pass() -> str:
    """Some 11 digits whose first weighted sum is 10 mod 11 (IIN-1's second pass)."""
    for n in itertools.count(90010100000):
        digits = f"{n:011d}"
        if sum(int(d) * w for d, w in zip(digits, range(1, 12), strict=True)) % 11 == 10:
            return digits
    raise AssertionError  # pragma: no cover


def test_control_digit_by_hand():
    # 9 0 0 1 0 1 3 0 0 0 1 × weights 1..11 = 9+0+0+4+0+6+21+0+0+0+11 = 51; 51 mod 11 = 7
    assert control_digit("90010130001") == 7
    assert is_valid_iin("900101300017")
    assert not is_valid_iin("900101300018")


def test_second_pass_uses_weights_three_to_two():
    digits = first_eleven_needing_second_pass()
    second = (
        sum(int(d) * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True))
        % 11
    )
    if second == 10:
        assert control_digit(digits) is None
    else:
        assert control_digit(digits) == second
        assert is_valid_iin(digits + str(second))


def test_never_issued_prefix_is_rejected():
    for n in itertools.count(0):
        digits = f"{n:011d}"
        if control_digit(digits) is None:
            break
    with pytest.raises(ValidationError) as caught:
        validate_iin(digits + "0")
    assert caught.value.code == "iin_unissued"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12345", "iin_format"),
        ("90010130001a", "iin_format"),
        ("９００１０１３０００１７", "iin_format"),
        ("900101300018", "iin_checksum"),
    ],
)
def test_malformed_iins_are_rejected_with_a_code(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_iin(value)
    assert caught.value.code == code


def test_every_single_digit_typo_in_the_first_ten_is_caught():
    iin = "900101300017"
    for position in range(10):
        for digit in "0123456789":
            if digit == iin[position]:
                continue
            typo = iin[:position] + digit + iin[position + 1 :]
            assert not is_valid_iin(typo), typo


def test_iin_2_a_date_mismatch_only_warns():
    iin = iin_with_control_digit("05031560001")
    assert iin is not None
    validate_iin(iin)  # never rejected for its date part
    assert iin_date_warning(iin, dt.date(2005, 3, 15)) is None
    assert iin_date_warning(iin, dt.date(2004, 3, 15)) is not None


def test_mask_shows_only_the_last_four_digits():
    assert mask_iin("900101300017") == "••••••••0017"


def test_bin_structure_and_control_digit():
    value = iin_with_control_digit("04084000123")  # 2004-08, type 4 resident, unit 0 head office
    assert value is not None
    validate_bin(value)
    with pytest.raises(ValidationError):
        validate_bin("041340001230")  # month 13
