"""Evaluators of the online form (ONL-1 … ONL-4, ONL-8), the historical staff ratio
(S1 §51) and declarative rules."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.regulations.data import (
    DisciplineFacts,
    Outcome,
    ProgramFacts,
    RuleSpec,
    TeacherFacts,
    Verdict,
)
from qashyq.regulations.engine.base import (
    Context,
    Facts,
    _dec,
    _not_applicable,
    _num,
    _verdict,
    at_least,
    day,
    direction_matches,
    percent,
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
    students = ngettext("%(count)s student", "%(count)s students", facts.students) % {
        "count": facts.students
    }
    teachers = ngettext("%(count)s teacher", "%(count)s teachers", facts.teachers) % {
        "count": facts.teachers
    }
    figures = _("%(students)s, %(teachers)s; at least %(limit)s students per teacher") % {
        "students": students,
        "teachers": teachers,
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
