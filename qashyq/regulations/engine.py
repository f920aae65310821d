"""The pure rule engine: rules as data in, verdicts with citations out (ADR 0015).

No database access here. `selectors` gathers the facts (PlanFacts, ProgramFacts …)
and the rules in force for an institution (RuleSpec, parameters merged with the
institution's pack), and calls `evaluate`. Each evaluator is a small function of
(rule, facts, context) → Verdict; `EVALUATORS` maps the `Rule.evaluator` values to
them. Texts are translated (gettext) but nothing else leaves the process.

Shares are compared exactly (integers and Decimals, never floats): 20 % is allowed,
20.1 % is not.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


# ---------------------------------------------------------------- plan evaluators (LIM)


def _discipline_share(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-1, LIM-2, LIM-3: disciplines at a distance over the whole period ≤ limit %."""
    plan = _plan(facts)
    limit = rule.params["limit_percent"]
    count, total = plan.disciplines_distance, plan.disciplines_total
    if total == 0:
        return _not_applicable(rule, _("The study plan has no disciplines yet."))
    share = percent(count, total)
    values = {"count": count, "total": total, "share": float(share), "limit": limit}
    figures = ngettext(
        "%(count)s of %(total)s discipline = %(share)s %%, limit %(limit)s %%",
        "%(count)s of %(total)s disciplines = %(share)s %%, limit %(limit)s %%",
        total,
    ) % {"count": count, "total": total, "share": _num(share), "limit": _num(limit)}
    if within(count, total, limit):
        return _verdict(rule, Outcome.ALLOWED, figures=figures, values=values)
    allowed = _floor_share(limit, total)
    explanation = ngettext(
        "At most %(allowed)s discipline of this plan may be studied at a distance.",
        "At most %(allowed)s disciplines of this plan may be studied at a distance.",
        allowed,
    ) % {"allowed": allowed}
    return _verdict(rule, Outcome.VIOLATED, figures=figures, explanation=explanation, values=values)


def _exception_ground(rule: RuleSpec, grounds: frozenset[str], ctx: Context) -> str | None:
    accepted = frozenset(rule.params.get("exception_grounds", ()))
    found = sorted(grounds & accepted)
    if found:
        return found[0]
    if ctx.emergency is not None and "restrictive_measures" in accepted:
        return "restrictive_measures"
    return None


def _ground_label(ground: str) -> str:
    from qashyq.regulations.models import Ground  # noqa: PLC0415 - labels only

    return str(dict(Ground.choices).get(ground, ground))


