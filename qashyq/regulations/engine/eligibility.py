"""Evaluators of transfer requests: grounds, evidence, period, application
(ELIG-1 … ELIG-4, ELIG-6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.regulations.data import (
    EligibilityFacts,
    Outcome,
    RuleSpec,
    Verdict,
)
from qashyq.regulations.engine.base import (
    Context,
    Facts,
    _ground_label,
    _not_applicable,
    _verdict,
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
