"""Reads of a course's content and syllabus, as one actor may see them (SEC-2).

A student sees released content only: neither the module nor the material is hidden,
and both release dates (if any) have passed. Staff and other readers see everything,
with what is hidden or scheduled marked. Each read fetches what its page renders in a
fixed number of queries (no N+1).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from qashyq.courses.models import (
    ControlTask,
    Delivery,
    Enrolment,
    LearningOutcome,
    LiteratureItem,
    LiteratureKind,
    Material,
    MaterialProgress,
    Module,
    Syllabus,
    WeeklyTopic,
)
from qashyq.courses.selectors.courses import CourseAccess, not_found, released_q
from qashyq.footprint.data import ActivityType, Verb
from qashyq.footprint.models import Event
from qashyq.regulations.data import Report
from qashyq.regulations.selectors import check as regulation_check

__all__ = [
    "CoursePage",
    "DeliverySplit",
    "MaterialRow",
    "ModuleRow",
    "StudentProgress",
    "SyllabusView",
    "course_page",
    "course_progress_for",
    "material_completed",
    "material_get_for",
    "material_views_between",
    "module_get_for",
    "module_list_for",
    "required_left",
    "syllabus_for",
    "syllabus_regulation",
]

PAGE_FIELDS = (
    "id",
    "module_id",
    "kind",
    "title",
    "file",
    "url",
    "mime_type",
    "size_bytes",
    "duration_seconds",
    "position",
    "is_hidden",
    "release_at",
    "completion_required",
)


def _module_released_q(now: dt.datetime) -> Q:
    return Q(is_hidden=False) & (Q(release_at__isnull=True) | Q(release_at__lte=now))


def _is_released(row: Module | Material, now: dt.datetime) -> bool:
    return not row.is_hidden and (row.release_at is None or row.release_at <= now)


# ---------------------------------------------------------------- the course page


@dataclass(frozen=True)
class MaterialRow:
    material: Material
    released: bool
    opened: bool = False
    completed: bool = False

    @property
    def minutes(self) -> int:
        """The duration of a recording in whole minutes (rounded up)."""
        return (int(self.material.duration_seconds or 0) + 59) // 60


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    released: bool
    materials: list[MaterialRow] = field(default_factory=list)


@dataclass(frozen=True)
class CoursePage:
    access: CourseAccess
    modules: list[ModuleRow]
    required: int  # released materials that count towards progress
    completed: int  # of those, completed by the student
    # The next moment a hidden-by-date module or material opens (what a student sees
    # changes then): a cached rendering is good until it.
    next_release_at: dt.datetime | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.required) if self.required else 0


def course_page(*, access: CourseAccess, now: dt.datetime | None = None) -> CoursePage:
    """Modules and materials of the course page, with the student's progress: three
    queries for a student (modules, materials without their text, progress), two for
    staff. Everything of the course is read and a student's view is filtered here, so
    the next release time comes with it at no cost."""
    now = now or timezone.now()
    course = access.course
    modules = list(Module.objects.filter(course=course).order_by("position", "pk"))
    by_module: dict[int, list[Material]] = defaultdict(list)
    for material in (
        Material.objects.filter(module__course=course).only(*PAGE_FIELDS).order_by("position", "pk")
    ):
        by_module[material.module_id].append(material)
    opened: set[int] = set()
    completed: set[int] = set()
    if access.student_id is not None:
        for material_id, completed_at in MaterialProgress.objects.filter(
            student_id=access.student_id, material__module__course=course
        ).values_list("material_id", "completed_at"):
            opened.add(material_id)
            if completed_at is not None:
                completed.add(material_id)
    student = access.as_student
    candidates: list[Module | Material] = [*modules]
    for materials in by_module.values():
        candidates.extend(materials)
    upcoming = [
        row.release_at
        for row in candidates
        if not row.is_hidden and row.release_at is not None and row.release_at > now
    ]
    rows: list[ModuleRow] = []
    required = done = 0
    for module in modules:
        module_open = _is_released(module, now)
        if student and not module_open:
            continue
        row = ModuleRow(module=module, released=module_open)
        for material in by_module.get(module.pk, []):
            released = module_open and _is_released(material, now)
            if student and not released:
                continue
            row.materials.append(
                MaterialRow(
                    material=material,
                    released=released,
                    opened=material.pk in opened,
                    completed=material.pk in completed,
                )
            )
            if released and material.completion_required:
                required += 1
                done += material.pk in completed
        rows.append(row)
    return CoursePage(
        access=access,
        modules=rows,
        required=required,
        completed=done,
        next_release_at=min(upcoming) if upcoming else None,
    )


def module_list_for(*, access: CourseAccess) -> QuerySet[Module]:
    """The course's modules (all for staff, released for students), in order."""
    modules = Module.objects.filter(course=access.course)
    if access.as_student:
        modules = modules.filter(_module_released_q(timezone.now()))
    return modules.order_by("position", "pk")


