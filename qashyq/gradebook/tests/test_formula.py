"""The pure arithmetic: bands at every boundary and as a property over 0–100 (GRD-1,
GRD-2), the admission rating and the final grade (GRD-3, GRD-4), FX retakes (GRD-5),
GPA (GPA-1) and honours (GPA-2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qashyq.gradebook import formula as f
from qashyq.gradebook.presets import KZ_2011, KZ_CURRENT

D = Decimal
CURRENT = f.preset_scale(KZ_CURRENT)
OLD = f.preset_scale(KZ_2011)

BOUNDARIES = [
    ("100", "A"), ("95", "A"), ("94.5", "A"), ("94.49", "A-"), ("94", "A-"), ("90", "A-"),
    ("89.5", "A-"), ("89.49", "B+"), ("85", "B+"), ("84", "B"), ("80", "B"), ("79", "B-"),
    ("75", "B-"), ("74", "C+"), ("70", "C+"), ("69", "C"), ("65", "C"), ("64", "C-"),
    ("60", "C-"), ("59", "D+"), ("55", "D+"), ("54", "D"), ("50", "D"), ("49.5", "D"),
    ("49.49", "FX"), ("49", "FX"), ("25", "FX"), ("24.5", "FX"), ("24.49", "F"),
    ("24", "F"), ("0", "F"),
]  # fmt: skip


@pytest.mark.parametrize(("percent", "letter"), BOUNDARIES)
def test_grd2_kz_current_every_boundary_half_up(percent: str, letter: str) -> None:
    assert CURRENT.band(D(percent)).letter == letter


@pytest.mark.parametrize(
    ("percent", "letter"), [("50", "D"), ("49.5", "D"), ("49.4", "F"), ("25", "F"), ("0", "F")]
)
def test_grd1_kz_2011_has_no_fx(percent: str, letter: str) -> None:
    assert OLD.band(D(percent)).letter == letter


def test_grd2_rounding_rules() -> None:
    assert f.round_percent(D("94.5"), "half_up") == D("95")
    assert f.round_percent(D("94.5"), "half_even") == D("94")
    assert f.round_percent(D("94.9"), "down") == D("94")
    assert f.round_percent(D("94.567"), "none") == D("94.57")
    assert f.round_percent(D("120"), "half_up") == D("100")
    assert f.round_percent(D("-3"), "half_up") == D("0")
    down = f.Scale(name="x", rounding="down", bands=CURRENT.bands)
    assert down.band(D("94.99")).letter == "A-"


@given(st.decimals(min_value=0, max_value=100, places=3, allow_nan=False))
@pytest.mark.parametrize("scale", [CURRENT, OLD])
@pytest.mark.parametrize("rounding", ["half_up", "half_even", "down", "none"])
def test_grd2_every_percent_maps_to_exactly_one_band(
    scale: f.Scale, rounding: str, percent: Decimal
) -> None:
    """Property: after rounding, exactly one band's [lower, upper] holds the value (upper
    extended to the next band's lower for the two-decimal rule), and it is `band()`."""
    s = f.Scale(name=scale.name, rounding=rounding, bands=scale.bands)
    rounded = f.round_percent(percent, rounding)
    holding = []
    for i, band in enumerate(s.bands):
        top = s.bands[i - 1].lower if i else D("100.01")
        if band.lower <= rounded < top:
            holding.append(band)
    assert len(holding) == 1
    assert s.band(percent) == holding[0]
    # monotone: a higher percent never gets fewer points
    assert s.band(percent).points <= s.band(min(D(100), percent + 1)).points


def test_grd1_preset_bands_cover_0_to_100_in_integers() -> None:
    for scale in (CURRENT, OLD):
        letters = [scale.band(D(p)).letter for p in range(101)]
        for band in scale.bands:
            expected = [str(p) for p in range(int(band.lower), int(band.upper) + 1)]
            got = [str(p) for p, letter in enumerate(letters) if letter == band.letter]
            assert got == expected


# ---------------------------------------------------------------- admission and final

ITEMS = [
    f.Item(1, "current", 1, D("10")),
    f.Item(2, "current", 1, D("10")),
    f.Item(3, "midterm1", 1, D("100")),
    f.Item(4, "current", 2, D("20")),
    f.Item(5, "midterm2", 2, D("100")),
    f.Item(6, "exam", 1, D("100")),
]


