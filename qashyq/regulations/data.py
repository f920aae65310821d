"""Frozen dataclasses passed across apps and into the pure engine (no Django queries).

The public interface (shared contract of issue 3): Outcome, Citation, Verdict, Report,
EligibilityRequest, GroundRule, RuleView. The engine's inputs: RuleSpec (a rule as
data, parameters already merged with the institution's pack) and the facts of each
subject (PlanFacts, ProgramFacts, DisciplineFacts, TeacherFacts, EligibilityFacts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    ALLOWED = "allowed"
    VIOLATED = "violated"
    NOT_APPLICABLE = "not_applicable"


class SubjectKind(StrEnum):
    STUDENT_PLAN = "student_plan"
    PROGRAM = "program"
    DISCIPLINE = "discipline"
    TEACHER = "teacher"
    ELIGIBILITY = "eligibility"


@dataclass(frozen=True)
class Citation:
    act_code: str  # stable code of the act, e.g. "mon-137-2020", "atyrau-066-2024"
    act_title: str  # localized title of the act
    clause: str  # e.g. "5.4.5" / "§ 26"
    wording: str  # localized label of the wording in force, e.g. "wording of 28.08.2020"
    original_kk: str  # the Kazakh original text of the clause (from the seed)


@dataclass(frozen=True)
class Verdict:
    rule_code: str  # unique catalogue code, e.g. "atyrau-066-2024/5.4.5"
    requirement: str  # REQUIREMENTS id, e.g. "LIM-1"
    outcome: Outcome
    title: str  # localized short statement of the rule
    figures: str  # localized figures ("" if none)
    explanation: str  # localized why
    citation: Citation
    values: Mapping[str, Any] = field(default_factory=dict)  # machine-readable figures


@dataclass(frozen=True)
class Report:
    subject_kind: str  # "student_plan" | "program" | "discipline" | "teacher" | "eligibility"
    subject_id: int | None
    subject_label: str
    as_of: dt.date
    institution_id: int | None
    verdicts: tuple[Verdict, ...]

    @property
    def violated(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.outcome is Outcome.VIOLATED)

    @property
    def allowed(self) -> bool:
        """True when no verdict is VIOLATED."""
        return not any(v.outcome is Outcome.VIOLATED for v in self.verdicts)


@dataclass(frozen=True)
class EligibilityRequest:
    """May this student move to distance learning on this ground? (ELIG-1 … ELIG-6)"""

    student_id: int
    ground: str  # a regulations.models.Ground value
    starts_on: dt.date
    ends_on: dt.date | None
    discipline_ids: frozenset[int] = frozenset()  # plan disciplines to be studied at a distance
    has_application: bool = True  # ELIG-6 (not needed for restrictive measures)
    evidence_kinds: frozenset[str] = frozenset()  # EvidenceKind values attached


@dataclass(frozen=True)
class GroundRule:
    """What a ground needs under the acts in force for an institution on a date."""

    ground: str
    label: str
    requires_application: bool
    required_evidence: tuple[str, ...]
    max_days: int | None
    citation: Citation


@dataclass(frozen=True)
class RuleView:
    """One rule of the catalogue as the browser and the API show it."""

    code: str
    requirement: str
    act_code: str
    act_kind: str
    act_title: str
    clause: str
    title: str
    text: str
    text_kk: str
    text_ru: str
    text_en: str
    original_kk: str
    evaluator: str
    evaluator_label: str
    effective_from: dt.date
    effective_until: dt.date | None
    wording: str
    parameters: Mapping[str, Any]  # in force for the institution (tightened by its pack)
    published_parameters: Mapping[str, Any]
    scope: Mapping[str, Any]
    tightened: bool
    in_pack: bool
    in_force: bool | None  # on the date asked for; None when no date was given
    replaces_code: str


# ---------------------------------------------------------------- engine inputs


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the engine sees it: parameters already merged with the pack."""

    code: str
    requirement: str
    evaluator: str
    params: Mapping[str, Any]
    scope: Mapping[str, Any]
    title: str
    citation: Citation
    starts_on: dt.date
    ends_on: dt.date | None
    act_kind: str
    in_pack: bool = False
    previous: str = ""  # localized note on the wording this rule replaced
    tightened: bool = False

    def in_force_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class EmergencyInfo:
    """An emergency period in force on the date checked (LIM-9, LIM-13)."""

    starts_on: dt.date
    ends_on: dt.date
    reason: str


