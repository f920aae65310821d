"""The arithmetic of the gradebook, pure (no database): percent → letter (GRD-1, GRD-2),
the admission rating and the final grade (GRD-3, GRD-4), FX retakes (GRD-5), GPA (GPA-1)
and the honours check (GPA-2). Decimal throughout; the services and selectors feed it
with dataclasses and store or render what it returns.

Clauses named by the verdicts (GRD-4: every verdict names the clause it applied):
"GRD-3" (the formula), "GRD-4.combined", "GRD-4.each-midterm", "GRD-4.exam-minimum",
"GRD-5.retake", "GRD-5.retakes-exhausted".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from qashyq.gradebook.presets import KZ_CURRENT, preset_bands

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
ONE = Decimal("1")

CLAUSE_FORMULA = "GRD-3"
CLAUSE_COMBINED = "GRD-4.combined"
CLAUSE_EACH = "GRD-4.each-midterm"
CLAUSE_EXAM_MINIMUM = "GRD-4.exam-minimum"
CLAUSE_RETAKE = "GRD-5.retake"
CLAUSE_RETAKES_EXHAUSTED = "GRD-5.retakes-exhausted"

CURRENT, MIDTERM1, MIDTERM2, EXAM = "current", "midterm1", "midterm2", "exam"
EXCUSED, ABSENT = "excused", "absent"


def q2(value: Decimal) -> Decimal:
    """Two decimals, half up (how every intermediate figure is kept and shown)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- the scale (GRD-1, GRD-2)


@dataclass(frozen=True)
class Band:
    letter: str
    points: Decimal
    lower: Decimal
    upper: Decimal
    traditional_kk: str = ""
    traditional_ru: str = ""
    traditional_en: str = ""
    passes: bool = True
    counts_in_gpa: bool = True
    exam_retake_allowed: bool = False

    def traditional(self, language: str) -> str:
        by = {"kk": self.traditional_kk, "ru": self.traditional_ru, "en": self.traditional_en}
        return by.get(language[:2]) or self.traditional_kk or self.traditional_ru


@dataclass(frozen=True)
class Scale:
    name: str
    rounding: str  # models.Rounding
    bands: tuple[Band, ...]  # highest first

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.bands, key=lambda b: b.lower, reverse=True))
        object.__setattr__(self, "bands", ordered)
        if not ordered or ordered[-1].lower != ZERO:
            raise ValueError("a scale's lowest band must start at 0")

    def band(self, percent: Decimal) -> Band:
        """GRD-2: the band of a percent after the scale's rounding rule."""
        rounded = round_percent(percent, self.rounding)
        for band in self.bands:
            if rounded >= band.lower:
                return band
        return self.bands[-1]

    def by_letter(self, letter: str) -> Band | None:
        return next((b for b in self.bands if b.letter == letter), None)

    @property
    def fail_without_retake(self) -> Band:
        """F: the lowest failing band (the discipline is studied again)."""
        return self.bands[-1]

    @property
    def fail_with_retake(self) -> Band:
        """FX where the scale has it (exam-only retake allowed), else F."""
        return next(
            (b for b in self.bands if not b.passes and b.exam_retake_allowed),
            self.fail_without_retake,
        )


def round_percent(percent: Decimal, rounding: str) -> Decimal:
    """GRD-2: the configurable rounding rule (default half up to an integer:
    94.5 → 95). The result is clamped to 0–100."""
    value = min(max(Decimal(percent), ZERO), HUNDRED)
    if rounding == "none":
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    mode = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}[rounding]
    return value.quantize(ONE, rounding=mode)


def preset_scale(name: str = KZ_CURRENT, rounding: str = "half_up") -> Scale:
    bands = []
    for row in preset_bands(name):
        bands.append(
            Band(
                letter=row["letter"],
                points=Decimal(row["points"]),
                lower=Decimal(row["lower"]),
                upper=Decimal(row["upper"]),
                traditional_kk=row["traditional_kk"],
                traditional_ru=row["traditional_ru"],
                traditional_en=row["traditional_en"],
                passes=row["passes"],
                counts_in_gpa=row["counts_in_gpa"],
                exam_retake_allowed=row["exam_retake_allowed"],
            )
        )
    return Scale(name=name, rounding=rounding, bands=tuple(bands))


# ---------------------------------------------------------------- the policy (GRD-3…GPA-2)


