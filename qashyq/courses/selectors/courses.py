"""Reads of courses: who may open which course (SEC-2), "My courses", course lists.

Every function takes the actor and returns only what the actor may see; a course that
is absent or not the actor's raises CourseNotFound (the pages answer 404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.core.cache import cached, generation
from qashyq.core.scope import ActorScope
from qashyq.courses.errors import CourseNotFound
from qashyq.courses.models import (
    Course,
    CourseGroup,
    CourseRole,
    CourseStaff,
    CourseStatus,
    Enrolment,
    Material,
    MaterialProgress,
)
from qashyq.courses.permissions import (
    STUDENT_VISIBLE,
    can_edit_content,
    can_manage_course,
    can_read_course,
    course_manage_scope,
    course_scope,
    discipline_manage_scope,
    sees_as_student,
)
from qashyq.institutions.models import (
    AcademicPeriod,
    CurriculumItem,
    Discipline,
    PeriodKind,
    StudentGroup,
)
from qashyq.people.models import Staff

__all__ = [
    "CourseAccess",
    "CourseFilter",
    "MyCourse",
    "MyCourses",
    "course_access",
    "course_get_for",
    "course_groups",
    "course_list_for",
    "course_manage_list_for",
    "course_stamp",
    "discipline_choices_for",
    "discipline_manage_get_for",
    "group_candidates",
    "group_choices_for",
    "my_courses",
    "not_found",
    "period_choices_for",
    "released_q",
    "staff_choices_for",
]


def not_found() -> CourseNotFound:
    return CourseNotFound(_("Not found."))


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise not_found() from None


@dataclass(frozen=True)
class CourseFilter:
    """Filters of the course list; empty values mean "any"."""

    institution_id: int | None = None
    department_id: int | None = None
    period_id: int | None = None
    discipline_id: int | None = None
    status: str = ""
    search: str = ""  # course code or discipline code/name


def course_list_for(*, actor: ActorScope, filters: CourseFilter | None = None) -> QuerySet[Course]:
    """Courses the actor may read, with discipline, department and period fetched."""
    f = filters or CourseFilter()
    queryset = Course.objects.filter(course_scope(actor)).select_related(
        "discipline__department", "period__academic_year"
    )
    if f.institution_id is not None:
        queryset = queryset.filter(institution_id=f.institution_id)
    if f.department_id is not None:
        queryset = queryset.filter(discipline__department_id=f.department_id)
    if f.period_id is not None:
        queryset = queryset.filter(period_id=f.period_id)
    if f.discipline_id is not None:
        queryset = queryset.filter(discipline_id=f.discipline_id)
    if f.status:
        queryset = queryset.filter(status=f.status)
    if search := f.search.strip():
        queryset = queryset.filter(
            Q(code__icontains=search)
            | Q(discipline__code__icontains=search)
            | Q(discipline__name_kk__icontains=search)
            | Q(discipline__name_ru__icontains=search)
            | Q(discipline__name_en__icontains=search)
        )
    return queryset.order_by("-period__starts_on", "discipline__code", "language", "pk")


def course_manage_list_for(*, actor: ActorScope) -> QuerySet[Course]:
    """Courses the actor may manage (reuse sources and targets, staffing)."""
    return (
        Course.objects.filter(course_manage_scope(actor))
        .select_related("discipline", "period__academic_year")
        .order_by("-period__starts_on", "discipline__code", "language", "pk")
    )


def course_get_for(*, actor: ActorScope, course_id: object) -> Course:
    """One course the actor may read, or CourseNotFound (SEC-2)."""
    course = (
        Course.objects.filter(course_scope(actor), pk=_pk(course_id))
        .select_related("discipline__department__faculty", "period__academic_year", "institution")
        .first()
    )
    if course is None:
        raise not_found()
    return course


@dataclass(frozen=True)
class CourseAccess:
    """A course as one actor reaches it: what they are to it and what they may do."""

    course: Course
    actor: ActorScope
    staff_roles: frozenset[str]
    is_student: bool
    can_edit: bool
    can_manage: bool
    staff: tuple[CourseStaff, ...] = field(default=())
    stamp: str = ""  # the course's generations: cached reads of it key on this

    @property
    def as_student(self) -> bool:
        """Shown as to a student: released content only, own progress only."""
        return sees_as_student(
            is_student=self.is_student,
            staff_roles=self.staff_roles,
            can_edit=self.can_edit,
            can_manage=self.can_manage,
        )

    @property
    def sees_hidden(self) -> bool:
        return not self.as_student

    @property
    def sees_all_progress(self) -> bool:
        return not self.as_student

    @property
    def student_id(self) -> int | None:
        return self.actor.student_id if self.is_student else None

    @property
    def is_course_staff(self) -> bool:
        return bool(self.staff_roles)


def course_stamp(course_id: int) -> str:
    """The generations a course's cached reads depend on: the structure (names of the
    discipline, the period) and the course itself (ADR 0014, ADR 0018)."""
    return generation("structure", f"course-{course_id}")


def _course_card(course_id: int, stamp: str) -> tuple[Course, tuple[CourseStaff, ...]] | None:
    """The course with its discipline, department, faculty, period and staff with their
    names: two queries, then cached until the course or the structure changes."""

    def read() -> tuple[Course, tuple[CourseStaff, ...]] | None:
        staff_links = CourseStaff.objects.select_related("staff__user").order_by(
            "role", "staff__user__last_name", "staff__user__first_name", "pk"
        )
        course = (
            Course.objects.filter(pk=course_id)
            .select_related(
                "discipline__department__faculty", "period__academic_year", "institution"
            )
            .prefetch_related(Prefetch("staff_links", queryset=staff_links))
            .first()
        )
        return None if course is None else (course, tuple(course.staff_links.all()))

    return cached(f"courses:card:{course_id}:{stamp}", read, local=True)


def _enrolled(course_id: int, student_id: int, stamp: str) -> bool:
    """An active enrolment (one query, then cached until the course changes)."""
    return cached(
        f"courses:enrolled:{course_id}:{student_id}:{stamp}",
        lambda: Enrolment.objects.filter(
            course_id=course_id, student_id=student_id, is_active=True
        ).exists(),
        local=True,
    )


def course_access(*, actor: ActorScope, course_id: object) -> CourseAccess:
    """The course with the actor's relation to it, or CourseNotFound when the actor may
    not read it (SEC-2). Cached per course (ADR 0018): a warm call makes no query; a cold
    one three (the course, its staff, the actor's enrolment)."""
    pk = _pk(course_id)
    if actor.student_id is not None:
        # The course's generation and the student's progress in one read of the cache:
        # the course page keys its rendering on both (ADR 0014, ADR 0018).
        generation(f"course-{pk}", f"progress-{actor.student_id}")
    stamp = course_stamp(pk)
    card = _course_card(pk, stamp)
    if card is None:
        raise not_found()
    course, staff = card
    enrolled = actor.student_id is not None and _enrolled(pk, actor.student_id, stamp)
    department = course.discipline.department
    if not can_read_course(
        actor,
        institution_id=course.institution_id,
        faculty_id=department.faculty_id,
        department_id=department.pk,
        staff_ids=frozenset(link.staff_id for link in staff),
        status=course.status,
        enrolled=enrolled,
    ):
        raise not_found()
    mine = actor.staff_id
    roles = frozenset(link.role for link in staff if mine is not None and link.staff_id == mine)
    return CourseAccess(
        course=course,
        actor=actor,
        staff_roles=roles,
        is_student=enrolled and course.status in STUDENT_VISIBLE,
        can_edit=can_edit_content(actor, institution_id=course.institution_id, staff_roles=roles),
        can_manage=can_manage_course(
            actor, institution_id=course.institution_id, department_id=department.pk
        ),
        staff=staff,
        stamp=stamp,
    )


# ---------------------------------------------------------------- "My courses" (SIS-1)


@dataclass(frozen=True)
class MyCourse:
    course: Course
    role: str  # "student" or a CourseRole value
    required: int = 0  # materials that count towards progress (students only)
    completed: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.required) if self.required else 0

    @property
    def role_label(self) -> str:
        if self.role in CourseRole.values:
            return str(CourseRole(self.role).label)
        return _("student")