def entries(*points: str | None, exam: str | None = None) -> dict[int, f.Entry]:
    out = {i + 1: f.Entry(None if p is None else D(p)) for i, p in enumerate(points)}
    if exam is not None:
        out[6] = f.Entry(D(exam))
    return out


def final(e: dict[int, f.Entry], **kw: object) -> f.Result:
    args: dict[str, object] = {
        "items": ITEMS,
        "entries": e,
        "weights": f.CourseWeights(),
        "policy": f.Policy(),
        "scale": CURRENT,
    }
    args.update(kw)
    return f.final_compute(**args)  # type: ignore[arg-type]


def test_grd3_default_formula_r1_r2_admission_and_final() -> None:
    # current half 1: 8/10, 6/10 → 70; midterm1 90 → R1 = 80
    # current half 2: 15/20 → 75; midterm2 65 → R2 = 70; admission = 75
    # final = 0.6 × 75 + 0.4 × 80 = 77 → B-
    r = final(entries("8", "6", "90", "15", "65", exam="80"))
    assert (r.current1, r.midterm1, r.r1) == (D("70.00"), D("90.00"), D("80.00"))
    assert (r.current2, r.midterm2, r.r2) == (D("75.00"), D("65.00"), D("70.00"))
    assert r.admission == D("75.00")
    assert (r.admitted, r.admission_clause) == (True, "GRD-4.combined")
    assert (r.exam, r.percent, r.letter, r.clause) == (D("80.00"), D("77"), "B-", "GRD-3")


def test_grd3_course_weights_change_the_ratings() -> None:
    w = f.CourseWeights(current_share=D("0.40"), r1_share=D("0.30"))
    r = final(entries("8", "6", "90", "15", "65", exam="80"), weights=w)
    assert r.r1 == D("82.00")  # 0.4 × 70 + 0.6 × 90
    assert r.r2 == D("69.00")  # 0.4 × 75 + 0.6 × 65
    assert r.admission == D("72.90")  # 0.3 × 82 + 0.7 × 69


def test_grd3_institution_weights() -> None:
    policy = f.Policy(weight_admission=D("0.5"), weight_exam=D("0.5"))
    r = final(entries("10", "10", "100", "20", "100", exam="50"), policy=policy)
    assert (r.percent, r.letter) == (D("75"), "B-")


def test_grd3_excused_left_out_absent_counts_zero_missing_group_renormalized() -> None:
    e = entries("8", None, "90", "15", "65", exam="80")
    e[2] = f.Entry(None, "excused")
    assert final(e).current1 == D("80.00")
    e[2] = f.Entry(None, "absent")
    assert final(e).current1 == D("40.00")
    only_midterms = [i for i in ITEMS if i.control != "current"]
    r = final(entries(None, None, "90", None, "60", exam="80"), items=only_midterms)
    assert (r.r1, r.r2, r.admission) == (D("90.00"), D("60.00"), D("75.00"))


def test_grd4_combined_threshold_boundary() -> None:
    at = final(entries("5", "5", "50", "10", "50", exam="60"))
    assert (at.admission, at.admitted) == (D("50.00"), True)
    below = final(entries("5", "5", "49", "10", "50", exam="100"))
    assert (below.admitted, below.letter, below.clause) == (False, "F", "GRD-4.combined")


def test_grd4_each_midterm_rule() -> None:
    policy = f.Policy(admission_rule="each_midterm")
    # R1 = 40, R2 = 80: combined 60 would admit, each-midterm does not
    e = entries("4", "4", "40", "16", "80", exam="90")
    assert final(e).admitted is True
    r = final(e, policy=policy)
    assert (r.admitted, r.admission_clause, r.letter) == (False, "GRD-4.each-midterm", "F")
    ok = final(entries("5", "5", "50", "10", "50", exam="90"), policy=policy)
    assert ok.admitted is True


def test_grd4_course_threshold_overrides_the_institution() -> None:
    e = entries("6", "6", "60", "12", "60", exam="90")
    r = final(e, weights=f.CourseWeights(admission_threshold=D("65")))
    assert (r.admitted, r.letter) == (False, "F")


