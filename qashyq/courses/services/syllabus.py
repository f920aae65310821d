"""Writes of the syllabus (LMS-1, LMS-2, ONL-2): its texts, learning outcomes, weekly
topics with hours and delivery, control tasks tied to the outcomes they check,
literature, the consultation schedule. Only the course's content editors write here."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from qashyq.courses.errors import CourseInvalid
from qashyq.courses.models import (
    ControlKind,
    ControlTask,
    Delivery,
    LearningOutcome,
    LiteratureItem,
    LiteratureKind,
    Syllabus,
    WeeklyTopic,
)
from qashyq.courses.selectors.courses import CourseAccess
from qashyq.courses.services.courses import next_position, require_content_editor

__all__ = [
    "control_task_delete",
    "control_task_save",
    "literature_delete",
    "literature_save",
    "outcome_delete",
    "outcome_save",
    "syllabus_update",
    "topic_delete",
    "topic_save",
]

MAX_WEEK = 30
MAX_WEEKLY_HOURS = 200


def _own(access: CourseAccess, row: object) -> None:
    if getattr(row, "course_id", None) != access.course.pk:
        raise CourseInvalid(_("This item belongs to another course."))


def _text(value: str, *, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise CourseInvalid(message, field=field)
    return value


def _week(value: int | None, *, required: bool) -> int | None:
    if value is None:
        if required:
            raise CourseInvalid(_("Give the week."), field="week")
        return None
    if not 1 <= value <= MAX_WEEK:
        raise CourseInvalid(
            _("The week is a number from 1 to %(max)d.") % {"max": MAX_WEEK}, field="week"
        )
    return value


@transaction.atomic
def syllabus_update(
    *,
    access: CourseAccess,
    description: str,
    prerequisites: str,
    grading_policy: str,
    consultation_schedule: str,
) -> Syllabus:
    """The texts of the syllabus: description, prerequisites, the course's grading policy
    and the consultation schedule (LMS-1, LMS-2, LMS-4)."""
    require_content_editor(access)
    syllabus, _created = Syllabus.objects.update_or_create(
        course=access.course,
        defaults={
            "description": description.strip(),
            "prerequisites": prerequisites.strip(),
            "grading_policy": grading_policy.strip(),
            "consultation_schedule": consultation_schedule.strip(),
        },
    )
    return syllabus


# ---------------------------------------------------------------- learning outcomes


@transaction.atomic
def outcome_save(
    *,
    access: CourseAccess,
    code: str,
    text: str,
    outcome: LearningOutcome | None = None,
) -> LearningOutcome:
    """Add a learning outcome (LO1, LO2 …) or change one."""
    require_content_editor(access)
    code = _text(code, field="code", message=_("Give the outcome a code, e.g. LO1."))[:12]
    text = _text(text, field="text", message=_("Describe the learning outcome."))
    taken = LearningOutcome.objects.filter(course=access.course, code__iexact=code)
    if outcome is not None:
        _own(access, outcome)
        taken = taken.exclude(pk=outcome.pk)
    if taken.exists():
        raise CourseInvalid(_("Another outcome of this course has this code."), field="code")
    if outcome is None:
        outcome = LearningOutcome(
            course=access.course,
            position=next_position(LearningOutcome.objects.filter(course=access.course)),
        )
    outcome.code, outcome.text = code, text
    outcome.save()
    return outcome


@transaction.atomic
def outcome_delete(*, access: CourseAccess, outcome: LearningOutcome) -> None:
    """Remove an outcome; control tasks that checked it no longer do."""
    require_content_editor(access)
    _own(access, outcome)
    outcome.delete()


# ---------------------------------------------------------------- weekly topics (ONL-2)


@transaction.atomic
def topic_save(
    *,
    access: CourseAccess,
    week: int,
    title: str,
    hours_lecture: int = 0,
    hours_practice: int = 0,
    hours_lab: int = 0,
    hours_independent: int = 0,
    delivery: str = Delivery.SYNCHRONOUS,
    topic: WeeklyTopic | None = None,
) -> WeeklyTopic:
    """A line of the calendar-thematic plan: the week, the topic, its hours by type and
    how it is delivered (synchronous, asynchronous, in person) — the hours by delivery
    give the discipline's synchronous/asynchronous split (ONL-2)."""
    require_content_editor(access)
    checked_week = _week(week, required=True)
    title = _text(title, field="title", message=_("Give the topic."))[:300]
    hours = {
        "hours_lecture": hours_lecture,
        "hours_practice": hours_practice,
        "hours_lab": hours_lab,
        "hours_independent": hours_independent,
    }
    for name, value in hours.items():
        if not 0 <= value <= MAX_WEEKLY_HOURS:
            raise CourseInvalid(
                _("Hours are a number from 0 to %(max)d.") % {"max": MAX_WEEKLY_HOURS},
                field=name,
            )
    if sum(hours.values()) == 0:
        raise CourseInvalid(_("Give the hours of the topic."), field="hours_lecture")
    if delivery not in Delivery.values:
        raise CourseInvalid(_("Choose how the topic is delivered."), field="delivery")
    if topic is None:
        topic = WeeklyTopic(course=access.course)
    else:
        _own(access, topic)
    topic.week = checked_week or 1
    topic.title = title
    topic.delivery = delivery
    for name, value in hours.items():
        setattr(topic, name, value)
    topic.save()
    return topic