@dataclass(frozen=True)
class MyCourses:
    """The actor's own courses: as a student (current and future periods first) and as a
    teacher, tutor or assistant. Ended periods go to `past`."""

    current: list[MyCourse]
    past: list[MyCourse]

    @property
    def is_empty(self) -> bool:
        return not self.current and not self.past


def released_q(now: dt.datetime, prefix: str = "") -> Q:
    """Materials a student may open at `now`: visible and released, module included."""
    return (
        Q(**{f"{prefix}is_hidden": False, f"{prefix}module__is_hidden": False})
        & (Q(**{f"{prefix}release_at__isnull": True}) | Q(**{f"{prefix}release_at__lte": now}))
        & (
            Q(**{f"{prefix}module__release_at__isnull": True})
            | Q(**{f"{prefix}module__release_at__lte": now})
        )
    )


def my_courses(*, actor: ActorScope, now: dt.datetime | None = None) -> MyCourses:
    """The actor's courses with a student's progress: at most five queries whatever the
    number of courses (enrolments, required materials, completions, staff links)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows: list[MyCourse] = []
    related = ("discipline", "period__academic_year")
    if actor.student_id is not None:
        courses = list(
            Course.objects.filter(
                enrolments__student_id=actor.student_id,
                enrolments__is_active=True,
                status__in=(CourseStatus.PUBLISHED, CourseStatus.ARCHIVED),
            )
            .select_related(*related)
            .order_by()
        )
        ids = [c.pk for c in courses]
        required = dict(
            Material.objects.filter(
                released_q(now), module__course_id__in=ids, completion_required=True
            )
            .values_list("module__course_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        completed = dict(
            MaterialProgress.objects.filter(
                released_q(now, "material__"),
                student_id=actor.student_id,
                material__module__course_id__in=ids,
                material__completion_required=True,
                completed_at__isnull=False,
            )
            .values_list("material__module__course_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        rows.extend(
            MyCourse(
                course=c,
                role="student",
                required=required.get(c.pk, 0),
                completed=completed.get(c.pk, 0),
            )
            for c in courses
        )
    if actor.staff_id is not None:
        links = CourseStaff.objects.filter(staff_id=actor.staff_id).select_related(
            *(f"course__{r}" for r in related)
        )
        rows.extend(MyCourse(course=link.course, role=link.role) for link in links)

    def key(row: MyCourse) -> tuple[object, ...]:
        return (-row.course.period.starts_on.toordinal(), row.course.discipline.code, row.role)

    rows.sort(key=key)
    return MyCourses(
        current=[r for r in rows if r.course.period.ends_on >= today],
        past=[r for r in rows if r.course.period.ends_on < today],
    )


def course_groups(*, course: Course) -> list[CourseGroup]:
    """The course's groups with their programs."""
    return list(
        CourseGroup.objects.filter(course=course)
        .select_related("group__program")
        .order_by("group__code")
    )