def test_grd4_exam_minimum_is_a_separate_rule() -> None:
    e = entries("10", "10", "100", "20", "100", exam="30")  # 0.6×100 + 0.4×30 = 72 → C+
    assert final(e).letter == "C+"
    policy = f.Policy(exam_minimum=D("40"))
    r = final(e, policy=policy)
    assert (r.letter, r.clause, r.percent) == ("FX", "GRD-4.exam-minimum", D("72"))
    assert final(e, policy=policy, scale=OLD).letter == "F"  # no FX in KZ-2011


def test_final_pending_until_exam_unless_required() -> None:
    r = final(entries("8", "6", "90", "15", "65"))
    assert (r.exam, r.percent, r.band) == (None, None, None)
    r = final(entries("8", "6", "90", "15", "65"), exam_required=True)
    assert (r.exam, r.percent, r.letter) == (D("0"), D("45"), "FX")


def test_grd5_retake_changes_only_the_exam() -> None:
    r = final(entries("6", "6", "60", "12", "60", exam="20"))  # 0.6×60 + 0.4×20 = 44 → FX
    assert r.letter == "FX"
    assert f.retake_allowed(band=r.band, retakes_done=0, policy=f.Policy()) is None  # type: ignore[arg-type]
    after = f.retake_compute(
        result=r, retake_exam=D("70"), policy=f.Policy(), scale=CURRENT, retakes_done=0
    )
    assert (after.admission, after.exam, after.percent, after.letter) == (
        D("60.00"), D("70.00"), D("64"), "C-"
    )  # fmt: skip
    assert after.clause == "GRD-5.retake"
    failed = f.retake_compute(
        result=r, retake_exam=D("30"), policy=f.Policy(), scale=CURRENT, retakes_done=0
    )
    assert (failed.letter, failed.clause) == ("FX", "GRD-5.retakes-exhausted")


def test_grd5_retake_refusals() -> None:
    policy = f.Policy(fx_retakes=2)
    fx, f_band, d = (CURRENT.by_letter(x) for x in ("FX", "F", "D"))
    assert fx is not None
    assert f_band is not None
    assert d is not None
    assert f.retake_allowed(band=d, retakes_done=0, policy=policy) == "passing"
    assert f.retake_allowed(band=f_band, retakes_done=0, policy=policy) == "not_fx"
    assert f.retake_allowed(band=fx, retakes_done=1, policy=policy) is None
    assert f.retake_allowed(band=fx, retakes_done=2, policy=policy) == "exhausted"


# ---------------------------------------------------------------- GPA


def test_gpa1_credit_weighted_two_decimals() -> None:
    lines = [
        f.GpaLine(5, D("4.00")),
        f.GpaLine(3, D("3.67")),
        f.GpaLine(4, D("2.33")),
        f.GpaLine(2, D("0.00"), counts=False),  # P/NP, W: left out
    ]
    # (20 + 11.01 + 9.32) / 12 = 3.3608… → 3.36
    assert f.gpa(lines) == D("3.36")
    assert f.gpa([]) is None
    assert f.gpa([f.GpaLine(5, D("3.33")), f.GpaLine(1, D("3.67"))]) == D("3.39")


def test_gpa1_retaken_fx_replace_or_average() -> None:
    assert f.gpa_points(first=D("0.50"), retakes=[D("2.00")], rule="replace") == D("2.00")
    assert f.gpa_points(first=D("0.50"), retakes=[D("2.00")], rule="average") == D("1.25")
    assert f.gpa_points(first=D("0.50"), retakes=[D("0.50"), D("1.67")], rule="average") == (
        D("0.89")
    )
    assert f.gpa_points(first=D("3.00"), retakes=[], rule="average") == D("3.00")


def test_gpa2_honours() -> None:
    policy = f.Policy()
    ok = f.honours_check(
        gpa_value=D("3.50"), letters=["A", "B"], retakes=0, final_letters=["A-"],
        policy=policy, scale=CURRENT,
    )  # fmt: skip
    assert ok.eligible
    bad = f.honours_check(
        gpa_value=D("3.49"), letters=["A", "B-"], retakes=1, final_letters=["B+"],
        policy=policy, scale=CURRENT,
    )  # fmt: skip
    assert bad.failed == (
        "GPA-2.gpa", "GPA-2.lowest-letter", "GPA-2.final-attestation", "GPA-2.retakes"
    )  # fmt: skip