def _no_distance(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-4: no distance learning in these programs (pedagogical education), except the
    cases of the Law on Education art. 37-2 p. 2 (modelled as exception grounds)."""
    if isinstance(facts, ProgramFacts):
        count = facts.disciplines_with_distance + facts.plan_items_at_distance
        online = facts.profile.study_form == "online"
        values = {
            "disciplines_with_distance": facts.disciplines_with_distance,
            "plan_items_at_distance": facts.plan_items_at_distance,
            "online_form": online,
        }
        if count == 0 and not online:
            return _verdict(
                rule,
                Outcome.ALLOWED,
                figures=_("No discipline or plan item of the program is at a distance."),
                values=values,
            )
        figures = _(
            "%(disciplines)s disciplines with a distance share, %(items)s plan items at a distance"
        ) % {"disciplines": facts.disciplines_with_distance, "items": facts.plan_items_at_distance}
        explanation = (
            _("The program is in the online form, which is not allowed for it.")
            if online
            else _("Check each student at a distance for an exception ground.")
        )
        return _verdict(
            rule, Outcome.VIOLATED, figures=figures, explanation=explanation, values=values
        )
    plan = _plan(facts)
    count = plan.disciplines_distance
    figures = ngettext(
        "%(count)s discipline at a distance", "%(count)s disciplines at a distance", count
    ) % {"count": count}
    values = {"count": count, "total": plan.disciplines_total}
    if count == 0:
        return _verdict(rule, Outcome.ALLOWED, figures=figures, values=values)
    ground = _exception_ground(rule, plan.grounds, ctx)
    if ground is not None:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=figures,
            explanation=_("Allowed as an exception on the ground: %(ground)s.")
            % {"ground": _ground_label(ground)},
            values={**values, "exception_ground": ground},
        )
    return _verdict(
        rule,
        Outcome.VIOLATED,
        figures=figures,
        explanation=_(
            "Distance learning is not allowed in this program except on the grounds of the "
            "Law on Education, art. 37-2 p. 2."
        ),
        values=values,
    )


def _discipline_distance_share(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-5: within one discipline ≤ limit % of its volume at a distance, MOOCs excepted."""
    limit = rule.params["limit_percent"]
    if isinstance(facts, DisciplineFacts):
        if facts.is_mooc:
            return _not_applicable(rule, _("Disciplines mastered through a MOOC are excepted."))
        figures = _("%(share)s %% of the volume at a distance, limit %(limit)s %%") % {
            "share": facts.distance_percent,
            "limit": _num(limit),
        }
        values = {"share": facts.distance_percent, "limit": limit}
        ok = _dec(facts.distance_percent) <= _dec(limit)
        return _verdict(
            rule, Outcome.ALLOWED if ok else Outcome.VIOLATED, figures=figures, values=values
        )
    plan = _plan(facts)
    over = [p for p in plan.distance_percents if _dec(p) > _dec(limit)]
    figures = ngettext(
        "%(count)s discipline over %(limit)s %% of its volume at a distance",
        "%(count)s disciplines over %(limit)s %% of their volume at a distance",
        len(over),
    ) % {"count": len(over), "limit": _num(limit)}
    values = {"count": len(over), "limit": limit}
    return _verdict(
        rule, Outcome.VIOLATED if over else Outcome.ALLOWED, figures=figures, values=values
    )


def _lifted(rule: RuleSpec, ctx: Context) -> str | None:
    """LIM-9: while an emergency period lasts, mobility/double-degree limits are lifted."""
    if not rule.params.get("emergency_lifts") or ctx.emergency is None:
        return None
    e = ctx.emergency
    if ctx.relief is not None:
        c = ctx.relief.citation
        return _(
            "Over the limit, but allowed: emergency period %(starts)s–%(ends)s (%(reason)s); "
            "%(act)s, clause %(clause)s allows a larger volume."
        ) % {
            "starts": day(e.starts_on),
            "ends": day(e.ends_on),
            "reason": e.reason,
            "act": c.act_title,
            "clause": c.clause,
        }
    return _("Over the limit, but allowed: emergency period %(starts)s–%(ends)s (%(reason)s).") % {
        "starts": day(e.starts_on),
        "ends": day(e.ends_on),
        "reason": e.reason,
    }


def _basis_credits(plan: PlanFacts, params: Mapping[str, Any]) -> int:
    basis = params.get("basis")
    source = plan.distance_credits if params.get("distance_only", True) else plan.basis_credits
    if not basis:
        return sum(source.values())
    return sum(source.get(b, 0) for b in basis)


def _credit_share(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-7, LIM-8, LIM-10: credits (by basis) ≤ limit % of the program's credits."""
    plan = _plan(facts)
    limit = rule.params["limit_percent"]
    credits, total = _basis_credits(plan, rule.params), plan.program_credits
    share = percent(credits, total)
    values = {"credits": credits, "total": total, "share": float(share), "limit": limit}
    figures = ngettext(
        "%(credits)s of %(total)s credit = %(share)s %%, limit %(limit)s %%",
        "%(credits)s of %(total)s credits = %(share)s %%, limit %(limit)s %%",
        total,
    ) % {"credits": credits, "total": total, "share": _num(share), "limit": _num(limit)}
    if within(credits, total, limit):
        return _verdict(rule, Outcome.ALLOWED, figures=figures, values=values)
    lifted = _lifted(rule, ctx)
    if lifted is not None:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=figures,
            explanation=lifted,
            values={**values, "emergency": True},
        )
    allowed = _floor_share(limit, total)
    return _verdict(
        rule,
        Outcome.VIOLATED,
        figures=figures,
        explanation=ngettext(
            "At most %(allowed)s credit may count here.",
            "At most %(allowed)s credits may count here.",
            allowed,
        )
        % {"allowed": allowed},
        values=values,
    )


def _credit_cap(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-7/LIM-8 (2020 wording), LIM-11, LIM-12: credits at a distance ≤ N credits."""
    plan = _plan(facts)
    by_level = rule.params.get("limits_by_level")
    if by_level:
        limit = by_level.get(plan.profile.level)
        if limit is None:
            return _not_applicable(
                rule,
                _("The rule sets no limit for %(level)s programs.")
                % {"level": _level_label(plan.profile.level)},
            )
    else:
        limit = rule.params["limit_credits"]
    credits = _basis_credits(plan, rule.params)
    values = {"credits": credits, "limit": limit}
    figures = ngettext(
        "%(credits)s credit at a distance, limit %(limit)s",
        "%(credits)s credits at a distance, limit %(limit)s",
        credits,
    ) % {"credits": credits, "limit": _num(limit)}
    if _dec(credits) <= _dec(limit):
        return _verdict(rule, Outcome.ALLOWED, figures=figures, values=values)
    lifted = _lifted(rule, ctx)
    if lifted is not None:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=figures,
            explanation=lifted,
            values={**values, "emergency": True},
        )
    return _verdict(rule, Outcome.VIOLATED, figures=figures, values=values)


def _emergency_relief(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-9: in epidemics and emergencies a larger volume is allowed (mobility,
    double-degree and joint programs)."""
    e = ctx.emergency
    if e is None:
        return _not_applicable(
            rule, _("No emergency period on %(date)s.") % {"date": day(ctx.as_of)}
        )
    return _verdict(
        rule,
        Outcome.ALLOWED,
        explanation=_(
            "Emergency period %(starts)s–%(ends)s (%(reason)s): the credit limits of academic "
            "mobility, double-degree and joint programs are lifted."
        )
        % {"starts": day(e.starts_on), "ends": day(e.ends_on), "reason": e.reason},
        values={
            "emergency": True,
            "starts_on": e.starts_on.isoformat(),
            "ends_on": e.ends_on.isoformat(),
        },
    )


def _emergency_practice(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-13: under restrictive measures, practice, research, lab and studio classes that
    cannot be done online move to later periods; the curriculum's hours are kept."""
    e = ctx.emergency
    if e is None:
        return _not_applicable(
            rule, _("No emergency period on %(date)s.") % {"date": day(ctx.as_of)}
        )
    plan = _plan(facts)
    count = len(plan.practice_at_distance)
    figures = ngettext(
        "%(count)s discipline with practice, labs or studio classes to move to later periods",
        "%(count)s disciplines with practice, labs or studio classes to move to later periods",
        count,
    ) % {"count": count}
    return _verdict(
        rule,
        Outcome.ALLOWED,
        figures=figures,
        explanation=_(
            "Emergency period %(starts)s–%(ends)s: practice, research, laboratory and studio "
            "classes that cannot be done online move to later academic periods; the total "
            "hours of the curriculum are kept; virtual labs and simulators may be used."
        )
        % {"starts": day(e.starts_on), "ends": day(e.ends_on)},
        values={"count": count, "disciplines": list(plan.practice_at_distance)},
    )


def _prior_label(basis: str) -> str:
    from qashyq.people.models import PriorEducation  # noqa: PLC0415 - labels only

    return str(dict(PriorEducation.choices).get(basis, basis))


def _prior_education(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ELIG-5: not on the basis of general secondary education, except academic mobility
    and foreigners abroad."""
    plan = _plan(facts)
    values = {"prior_education": plan.prior_education, "count": plan.disciplines_distance}
    if plan.disciplines_distance == 0:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=_("No discipline at a distance."),
            values=values,
        )
    if plan.prior_education not in rule.params.get("restricted_bases", ["secondary"]):
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=_("Admitted on the basis of: %(basis)s")
            % {"basis": _prior_label(plan.prior_education)},
            values=values,
        )
    exceptions = frozenset(rule.params.get("exception_grounds", ()))
    outside_mobility = plan.distance_credits_total - sum(
        plan.distance_credits.get(b, 0) for b in rule.params.get("exception_bases", ())
    )
    if outside_mobility <= 0:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            explanation=_("Only academic mobility credits are studied at a distance."),
            values=values,
        )
    if plan.grounds & exceptions:
        ground = sorted(plan.grounds & exceptions)[0]
        return _verdict(
            rule,
            Outcome.ALLOWED,
            explanation=_("Allowed as an exception on the ground: %(ground)s.")
            % {"ground": _ground_label(ground)},
            values=values,
        )
    return _verdict(
        rule,
        Outcome.VIOLATED,
        explanation=_(
            "The student was admitted on the basis of general secondary education: distance "
            "learning is allowed only in academic mobility or for foreigners abroad."
        ),
        values=values,
    )


# ---------------------------------------------------------------- eligibility (ELIG)


def _request(facts: Facts) -> EligibilityFacts:
    assert isinstance(facts, EligibilityFacts)
    return facts


def _evidence_problem(required: Iterable[str], attached: frozenset[str]) -> str:
    from qashyq.regulations.models import EvidenceKind  # noqa: PLC0415 - labels only

    missing = [r for r in required if r not in attached]
    if not missing:
        return ""
    labels = dict(EvidenceKind.choices)
    return _("Attach: %(evidence)s.") % {
        "evidence": "; ".join(str(labels.get(m, m)) for m in missing)
    }


def _grounds(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ELIG-1, ELIG-2, ELIG-4: the ground is in the act's list (and its evidence is there).
    `evaluate` turns NOT_APPLICABLE into VIOLATED when no act in force lists the ground."""
    request = _request(facts).request
    grounds: Mapping[str, Mapping[str, Any]] = rule.params.get("grounds", {})
    spec = grounds.get(request.ground)
    label = _ground_label(request.ground)
    values = {"ground": request.ground}
    if spec is None:
        return _not_applicable(
            rule, _("The ground “%(ground)s” is not in this list.") % {"ground": label}
        )
    problem = _evidence_problem(spec.get("evidence", ()), request.evidence_kinds)
    if problem:
        return _verdict(
            rule,
            Outcome.VIOLATED,
            figures=_("Ground: %(ground)s") % {"ground": label},
            explanation=problem,
            values=values,
        )
    return _verdict(
        rule,
        Outcome.ALLOWED,
        figures=_("Ground: %(ground)s") % {"ground": label},
        values=values,
    )


def _ground_evidence(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ELIG-3 (medical commission conclusion, S3: 30 days), ELIG-4 (PMPK recommendation)."""
    request = _request(facts).request
    ground = rule.params["ground"]
    if request.ground != ground:
        return _not_applicable(
            rule,
            _("The rule concerns the ground “%(ground)s”.") % {"ground": _ground_label(ground)},
        )
    problems = []
    if problem := _evidence_problem(rule.params.get("evidence", ()), request.evidence_kinds):
        problems.append(problem)
    max_days = rule.params.get("max_days")
    values: dict[str, Any] = {"ground": ground, "max_days": max_days}
    figures = ""
    if max_days is not None:
        if request.ends_on is None:
            problems.append(
                _("Give the end of the period: at most %(days)s days.") % {"days": max_days}
            )
        else:
            days = (request.ends_on - request.starts_on).days + 1
            values["days"] = days
            figures = ngettext(
                "%(days)s day, limit %(limit)s", "%(days)s days, limit %(limit)s", days
            ) % {"days": days, "limit": max_days}
            if days > int(max_days):
                problems.append(
                    _(
                        "After %(limit)s days the student returns to offline study or takes "
                        "academic leave for health reasons."
                    )
                    % {"limit": max_days}
                )
    return _verdict(
        rule,
        Outcome.VIOLATED if problems else Outcome.ALLOWED,
        figures=figures,
        explanation=" ".join(problems),
        values=values,
    )


def _application(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ELIG-6: a free-form application to the head (not for restrictive measures)."""
    request = _request(facts).request
    if request.ground in rule.params.get("exempt_grounds", ()):
        return _verdict(
            rule,
            Outcome.ALLOWED,
            explanation=_("No application is needed for this ground."),
            values={"application": request.has_application},
        )
    if request.has_application:
        return _verdict(rule, Outcome.ALLOWED, values={"application": True})
    return _verdict(
        rule,
        Outcome.VIOLATED,
        explanation=_(
            "A free-form application to the head of the organization, by the student, a "
            "parent or a legal representative, is required."
        ),
        values={"application": False},
    )


# ---------------------------------------------------------------- online form (ONL)


def _not_online(rule: RuleSpec, facts: ProgramFacts) -> Verdict | None:
    if facts.profile.study_form != "online":
        return _not_applicable(rule, _("The program is not in the online form."))
    return None


def _online_form_directions(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ONL-1: the online form is not allowed for the directions of Order No. 530."""
    assert isinstance(facts, ProgramFacts)
    if (na := _not_online(rule, facts)) is not None:
        return na
    code = facts.profile.direction_code
    values = {"direction": code}
    if direction_matches(code, rule.params["forbidden_directions"]):
        return _verdict(
            rule,
            Outcome.VIOLATED,
            figures=_("Direction %(direction)s") % {"direction": code},
            explanation=_("The online form is not allowed for this direction of training."),
            values=values,
        )
    return _verdict(
        rule,
        Outcome.ALLOWED,
        figures=_("Direction %(direction)s") % {"direction": code or "—"},
        values=values,
    )


def _synchronous_share(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ONL-2: synchronous ≥ min % of each discipline's volume, MOOC-based excepted."""
    minimum = rule.params["min_percent"]
    if isinstance(facts, DisciplineFacts):
        if not facts.online_form:
            return _not_applicable(
                rule, _("The discipline is not taught in an online-form program.")
            )
        if facts.is_mooc:
            return _not_applicable(rule, _("Disciplines mastered through a MOOC are excepted."))
        if facts.synchronous_percent is None:
            return _verdict(
                rule,
                Outcome.VIOLATED,
                explanation=_("The synchronous/asynchronous ratio is not stated."),
                values={"share": None, "limit": minimum},
            )
        ok = _dec(facts.synchronous_percent) >= _dec(minimum)
        return _verdict(
            rule,
            Outcome.ALLOWED if ok else Outcome.VIOLATED,
            figures=_("%(share)s %% synchronous, at least %(limit)s %%")
            % {"share": facts.synchronous_percent, "limit": _num(minimum)},
            values={"share": facts.synchronous_percent, "limit": minimum},
        )
    assert isinstance(facts, ProgramFacts)
    if (na := _not_online(rule, facts)) is not None:
        return na
    total = len(facts.synchronous_percents)
    bad = sum(1 for p in facts.synchronous_percents if p is None or _dec(p) < _dec(minimum))
    figures = ngettext(
        "%(count)s of %(total)s discipline below %(limit)s %% synchronous or not stated",
        "%(count)s of %(total)s disciplines below %(limit)s %% synchronous or not stated",
        total,
    ) % {"count": bad, "total": total, "limit": _num(minimum)}
    return _verdict(
        rule,
        Outcome.VIOLATED if bad else Outcome.ALLOWED,
        figures=figures,
        values={"count": bad, "total": total, "limit": minimum},
    )


def _mooc_credits(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ONL-3: ≥ min % of the program's credits mastered through MOOCs."""
    assert isinstance(facts, ProgramFacts)
    if (na := _not_online(rule, facts)) is not None:
        return na
    minimum = rule.params["min_percent"]
    credits, total = facts.mooc_credits, facts.total_credits
    share = percent(credits, total)
    figures = ngettext(
        "%(credits)s of %(total)s credit through MOOCs = %(share)s %%, at least %(limit)s %%",
        "%(credits)s of %(total)s credits through MOOCs = %(share)s %%, at least %(limit)s %%",
        total,
    ) % {"credits": credits, "total": total, "share": _num(share), "limit": _num(minimum)}
    values = {"credits": credits, "total": total, "share": float(share), "limit": minimum}
    ok = at_least(credits, total, minimum)
    return _verdict(
        rule, Outcome.ALLOWED if ok else Outcome.VIOLATED, figures=figures, values=values
    )


def years_before(when: dt.date, years: int) -> dt.date:
    try:
        return when.replace(year=when.year - years)
    except ValueError:  # 29 February
        return when.replace(year=when.year - years, day=28)


def _teacher_training(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ONL-4: ≥ 72 hours of IT/online-pedagogy training within the last 3 years."""
    assert isinstance(facts, TeacherFacts)
    minimum, years = int(rule.params["min_hours"]), int(rule.params["years"])
    since = years_before(ctx.as_of, years)
    hours = sum(h for completed, h in facts.trainings if since <= completed <= ctx.as_of)
    figures = ngettext(
        "%(hours)s hour since %(since)s, at least %(limit)s",
        "%(hours)s hours since %(since)s, at least %(limit)s",
        hours,
    ) % {"hours": hours, "since": day(since), "limit": minimum}
    values = {"hours": hours, "limit": minimum, "since": since.isoformat()}
    return _verdict(
        rule,
        Outcome.ALLOWED if hours >= minimum else Outcome.VIOLATED,
        figures=figures,
        values=values,
    )


def _transfer_in_vacations(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ONL-8: transfers between the online and full-time forms only in vacations."""
    assert isinstance(facts, ProgramFacts)
    if (na := _not_online(rule, facts)) is not None:
        return na
    if facts.in_vacation is None:
        return _not_applicable(
            rule,
            _("No academic calendar is recorded for %(date)s.") % {"date": day(ctx.as_of)},
        )
    if facts.in_vacation:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            explanation=_(
                "%(date)s falls in the vacation: a transfer between forms may be made, on a "
                "paid basis."
            )
            % {"date": day(ctx.as_of)},
            values={"in_vacation": True},
        )
    explanation = _("%(date)s falls in an academic period: transfers between forms wait.") % {
        "date": day(ctx.as_of)
    }
    if facts.next_vacation_on is not None:
        explanation = _(
            "%(date)s falls in an academic period: transfers between forms wait until the "
            "vacation from %(vacation)s."
        ) % {"date": day(ctx.as_of), "vacation": day(facts.next_vacation_on)}
    return _not_applicable(rule, explanation)


def _staff_ratio(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """S1 §51 (historical): at least 8 students per teacher of the program's department."""
    assert isinstance(facts, ProgramFacts)
    minimum = rule.params["min_ratio"]
    if facts.teachers == 0:
        return _not_applicable(rule, _("No teachers are recorded in the program's department."))
    figures = _("%(students)s students, %(teachers)s teachers, at least %(limit)s per teacher") % {
        "students": facts.students,
        "teachers": facts.teachers,
        "limit": _num(minimum),
    }
    ok = _dec(facts.students) >= _dec(minimum) * facts.teachers
    return _verdict(
        rule,
        Outcome.ALLOWED if ok else Outcome.VIOLATED,
        figures=figures,
        values={"students": facts.students, "teachers": facts.teachers, "limit": minimum},
    )


def _declarative(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    from qashyq.core.models import localized  # noqa: PLC0415

    reason = localized(
        kk=str(rule.params.get("reason_kk", "")),
        ru=str(rule.params.get("reason_ru", "")),
        en=str(rule.params.get("reason_en", "")),
    )
    return _not_applicable(
        rule,
        _("Not checked automatically: %(reason)s") % {"reason": reason}
        if reason
        else _("Not checked automatically."),
    )


EVALUATORS: dict[str, Callable[[RuleSpec, Facts, Context], Verdict]] = {
    "discipline_share": _discipline_share,
    "no_distance": _no_distance,
    "discipline_distance_share": _discipline_distance_share,
    "credit_share": _credit_share,
    "credit_cap": _credit_cap,
    "emergency_relief": _emergency_relief,
    "emergency_practice": _emergency_practice,
    "prior_education": _prior_education,
    "grounds": _grounds,
    "ground_evidence": _ground_evidence,
    "application": _application,
    "online_form_directions": _online_form_directions,
    "synchronous_share": _synchronous_share,
    "mooc_credits": _mooc_credits,
    "teacher_training": _teacher_training,
    "transfer_in_vacations": _transfer_in_vacations,
    "staff_ratio": _staff_ratio,
    "declarative": _declarative,
}


# ---------------------------------------------------------------- evaluate


def speaks_about(rule: RuleSpec, kind: SubjectKind) -> bool:
    if rule.evaluator == "declarative":
        return kind.value in rule.params.get("subjects", ())
    return kind in SUBJECTS.get(rule.evaluator, frozenset())


def not_in_force(rule: RuleSpec, as_of: dt.date) -> Verdict:
    if as_of < rule.starts_on:
        text = _("The act was not yet in force on %(date)s (in force from %(from)s).") % {
            "date": day(as_of),
            "from": day(rule.starts_on),
        }
    else:
        assert rule.ends_on is not None
        text = _("The act was no longer in force on %(date)s (in force until %(until)s).") % {
            "date": day(as_of),
            "until": day(rule.ends_on),
        }
    return _not_applicable(rule, text)


def _projection(rule: RuleSpec, facts: Facts) -> tuple[Any, ...] | None:  # noqa: PLR0911
    """The part of a plan's facts a rule's verdict depends on, for memoizing verdicts
    across the students of a bulk check; None: do not memoize."""
    if not isinstance(facts, PlanFacts):
        return None
    p = facts.profile
    e = rule.evaluator
    if e == "discipline_share":
        return (p, facts.disciplines_total, facts.disciplines_distance)
    if e == "credit_share":
        return (p, facts.program_credits, _basis_credits(facts, rule.params))
    if e == "credit_cap":
        return (p, _basis_credits(facts, rule.params))
    if e == "discipline_distance_share":
        return (p, facts.distance_percents)
    if e in {"emergency_relief", "declarative"}:
        return (p,)
    if e == "emergency_practice":
        return (p, facts.practice_at_distance)
    if e == "no_distance":
        return (p, facts.disciplines_distance, facts.disciplines_total, facts.grounds)
    if e == "prior_education":
        return (
            p,
            facts.prior_education,
            facts.disciplines_distance,
            tuple(sorted(facts.distance_credits.items())),
            facts.grounds,
        )
    return None


def evaluate(
    *,
    kind: SubjectKind,
    rules: Sequence[RuleSpec],
    facts: Facts,
    as_of: dt.date,
    emergency: EmergencyInfo | None = None,
    memo: dict[tuple[Any, ...], Verdict] | None = None,
) -> tuple[Verdict, ...]:
    """Verdicts of the rules that speak about this kind of subject.

    Rules not in force on `as_of` are left out (superseded wordings, repealed acts),
    except rules of the institution's pack: those answer NOT_APPLICABLE and say when
    the act is in force, so the report shows why the institution's rule did not count.
    `memo` (one dict per bulk check: same rules, date and emergency) shares verdicts
    between plans whose relevant facts are equal.
    """
    in_force = [r for r in rules if r.in_force_on(as_of)]
    relief = next((r for r in in_force if r.evaluator == "emergency_relief"), None)
    ctx = Context(kind=kind, as_of=as_of, emergency=emergency, relief=relief)
    profile = _profile(facts)
    verdicts: list[Verdict] = []
    for rule in rules:
        if not speaks_about(rule, kind):
            continue
        if not rule.in_force_on(as_of):
            if rule.in_pack:
                verdicts.append(not_in_force(rule, as_of))
            continue
        key = None
        if memo is not None and (projection := _projection(rule, facts)) is not None:
            key = (rule.code, *projection)
            if (known := memo.get(key)) is not None:
                verdicts.append(known)
                continue
        if problem := _scope_problem(rule, profile):
            verdict = _not_applicable(rule, problem)
        else:
            verdict = EVALUATORS[rule.evaluator](rule, facts, ctx)
        if key is not None and memo is not None:
            memo[key] = verdict
        verdicts.append(verdict)
    if kind is SubjectKind.ELIGIBILITY:
        verdicts = _ground_listed_somewhere(verdicts, rules, facts, as_of)
    return tuple(verdicts)


def _ground_listed_somewhere(
    verdicts: list[Verdict], rules: Sequence[RuleSpec], facts: Facts, as_of: dt.date
) -> list[Verdict]:
    """A ground must be in the list of at least one act in force (ELIG-1, ELIG-2, ELIG-4)."""
    request = _request(facts).request
    lists = {r.code for r in rules if r.evaluator == "grounds" and r.in_force_on(as_of)}
    listing = [v for v in verdicts if v.rule_code in lists]
    if any(v.outcome is not Outcome.NOT_APPLICABLE for v in listing):
        return verdicts
    label = _ground_label(request.ground)
    out = []
    for v in verdicts:
        if v.rule_code in lists:
            v = Verdict(  # noqa: PLW2901
                rule_code=v.rule_code,
                requirement=v.requirement,
                outcome=Outcome.VIOLATED,
                title=v.title,
                figures=_("Ground: %(ground)s") % {"ground": label},
                explanation=_(
                    "The ground “%(ground)s” is not among the grounds of any act in force on "
                    "%(date)s."
                )
                % {"ground": label, "date": day(as_of)},
                citation=v.citation,
                values={"ground": request.ground},
            )
        out.append(v)
    return out


# ---------------------------------------------------------------- packs: tighten only

# How each parameter tightens: "max" (a lower value is stricter), "min" (higher is
# stricter), "superset" (a longer list is stricter), "subset" (a shorter list is
# stricter), "off" (True → False is stricter), "grounds" (fewer grounds, more evidence).
PARAMETER_ORDER: dict[str, str] = {
    "limit_percent": "max",
    "limit_credits": "max",
    "limits_by_level": "max",
    "max_days": "max",
    "years": "max",
    "min_percent": "min",
    "min_hours": "min",
    "min_ratio": "min",
    "directions": "superset",
    "forbidden_directions": "superset",
    "evidence": "superset",
    "except_directions": "subset",
    "exception_grounds": "subset",
    "exempt_grounds": "subset",
    "exception_bases": "subset",
    "restricted_bases": "superset",
    "emergency_lifts": "off",
    "grounds": "grounds",
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _looser(order: str, published: object, proposed: object) -> bool:  # noqa: PLR0911
    """True when `proposed` is looser than `published` (or not comparable)."""
    if order == "max":
        if isinstance(published, dict):
            if not isinstance(proposed, dict) or set(proposed) - set(published):
                return True
            return any(_looser("max", published[k], v) for k, v in proposed.items()) or (
                set(published) - set(proposed) != set()
            )
        if published is None:
            return not (proposed is None or _is_number(proposed))
        return not _is_number(proposed) or _dec(proposed) > _dec(published)
    if order == "min":
        return not _is_number(proposed) or _dec(proposed) < _dec(published)
    if order in {"superset", "subset"}:
        before = set(published) if isinstance(published, list) else set()
        if not isinstance(proposed, list):
            return True
        return not (before <= set(proposed) if order == "superset" else set(proposed) <= before)
    if order == "off":
        return not isinstance(proposed, bool) or (proposed and not published)
    if order == "grounds":
        if not isinstance(proposed, dict) or not isinstance(published, dict):
            return True
        if set(proposed) - set(published):
            return True
        return any(
            _looser("superset", published[g].get("evidence", []), spec.get("evidence", []))
            for g, spec in proposed.items()
            if isinstance(spec, dict)
        ) or any(not isinstance(spec, dict) for spec in proposed.values())
    return proposed != published


def loosened_parameters(published: Mapping[str, Any], proposed: Mapping[str, Any]) -> list[str]:
    """Names of the proposed parameters that would loosen the published rule (a pack may
    only tighten): unknown names and fixed parameters count as loosening."""
    problems = []
    for name, value in proposed.items():
        if name not in published:
            problems.append(name)
            continue
        order = PARAMETER_ORDER.get(name, "fixed")
        if _looser(order, published[name], value):
            problems.append(name)
    return sorted(problems)


def tightened(published: Mapping[str, Any], proposed: Mapping[str, Any]) -> dict[str, Any]:
    """The published parameters with the proposed ones over them."""
    return {**published, **proposed}