# ---------------------------------------------------------------- choices for the forms


def discipline_choices_for(*, actor: ActorScope) -> QuerySet[Discipline]:
    """Disciplines whose courses the actor may open."""
    return (
        Discipline.objects.filter(discipline_manage_scope(actor))
        .select_related("department__faculty")
        .order_by("code", "pk")
    )


def discipline_manage_get_for(*, actor: ActorScope, discipline_id: object) -> Discipline:
    discipline = discipline_choices_for(actor=actor).filter(pk=_pk(discipline_id)).first()
    if discipline is None:
        raise not_found()
    return discipline


def period_choices_for(
    *, institution_id: int, today: dt.date | None = None
) -> QuerySet[AcademicPeriod]:
    """Academic periods of the institution that have not ended a year ago, latest first."""
    today = today or timezone.localdate()
    return (
        AcademicPeriod.objects.filter(
            academic_year__institution_id=institution_id,
            ends_on__gte=today - dt.timedelta(days=365),
        )
        .select_related("academic_year")
        .order_by("-starts_on")
    )


def staff_choices_for(
    *, institution_id: int, department_id: int, include: Iterable[int] = ()
) -> QuerySet[Staff]:
    """Staff of the discipline's department (and those already on the course)."""
    return (
        Staff.objects.filter(
            Q(department_id=department_id) | Q(pk__in=sorted(include)),
            institution_id=institution_id,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def group_candidates(*, discipline: Discipline, period: AcademicPeriod) -> list[int]:
    """Groups whose working curriculum has the discipline in the semester the period is
    for them (CAL-6: autumn odd, spring even); a summer period: any semester."""
    plans = set(
        CurriculumItem.objects.filter(discipline=discipline).values_list(
            "curriculum__program_id", "curriculum__admission_year", "semester"
        )
    )
    programs = {program for program, _year, _semester in plans}
    found = []
    for group in StudentGroup.objects.filter(program_id__in=sorted(programs)).order_by("code"):
        if period.kind != PeriodKind.SEMESTER:
            found.append(group.pk)
            continue
        semester = 2 * (period.academic_year.start_year - group.admission_year) + period.number
        if (group.program_id, group.admission_year, semester) in plans:
            found.append(group.pk)
    return found


def group_choices_for(
    *, discipline: Discipline, period: AcademicPeriod, include: Iterable[int] = ()
) -> QuerySet[StudentGroup]:
    """Candidate groups of a course and the groups it already has."""
    ids = set(group_candidates(discipline=discipline, period=period)) | set(include)
    return StudentGroup.objects.filter(pk__in=sorted(ids)).order_by("code")