@transaction.atomic
def topic_delete(*, access: CourseAccess, topic: WeeklyTopic) -> None:
    require_content_editor(access)
    _own(access, topic)
    topic.delete()


# ---------------------------------------------------------------- control tasks (LMS-2)


@transaction.atomic
def control_task_save(
    *,
    access: CourseAccess,
    title: str,
    kind: str,
    max_points: int,
    outcome_ids: Sequence[int],
    week: int | None = None,
    task: ControlTask | None = None,
) -> ControlTask:
    """A control task (current, midterm, final) and the learning outcomes it checks:
    every task checks at least one outcome of this course (LMS-1)."""
    require_content_editor(access)
    title = _text(title, field="title", message=_("Give the task a title."))[:300]
    if kind not in ControlKind.values:
        raise CourseInvalid(_("Choose the kind of control."), field="kind")
    if not 1 <= max_points <= 1000:
        raise CourseInvalid(_("Maximum points are from 1 to 1000."), field="max_points")
    wanted = set(outcome_ids)
    outcomes = list(LearningOutcome.objects.filter(course=access.course, pk__in=wanted))
    if not wanted:
        raise CourseInvalid(_("Tie the task to the learning outcomes it checks."), field="outcomes")
    if len(outcomes) != len(wanted):
        raise CourseInvalid(_("Choose outcomes of this course."), field="outcomes")
    if task is None:
        task = ControlTask(course=access.course)
    else:
        _own(access, task)
    task.title, task.kind, task.max_points = title, kind, max_points
    task.week = _week(week, required=False)
    task.save()
    task.outcomes.set(outcomes)
    return task


@transaction.atomic
def control_task_delete(*, access: CourseAccess, task: ControlTask) -> None:
    require_content_editor(access)
    _own(access, task)
    task.delete()


# ---------------------------------------------------------------- literature


@transaction.atomic
def literature_save(
    *,
    access: CourseAccess,
    kind: str,
    citation: str,
    url: str = "",
    elibrary_id: str = "",
    item: LiteratureItem | None = None,
) -> LiteratureItem:
    """Main or additional literature: the reference, a link, the e-library record."""
    require_content_editor(access)
    if kind not in LiteratureKind.values:
        raise CourseInvalid(_("Choose main or additional literature."), field="kind")
    citation = _text(citation, field="citation", message=_("Give the reference."))
    url = url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise CourseInvalid(_("A link starts with http:// or https://."), field="url")
    if len(url) > 200:
        raise CourseInvalid(_("This link is too long."), field="url")
    if item is None:
        item = LiteratureItem(
            course=access.course,
            position=next_position(LiteratureItem.objects.filter(course=access.course, kind=kind)),
        )
    else:
        _own(access, item)
    item.kind, item.citation, item.url = kind, citation, url
    item.elibrary_id = elibrary_id.strip()[:100]
    item.save()
    return item


@transaction.atomic
def literature_delete(*, access: CourseAccess, item: LiteratureItem) -> None:
    require_content_editor(access)
    _own(access, item)
    item.delete()