@dataclass(frozen=True)
class Policy:
    weight_admission: Decimal = Decimal("0.60")
    weight_exam: Decimal = Decimal("0.40")
    admission_threshold: Decimal = Decimal("50")
    admission_rule: str = "combined"  # models.AdmissionRule
    exam_minimum: Decimal | None = None
    fx_retakes: int = 1
    retake_in_gpa: str = "replace"  # models.RetakeInGpa
    honours_gpa: Decimal = Decimal("3.50")
    honours_lowest_letter: str = "B"
    honours_final_letters: tuple[str, ...] = ("A", "A-")
    honours_no_retakes: bool = True
    transfer_gpa: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CourseWeights:
    """A course's weights (GRD-3 default: admission = (R1 + R2)/2, Rk = ½ current + ½
    midterm) and its own thresholds (None: the institution's)."""

    current_share: Decimal = Decimal("0.50")
    r1_share: Decimal = Decimal("0.50")
    admission_threshold: Decimal | None = None
    exam_minimum: Decimal | None = None


# ---------------------------------------------------------------- items and entries


@dataclass(frozen=True)
class Item:
    id: int
    control: str
    half: int
    max_points: Decimal
    weight: Decimal = ONE


@dataclass(frozen=True)
class Entry:
    points: Decimal | None
    mark: str = ""


def item_percent(item: Item, entry: Entry | None) -> Decimal | None:
    """An item's percent: None when excused (left out), 0 when absent or not graded."""
    if entry is not None and entry.mark == EXCUSED:
        return None
    if entry is None or entry.points is None or entry.mark == ABSENT:
        return ZERO
    return min(HUNDRED, entry.points * HUNDRED / item.max_points)


def group_percent(items: Iterable[Item], entries: Mapping[int, Entry]) -> Decimal | None:
    """The weighted mean percent of a group of items; None when the group is empty."""
    total = weights = ZERO
    for item in items:
        p = item_percent(item, entries.get(item.id))
        if p is None or item.weight <= 0:
            continue
        total += p * item.weight
        weights += item.weight
    return None if weights == 0 else q2(total / weights)


def _blend(a: Decimal | None, b: Decimal | None, share_a: Decimal) -> Decimal | None:
    """share_a × a + (1 − share_a) × b, renormalized when one of them is missing."""
    if a is None:
        return b
    if b is None:
        return a
    return q2(share_a * a + (ONE - share_a) * b)


# ---------------------------------------------------------------- the final grade


@dataclass(frozen=True)
class Result:
    current1: Decimal | None
    current2: Decimal | None
    midterm1: Decimal | None
    midterm2: Decimal | None
    r1: Decimal | None
    r2: Decimal | None
    admission: Decimal
    admitted: bool
    admission_clause: str
    exam: Decimal | None  # None: not taken yet
    percent: Decimal | None  # None until the exam is taken
    band: Band | None
    clause: str  # the clause that decided the letter

    @property
    def letter(self) -> str:
        return self.band.letter if self.band else ""


Maybe = Decimal | None
Ratings = tuple[Maybe, Maybe, Maybe, Maybe, Decimal, Decimal, Decimal]


def admission_of(
    items: Sequence[Item], entries: Mapping[int, Entry], weights: CourseWeights
) -> tuple[
    Decimal | None, Decimal | None, Decimal | None, Decimal | None, Decimal, Decimal, Decimal
]:
    """current1, current2, midterm1, midterm2, R1, R2 and the admission rating (GRD-3)."""
    c1 = group_percent((i for i in items if i.control == CURRENT and i.half == 1), entries)
    c2 = group_percent((i for i in items if i.control == CURRENT and i.half == 2), entries)
    m1 = group_percent((i for i in items if i.control == MIDTERM1), entries)
    m2 = group_percent((i for i in items if i.control == MIDTERM2), entries)
    r1 = _blend(c1, m1, weights.current_share)
    r2 = _blend(c2, m2, weights.current_share)
    admission = _blend(r1, r2, weights.r1_share)
    return c1, c2, m1, m2, r1 or ZERO, r2 or ZERO, admission or ZERO


