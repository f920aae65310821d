"""Writes of courses: creation from a discipline and a period with teachers, tutors and
groups; enrolments generated from the groups' individual study plans (SIS-4); status;
reuse of a previous period's course (a deep copy of its syllabus and content).

The only place that changes courses. Every function re-checks who may do it (SEC-2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.core.cache import generation_bump
from qashyq.core.scope import ActorScope
from qashyq.courses.errors import (
    ContentNotEmpty,
    CourseChangeForbidden,
    CourseExists,
    CourseInvalid,
)
from qashyq.courses.models import (
    ControlTask,
    Course,
    CourseGroup,
    CourseRole,
    CourseStaff,
    CourseStatus,
    Enrolment,
    LearningOutcome,
    LiteratureItem,
    Material,
    Module,
    Syllabus,
    WeeklyTopic,
)
from qashyq.courses.permissions import can_manage_course
from qashyq.courses.selectors.courses import CourseAccess
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record
from qashyq.institutions.models import AcademicPeriod, Discipline, PeriodKind, StudentGroup
from qashyq.people.models import PlanItemStatus, Staff, Student, StudentStatus, StudyPlanItem

__all__ = [
    "EnrolmentSync",
    "course_content_copy",
    "course_create",
    "course_enrolments_sync",
    "course_groups_set",
    "course_staff_set",
    "course_status_set",
    "course_touch",
    "enrolment_add",
    "enrolment_remove",
    "group_semester",
    "next_position",
    "require_content_editor",
    "require_manager",
]


# ---------------------------------------------------------------- cache


def course_touch(course_id: int) -> None:
    """The course's cached reads (its card, enrolments, students' rendered pages) go
    stale: now, and again on commit for readers in between (ADR 0014, ADR 0018)."""
    name = f"course-{course_id}"
    generation_bump(name)
    transaction.on_commit(lambda: generation_bump(name))


# ---------------------------------------------------------------- checks


def require_manager(access: CourseAccess) -> None:
    """SEC-2: only the course's managers change the course itself (403 for other readers)."""
    if not access.can_manage:
        raise CourseChangeForbidden(
            _(
                "Only the head of the department, the Office Registrar or the "
                "distance-learning unit may change this course."
            )
        )


def require_content_editor(access: CourseAccess) -> None:
    """SEC-2: only the course's teachers (and the distance-learning unit) edit content."""
    if not access.can_edit:
        raise CourseChangeForbidden(
            _("Only the teachers of this course may change its syllabus and content.")
        )


def _require_manager_of(actor: ActorScope, discipline: Discipline) -> None:
    department = discipline.department
    if not can_manage_course(
        actor,
        institution_id=department.faculty.institution_id,
        department_id=department.pk,
    ):
        raise CourseChangeForbidden(
            _(
                "Only the head of the department, the Office Registrar or the "
                "distance-learning unit may open a course of this discipline."
            )
        )


def _check_same_institution(
    institution_id: int,
    *,
    period: AcademicPeriod,
    staff: Iterable[Staff],
    groups: Iterable[StudentGroup],
) -> None:
    if period.academic_year.institution_id != institution_id:
        raise CourseInvalid(
            _("The academic period belongs to another institution."), field="period"
        )
    for member in staff:
        if member.institution_id != institution_id:
            raise CourseInvalid(
                _("%(name)s works at another institution.") % {"name": str(member)},
                field="teachers",
            )
    for group in groups:
        if group.program.institution_id != institution_id:
            raise CourseInvalid(
                _("Group %(code)s belongs to another institution.") % {"code": group.code},
                field="groups",
            )


def _default_code(discipline: Discipline, period: AcademicPeriod, language: str) -> str:
    """E.g. INF101-2025-1-kk: discipline, first year of the academic year, period, language."""
    kind = "" if period.kind == PeriodKind.SEMESTER else period.kind[:2].upper()
    return f"{discipline.code}-{period.academic_year.start_year}-{kind}{period.number}-{language}"[
        :40
    ]


# ---------------------------------------------------------------- creation


