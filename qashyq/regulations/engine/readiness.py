"""ONL-5 (Atyrau Regulation 066 §6.9.2): the digital content of the working curricula is
on the portal at least 5 working days before each academic period starts, with a
readiness act. The facts (deadline, courses ready, the act) come from `courses` through
the provider registered in `regulations.facts`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.regulations.data import Outcome, ProgramFacts, ReadinessFact, RuleSpec, Verdict
from qashyq.regulations.engine.base import Context, Facts, _not_applicable, _verdict, day


def _act_label(fact: ReadinessFact) -> str:
    assert fact.act_issued_on is not None
    return _("act No. %(number)s of %(date)s") % {
        "number": fact.act_number or "—",
        "date": day(fact.act_issued_on),
    }


def _courses_figures(fact: ReadinessFact) -> str:
    """ "deadline 24.08.2026; 12 of 15 courses ready" (and the disciplines without one)."""
    text = ngettext(
        "deadline %(deadline)s; %(ready)s of %(total)s course ready",
        "deadline %(deadline)s; %(ready)s of %(total)s courses ready",
        fact.total_courses,
    ) % {"deadline": day(fact.deadline), "ready": fact.ready_courses, "total": fact.total_courses}
    if fact.missing_disciplines:
        text += "; " + ngettext(
            "%(count)s curriculum discipline without a course",
            "%(count)s curriculum disciplines without a course",
            fact.missing_disciplines,
        ) % {"count": fact.missing_disciplines}
    return text


def _values(fact: ReadinessFact, *, on_time: bool | None) -> dict[str, Any]:
    return {
        "period_id": fact.period_id,
        "period_starts_on": fact.period_starts_on.isoformat(),
        "deadline": fact.deadline.isoformat(),
        "ready": fact.ready_courses,
        "total": fact.total_courses,
        "missing": fact.missing_disciplines,
        "act_number": fact.act_number,
        "act_issued_on": fact.act_issued_on.isoformat() if fact.act_issued_on else None,
        "on_time": on_time,
    }


def _content_readiness(rule: RuleSpec, facts: Facts, ctx: Context) -> Verdict:
    """ONL-5: before the deadline, allowed (the figures say how far along the content is);
    on and after it, allowed only with a readiness act issued on or before the deadline."""
    assert isinstance(facts, ProgramFacts)
    if facts.profile.study_form != "online":
        return _not_applicable(rule, _("The program is not in the online form."))
    fact = facts.readiness
    if fact is None:
        return _not_applicable(
            rule,
            _(
                "No academic period of the institution is current on %(date)s or starts "
                "after it, so no content deadline applies."
            )
            % {"date": day(ctx.as_of)},
        )
    act = fact.act_issued_on
    on_time = act is not None and act <= fact.deadline
    if fact.total_courses == 0 and fact.missing_disciplines == 0 and act is None:
        return _not_applicable(
            rule,
            _(
                "No course or curriculum discipline of the program falls in the academic "
                "period starting %(starts)s."
            )
            % {"starts": day(fact.period_starts_on)},
        )
    figures = _courses_figures(fact)
    if ctx.as_of < fact.deadline:
        explanation = _(
            "The content of the period starting %(starts)s is due by %(deadline)s, with a "
            "readiness act."
        ) % {"starts": day(fact.period_starts_on), "deadline": day(fact.deadline)}
        if act is not None:
            figures = f"{figures}; {_act_label(fact)}"
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=figures,
            explanation=explanation,
            values=_values(fact, on_time=on_time if act is not None else None),
        )
    if on_time:
        return _verdict(
            rule,
            Outcome.ALLOWED,
            figures=_("deadline %(deadline)s; %(act)s")
            % {"deadline": day(fact.deadline), "act": _act_label(fact)},
            values=_values(fact, on_time=True),
        )
    if act is None:
        explanation = _(
            "No readiness act was issued by the deadline for the period starting %(starts)s."
        ) % {"starts": day(fact.period_starts_on)}
    else:
        explanation = _(
            "The readiness act (%(act)s) was issued after the deadline for the period "
            "starting %(starts)s."
        ) % {"act": _act_label(fact), "starts": day(fact.period_starts_on)}
    return _verdict(
        rule,
        Outcome.VIOLATED,
        figures=figures,
        explanation=explanation,
        values=_values(fact, on_time=False),
    )
