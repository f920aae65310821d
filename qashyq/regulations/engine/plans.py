"""Evaluators of study plans: shares of disciplines and credits (LIM-1 … LIM-13) and
the basis of admission (ELIG-5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.regulations.data import (
    DisciplineFacts,
    Outcome,
    PlanFacts,
    ProgramFacts,
    RuleSpec,
    Verdict,
)
from qashyq.regulations.engine.base import (
    Context,
    Facts,
    _dec,
    _floor_share,
    _ground_label,
    _level_label,
    _not_applicable,
    _num,
    _plan,
    _prior_label,
    _verdict,
    day,
    percent,
    within,
)

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
        disciplines = ngettext(
            "%(count)s discipline with a share at a distance",
            "%(count)s disciplines with a share at a distance",
            facts.disciplines_with_distance,
        ) % {"count": facts.disciplines_with_distance}
        items = ngettext(
            "%(count)s plan item at a distance",
            "%(count)s plan items at a distance",
            facts.plan_items_at_distance,
        ) % {"count": facts.plan_items_at_distance}
        figures = _("%(disciplines)s; %(items)s") % {"disciplines": disciplines, "items": items}
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