def module_get_for(*, access: CourseAccess, module_id: object) -> Module:
    """One module of the course the actor may see, or CourseNotFound."""
    try:
        return module_list_for(access=access).get(pk=int(str(module_id)))
    except (Module.DoesNotExist, ValueError, TypeError):
        raise not_found() from None


def material_get_for(
    *, access: CourseAccess, material_id: object, now: dt.datetime | None = None
) -> Material:
    """One material of the course with its module; a student gets CourseNotFound for a
    hidden or not yet released one, as for an absent one (SEC-2)."""
    try:
        pk = int(str(material_id))
    except (TypeError, ValueError):
        raise not_found() from None
    materials = Material.objects.filter(module__course=access.course, pk=pk).select_related(
        "module"
    )
    if access.as_student:
        materials = materials.filter(released_q(now or timezone.now()))
    material = materials.first()
    if material is None:
        raise not_found()
    return material


def required_left(*, access: CourseAccess, now: dt.datetime | None = None) -> int:
    """How many released required materials the student has not completed yet."""
    if access.student_id is None:
        return 0
    now = now or timezone.now()
    required = Material.objects.filter(
        released_q(now), module__course=access.course, completion_required=True
    )
    done = MaterialProgress.objects.filter(
        student_id=access.student_id,
        material__in=required,
        completed_at__isnull=False,
    ).count()
    return required.count() - done


# ---------------------------------------------------------------- the syllabus


@dataclass(frozen=True)
class DeliverySplit:
    """Hours of the calendar-thematic plan by delivery (ONL-2: synchronous ≥ 20 % of the
    volume for the online form, unless the discipline is MOOC-based)."""

    synchronous: int
    asynchronous: int
    in_person: int
    discipline_hours: int

    @property
    def total(self) -> int:
        return self.synchronous + self.asynchronous + self.in_person

    @property
    def synchronous_percent(self) -> float:
        return round(100 * self.synchronous / self.total, 1) if self.total else 0.0

    @property
    def asynchronous_percent(self) -> float:
        return round(100 * self.asynchronous / self.total, 1) if self.total else 0.0

    @property
    def in_person_percent(self) -> float:
        return round(100 * self.in_person / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class SyllabusView:
    syllabus: Syllabus
    outcomes: list[LearningOutcome]
    topics: list[WeeklyTopic]
    control_tasks: list[ControlTask]
    main_literature: list[LiteratureItem]
    additional_literature: list[LiteratureItem]
    split: DeliverySplit

    @property
    def uncovered_outcomes(self) -> list[LearningOutcome]:
        """Outcomes no control task checks (LMS-1: tasks are tied to outcomes)."""
        covered = {o.pk for t in self.control_tasks for o in t.outcomes.all()}
        return [o for o in self.outcomes if o.pk not in covered]


def delivery_split(*, topics: list[WeeklyTopic], discipline_hours: int) -> DeliverySplit:
    hours: dict[str, int] = defaultdict(int)
    for topic in topics:
        hours[topic.delivery] += (
            topic.hours_lecture + topic.hours_practice + topic.hours_lab + topic.hours_independent
        )
    return DeliverySplit(
        synchronous=hours[Delivery.SYNCHRONOUS],
        asynchronous=hours[Delivery.ASYNCHRONOUS],
        in_person=hours[Delivery.IN_PERSON],
        discipline_hours=discipline_hours,
    )


def syllabus_regulation(*, access: CourseAccess) -> Report:
    """The rule engine's verdicts on the course's discipline as of the period's start
    (ONL-2: synchronous share for the online form; LIM-5: share at a distance), with
    citations."""
    course = access.course
    return regulation_check(
        course.discipline, as_of=course.period.starts_on, institution=course.institution
    )


def syllabus_for(*, access: CourseAccess) -> SyllabusView:
    """The whole syllabus in six queries: texts, outcomes, topics, control tasks with their
    outcomes, literature."""
    course = access.course
    syllabus = Syllabus.objects.filter(course=course).first() or Syllabus(course=course)
    outcomes = list(LearningOutcome.objects.filter(course=course).order_by("position", "pk"))
    topics = list(WeeklyTopic.objects.filter(course=course).order_by("week", "pk"))
    tasks = list(
        ControlTask.objects.filter(course=course)
        .prefetch_related(
            Prefetch("outcomes", queryset=LearningOutcome.objects.order_by("position", "pk"))
        )
        .order_by("week", "pk")
    )
    literature = list(LiteratureItem.objects.filter(course=course).order_by("position", "pk"))
    return SyllabusView(
        syllabus=syllabus,
        outcomes=outcomes,
        topics=topics,
        control_tasks=tasks,
        main_literature=[i for i in literature if i.kind == LiteratureKind.MAIN],
        additional_literature=[i for i in literature if i.kind == LiteratureKind.ADDITIONAL],
        split=delivery_split(topics=topics, discipline_hours=course.discipline.total_hours),
    )


# ---------------------------------------------------------------- progress (SIS-1, FP-3)


@dataclass(frozen=True)
class StudentProgress:
    enrolment: Enrolment
    opened: int
    completed: int
    required: int
    last_opened_at: dt.datetime | None

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.required) if self.required else 0