@transaction.atomic
def course_create(
    *,
    actor: ActorScope,
    discipline: Discipline,
    period: AcademicPeriod,
    language: str,
    code: str = "",
    teachers: Sequence[Staff] = (),
    tutors: Sequence[Staff] = (),
    assistants: Sequence[Staff] = (),
    groups: Sequence[StudentGroup] = (),
) -> Course:
    """Open the course of a discipline for an academic period and language of instruction,
    with its teachers, tutors, assistants and groups; its students are enrolled from the
    groups' individual study plans (SIS-4). The syllabus starts empty (LMS-2)."""
    _require_manager_of(actor, discipline)
    institution_id = discipline.department.faculty.institution_id
    _check_same_institution(
        institution_id, period=period, staff=[*teachers, *tutors, *assistants], groups=groups
    )
    given = code.strip()
    code = given or _default_code(discipline, period, language)
    if not given and Course.objects.filter(institution_id=institution_id, code=code).exists():
        code = f"{discipline.department.code}-{code}"[:40]  # the same code in two departments
    if Course.objects.filter(discipline=discipline, period=period, language=language).exists():
        raise CourseExists(
            _("This discipline already has a course in this period and language."),
            field="discipline",
        )
    if Course.objects.filter(institution_id=institution_id, code=code).exists():
        raise CourseExists(_("A course with this code already exists."), field="code")
    try:
        with transaction.atomic():
            course = Course.objects.create(
                institution_id=institution_id,
                discipline=discipline,
                period=period,
                language=language,
                code=code,
            )
    except IntegrityError:
        raise CourseExists(
            _("This discipline already has a course in this period and language."),
            field="discipline",
        ) from None
    Syllabus.objects.create(course=course)
    _staff_write(course, teachers=teachers, tutors=tutors, assistants=assistants)
    CourseGroup.objects.bulk_create([CourseGroup(course=course, group=g) for g in groups])
    _enrolments_sync(course)
    return course


def _staff_write(
    course: Course,
    *,
    teachers: Sequence[Staff],
    tutors: Sequence[Staff],
    assistants: Sequence[Staff],
) -> None:
    rows = {
        (member.pk, role)
        for role, people in (
            (CourseRole.TEACHER, teachers),
            (CourseRole.TUTOR, tutors),
            (CourseRole.ASSISTANT, assistants),
        )
        for member in people
    }
    CourseStaff.objects.filter(course=course).delete()
    CourseStaff.objects.bulk_create(
        [CourseStaff(course=course, staff_id=pk, role=role) for pk, role in sorted(rows)]
    )


@transaction.atomic
def course_staff_set(
    *,
    access: CourseAccess,
    teachers: Sequence[Staff],
    tutors: Sequence[Staff] = (),
    assistants: Sequence[Staff] = (),
) -> None:
    """Replace the course's teachers, tutors and assistants."""
    require_manager(access)
    course = access.course
    _check_same_institution(
        course.institution_id,
        period=course.period,
        staff=[*teachers, *tutors, *assistants],
        groups=(),
    )
    _staff_write(course, teachers=teachers, tutors=tutors, assistants=assistants)
    course_touch(course.pk)


@transaction.atomic
def course_groups_set(*, access: CourseAccess, groups: Sequence[StudentGroup]) -> EnrolmentSync:
    """Replace the course's groups and enrol their students again from the study plans."""
    require_manager(access)
    course = access.course
    _check_same_institution(course.institution_id, period=course.period, staff=(), groups=groups)
    CourseGroup.objects.filter(course=course).exclude(group__in=list(groups)).delete()
    present = set(CourseGroup.objects.filter(course=course).values_list("group_id", flat=True))
    CourseGroup.objects.bulk_create(
        [CourseGroup(course=course, group=g) for g in groups if g.pk not in present]
    )
    course_touch(course.pk)
    return _enrolments_sync(course)


# ---------------------------------------------------------------- enrolments (SIS-4)


@dataclass(frozen=True)
class EnrolmentSync:
    added: int
    reactivated: int
    deactivated: int


def group_semester(*, period: AcademicPeriod, admission_year: int) -> int | None:
    """The semester of the program a group of `admission_year` studies in `period`
    (autumn = odd, spring = even; CAL-6); None for a summer or other non-semester period."""
    if period.kind != PeriodKind.SEMESTER:
        return None
    return 2 * (period.academic_year.start_year - admission_year) + period.number


def _plan_items(course: Course) -> dict[int, int]:
    """student id → plan item id: the enrolled students of the course's groups whose
    individual study plan has the discipline in the semester the period is (SIS-4).
    A summer period takes every planned (not completed, not dropped) item."""
    found: dict[int, int] = {}
    groups = list(StudentGroup.objects.filter(courses__course=course))
    for group in groups:
        items = StudyPlanItem.objects.filter(
            student__group=group,
            student__status=StudentStatus.ENROLLED,
            discipline_id=course.discipline_id,
        ).exclude(status=PlanItemStatus.DROPPED)
        semester = group_semester(period=course.period, admission_year=group.admission_year)
        if semester is None:
            items = items.filter(status=PlanItemStatus.PLANNED)
        else:
            items = items.filter(semester=semester)
        found.update(items.values_list("student_id", "pk"))
    return found


