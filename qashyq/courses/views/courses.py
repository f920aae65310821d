"""Course pages: "My courses" (SIS-1), the course list of a department or institution,
opening a course from a discipline and a period, its teachers and groups, status,
reuse of a previous period's course, and the students' progress table. Thin views over
selectors and services; absent or not yours answers 404 (SEC-2)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qashyq.core.pagination import paginate
from qashyq.courses import selectors, services
from qashyq.courses.forms import (
    CourseCreateForm,
    CoursePeopleForm,
    CourseStartForm,
    EnrolForm,
    ReuseForm,
    StatusForm,
)
from qashyq.courses.models import CourseStatus, Enrolment
from qashyq.courses.permissions import can_manage_any_course
from qashyq.courses.selectors import CourseFilter
from qashyq.courses.views.common import (
    access_or_404,
    actor,
    form_page,
    post_data,
    require_manager,
    run_or_404,
)
from qashyq.people.models import Student


def _course_url(course_id: int) -> str:
    return reverse("courses:course", args=[course_id])


@login_required
def my_courses(request: HttpRequest) -> HttpResponse:
    """The actor's own courses: a student's with progress, a teacher's by role (SIS-1)."""
    me = actor(request)
    data = selectors.my_courses(actor=me)
    return render(
        request,
        "courses/my_courses.html",
        {
            "mine": data,
            "can_manage": can_manage_any_course(me),
        },
    )


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    """Every course the actor may read (department heads, deans, the registrar, the
    distance-learning unit), filtered and paged."""
    me = actor(request)
    status = request.GET.get("status", "")
    filters = CourseFilter(
        status=status if status in CourseStatus.values else "",
        search=request.GET.get("q", "")[:100],
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "courses/course_list.html",
        {
            "page": paginate(request, selectors.course_list_for(actor=me, filters=filters)),
            "query": query.urlencode(),
            "statuses": CourseStatus.choices,
            "status": filters.status,
            "q": filters.search,
            "can_manage": can_manage_any_course(me),
        },
    )


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    """Open a course: step 1 the discipline, period and language (GET); step 2 its code,
    teachers, tutors, assistants and groups, with the groups whose curriculum has the
    discipline in that period offered and the matching-language ones ticked."""
    me = actor(request)
    disciplines = selectors.discipline_choices_for(actor=me)
    if not disciplines.exists():
        raise Http404
    first = disciplines.first()
    institution_id = first.department.faculty.institution_id if first else 0
    start = CourseStartForm(
        request.GET if "discipline" in request.GET else None,
        disciplines=disciplines,
        periods=selectors.period_choices_for(institution_id=institution_id),
    )
    if not start.is_valid():
        return render(
            request,
            "courses/form.html",
            {
                "form": start,
                "title": _("New course"),
                "back_url": reverse("courses:my_courses"),
                "method": "get",
                "submit": _("Next"),
            },
        )
    discipline = start.cleaned_data["discipline"]
    period = start.cleaned_data["period"]
    language = start.cleaned_data["language"]
    department = discipline.department
    groups = selectors.group_choices_for(discipline=discipline, period=period)
    form = CourseCreateForm(
        post_data(request),
        staff=selectors.staff_choices_for(
            institution_id=department.faculty.institution_id, department_id=department.pk
        ),
        groups=groups,
        initial={"groups": [g for g in groups if g.language in {language, "multi"}]},
    )
    intro = _("%(discipline)s · %(period)s · %(language)s") % {
        "discipline": f"{discipline.code} {discipline.name}",
        "period": str(period),
        "language": dict(start.fields["language"].choices)[language],  # type: ignore[attr-defined]
    }
    return form_page(
        request,
        access=None,
        form=form,
        title=_("New course"),
        intro=intro,
        save=lambda data: services.course_create(
            actor=me,
            discipline=discipline,
            period=period,
            language=language,
            code=data["code"],
            teachers=list(data["teachers"]),
            tutors=list(data["tutors"]),
            assistants=list(data["assistants"]),
            groups=list(data["groups"]),
        ),
        success_url=lambda course: _course_url(course.pk),
        back_url=reverse("courses:course_create"),
    )


