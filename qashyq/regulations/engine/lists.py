"""The approved list of disciplines open to distance learning (LIM-6; S2 §5.4.3,
S3 §7.7): every discipline of the plan studied (or asked for) at a distance must be on
the list approved by the rector's order and in force for the student's program."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.regulations.data import DistanceListFacts, Outcome, PlanFacts, RuleSpec, Verdict
from qashyq.regulations.engine.base import (
    Context,
    Facts,
    _not_applicable,
    _plan,
    _verdict,
    day,
)


def not_listed(plan: PlanFacts) -> tuple[tuple[int, str], ...]:
    """The plan's disciplines at a distance that are not on the list in force."""
    listed = plan.distance_list
    if listed is None:
        return ()
    return tuple(d for d in plan.distance_disciplines if d[0] not in listed.discipline_ids)


def order_label(listed: DistanceListFacts) -> str:
    """ "order No. 45-ҚО of 28.08.2025", as the verdicts cite the list."""
    if listed.order_date is None:
        return _("order No. %(number)s") % {"number": listed.order_number}
    return _("order No. %(number)s of %(date)s") % {
        "number": listed.order_number,
        "date": day(listed.order_date),
    }


def _discipline_list(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """LIM-6: disciplines at a distance ⊆ the approved list in force on the date."""
    plan = _plan(facts)
    listed = plan.distance_list
    if listed is None:
        return _not_applicable(
            rule,
            _(
                "No list of disciplines open to distance learning approved by the rector's "
                "order is in force on %(date)s for this program or the whole institution."
            )
            % {"date": day(ctx.as_of)},
        )
    order = order_label(listed)
    total = len(plan.distance_disciplines)
    off = not_listed(plan)
    values: dict[str, Any] = {
        "count": total - len(off),
        "total": total,
        "not_listed": [code for _pk, code in off],
        "list_id": listed.list_id,
        "order_number": listed.order_number,
        "order_date": listed.order_date.isoformat() if listed.order_date else None,
        "program_list": listed.program_id is not None,
    }
    if total == 0:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=_("No discipline at a distance; the list approved by %(order)s is in force.")
            % {"order": order},
            values=values,
        )
    figures = ngettext(
        "%(count)s of %(total)s distance discipline is on the list approved by %(order)s",
        "%(count)s of %(total)s distance disciplines are on the list approved by %(order)s",
        total,
    ) % {"count": total - len(off), "total": total, "order": order}
    if not off:
        return _verdict(rule, Outcome.ALLOWED, figures=figures, values=values)
    return _verdict(
        rule,
        Outcome.VIOLATED,
        figures=figures,
        explanation=_(
            "Not on the list: %(codes)s. Only the disciplines on the approved list may be "
            "studied at a distance."
        )
        % {"codes": ", ".join(code for _pk, code in off)},
        values=values,
    )
