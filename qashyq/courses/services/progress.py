"""Progress through materials (LMS-1, SIS-1) and the footprint of what students and
teachers do in a course (FP-1, FP-2, FP-4): one footprint call per action.

- a course page opened: VIEWED course (students and the course's staff);
- a material opened: VIEWED material; a student's progress row counts the opening;
- a file downloaded whole: DOWNLOADED material (a range request of a video being
  played is not a new action and records nothing);
- a material marked completed: COMPLETED material, and COMPLETED course when it was the
  last required material the student had left.
Readers who are neither students nor staff of the course (a dean, the registrar) leave
no footprint here: they are not learning or teaching.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.core.cache import generation_bump
from qashyq.courses.errors import CourseChangeForbidden
from qashyq.courses.models import Material, MaterialProgress
from qashyq.courses.selectors.content import required_left
from qashyq.courses.selectors.courses import CourseAccess
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record

__all__ = [
    "course_visit",
    "material_complete",
    "material_download",
    "material_open",
    "progress_touch",
]


def _record(
    access: CourseAccess,
    verb: Verb,
    material: Material | None,
    *,
    when: dt.datetime,
    result: dict[str, object] | None = None,
) -> None:
    course = access.course
    footprint_record(
        action=Action(
            actor_id=access.actor.user_id,
            verb=verb,
            object_type=ActivityType.MATERIAL if material else ActivityType.COURSE,
            object_id=str(material.pk if material else course.pk),
            object_name=material.title if material else course.code,
            course_id=course.pk,
            occurred_at=when,
            result=result or {},
            context={"role": "student" if access.is_student else "staff"},
        )
    )


def _participant(access: CourseAccess) -> bool:
    return access.is_student or access.is_course_staff


def course_visit(*, access: CourseAccess, now: dt.datetime | None = None) -> None:
    """The course page was opened (FP-3: statistics of access to courses)."""
    if _participant(access):
        _record(access, Verb.VIEWED, None, when=now or timezone.now())


def progress_touch(student_id: int) -> None:
    """The student's cached course pages show "opened" and "completed": stale now."""
    name = f"progress-{student_id}"
    generation_bump(name)
    transaction.on_commit(lambda: generation_bump(name))


def _opened(access: CourseAccess, material: Material, when: dt.datetime) -> None:
    student_id = access.student_id
    if student_id is None:
        return
    progress_touch(student_id)
    rows = MaterialProgress.objects.filter(material=material, student_id=student_id)
    if rows.update(last_opened_at=when, opened_count=F("opened_count") + 1):
        return
    try:
        with transaction.atomic():
            MaterialProgress.objects.create(
                material=material,
                student_id=student_id,
                first_opened_at=when,
                last_opened_at=when,
                opened_count=1,
            )
    except IntegrityError:  # opened twice at the same moment: count it
        rows.update(last_opened_at=when, opened_count=F("opened_count") + 1)


@transaction.atomic
def material_open(
    *, access: CourseAccess, material: Material, now: dt.datetime | None = None
) -> None:
    """A student or teacher opened a material: the student's progress counts it and the
    footprint records it."""
    if not _participant(access):
        return
    when = now or timezone.now()
    _opened(access, material, when)
    _record(access, Verb.VIEWED, material, when=when)


@transaction.atomic
def material_download(
    *, access: CourseAccess, material: Material, now: dt.datetime | None = None
) -> None:
    """The whole file of a material was requested (not a range of it)."""
    if not _participant(access):
        return
    when = now or timezone.now()
    _opened(access, material, when)
    _record(access, Verb.DOWNLOADED, material, when=when, result={"bytes": material.size_bytes})


@transaction.atomic
def material_complete(
    *, access: CourseAccess, material: Material, now: dt.datetime | None = None
) -> MaterialProgress:
    """A student marks a material as completed (idempotent: completing twice records once).
    When no required material is left, the course is recorded as completed too."""
    student_id = access.student_id
    if student_id is None:
        raise CourseChangeForbidden(_("Only the course's students mark materials completed."))
    when = now or timezone.now()
    progress, _created = MaterialProgress.objects.select_for_update().get_or_create(
        material=material,
        student_id=student_id,
        defaults={"first_opened_at": when, "last_opened_at": when, "opened_count": 1},
    )
    if progress.completed_at is not None:
        return progress
    progress.completed_at = when
    progress.save(update_fields=["completed_at"])
    progress_touch(student_id)
    _record(access, Verb.COMPLETED, material, when=when, result={"completion": True})
    if material.completion_required and required_left(access=access, now=when) == 0:
        _record(access, Verb.COMPLETED, None, when=when, result={"completion": True})
    return progress
