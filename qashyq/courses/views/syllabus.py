"""The syllabus pages (LMS-1, LMS-2, ONL-2): read by everyone who reads the course,
edited by its teachers part by part — texts, learning outcomes, weekly topics, control
tasks with the outcomes they check, literature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qashyq.courses import selectors, services
from qashyq.courses.forms import (
    ControlTaskForm,
    LiteratureForm,
    OutcomeForm,
    SyllabusForm,
    TopicForm,
)
from qashyq.courses.models import ControlTask, LearningOutcome, LiteratureItem, WeeklyTopic
from qashyq.courses.selectors import CourseAccess
from qashyq.courses.views.common import (
    access_or_404,
    form_page,
    post_data,
    require_editor,
    run_or_404,
)


def _syllabus_url(course_id: int, anchor: str = "") -> str:
    url = reverse("courses:syllabus", args=[course_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
def syllabus(request: HttpRequest, course_id: int) -> HttpResponse:
    """The whole syllabus with the synchronous/asynchronous split of its hours (ONL-2)
    and the outcomes that no control task checks yet (LMS-1)."""
    access = access_or_404(request, course_id)
    view = selectors.syllabus_for(access=access)
    return render(
        request,
        "courses/syllabus.html",
        {
            "access": access,
            "course": access.course,
            "s": view,
            "regulation": selectors.syllabus_regulation(access=access),
            "tab": "syllabus",
        },
    )


@login_required
def syllabus_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    current = selectors.syllabus_for(access=access).syllabus
    form = SyllabusForm(
        post_data(request),
        initial={
            "description": current.description,
            "prerequisites": current.prerequisites,
            "grading_policy": current.grading_policy,
            "consultation_schedule": current.consultation_schedule,
        },
    )
    return form_page(
        request,
        access=access,
        form=form,
        title=_("Syllabus"),
        save=lambda d: services.syllabus_update(access=access, **d),
        success_url=lambda _s: _syllabus_url(course_id),
        back_url=_syllabus_url(course_id),
    )


# ---------------------------------------------------------------- parts of the syllabus


@dataclass(frozen=True)
class Part:
    """One editable list of the syllabus: its model, form, and the services."""

    model: type[Model]
    title: Promise
    anchor: str
    make_form: Callable[[CourseAccess, Any, dict[str, Any] | None], forms.Form]
    initial: Callable[[Any], dict[str, Any]]
    save: Callable[[CourseAccess, dict[str, Any], Any], Any]
    delete: Callable[[CourseAccess, Any], None]


def _control_form(access: CourseAccess, data: Any, initial: dict[str, Any] | None) -> forms.Form:  # noqa: ANN401
    return ControlTaskForm(
        data,
        outcomes=LearningOutcome.objects.filter(course=access.course).order_by("position", "pk"),
        initial=initial,
    )


PARTS: dict[str, Part] = {
    "outcomes": Part(
        model=LearningOutcome,
        title=gettext_lazy("Learning outcome"),
        anchor="outcomes",
        make_form=lambda _a, data, initial: OutcomeForm(data, initial=initial),
        initial=lambda o: {"code": o.code, "text": o.text},
        save=lambda a, d, o: services.outcome_save(
            access=a, code=d["code"], text=d["text"], outcome=o
        ),
        delete=lambda a, o: services.outcome_delete(access=a, outcome=o),
    ),
    "topics": Part(
        model=WeeklyTopic,
        title=gettext_lazy("Weekly topic"),
        anchor="topics",
        make_form=lambda _a, data, initial: TopicForm(data, initial=initial),
        initial=lambda t: {
            "week": t.week,
            "title": t.title,
            "hours_lecture": t.hours_lecture,
            "hours_practice": t.hours_practice,
            "hours_lab": t.hours_lab,
            "hours_independent": t.hours_independent,
            "delivery": t.delivery,
        },
        save=lambda a, d, t: services.topic_save(access=a, topic=t, **d),
        delete=lambda a, t: services.topic_delete(access=a, topic=t),
    ),
    "control-tasks": Part(
        model=ControlTask,
        title=gettext_lazy("Control task"),
        anchor="control",
        make_form=_control_form,
        initial=lambda t: {
            "title": t.title,
            "kind": t.kind,
            "week": t.week,
            "max_points": t.max_points,
            "outcomes": [o.pk for o in t.outcomes.all()],
        },
        save=lambda a, d, t: services.control_task_save(
            access=a,
            title=d["title"],
            kind=d["kind"],
            week=d["week"],
            max_points=d["max_points"],
            outcome_ids=[o.pk for o in d["outcomes"]],
            task=t,
        ),
        delete=lambda a, t: services.control_task_delete(access=a, task=t),
    ),
    "literature": Part(
        model=LiteratureItem,
        title=gettext_lazy("Literature"),
        anchor="literature",
        make_form=lambda _a, data, initial: LiteratureForm(data, initial=initial),
        initial=lambda i: {
            "kind": i.kind,
            "citation": i.citation,
            "url": i.url,
            "elibrary_id": i.elibrary_id,
        },
        save=lambda a, d, i: services.literature_save(access=a, item=i, **d),
        delete=lambda a, i: services.literature_delete(access=a, item=i),
    ),
}


def _part(part: str) -> Part:
    found = PARTS.get(part)
    if found is None:
        raise Http404
    return found


def _item(access: CourseAccess, spec: Part, item_id: int) -> Any:  # noqa: ANN401
    item = spec.model._default_manager.filter(course=access.course, pk=item_id).first()
    if item is None:
        raise Http404
    return item


@login_required
def part_edit(
    request: HttpRequest, course_id: int, part: str, item_id: int | None = None
) -> HttpResponse:
    """Add (no `item_id`) or change one item of a syllabus part."""
    access = access_or_404(request, course_id)
    require_editor(access)
    spec = _part(part)
    item = None if item_id is None else _item(access, spec, item_id)
    form = spec.make_form(access, post_data(request), None if item is None else spec.initial(item))
    extra: dict[str, Any] = {}
    if item is not None:
        extra = {
            "delete_url": reverse("courses:part_delete", args=[course_id, part, item.pk]),
            "delete_warning": _("This item is deleted from the syllabus."),
        }
    return form_page(
        request,
        access=access,
        form=form,
        title=str(spec.title),
        save=lambda d: spec.save(access, d, item),
        success_url=lambda _r: _syllabus_url(course_id, spec.anchor),
        back_url=_syllabus_url(course_id, spec.anchor),
        extra=extra,
    )


@login_required
@require_POST
def part_delete(request: HttpRequest, course_id: int, part: str, item_id: int) -> HttpResponse:
    access = access_or_404(request, course_id)
    require_editor(access)
    spec = _part(part)
    item = _item(access, spec, item_id)
    run_or_404(request, lambda: spec.delete(access, item), done=_("Deleted."))
    return redirect(_syllabus_url(course_id, spec.anchor))