def _enrolments_sync(course: Course) -> EnrolmentSync:
    wanted = _plan_items(course)
    existing = {e.student_id: e for e in Enrolment.objects.filter(course=course)}
    new = [
        Enrolment(course=course, student_id=sid, plan_item_id=item_id)
        for sid, item_id in wanted.items()
        if sid not in existing
    ]
    Enrolment.objects.bulk_create(new, batch_size=1000)
    reactivate = [e.pk for sid, e in existing.items() if sid in wanted and not e.is_active]
    Enrolment.objects.filter(pk__in=reactivate).update(is_active=True, updated_at=timezone.now())
    # Only enrolments that came from a plan leave with it; a hand-made one stays.
    deactivate = [
        e.pk
        for sid, e in existing.items()
        if sid not in wanted and e.is_active and e.plan_item_id is not None
    ]
    Enrolment.objects.filter(pk__in=deactivate).update(is_active=False, updated_at=timezone.now())
    return EnrolmentSync(added=len(new), reactivated=len(reactivate), deactivated=len(deactivate))


@transaction.atomic
def course_enrolments_sync(*, access: CourseAccess) -> EnrolmentSync:
    """Enrol the course's groups again from their study plans: new students in, students
    who left the group or dropped the discipline out (their progress is kept)."""
    require_manager(access)
    course_touch(access.course.pk)
    return _enrolments_sync(access.course)


@transaction.atomic
def enrolment_add(*, access: CourseAccess, student: Student) -> Enrolment:
    """Enrol one student by hand (an individual plan, a retake, academic mobility)."""
    require_manager(access)
    course = access.course
    if student.institution_id != course.institution_id:
        raise CourseInvalid(_("The student studies at another institution."), field="student")
    enrolment, created = Enrolment.objects.get_or_create(course=course, student=student)
    if not created and not enrolment.is_active:
        enrolment.is_active = True
        enrolment.save(update_fields=["is_active", "updated_at"])
    course_touch(course.pk)
    return enrolment


@transaction.atomic
def enrolment_remove(*, access: CourseAccess, enrolment: Enrolment) -> None:
    """Take a student off the course; the row stays inactive so progress is kept."""
    require_manager(access)
    if enrolment.course_id != access.course.pk:
        raise CourseInvalid(_("This student is not on this course."), field="student")
    enrolment.is_active = False
    enrolment.save(update_fields=["is_active", "updated_at"])
    course_touch(access.course.pk)


# ---------------------------------------------------------------- status


@transaction.atomic
def course_status_set(*, access: CourseAccess, status: str) -> Course:
    """Publish (students see the course), archive (read-only after the period) or take
    back to draft. Publishing is recorded in the teacher's footprint (FP-4)."""
    if not access.can_edit:
        require_manager(access)
    if status not in CourseStatus.values:
        raise CourseInvalid(_("Unknown course status."), field="status")
    # A fresh row: the access's course is shared by the process's cache (core.cache).
    course = Course.objects.get(pk=access.course.pk)
    if course.status == status:
        return course
    course.status = status
    course.save(update_fields=["status", "updated_at"])
    course_touch(course.pk)
    if status == CourseStatus.PUBLISHED:
        footprint_record(
            action=Action(
                actor_id=access.actor.user_id,
                verb=Verb.PUBLISHED,
                object_type=ActivityType.COURSE,
                object_id=str(course.pk),
                object_name=course.code,
                course_id=course.pk,
            )
        )
    return course


# ---------------------------------------------------------------- reuse (deep copy)


def _has_content(course: Course) -> bool:
    return (
        LearningOutcome.objects.filter(course=course).exists()
        or WeeklyTopic.objects.filter(course=course).exists()
        or ControlTask.objects.filter(course=course).exists()
        or LiteratureItem.objects.filter(course=course).exists()
        or Module.objects.filter(course=course).exists()
    )


def _shift(value: dt.datetime | None, delta: dt.timedelta) -> dt.datetime | None:
    return None if value is None else value + delta


