"""Students' monitoring pages (FP-2, FP-4; kk/ru/en, phone-first): a student's own
footprint, an advisor's, tutor's or teacher's list of their students with the same
figures and a drill-down, the at-risk list with its reasons, the at-risk notifications,
and an institution's thresholds. Thin views over `selectors_students` and
`services_risk`; a student not yours answers 404 (SEC-2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qashyq.core.errors import DomainError
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.reports import selectors_students as sel
from qashyq.reports import services_risk
from qashyq.reports.models.risk import RiskPolicy

MAX_RANGE_DAYS = 366
RISK_CHUNK = 500


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _period(request: HttpRequest) -> sel.DateRange:
    """The date range of the page: `from` and `to` (ISO dates), by default the last four
    weeks up to today; at most a year."""
    today = timezone.localdate()
    last = _date(request.GET.get("to")) or today
    first = _date(request.GET.get("from")) or last - dt.timedelta(days=sel.DEFAULT_RANGE_DAYS - 1)
    if first > last:
        first, last = last, first
    if (last - first).days >= MAX_RANGE_DAYS:
        first = last - dt.timedelta(days=MAX_RANGE_DAYS - 1)
    return sel.DateRange(first=first, last=last)


def _period_query(period: sel.DateRange) -> str:
    return urlencode({"from": period.first.isoformat(), "to": period.last.isoformat()})


# ---------------------------------------------------------------- charts (inline SVG)

CHART_HEIGHT = 80
BAR_WIDTH = 22
BAR_GAP = 6


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int = CHART_HEIGHT


def _chart(title: str, points: Sequence[tuple[str, int | None]], top: int) -> Chart:
    """Bars scaled to `top` (None: no data, drawn as an empty slot)."""
    bars = []
    for i, (label, value) in enumerate(points):
        height = round(CHART_HEIGHT * (value or 0) / top) if top else 0
        bars.append(
            Bar(
                x=i * (BAR_WIDTH + BAR_GAP),
                y=CHART_HEIGHT - height,
                height=height,
                label=label,
                value="—" if value is None else str(value),
            )
        )
    return Chart(title=title, bars=tuple(bars), width=max(1, len(bars) * (BAR_WIDTH + BAR_GAP)))


def _charts(footprint: sel.Footprint) -> list[Chart]:
    weeks = footprint.weeks
    signins = [(w.monday.strftime("%d.%m"), w.signins) for w in weeks]
    attendance = [(w.monday.strftime("%d.%m"), w.attendance.percent) for w in weeks]
    return [
        _chart(_("Sign-ins per week"), signins, max(footprint.max_signins, 1)),
        _chart(_("Attendance per week, %"), attendance, 100),
    ]


# ---------------------------------------------------------------- a student's footprint


def _footprint_page(
    request: HttpRequest, view: sel.StudentView, *, template_extra: dict[str, Any]
) -> HttpResponse:
    now = timezone.now()
    period = _period(request)
    footprint = sel.student_footprint(
        student=view.student,
        period=period,
        now=now,
        course_ids=view.course_ids,
        language=translation.get_language() or "kk",
    )
    policies = sel.risk_policies(institution_ids=[view.student.institution_id])
    (risk,) = sel.risk_signals_many(
        students=[view.student],
        now=now,
        policies=policies,
        limits={view.student.pk: view.course_ids},
    )
    context = {
        "student": view.student,
        "footprint": footprint,
        "figures": footprint.figures,
        "period": period,
        "period_query": _period_query(period),
        "charts": _charts(footprint),
        "signals": risk.signals,
        "is_self": view.is_self,
        "limited": view.course_ids is not None,
        **template_extra,
    }
    return render(request, "reports/students/footprint.html", context)


@login_required
def my_footprint(request: HttpRequest) -> HttpResponse:
    """FP-2: a student's own footprint: attendance, sign-ins, materials, tasks."""
    actor = _actor(request)
    student = found_or_404(lambda: sel.own_student_for(actor=actor))
    view = sel.StudentView(student=student, course_ids=None, is_self=True)
    return _footprint_page(request, view, template_extra={})


@login_required
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    """FP-2: the drill-down of one student an advisor, tutor or teacher looks after."""
    actor = _actor(request)
    view = found_or_404(lambda: sel.student_view_for(actor=actor, student_id=student_id))
    if view.is_self:
        query = request.GET.urlencode()
        return redirect(f"{reverse('reports:students_me')}{'?' + query if query else ''}")
    return _footprint_page(request, view, template_extra={})


# ---------------------------------------------------------------- my students


def _monitoring(request: HttpRequest) -> tuple[ActorScope, sel.Monitoring]:
    actor = _actor(request)
    monitoring = sel.monitoring_of(actor=actor)
    if not monitoring.any:
        raise Http404
    return actor, monitoring


def _filters(request: HttpRequest) -> sel.StudentFilter:
    group = request.GET.get("group", "")
    return sel.StudentFilter(
        group_id=int(group) if group.isdigit() else None, search=request.GET.get("q", "")[:100]
    )


