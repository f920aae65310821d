"""Shared pieces of the engine: facts union, subjects per evaluator, exact
percentages, the verdict builder and the scope check (which subjects a rule covers)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from qashyq.regulations.data import (
    DisciplineFacts,
    EligibilityFacts,
    EmergencyInfo,
    Outcome,
    PlanFacts,
    ProgramFacts,
    ProgramProfile,
    RuleSpec,
    SubjectKind,
    TeacherFacts,
    Verdict,
)

Facts = PlanFacts | ProgramFacts | DisciplineFacts | TeacherFacts | EligibilityFacts

S = SubjectKind
PLAN_KINDS = frozenset({S.STUDENT_PLAN, S.ELIGIBILITY})

# Which subjects each evaluator speaks about; a rule is left out of other reports.
SUBJECTS: dict[str, frozenset[SubjectKind]] = {
    "discipline_share": PLAN_KINDS,
    "no_distance": PLAN_KINDS | {S.PROGRAM},
    "discipline_distance_share": PLAN_KINDS | {S.DISCIPLINE},
    "credit_share": PLAN_KINDS,
    "credit_cap": PLAN_KINDS,
    "emergency_relief": PLAN_KINDS,
    "emergency_practice": PLAN_KINDS,
    "prior_education": PLAN_KINDS,
    "grounds": frozenset({S.ELIGIBILITY}),
    "ground_evidence": frozenset({S.ELIGIBILITY}),
    "application": frozenset({S.ELIGIBILITY}),
    "online_form_directions": frozenset({S.PROGRAM}),
    "synchronous_share": frozenset({S.PROGRAM, S.DISCIPLINE}),
    "mooc_credits": frozenset({S.PROGRAM}),
    "teacher_training": frozenset({S.TEACHER}),
    "transfer_in_vacations": frozenset({S.PROGRAM}),
    "staff_ratio": frozenset({S.PROGRAM}),
    "discipline_list": PLAN_KINDS,
    "content_readiness": frozenset({S.PROGRAM}),  # ONL-5, online-form programs
    "declarative": frozenset(),  # reported only for the subjects its parameters name
}

ZERO = Decimal(0)


def day(value: dt.date) -> str:
    """Dates in verdicts are written as in Kazakh acts: 28.08.2020."""
    return value.strftime("%d.%m.%Y")


def percent(part: int, whole: int) -> Decimal:
    """part / whole as a percentage rounded to one decimal (half up): 7/48 → 14.6."""
    if whole <= 0:
        return ZERO
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def within(part: int, whole: int, limit: object) -> bool:
    """part / whole ≤ limit % exactly (no rounding): 20 % is within 20, 20.1 % is not."""
    return Decimal(part) * 100 <= _dec(limit) * Decimal(whole)


def at_least(part: int, whole: int, minimum: object) -> bool:
    return Decimal(part) * 100 >= _dec(minimum) * Decimal(whole)


def _dec(value: object) -> Decimal:
    return Decimal(str(value))


def _num(value: object) -> str:
    """A number for people: 20, 14.6 (localized decimal separator)."""
    d = _dec(value)
    if d == d.to_integral_value():
        return str(int(d))
    return str(number_format(d.normalize(), use_l10n=True))


def _floor_share(limit: object, whole: int) -> int:
    return math.floor(_dec(limit) * whole / 100)


# ---------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    kind: SubjectKind
    as_of: dt.date
    emergency: EmergencyInfo | None
    relief: RuleSpec | None  # the LIM-9 rule in force, cited when a limit is lifted


def _verdict(
    rule: RuleSpec,
    outcome: Outcome,
    *,
    figures: str = "",
    explanation: str = "",
    values: Mapping[str, Any] | None = None,
) -> Verdict:
    notes = [explanation] if explanation else []
    if rule.tightened and outcome is not Outcome.NOT_APPLICABLE:
        notes.append(_("The institution's rule pack tightens the published parameters."))
    if rule.previous and outcome is not Outcome.NOT_APPLICABLE:
        notes.append(rule.previous)
    return Verdict(
        rule_code=rule.code,
        requirement=rule.requirement,
        outcome=outcome,
        title=rule.title,
        figures=figures,
        explanation=" ".join(notes),
        citation=rule.citation,
        values=dict(values or {}),
    )


def _not_applicable(rule: RuleSpec, explanation: str) -> Verdict:
    return _verdict(rule, Outcome.NOT_APPLICABLE, explanation=explanation)


# ---------------------------------------------------------------- scope


def direction_matches(code: str, patterns: Iterable[str]) -> bool:
    """A direction code matches a pattern it starts with: "6B01" covers 6B011 … 6B019."""
    return bool(code) and any(code.startswith(p) for p in patterns)


def direction_group_labels() -> dict[str, str]:
    """The categories the acts name (catalogue/data/direction_groups.json), for people."""
    return {
        "law": _("law"),
        "choreography": _("choreography"),
        "musical_art": _("musical art"),
        "instrumental_performance": _("instrumental performance"),
        "pedagogy": _("pedagogical sciences"),
        "construction": _("construction"),
        "veterinary": _("veterinary"),
        "aviation": _("aviation"),
        "marine": _("marine technology"),
        "health_care": _("health care"),
        "military": _("military affairs"),
        "order_530": _("the Order No. 530 list"),
    }


def _directions_text(params: Mapping[str, Any], key: str = "directions") -> str:
    groups = params.get("direction_groups")
    if groups and key == "directions":
        labels = direction_group_labels()
        return ", ".join(labels.get(g, g) for g in groups)
    return ", ".join(params.get(key, ()))


def _level_label(level: str) -> str:
    from qashyq.institutions.models import Level, StudyForm  # noqa: PLC0415 - labels only

    labels = {**dict(Level.choices), **dict(StudyForm.choices)}
    return str(labels.get(level, level))


def _scope_problem(rule: RuleSpec, profile: ProgramProfile | None) -> str:  # noqa: PLR0911
    """Why the rule does not cover this subject, or "" when it does."""
    if profile is None:
        return ""
    scope, params = rule.scope, rule.params
    levels = scope.get("levels")
    if levels and profile.level not in levels:
        return _(
            "The rule covers other levels of education (%(levels)s); this program is %(level)s."
        ) % {
            "levels": ", ".join(_level_label(x) for x in levels),
            "level": _level_label(profile.level),
        }
    forms = scope.get("study_forms")
    if forms and profile.study_form not in forms:
        return _("The rule covers the %(forms)s form of study; this program is %(form)s.") % {
            "forms": ", ".join(_level_label(x) for x in forms),
            "form": _level_label(profile.study_form),
        }
    institutions = scope.get("institutions")
    if institutions and profile.institution_id not in institutions:
        return _("The rule covers other institutions.")
    directions = params.get("directions")
    if directions:
        if not profile.direction_code:
            return _(
                "The program has no direction of training recorded, so the rule cannot be matched."
            )
        if not direction_matches(profile.direction_code, directions):
            return _(
                "The rule covers the directions of %(directions)s; this program's direction is "
                "%(direction)s."
            ) % {"directions": _directions_text(params), "direction": profile.direction_code}
    excepted = params.get("except_directions")
    if excepted and direction_matches(profile.direction_code, excepted):
        return _(
            "The direction %(direction)s has its own, stricter limit in this act, so this "
            "rule does not cover it."
        ) % {"direction": profile.direction_code}
    return ""


def _profile(facts: Facts) -> ProgramProfile | None:
    if isinstance(facts, PlanFacts | ProgramFacts):
        return facts.profile
    if isinstance(facts, EligibilityFacts):
        return facts.plan.profile
    return None


def _plan(facts: Facts) -> PlanFacts:
    if isinstance(facts, EligibilityFacts):
        return facts.plan
    assert isinstance(facts, PlanFacts)
    return facts


def _ground_label(ground: str) -> str:
    from qashyq.regulations.models import Ground  # noqa: PLC0415 - labels only

    return str(dict(Ground.choices).get(ground, ground))


def _prior_label(basis: str) -> str:
    from qashyq.people.models import PriorEducation  # noqa: PLC0415 - labels only

    return str(dict(PriorEducation.choices).get(basis, basis))