@transaction.atomic
def course_content_copy(*, access: CourseAccess, source: Course) -> dict[str, int]:
    """Reuse a course: copy the syllabus (texts, outcomes, weekly topics, control tasks
    with the outcomes they check, literature) and the content (modules and materials,
    hidden flags, release dates moved by the distance between the two periods' starts)
    from `source` into the access's course, which must have no content yet. Files are
    shared, not duplicated: the stored file stays until no material uses it. Students'
    progress is not copied. Returns the number of rows copied per part."""
    require_manager(access)
    target = access.course
    if source.pk == target.pk:
        raise CourseInvalid(_("A course cannot be reused into itself."), field="source")
    if source.institution_id != target.institution_id:
        raise CourseInvalid(_("The course belongs to another institution."), field="source")
    if _has_content(target):
        raise ContentNotEmpty(
            _("This course already has a syllabus or content; reuse fills an empty course only."),
            field="source",
        )
    delta = dt.timedelta(days=(target.period.starts_on - source.period.starts_on).days)
    counts: dict[str, int] = {}

    old = Syllabus.objects.filter(course=source).first()
    if old is not None:
        Syllabus.objects.update_or_create(
            course=target,
            defaults={
                "description": old.description,
                "prerequisites": old.prerequisites,
                "grading_policy": old.grading_policy,
                "consultation_schedule": old.consultation_schedule,
            },
        )
    outcome_map: dict[int, LearningOutcome] = {}
    for outcome in LearningOutcome.objects.filter(course=source).order_by("position", "pk"):
        outcome_map[outcome.pk] = LearningOutcome(
            course=target, code=outcome.code, text=outcome.text, position=outcome.position
        )
    LearningOutcome.objects.bulk_create(list(outcome_map.values()))
    counts["outcomes"] = len(outcome_map)

    topics = [
        WeeklyTopic(
            course=target,
            week=t.week,
            title=t.title,
            hours_lecture=t.hours_lecture,
            hours_practice=t.hours_practice,
            hours_lab=t.hours_lab,
            hours_independent=t.hours_independent,
            delivery=t.delivery,
        )
        for t in WeeklyTopic.objects.filter(course=source).order_by("week", "pk")
    ]
    WeeklyTopic.objects.bulk_create(topics)
    counts["topics"] = len(topics)

    tasks = list(
        ControlTask.objects.filter(course=source).prefetch_related("outcomes").order_by("pk")
    )
    new_tasks = [
        ControlTask(course=target, title=t.title, kind=t.kind, week=t.week, max_points=t.max_points)
        for t in tasks
    ]
    ControlTask.objects.bulk_create(new_tasks)
    links = [
        ControlTask.outcomes.through(controltask_id=new.pk, learningoutcome_id=outcome_map[o.pk].pk)
        for old_task, new in zip(tasks, new_tasks, strict=True)
        for o in old_task.outcomes.all()
        if o.pk in outcome_map
    ]
    ControlTask.outcomes.through.objects.bulk_create(links)
    counts["control_tasks"] = len(new_tasks)

    literature = [
        LiteratureItem(
            course=target,
            kind=i.kind,
            citation=i.citation,
            url=i.url,
            elibrary_id=i.elibrary_id,
            position=i.position,
        )
        for i in LiteratureItem.objects.filter(course=source).order_by("pk")
    ]
    LiteratureItem.objects.bulk_create(literature)
    counts["literature"] = len(literature)

    modules = list(Module.objects.filter(course=source).order_by("position", "pk"))
    new_modules = [
        Module(
            course=target,
            title=m.title,
            week=m.week,
            position=m.position,
            is_hidden=m.is_hidden,
            release_at=_shift(m.release_at, delta),
        )
        for m in modules
    ]
    Module.objects.bulk_create(new_modules)
    module_map = {old.pk: new.pk for old, new in zip(modules, new_modules, strict=True)}
    materials = [
        Material(
            module_id=module_map[m.module_id],
            kind=m.kind,
            title=m.title,
            body=m.body,
            file=m.file.name,
            url=m.url,
            mime_type=m.mime_type,
            size_bytes=m.size_bytes,
            duration_seconds=m.duration_seconds,
            position=m.position,
            is_hidden=m.is_hidden,
            release_at=_shift(m.release_at, delta),
            completion_required=m.completion_required,
        )
        for m in Material.objects.filter(module__course=source).order_by("pk")
    ]
    Material.objects.bulk_create(materials, batch_size=500)
    counts["modules"] = len(new_modules)
    counts["materials"] = len(materials)
    target.copied_from = source
    target.save(update_fields=["copied_from", "updated_at"])
    course_touch(target.pk)
    return counts


def next_position(queryset: QuerySet[Any]) -> int:
    """One past the highest position in `queryset` (rows with a `position` field)."""
    highest = queryset.aggregate(top=Max("position"))["top"]
    return 0 if highest is None else int(highest) + 1