@login_required
def student_list(request: HttpRequest) -> HttpResponse:
    """FP-2: the students an advisor, tutor or teacher looks after, with their figures
    over the date range and their current at-risk signals (50 a page)."""
    actor, monitoring = _monitoring(request)
    filters = _filters(request)
    period = _period(request)
    now = timezone.now()
    page = Paginator(sel.monitored_students(actor=actor, filters=filters), sel.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    students = list(page.object_list)
    limits = sel.course_limits(monitoring=monitoring, student_ids=[s.pk for s in students])
    figures = sel.student_figures_many(students=students, period=period, now=now, limits=limits)
    policies = sel.risk_policies(institution_ids=[s.institution_id for s in students])
    risks = sel.risk_signals_many(students=students, now=now, policies=policies, limits=limits)
    rows = [
        (f, r, limits.get(f.student.pk) is not None) for f, r in zip(figures, risks, strict=True)
    ]
    query = {
        "from": period.first.isoformat(),
        "to": period.last.isoformat(),
        "group": filters.group_id or "",
        "q": filters.search,
    }
    return render(
        request,
        "reports/students/list.html",
        {
            "rows": rows,
            "page": page,
            "period": period,
            "period_query": _period_query(period),
            "query": urlencode(query),
            "filters": filters,
            "groups": sel.monitored_groups(actor=actor),
        },
    )


@login_required
def at_risk(request: HttpRequest) -> HttpResponse:
    """FP-2: the actor's students with at-risk signals now, with the reasons and when each
    reason was last notified."""
    actor, monitoring = _monitoring(request)
    filters = _filters(request)
    now = timezone.now()
    students = list(sel.monitored_students(actor=actor, filters=filters))
    risks: list[sel.StudentRisk] = []
    for start in range(0, len(students), RISK_CHUNK):  # bounded queries for big lists
        chunk = students[start : start + RISK_CHUNK]
        limits = sel.course_limits(monitoring=monitoring, student_ids=[s.pk for s in chunk])
        policies = sel.risk_policies(institution_ids=[s.institution_id for s in chunk])
        risks.extend(
            r
            for r in sel.risk_signals_many(
                students=chunk, now=now, policies=policies, limits=limits
            )
            if r.signals
        )
    notified = sel.notified_reasons(
        student_ids=[r.student.pk for r in risks],
        since=timezone.localdate(now) - dt.timedelta(days=120),
    )
    rows = [
        (r, [(signal, notified.get((r.student.pk, signal.reason.value))) for signal in r.signals])
        for r in risks
    ]
    return render(
        request,
        "reports/students/at_risk.html",
        {
            "rows": rows,
            "checked": len(students),
            "filters": filters,
            "groups": sel.monitored_groups(actor=actor),
        },
    )


# ---------------------------------------------------------------- notifications


def _user_id(request: HttpRequest) -> int:
    return int(str(request.user.pk))


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's at-risk notifications, newest first (in-app, FP-2)."""
    user_id = _user_id(request)
    items = sel.notifications_for(user_id=user_id)
    return render(
        request,
        "reports/students/notifications.html",
        {"items": items, "unread": sel.unread_count(user_id=user_id)},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services_risk.risk_notifications_read(user_id=_user_id(request))
    return redirect("reports:students_notifications")


# ---------------------------------------------------------------- thresholds


class RiskPolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RiskPolicy
        fields = (
            "no_signin_days",
            "attendance_window_days",
            "attendance_min_marked",
            "attendance_drop_points",
            "attendance_floor_percent",
            "overdue_min",
            "notify_every_days",
            "notify_students",
        )

    def values(self) -> sel.PolicyData:
        data = self.cleaned_data
        return sel.PolicyData(
            no_signin_days=data["no_signin_days"],
            attendance_window_days=data["attendance_window_days"],
            attendance_min_marked=data["attendance_min_marked"],
            attendance_drop_points=data["attendance_drop_points"],
            attendance_floor_percent=data["attendance_floor_percent"],
            overdue_min=data["overdue_min"],
            notify_every_days=data["notify_every_days"],
            notify_students=data["notify_students"],
        )


@login_required
def risk_policy(request: HttpRequest) -> HttpResponse:
    """An institution's at-risk thresholds (administrators, distance-learning unit)."""
    actor = _actor(request)
    institutions = sel.policy_institutions(actor=actor)
    if not institutions:
        raise Http404
    wanted = request.GET.get("institution", "")
    institution = next((i for i in institutions if str(i.pk) == wanted), institutions[0])
    current = sel.risk_policy_get(institution_id=institution.pk) or RiskPolicy(
        institution=institution
    )
    form = RiskPolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services_risk.risk_policy_save(
                actor=actor, institution_id=institution.pk, values=form.values()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The at-risk thresholds are saved."))
            return redirect(f"{reverse('reports:students_policy')}?institution={institution.pk}")
    return render(
        request,
        "reports/students/policy.html",
        {"form": form, "institution": institution, "institutions": institutions},
    )