def course_progress_for(
    *, access: CourseAccess, now: dt.datetime | None = None
) -> list[StudentProgress]:
    """Every active student of the course with what they opened and completed of the
    released materials (three queries). Staff and other readers only; a student gets
    CourseNotFound (they see their own progress on the course page)."""
    if not access.sees_all_progress:
        raise not_found()
    now = now or timezone.now()
    enrolments = list(
        Enrolment.objects.filter(course=access.course, is_active=True)
        .select_related("student__user", "student__group")
        .order_by("student__user__last_name", "student__user__first_name", "pk")
    )
    released = Material.objects.filter(released_q(now), module__course=access.course)
    required_ids = set(released.filter(completion_required=True).values_list("pk", flat=True))
    figures = {
        row["student_id"]: row
        for row in MaterialProgress.objects.filter(material__module__course=access.course)
        .values("student_id")
        .annotate(
            opened=Count("pk"),
            completed=Count(
                "pk",
                filter=Q(completed_at__isnull=False, material_id__in=sorted(required_ids)),
            ),
            last=Max("last_opened_at"),
        )
        .order_by()
    }
    return [
        StudentProgress(
            enrolment=e,
            opened=int(figures.get(e.student_id, {}).get("opened", 0)),
            completed=int(figures.get(e.student_id, {}).get("completed", 0)),
            required=len(required_ids),
            last_opened_at=figures.get(e.student_id, {}).get("last"),
        )
        for e in enrolments
    ]


def material_views_between(
    *, material_id: int, starts_at: dt.datetime, ends_at: dt.datetime
) -> dict[int, dt.datetime]:
    """student id → the first time the student opened (or downloaded) the material within
    [starts_at, ends_at), from the footprint: the schedule marks attendance of an
    asynchronous class by it (SIS-2, FP-2). One query."""
    rows = (
        Event.objects.filter(
            object_type=ActivityType.MATERIAL.value,
            object_id=str(material_id),
            verb__in=[Verb.VIEWED.value, Verb.DOWNLOADED.value],
            timestamp__gte=starts_at,
            timestamp__lt=ends_at,
            actor__student__isnull=False,
        )
        .values("actor__student__id")
        .annotate(first=Min("timestamp"))
        .order_by()
    )
    return {int(r["actor__student__id"]): r["first"] for r in rows}


def material_completed(*, access: CourseAccess, material: Material) -> bool:
    """Whether the student has marked this material completed."""
    if access.student_id is None:
        return False
    return MaterialProgress.objects.filter(
        material=material, student_id=access.student_id, completed_at__isnull=False
    ).exists()
