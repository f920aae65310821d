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
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from qashyq.regulations.data import (
    EmergencyInfo,
    Outcome,
    PlanFacts,
    RuleSpec,
    SubjectKind,
    Verdict,
)
from qashyq.regulations.engine.base import (
    SUBJECTS,
    Context,
    Facts,
    _ground_label,
    _not_applicable,
    _profile,
    _scope_problem,
    at_least,
    day,
    direction_group_labels,
    direction_matches,
    percent,
    within,
)
from qashyq.regulations.engine.eligibility import (
    _application,
    _ground_evidence,
    _grounds,
    _request,
)
from qashyq.regulations.engine.lists import _discipline_list, not_listed, order_label
from qashyq.regulations.engine.online import (
    _declarative,
    _mooc_credits,
    _online_form_directions,
    _staff_ratio,
    _synchronous_share,
    _teacher_training,
    _transfer_in_vacations,
    years_before,
)
from qashyq.regulations.engine.plans import (
    _basis_credits,
    _credit_cap,
    _credit_share,
    _discipline_distance_share,
    _discipline_share,
    _emergency_practice,
    _emergency_relief,
    _no_distance,
    _prior_education,
)
from qashyq.regulations.engine.readiness import _content_readiness
from qashyq.regulations.engine.tightening import (
    PARAMETER_ORDER,
    loosened_parameters,
    tightened,
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
    "discipline_list": _discipline_list,
    "content_readiness": _content_readiness,
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
    if e == "discipline_list":
        listed = facts.distance_list
        return (
            p,
            listed.list_id if listed is not None else None,
            len(facts.distance_disciplines),
            not_listed(facts),
        )
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


__all__ = [
    "EVALUATORS",
    "PARAMETER_ORDER",
    "SUBJECTS",
    "Context",
    "Facts",
    "at_least",
    "day",
    "direction_group_labels",
    "direction_matches",
    "evaluate",
    "loosened_parameters",
    "not_in_force",
    "not_listed",
    "order_label",
    "percent",
    "speaks_about",
    "tightened",
    "within",
    "years_before",
]
