"""Readiness pages: the complex checklist of a course (LMS-2), the dashboard of courses not
ready (ONL-5), a department's quality signals (ONL-6), a program's period with its
readiness act. Thin views over the readiness selectors and services; what the actor may
not see, or may not change, answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from qashyq.core.errors import DomainError, NotFound
from qashyq.core.nav import NavItem
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.courses import selectors, services

__all__ = [
    "readiness_act_issue",
    "readiness_act_pdf",
    "readiness_approve",
    "readiness_course",
    "readiness_dashboard",
    "readiness_department",
    "readiness_nav",
    "readiness_program",
    "readiness_return",
    "readiness_submit",
]


# Roles that see the readiness dashboard (teachers see their own courses on it).
READINESS_ROLES = frozenset(
    {"teacher", "department_head", "dean", "registrar", "distance_unit", "rector_office", "admin"}
)


ROWS_PER_PAGE = 100  # courses on one page of the dashboard (the summaries cover all)


def readiness_nav(request: HttpRequest, actor: ActorScope) -> list[NavItem]:
    """The menu link to the readiness dashboard (registered in CoursesConfig.ready); no
    queries: the roles are in the actor's scope."""
    if actor.is_superuser or actor.roles & READINESS_ROLES:
        return [NavItem(reverse("courses:readiness_dashboard"), pgettext("menu", "Readiness"))]
    return []


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name) in {"1", "on", "true"}


@login_required
def readiness_dashboard(request: HttpRequest) -> HttpResponse:
    """ONL-5: the courses of a period that are not ready, per department and program."""
    actor = actor_scope_of(request)
    dashboard = found_or_404(
        lambda: selectors.readiness_dashboard_for(
            actor=actor,
            period_id=request.GET.get("period"),
            department_id=request.GET.get("department"),
            program_id=request.GET.get("program"),
            not_ready_only=not _flag(request, "all"),
            today=timezone.localdate(),
        )
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "courses/readiness_dashboard.html",
        {
            "dashboard": dashboard,
            "page": Paginator(dashboard.rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
            "query": params.urlencode(),
            "show_all": _flag(request, "all"),
            "department_filter": request.GET.get("department", ""),
            "program_filter": request.GET.get("program", ""),
        },
    )


@login_required
def readiness_course(request: HttpRequest, course_id: int) -> HttpResponse:
    """LMS-2: the checklist of one course, its quality signals and the decision."""
    actor = actor_scope_of(request)
    course = found_or_404(
        lambda: selectors.readiness_course_get_for(actor=actor, course_id=course_id)
    )
    readiness = selectors.course_readiness(course=course)
    roles = selectors.readiness_staff_roles(actor=actor, course=course)
    status = readiness.approval.status if readiness.approval else None
    return render(
        request,
        "courses/readiness_course.html",
        {
            "readiness": readiness,
            "course": course,
            "due": selectors.DeadlineStatus(
                selectors.readiness_deadline(period=course.period), timezone.localdate()
            ),
            "can_submit": selectors.can_submit_complex(actor, course=course, staff_roles=roles)
            and status not in services.WAITING_OR_DONE,
            "can_decide": selectors.can_approve_complex(actor, course=course),
            "can_approve": selectors.can_approve_complex(actor, course=course)
            and status == "submitted",
            "can_return": selectors.can_approve_complex(actor, course=course)
            and status in services.WAITING_OR_DONE,
        },
    )


def _decide(request: HttpRequest, course_id: int, action: str) -> HttpResponse:
    actor = actor_scope_of(request)
    course = found_or_404(
        lambda: selectors.readiness_course_get_for(actor=actor, course_id=course_id)
    )
    comment = str(request.POST.get("comment", ""))
    try:
        if action == "submit":
            services.complex_submit(actor=actor, course=course)
            messages.success(request, _("The complex was submitted to the department head."))
        elif action == "approve":
            services.complex_approve(actor=actor, course=course, comment=comment)
            messages.success(request, _("The complex was approved."))
        else:
            services.complex_return(actor=actor, course=course, comment=comment)
            messages.success(request, _("The complex was returned to the teachers."))
    except services.ComplexChangeForbidden:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("courses:readiness_course", args=[course.pk]))


@login_required
@require_POST
def readiness_submit(request: HttpRequest, course_id: int) -> HttpResponse:
    return _decide(request, course_id, "submit")


@login_required
@require_POST
def readiness_approve(request: HttpRequest, course_id: int) -> HttpResponse:
    return _decide(request, course_id, "approve")


@login_required
@require_POST
def readiness_return(request: HttpRequest, course_id: int) -> HttpResponse:
    return _decide(request, course_id, "return")


def _period_id(request: HttpRequest) -> object:
    """The period asked for, else the one the dashboard would show."""
    if wanted := request.GET.get("period") or request.POST.get("period"):
        return wanted
    period = selectors.readiness_default_period(
        actor=actor_scope_of(request), today=timezone.localdate()
    )
    if period is None:
        raise Http404
    return period.pk


@login_required
def readiness_department(request: HttpRequest, department_id: int) -> HttpResponse:
    """ONL-6: the department's courses with completeness and quality signals."""
    actor = actor_scope_of(request)
    period_id = _period_id(request)
    department = found_or_404(
        lambda: selectors.department_readiness_for(
            actor=actor, department_id=department_id, period_id=period_id
        )
    )
    return render(
        request,
        "courses/readiness_department.html",
        {
            "data": department,
            "due": selectors.DeadlineStatus(department.deadline, timezone.localdate()),
        },
    )


@login_required
def readiness_program(request: HttpRequest, program_id: int) -> HttpResponse:
    """ONL-5: a program's period: its courses, disciplines without a course, the act."""
    actor = actor_scope_of(request)
    period_id = _period_id(request)
    program = found_or_404(
        lambda: selectors.program_readiness_for(
            actor=actor, program_id=program_id, period_id=period_id
        )
    )
    return render(
        request,
        "courses/readiness_program.html",
        {
            "data": program,
            "due": selectors.DeadlineStatus(program.deadline, timezone.localdate()),
            "can_issue": selectors.can_issue_readiness_act(actor, program=program.program),
        },
    )


@login_required
@require_POST
def readiness_act_issue(request: HttpRequest, program_id: int) -> HttpResponse:
    """Issue (or issue again) the readiness act of a program's period."""
    actor = actor_scope_of(request)
    period_id = _period_id(request)
    data = found_or_404(
        lambda: selectors.program_readiness_for(
            actor=actor, program_id=program_id, period_id=period_id
        )
    )
    try:
        services.readiness_act_issue(
            actor=actor, program=data.program, period=data.period, on=timezone.localdate()
        )
    except services.ComplexChangeForbidden:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The readiness act was issued."))
    url = reverse("courses:readiness_program", args=[data.program.pk])
    return redirect(f"{url}?period={data.period.pk}")


@login_required
def readiness_act_pdf(request: HttpRequest, act_id: int) -> FileResponse:
    """The act's PDF (to those who see its program)."""
    actor = actor_scope_of(request)
    act = found_or_404(lambda: selectors.readiness_act_get_for(actor=actor, act_id=act_id))
    if not act.pdf:
        raise Http404
    try:
        handle = act.pdf.open("rb")
    except (FileNotFoundError, NotFound):
        raise Http404 from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"{act.number}.pdf",
        as_attachment=False,
    )