@login_required
def course_settings(request: HttpRequest, course_id: int) -> HttpResponse:
    """Teachers, tutors, assistants and groups of a course (its managers only)."""
    access = access_or_404(request, course_id)
    require_manager(access)
    course = access.course
    current: dict[str, list[int]] = {"teacher": [], "tutor": [], "assistant": []}
    for link in access.staff:
        current[link.role].append(link.staff_id)
    group_ids = [g.group_id for g in selectors.course_groups(course=course)]
    form = CoursePeopleForm(
        post_data(request),
        staff=selectors.staff_choices_for(
            institution_id=course.institution_id,
            department_id=course.discipline.department_id,
            include=[pk for ids in current.values() for pk in ids],
        ),
        groups=selectors.group_choices_for(
            discipline=course.discipline, period=course.period, include=group_ids
        ),
        initial={
            "teachers": current["teacher"],
            "tutors": current["tutor"],
            "assistants": current["assistant"],
            "groups": group_ids,
        },
    )

    def save(data: dict[str, Any]) -> object:
        services.course_staff_set(
            access=access,
            teachers=list(data["teachers"]),
            tutors=list(data["tutors"]),
            assistants=list(data["assistants"]),
        )
        sync = services.course_groups_set(access=access, groups=list(data["groups"]))
        _sync_message(request, sync)
        return course

    return form_page(
        request,
        access=access,
        form=form,
        title=_("Teachers and groups"),
        save=save,
        success_url=lambda c: reverse("courses:course_settings", args=[c.pk]),
        back_url=_course_url(course.pk),
        template="courses/settings.html",
        extra={
            "status_form": StatusForm(initial={"status": course.status}),
            "enrol_form": EnrolForm(),
            "tab": "settings",
        },
    )


def _sync_message(request: HttpRequest, sync: services.EnrolmentSync) -> None:
    messages.info(
        request,
        ngettext(
            "%(added)d student enrolled, %(back)d back, %(left)d left the course.",
            "%(added)d students enrolled, %(back)d back, %(left)d left the course.",
            sync.added,
        )
        % {"added": sync.added, "back": sync.reactivated, "left": sync.deactivated},
    )


@login_required
@require_POST
def course_status(request: HttpRequest, course_id: int) -> HttpResponse:
    """Publish, archive or take a course back to draft."""
    access = access_or_404(request, course_id)
    if not (access.can_manage or access.can_edit):
        raise Http404
    form = StatusForm(request.POST)
    if form.is_valid():
        run_or_404(
            request,
            lambda: services.course_status_set(access=access, status=form.cleaned_data["status"]),
            done=_("The course status is changed."),
        )
    return redirect(request.POST.get("next") or _course_url(course_id))


@login_required
@require_POST
def enrolments_sync(request: HttpRequest, course_id: int) -> HttpResponse:
    """Enrol the groups' students again from their study plans (SIS-4)."""
    access = access_or_404(request, course_id)
    require_manager(access)
    result: list[services.EnrolmentSync] = []
    if run_or_404(request, lambda: result.append(services.course_enrolments_sync(access=access))):
        _sync_message(request, result[0])
    return redirect("courses:course_settings", course_id)


@login_required
@require_POST
def enrolment_add(request: HttpRequest, course_id: int) -> HttpResponse:
    """Enrol one student by the student ID number (a retake, an individual plan)."""
    access = access_or_404(request, course_id)
    require_manager(access)
    form = EnrolForm(request.POST)
    student = None
    if form.is_valid():
        student = Student.objects.filter(
            institution_id=access.course.institution_id,
            student_number=form.cleaned_data["student_number"].strip(),
        ).first()
    if student is None:
        messages.error(request, _("No student of this institution has this number."))
    else:
        run_or_404(
            request,
            lambda: services.enrolment_add(access=access, student=student),
            done=_("The student is enrolled."),
        )
    return redirect("courses:course_settings", course_id)


@login_required
@require_POST
def enrolment_remove(request: HttpRequest, course_id: int, enrolment_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_manager(access)
    enrolment = Enrolment.objects.filter(course=access.course, pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    run_or_404(
        request,
        lambda: services.enrolment_remove(access=access, enrolment=enrolment),
        done=_("The student is taken off the course."),
    )
    return redirect("courses:progress", course_id)


@login_required
def course_reuse(request: HttpRequest, course_id: int) -> HttpResponse:
    """Fill an empty course from a previous period's course of the same discipline (or
    any course the actor manages): syllabus and content, deep-copied."""
    access = access_or_404(request, course_id)
    require_manager(access)
    course = access.course
    sources = (
        selectors.course_manage_list_for(actor=access.actor)
        .exclude(pk=course.pk)
        .filter(institution_id=course.institution_id, discipline_id=course.discipline_id)
    )
    form = ReuseForm(post_data(request), sources=sources)
    return form_page(
        request,
        access=access,
        form=form,
        title=_("Reuse a course"),
        intro=_(
            "The syllabus, modules and materials of the chosen course are copied into this "
            "one; release dates move with the period. Students' progress is not copied."
        ),
        save=lambda data: services.course_content_copy(access=access, source=data["source"]),
        success_url=lambda _counts: _course_url(course.pk),
        back_url=_course_url(course.pk),
    )


@login_required
def progress(request: HttpRequest, course_id: int) -> HttpResponse:
    """Every student's progress through the materials (staff and readers; SIS-1, FP-3)."""
    access = access_or_404(request, course_id)
    rows = selectors.course_progress_for(access=access) if access.sees_all_progress else None
    if rows is None:
        raise Http404
    return render(
        request,
        "courses/progress.html",
        {"access": access, "course": access.course, "rows": rows, "tab": "students"},
    )