def final_compute(
    *,
    items: Sequence[Item],
    entries: Mapping[int, Entry],
    weights: CourseWeights,
    policy: Policy,
    scale: Scale,
    exam_override: Decimal | None = None,
    exam_required: bool = False,
) -> Result:
    """The final grade of one student (GRD-3, GRD-4). `exam_override` replaces the exam
    component (an FX retake, GRD-5); `exam_required` counts an exam not taken as 0 (the
    statement is being confirmed) instead of leaving the final pending."""
    c1, c2, m1, m2, r1, r2, admission = admission_of(items, entries, weights)
    has_r1 = c1 is not None or m1 is not None
    has_r2 = c2 is not None or m2 is not None
    threshold = (
        weights.admission_threshold
        if weights.admission_threshold is not None
        else policy.admission_threshold
    )
    if policy.admission_rule == "each_midterm":
        halves = [r for r, present in ((r1, has_r1), (r2, has_r2)) if present]
        admitted = bool(halves) and all(r >= threshold for r in halves)
        admission_clause = CLAUSE_EACH
    else:
        admitted = admission >= threshold
        admission_clause = CLAUSE_COMBINED
    exam_items = [i for i in items if i.control == EXAM]
    if exam_override is not None:
        exam: Decimal | None = q2(min(max(exam_override, ZERO), HUNDRED))
    else:
        taken = any(
            (e := entries.get(i.id)) is not None and (e.points is not None or e.mark == ABSENT)
            for i in exam_items
        )
        exam = group_percent(exam_items, entries) if taken else None
        if exam is None and exam_required:
            exam = ZERO
    if not admitted:
        percent = q2(policy.weight_admission * admission + policy.weight_exam * (exam or ZERO))
        return Result(
            c1, c2, m1, m2, r1, r2, admission, False, admission_clause, exam,
            round_percent(percent, scale.rounding), scale.fail_without_retake, admission_clause,
        )  # fmt: skip
    if exam is None:
        return Result(
            c1, c2, m1, m2, r1, r2, admission, True, admission_clause, None, None, None, ""
        )  # fmt: skip
    raw = policy.weight_admission * admission + policy.weight_exam * exam
    percent = round_percent(raw, scale.rounding)
    minimum = weights.exam_minimum if weights.exam_minimum is not None else policy.exam_minimum
    if minimum is not None and exam < minimum:
        band, clause = scale.fail_with_retake, CLAUSE_EXAM_MINIMUM
    else:
        band, clause = scale.band(raw), CLAUSE_FORMULA
    return Result(
        c1, c2, m1, m2, r1, r2, admission, True, admission_clause, exam, percent, band, clause
    )  # fmt: skip


def retake_compute(
    *, result: Result, retake_exam: Decimal, policy: Policy, scale: Scale, retakes_done: int
) -> Result:
    """GRD-5: an FX retake changes only the exam component. The caller checks that the
    grade is an FX and that retakes remain (`retake_allowed`)."""
    raw = policy.weight_admission * result.admission + policy.weight_exam * retake_exam
    minimum = policy.exam_minimum
    if minimum is not None and retake_exam < minimum:
        band = scale.fail_with_retake
    else:
        band = scale.band(raw)
    clause = CLAUSE_RETAKE
    if not band.passes and retakes_done + 1 >= policy.fx_retakes:
        clause = CLAUSE_RETAKES_EXHAUSTED
    return replace(
        result,
        exam=q2(retake_exam),
        percent=round_percent(raw, scale.rounding),
        band=band,
        clause=clause,
    )


def retake_allowed(*, band: Band, retakes_done: int, policy: Policy) -> str | None:
    """None when an exam retake is allowed, else why not (GRD-5): a passing grade is not
    raised by a retake; only a band allowing an exam-only retake (FX); within the number."""
    if band.passes:
        return "passing"
    if not band.exam_retake_allowed:
        return "not_fx"
    if retakes_done >= policy.fx_retakes:
        return "exhausted"
    return None


def gpa_points(*, first: Decimal, retakes: Sequence[Decimal], rule: str) -> Decimal:
    """GPA-1: the points a retaken FX counts with — the last result (replace, default)
    or the mean of the FX and its retakes (average)."""
    if not retakes:
        return first
    if rule == "average":
        values = [first, *retakes]
        return q2(sum(values, ZERO) / len(values))
    return retakes[-1]


# ---------------------------------------------------------------- GPA (GPA-1, GPA-2)


@dataclass(frozen=True)
class GpaLine:
    credits: int
    points: Decimal
    counts: bool = True


def gpa(lines: Iterable[GpaLine]) -> Decimal | None:
    """GPA-1: Σ(credits × points) / Σ credits over the lines that count, 2 decimals
    (half up); None when nothing counts."""
    total = ZERO
    credits = 0
    for line in lines:
        if not line.counts:
            continue
        total += line.credits * line.points
        credits += line.credits
    return None if credits == 0 else q2(total / credits)


@dataclass(frozen=True)
class Honours:
    eligible: bool
    failed: tuple[str, ...]  # the clauses not met


def honours_check(
    *,
    gpa_value: Decimal | None,
    letters: Sequence[str],
    retakes: int,
    final_letters: Sequence[str],
    policy: Policy,
    scale: Scale,
) -> Honours:
    """GPA-2: a diploma with honours — GPA ≥ the threshold, no grade below the lowest
    letter allowed, the final attestation A or A− (when known), no retakes."""
    failed: list[str] = []
    if gpa_value is None or gpa_value < policy.honours_gpa:
        failed.append("GPA-2.gpa")
    lowest = scale.by_letter(policy.honours_lowest_letter)
    if lowest is not None:
        for letter in letters:
            band = scale.by_letter(letter)
            if band is not None and band.points < lowest.points:
                failed.append("GPA-2.lowest-letter")
                break
    if any(letter not in policy.honours_final_letters for letter in final_letters):
        failed.append("GPA-2.final-attestation")
    if policy.honours_no_retakes and retakes:
        failed.append("GPA-2.retakes")
    return Honours(eligible=not failed, failed=tuple(failed))