@dataclass(frozen=True)
class ProgramProfile:
    """What scopes a rule: the program's level, direction and form."""

    level: str
    direction_code: str  # "" when the program has no direction
    study_form: str
    institution_id: int | None = None


@dataclass(frozen=True)
class DistanceListFacts:
    """The approved list of disciplines open to distance learning in force for a
    program on a date (LIM-6): one object per program, shared by its students."""

    list_id: int
    order_number: str
    order_date: dt.date | None
    effective_from: dt.date
    effective_until: dt.date | None
    program_id: int | None  # None: the institution-wide list
    discipline_ids: frozenset[int]


@dataclass(frozen=True)
class PlanFacts:
    """A student's individual study plan, counted (LIM-1 … LIM-13, ELIG-5)."""

    student_id: int
    label: str
    profile: ProgramProfile
    program_credits: int
    prior_education: str
    disciplines_total: int
    disciplines_distance: int
    distance_credits: Mapping[str, int]  # credit basis → credits studied at a distance
    basis_credits: Mapping[str, int]  # credit basis → all credits on that basis
    distance_percents: tuple[int, ...] = ()  # LIM-5: non-MOOC plan disciplines' shares > 0
    practice_at_distance: tuple[str, ...] = ()  # LIM-13: codes of labs/practice at a distance
    grounds: frozenset[str] = frozenset()  # grounds the student studies at a distance on
    # LIM-6: (discipline id, code) of every discipline at a distance, by code; and the
    # approved list in force for the student's program (None: no list in force).
    distance_disciplines: tuple[tuple[int, str], ...] = ()
    distance_list: DistanceListFacts | None = None

    @property
    def distance_credits_total(self) -> int:
        return sum(self.distance_credits.values())


@dataclass(frozen=True)
class ReadinessFact:
    """ONL-5 (S2 §6.9.2): a program's content readiness for the academic period current on
    the date checked (or, between periods, the next to start), given by the app that keeps
    courses (`facts.readiness_provider_register`). `deadline`: the 5th working day before
    the period starts; the act, if one was issued for the program and period."""

    period_id: int
    period_starts_on: dt.date
    deadline: dt.date
    act_number: str | None
    act_issued_on: dt.date | None
    ready_courses: int  # the program's courses of the period approved and complete
    total_courses: int  # the program's courses of the period
    missing_disciplines: int = 0  # mandatory curriculum disciplines of the period, no course


@dataclass(frozen=True)
class ProgramFacts:
    """An education program with its curriculum counted (ONL-1 … ONL-5, ONL-8, LIM-4)."""

    program_id: int
    label: str
    profile: ProgramProfile
    total_credits: int
    mooc_credits: int
    disciplines_total: int
    synchronous_percents: tuple[int | None, ...]  # non-MOOC disciplines of the curriculum
    disciplines_with_distance: int  # disciplines with a share studied at a distance
    plan_items_at_distance: int  # plan items of its students studied at a distance
    in_vacation: bool | None  # ONL-8: the date falls outside every academic period
    next_vacation_on: dt.date | None = None
    students: int = 0  # enrolled students (S1 §51, historical staff ratio)
    teachers: int = 0  # staff of the program's department
    readiness: ReadinessFact | None = None  # ONL-5; None: not asked for, or no period


@dataclass(frozen=True)
class DisciplineFacts:
    discipline_id: int
    label: str
    is_mooc: bool
    synchronous_percent: int | None
    distance_percent: int
    online_form: bool  # taught in an online-form program (ONL-2 applies)


@dataclass(frozen=True)
class TeacherFacts:
    staff_id: int
    label: str
    trainings: tuple[tuple[dt.date, int], ...]  # (completed_on, hours), online pedagogy only


@dataclass(frozen=True)
class EligibilityFacts:
    request: EligibilityRequest
    plan: PlanFacts
    level: str
