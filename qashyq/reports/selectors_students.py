"""Reads of students' monitoring (FP-2, FP-4): a student's own footprint, the figures of
the students an advisor, tutor or teacher looks after, and the at-risk signals.

Who sees whom (SEC-2):
- a student: only themself;
- an advisor or a tutor of a group: the students of that group, all their courses;
- a department-wide tutor: the students of the department's programs, all their courses;
- a teacher, tutor or assistant of a course: the students enrolled in it, and only the
  figures of the courses they staff (a teacher does not see the other courses);
- superusers: any student (by the drill-down page).
Absent and not-yours answer alike (PersonNotFound → 404).

Figures (the same definitions on every page, in the notifications and in the tests):
- sign-ins: `accounts.AuthEvent` rows of kind "signed in" (the platform's sign-in log,
  SEC-4) in the date range; the last sign-in is the latest such row ever;
- attendance: marks (`schedule.Attendance`) of classes not cancelled that began in the
  range; attended = present + late, the share is attended / marked, whole percent (the
  attendance journal's definition, excused absences included in the marked);
- materials: of the released materials that count towards progress, how many the
  student completed; opened counts every released material they opened;
- tasks: published assignments and tests of the courses. An assignment handed in (its
  latest handed-in attempt) is on time or late; one not handed in is overdue once its
  deadline has passed, pending before. A test with a submitted attempt is done on time;
  a test closed without one is overdue; one still open is pending.
Courses counted: the student's active enrolments in published or archived courses whose
academic period overlaps the date range.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qashyq.accounts.models import AuthEvent, AuthEventKind
from qashyq.assessment.models import Attempt, Test
from qashyq.assignments.models import Assignment, Submission, TeamMember
from qashyq.core.scope import ActorScope
from qashyq.courses.models import (
    Course,
    CourseRole,
    CourseStaff,
    CourseStatus,
    Enrolment,
    Material,
    MaterialProgress,
)
from qashyq.courses.selectors import released_q
from qashyq.footprint.data import VERBS, Verb
from qashyq.footprint.selectors import footprint_for_actor
from qashyq.institutions.models import Institution
from qashyq.people.errors import PersonNotFound
from qashyq.people.models import RoleAssignment, Student, StudentStatus
from qashyq.reports.models.risk import (
    RiskAlert,
    RiskNotification,
    RiskPolicy,
    RiskReason,
)
from qashyq.schedule.models import Attendance, AttendanceStatus

COUNTED_COURSES = (CourseStatus.PUBLISHED, CourseStatus.ARCHIVED)
MONITOR_ROLES = ("advisor", "tutor")
DEFAULT_RANGE_DAYS = 28
PAGE_SIZE = 50


def _not_found() -> PersonNotFound:
    return PersonNotFound(_("Not found."))


# ---------------------------------------------------------------- time helpers


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the current time zone (Asia/Almaty)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class DateRange:
    """Whole local days from `first` to `last` inclusive."""

    first: dt.date
    last: dt.date

    @property
    def since(self) -> dt.datetime:
        return day_start(self.first)

    @property
    def until(self) -> dt.datetime:
        """The first moment after the range (exclusive end)."""
        return day_start(self.last + dt.timedelta(days=1))

    @classmethod
    def ending(cls, last: dt.date, days: int = DEFAULT_RANGE_DAYS) -> DateRange:
        return cls(first=last - dt.timedelta(days=days - 1), last=last)


# ---------------------------------------------------------------- who monitors whom


@dataclass(frozen=True)
class Monitoring:
    """The relations through which an actor looks after students (FP-2)."""

    group_ids: frozenset[int] = frozenset()
    department_ids: frozenset[int] = frozenset()
    staff_id: int | None = None
    staffs_courses: bool = False
    everyone: bool = False

    @property
    def any(self) -> bool:
        return bool(self.everyone or self.group_ids or self.department_ids or self.staffs_courses)

    def whole_q(self) -> Q:
        """Students seen with all their courses (advisor, tutor, department tutor)."""
        if self.everyone:
            return Q()
        q = Q(pk__in=[])
        if self.group_ids:
            q |= Q(group_id__in=sorted(self.group_ids))
        if self.department_ids:
            q |= Q(program__department_id__in=sorted(self.department_ids))
        return q

    def staffed_courses(self) -> QuerySet[CourseStaff, Any]:
        return CourseStaff.objects.filter(staff_id=self.staff_id or 0).values("course_id")

    def students_q(self) -> Q:
        q = self.whole_q()
        if self.staffs_courses and not self.everyone:
            q |= Q(
                pk__in=Enrolment.objects.filter(
                    is_active=True, course_id__in=self.staffed_courses()
                ).values("student_id")
            )
        return q


def monitoring_of(*, actor: ActorScope) -> Monitoring:
    """What students an actor monitors: groups they advise or tutor, departments they tutor
    as a whole, courses they teach, tutor or assist (one query for the courses)."""
    if not actor.is_authenticated:
        return Monitoring()
    staffs = (
        actor.staff_id is not None and CourseStaff.objects.filter(staff_id=actor.staff_id).exists()
    )
    department_tutor = frozenset(
        g.department_id
        for g in actor.grants
        if g.role == "tutor" and g.department_id and not g.group_id
    )
    return Monitoring(
        group_ids=actor.groups_with(*MONITOR_ROLES),
        department_ids=department_tutor,
        staff_id=actor.staff_id,
        staffs_courses=staffs,
        everyone=actor.is_superuser,
    )


def course_limits(
    *, monitoring: Monitoring, student_ids: Sequence[int]
) -> dict[int, frozenset[int] | None]:
    """For each student, the courses whose figures the actor sees: None for all (a
    student in a group or department they look after), else the courses they staff."""
    whole = set(
        Student.objects.filter(monitoring.whole_q(), pk__in=list(student_ids)).values_list(
            "pk", flat=True
        )
    )
    limits: dict[int, frozenset[int] | None] = dict.fromkeys(whole)
    rest = [pk for pk in student_ids if pk not in whole]
    if rest:
        per_student: dict[int, set[int]] = defaultdict(set)
        if monitoring.staffs_courses:
            for student_id, course_id in Enrolment.objects.filter(
                is_active=True, student_id__in=rest, course_id__in=monitoring.staffed_courses()
            ).values_list("student_id", "course_id"):
                per_student[student_id].add(course_id)
        for pk in rest:
            limits[pk] = frozenset(per_student.get(pk, ()))
    return limits


@dataclass(frozen=True)
class StudentFilter:
    group_id: int | None = None
    search: str = ""


def monitored_students(
    *, actor: ActorScope, filters: StudentFilter | None = None
) -> QuerySet[Student]:
    """The enrolled students an actor looks after, with user, group and program fetched,
    by name. Empty for actors who look after nobody."""
    monitoring = monitoring_of(actor=actor)
    if not monitoring.any:
        return Student.objects.none()
    f = filters or StudentFilter()
    queryset = Student.objects.filter(
        monitoring.students_q(), status=StudentStatus.ENROLLED
    ).select_related("user", "group", "program")
    if f.group_id is not None:
        queryset = queryset.filter(group_id=f.group_id)
    if search := f.search.strip():
        condition = Q(student_number__icontains=search)
        for word in search.split():
            condition |= Q(user__last_name__icontains=word) | Q(user__first_name__icontains=word)
        queryset = queryset.filter(condition)
    return queryset.order_by("user__last_name", "user__first_name", "student_number", "pk")


def monitored_groups(*, actor: ActorScope) -> list[tuple[int, str]]:
    """The groups of the actor's students, for the filter (id, code)."""
    rows = (
        monitored_students(actor=actor)
        .exclude(group__isnull=True)
        .values_list("group_id", "group__code")
        .distinct()
        .order_by("group__code")
    )
    return [(int(pk), str(code)) for pk, code in rows]


@dataclass(frozen=True)
class StudentView:
    """A student the actor may look at, and the courses whose figures they see."""

    student: Student
    course_ids: frozenset[int] | None  # None: every course
    is_self: bool


def student_view_for(*, actor: ActorScope, student_id: object) -> StudentView:
    """The drill-down's student: themself, or one the actor looks after; PersonNotFound
    for absent and not-yours alike (SEC-2)."""
    try:
        pk = int(str(student_id))
    except (TypeError, ValueError):
        raise _not_found() from None
    student = (
        Student.objects.select_related("user", "group", "program", "institution")
        .filter(pk=pk)
        .first()
    )
    if student is None or not actor.is_authenticated:
        raise _not_found()
    if actor.student_id == student.pk:
        return StudentView(student=student, course_ids=None, is_self=True)
    monitoring = monitoring_of(actor=actor)
    if not monitoring.any:
        raise _not_found()
    limit = course_limits(monitoring=monitoring, student_ids=[student.pk])[student.pk]
    if limit is not None and not limit:
        raise _not_found()
    return StudentView(student=student, course_ids=limit, is_self=False)


def own_student_for(*, actor: ActorScope) -> Student:
    """The signed-in student's own file, or PersonNotFound for anyone else."""
    if actor.student_id is None:
        raise _not_found()
    student = (
        Student.objects.select_related("user", "group", "program", "institution")
        .filter(pk=actor.student_id)
        .first()
    )
    if student is None:
        raise _not_found()
    return student


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class AttendanceFigures:
    present: int = 0
    late: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def attended(self) -> int:
        return self.present + self.late

    @property
    def marked(self) -> int:
        return self.present + self.late + self.absent + self.excused

    @property
    def percent(self) -> int | None:
        """Share of marked classes attended (present or late), whole percent."""
        return round(100 * self.attended / self.marked) if self.marked else None

    def __add__(self, other: AttendanceFigures) -> AttendanceFigures:
        return AttendanceFigures(
            present=self.present + other.present,
            late=self.late + other.late,
            absent=self.absent + other.absent,
            excused=self.excused + other.excused,
        )

    def with_status(self, status: str, count: int) -> AttendanceFigures:
        if status == AttendanceStatus.PRESENT:
            return replace(self, present=self.present + count)
        if status == AttendanceStatus.LATE:
            return replace(self, late=self.late + count)
        if status == AttendanceStatus.ABSENT:
            return replace(self, absent=self.absent + count)
        if status == AttendanceStatus.EXCUSED:
            return replace(self, excused=self.excused + count)
        return self


@dataclass(frozen=True)
class MaterialFigures:
    required: int = 0
    completed: int = 0
    opened: int = 0

    @property
    def percent(self) -> int | None:
        """Share of the required released materials completed, whole percent."""
        return round(100 * self.completed / self.required) if self.required else None

    def __add__(self, other: MaterialFigures) -> MaterialFigures:
        return MaterialFigures(
            required=self.required + other.required,
            completed=self.completed + other.completed,
            opened=self.opened + other.opened,
        )


class TaskState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"


class TaskKind(StrEnum):
    ASSIGNMENT = "assignment"
    TEST = "test"


@dataclass(frozen=True)
class TaskRow:
    kind: TaskKind
    task_id: int
    course_id: int
    title: str
    deadline: dt.datetime | None
    handed_in_at: dt.datetime | None
    late_seconds: int
    state: TaskState


@dataclass(frozen=True)
class TaskFigures:
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def due(self) -> int:
        """Tasks whose deadline has passed or that were handed in."""
        return self.on_time + self.late + self.overdue

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None

    def __add__(self, other: TaskFigures) -> TaskFigures:
        return TaskFigures(
            on_time=self.on_time + other.on_time,
            late=self.late + other.late,
            overdue=self.overdue + other.overdue,
            pending=self.pending + other.pending,
        )

    @classmethod
    def of(cls, rows: Iterable[TaskRow]) -> TaskFigures:
        counts = dict.fromkeys(TaskState, 0)
        for row in rows:
            counts[row.state] += 1
        return cls(
            on_time=counts[TaskState.ON_TIME],
            late=counts[TaskState.LATE],
            overdue=counts[TaskState.OVERDUE],
            pending=counts[TaskState.PENDING],
        )


@dataclass(frozen=True)
class CourseFigures:
    course: Course
    attendance: AttendanceFigures
    materials: MaterialFigures
    tasks: TaskFigures
    task_rows: tuple[TaskRow, ...] = ()


@dataclass(frozen=True)
class StudentFigures:
    student: Student
    signins: int
    last_signin: dt.datetime | None
    courses: tuple[CourseFigures, ...]

    @property
    def attendance(self) -> AttendanceFigures:
        return sum((c.attendance for c in self.courses), AttendanceFigures())

    @property
    def materials(self) -> MaterialFigures:
        return sum((c.materials for c in self.courses), MaterialFigures())

    @property
    def tasks(self) -> TaskFigures:
        return sum((c.tasks for c in self.courses), TaskFigures())


def _courses_of(
    *, student_ids: Sequence[int], period: DateRange
) -> tuple[dict[int, list[int]], dict[int, Course]]:
    """Active enrolments of the students in counted courses of the range's periods."""
    per_student: dict[int, list[int]] = defaultdict(list)
    course_ids: set[int] = set()
    for student_id, course_id in (
        Enrolment.objects.filter(
            student_id__in=list(student_ids),
            is_active=True,
            course__status__in=COUNTED_COURSES,
            course__period__starts_on__lte=period.last,
            course__period__ends_on__gte=period.first,
        )
        .order_by("course_id")
        .values_list("student_id", "course_id")
    ):
        per_student[student_id].append(course_id)
        course_ids.add(course_id)
    courses = {
        c.pk: c
        for c in Course.objects.filter(pk__in=sorted(course_ids)).select_related("discipline")
    }
    return per_student, courses


def _attendance(
    *,
    student_ids: Sequence[int],
    course_ids: Iterable[int],
    since: dt.datetime,
    until: dt.datetime,
) -> dict[tuple[int, int], AttendanceFigures]:
    figures: dict[tuple[int, int], AttendanceFigures] = defaultdict(AttendanceFigures)
    for row in (
        Attendance.objects.filter(
            student_id__in=list(student_ids),
            course_id__in=sorted(course_ids),
            session__is_cancelled=False,
            session__starts_at__gte=since,
            session__starts_at__lt=until,
        )
        .values("student_id", "course_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (row["student_id"], row["course_id"])
        figures[key] = figures[key].with_status(row["status"], row["n"])
    return figures


def _materials(
    *, student_ids: Sequence[int], course_ids: Iterable[int], now: dt.datetime
) -> dict[tuple[int, int], MaterialFigures]:
    ids = sorted(course_ids)
    released = Material.objects.filter(released_q(now), module__course_id__in=ids)
    required_ids = set(released.filter(completion_required=True).values_list("pk", flat=True))
    required_per_course: dict[int, int] = dict(
        released.filter(completion_required=True)
        .values("module__course_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("module__course_id", "n")
    )
    figures: dict[tuple[int, int], MaterialFigures] = {}
    for row in (
        MaterialProgress.objects.filter(student_id__in=list(student_ids), material__in=released)
        .values("student_id", "material__module__course_id")
        .annotate(
            opened=Count("pk"),
            completed=Count(
                "pk",
                filter=Q(completed_at__isnull=False, material_id__in=sorted(required_ids)),
            ),
        )
        .order_by()
    ):
        course_id = row["material__module__course_id"]
        figures[(row["student_id"], course_id)] = MaterialFigures(
            required=required_per_course.get(course_id, 0),
            completed=row["completed"],
            opened=row["opened"],
        )
    for student_id in student_ids:
        for course_id in ids:
            figures.setdefault(
                (student_id, course_id),
                MaterialFigures(required=required_per_course.get(course_id, 0)),
            )
    return figures


def _task_state(
    *, handed_in: bool, late: bool, deadline: dt.datetime | None, now: dt.datetime
) -> TaskState:
    """FP-2 timely completion: handed in on time or late; else overdue once the deadline
    has passed (a task without a deadline is never overdue), pending before."""
    if handed_in:
        return TaskState.LATE if late else TaskState.ON_TIME
    if deadline is not None and deadline < now:
        return TaskState.OVERDUE
    return TaskState.PENDING


def _task_rows(
    *,
    per_student: Mapping[int, Sequence[int]],
    course_ids: Iterable[int],
    now: dt.datetime,
) -> dict[int, list[TaskRow]]:
    """Every published assignment and test of each student's courses, with its state."""
    ids = sorted(course_ids)
    student_ids = sorted(per_student)
    assignments = list(
        Assignment.objects.filter(course_id__in=ids, is_published=True)
        .only("pk", "course_id", "title", "due_at")
        .order_by("due_at", "pk")
    )
    tests = list(
        Test.objects.filter(course_id__in=ids, published=True)
        .only("pk", "course_id", "title", "closes_at")
        .order_by("closes_at", "pk")
    )
    # The latest handed-in attempt of each student (or of their team) per assignment.
    teams: dict[tuple[int, int], int] = {
        (assignment_id, student_id): team_id
        for assignment_id, student_id, team_id in TeamMember.objects.filter(
            student_id__in=student_ids, assignment_id__in=[a.pk for a in assignments]
        ).values_list("assignment_id", "student_id", "team_id")
    }
    handed: dict[tuple[int, str, int | None], tuple[int, dt.datetime | None, int]] = {}
    for (
        assignment_id,
        student_id,
        team_id,
        attempt,
        submitted_at,
        late,
    ) in Submission.objects.filter(
        Q(student_id__in=student_ids) | Q(team_id__in=sorted(set(teams.values()))),
        assignment_id__in=[a.pk for a in assignments],
        submitted_at__isnull=False,
    ).values_list(
        "assignment_id", "student_id", "team_id", "attempt", "submitted_at", "late_seconds"
    ):
        key = (assignment_id, "s", student_id) if student_id else (assignment_id, "t", team_id)
        if key not in handed or handed[key][0] < attempt:
            handed[key] = (attempt, submitted_at, late)
    done_tests: dict[tuple[int, int], dt.datetime] = {
        (test_id, student_id): first
        for test_id, student_id, first in Attempt.objects.filter(
            test_id__in=[t.pk for t in tests],
            student_id__in=student_ids,
            submitted_at__isnull=False,
        )
        .values("test_id", "student_id")
        .annotate(first=Max("submitted_at"))
        .order_by()
        .values_list("test_id", "student_id", "first")
    }
    rows: dict[int, list[TaskRow]] = {pk: [] for pk in student_ids}
    for student_id, courses in per_student.items():
        taken = set(courses)
        for a in assignments:
            if a.course_id not in taken:
                continue
            team = teams.get((a.pk, student_id))
            got = handed.get((a.pk, "t", team)) if team else None
            got = got or handed.get((a.pk, "s", student_id))
            state = _task_state(
                handed_in=got is not None, late=bool(got and got[2]), deadline=a.due_at, now=now
            )
            rows[student_id].append(
                TaskRow(
                    kind=TaskKind.ASSIGNMENT,
                    task_id=a.pk,
                    course_id=a.course_id,
                    title=a.title,
                    deadline=a.due_at,
                    handed_in_at=got[1] if got else None,
                    late_seconds=got[2] if got else 0,
                    state=state,
                )
            )
        for t in tests:
            if t.course_id not in taken:
                continue
            submitted = done_tests.get((t.pk, student_id))
            state = _task_state(
                handed_in=submitted is not None, late=False, deadline=t.closes_at, now=now
            )
            rows[student_id].append(
                TaskRow(
                    kind=TaskKind.TEST,
                    task_id=t.pk,
                    course_id=t.course_id,
                    title=t.title,
                    deadline=t.closes_at,
                    handed_in_at=submitted,
                    late_seconds=0,
                    state=state,
                )
            )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    for items in rows.values():
        items.sort(key=lambda r: (r.deadline or far, r.kind, r.task_id))
    return rows


def _signin_counts(
    *, user_ids: Sequence[int], since: dt.datetime, until: dt.datetime
) -> dict[int, int]:
    """Sign-ins in the range per user (the platform's sign-in log, SEC-4)."""
    return dict(
        AuthEvent.objects.filter(
            kind=AuthEventKind.SIGNED_IN, user_id__in=list(user_ids), at__gte=since, at__lt=until
        )
        .values("user_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("user_id", "n")
    )


def last_signins(
    *, user_ids: Sequence[int], now: dt.datetime, recent_days: int = 31
) -> dict[int, dt.datetime]:
    """Each user's last sign-in: first among the recent days (an index range on the
    time), then, for those without one there, over their whole history."""
    signed_in = AuthEvent.objects.filter(kind=AuthEventKind.SIGNED_IN)
    last: dict[int, dt.datetime] = dict(
        signed_in.filter(user_id__in=list(user_ids), at__gte=now - dt.timedelta(days=recent_days))
        .values("user_id")
        .annotate(last=Max("at"))
        .order_by()
        .values_list("user_id", "last")
    )
    rest = [pk for pk in user_ids if pk not in last]
    if rest:
        last.update(
            signed_in.filter(user_id__in=rest)
            .values("user_id")
            .annotate(last=Max("at"))
            .order_by()
            .values_list("user_id", "last")
        )
    return last


def student_figures_many(
    *,
    students: Sequence[Student],
    period: DateRange,
    now: dt.datetime,
    limits: Mapping[int, frozenset[int] | None] | None = None,
    with_rows: bool = False,
) -> list[StudentFigures]:
    """The figures of each student over the date range (a fixed number of queries, whatever
    the number of students), restricted per student to the courses in `limits` (absent or
    None: every course)."""
    if not students:
        return []
    student_ids = [s.pk for s in students]
    per_student, courses = _courses_of(student_ids=student_ids, period=period)
    limits = limits or {}
    for student_id in student_ids:
        limit = limits.get(student_id)
        if limit is not None:
            per_student[student_id] = [c for c in per_student.get(student_id, []) if c in limit]
    course_ids = sorted({c for ids in per_student.values() for c in ids})
    attendance = _attendance(
        student_ids=student_ids, course_ids=course_ids, since=period.since, until=period.until
    )
    materials = _materials(student_ids=student_ids, course_ids=course_ids, now=now)
    tasks = _task_rows(
        per_student={pk: per_student.get(pk, []) for pk in student_ids},
        course_ids=course_ids,
        now=now,
    )
    user_ids = [s.user_id for s in students]
    counts = _signin_counts(user_ids=user_ids, since=period.since, until=period.until)
    last = last_signins(user_ids=user_ids, now=now)
    result = []
    for student in students:
        rows_by_course: dict[int, list[TaskRow]] = defaultdict(list)
        for row in tasks.get(student.pk, []):
            rows_by_course[row.course_id].append(row)
        course_rows = []
        for course_id in sorted(
            per_student.get(student.pk, []),
            key=lambda pk: (courses[pk].discipline.code, courses[pk].code),
        ):
            key = (student.pk, course_id)
            course_rows.append(
                CourseFigures(
                    course=courses[course_id],
                    attendance=attendance.get(key, AttendanceFigures()),
                    materials=materials.get(key, MaterialFigures()),
                    tasks=TaskFigures.of(rows_by_course[course_id]),
                    task_rows=tuple(rows_by_course[course_id]) if with_rows else (),
                )
            )
        result.append(
            StudentFigures(
                student=student,
                signins=counts.get(student.user_id, 0),
                last_signin=last.get(student.user_id),
                courses=tuple(course_rows),
            )
        )
    return result


# ---------------------------------------------------------------- the footprint page


@dataclass(frozen=True)
class WeekBar:
    """One week of the charts: sign-ins and the attendance share of the week."""

    monday: dt.date
    signins: int
    attendance: AttendanceFigures


@dataclass(frozen=True)
class RecentAction:
    """One statement of the student's footprint, as the page shows it."""

    at: dt.datetime
    verb: str
    object_name: str
    course_code: str


@dataclass(frozen=True)
class Footprint:
    figures: StudentFigures
    period: DateRange
    weeks: tuple[WeekBar, ...]
    course_ids: frozenset[int] | None
    alerts: tuple[RiskAlert, ...] = field(default=())
    actions: tuple[RecentAction, ...] = field(default=())

    @property
    def max_signins(self) -> int:
        return max((w.signins for w in self.weeks), default=0)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


RECENT_ACTIONS = 15


def _verb_label(*, verb: str, verb_iri: str, language: str) -> str:
    """The vocabulary's display name of a verb (published data, FP-1), else its IRI."""
    try:
        term = VERBS[Verb(verb)]
    except (ValueError, KeyError):
        return verb_iri
    return term.display.get(language) or term.display["en"]


def recent_actions(
    *,
    user_id: int,
    period: DateRange,
    course_ids: frozenset[int] | None = None,
    language: str = "kk",
    limit: int = RECENT_ACTIONS,
) -> list[RecentAction]:
    """The person's latest statements in the range, newest first (FP-1, FP-2: the recorded
    footprint itself), only of `course_ids` when given (a teacher's courses). The verb
    is the vocabulary's display name in `language` (its IRI for a foreign verb)."""
    statements = footprint_for_actor(actor_id=user_id).filter(
        timestamp__gte=period.since, timestamp__lt=period.until
    )
    if course_ids is not None:
        statements = statements.filter(course_id__in=sorted(course_ids))
    rows = list(
        statements.only("timestamp", "verb", "verb_iri", "object_name", "object_iri", "course_id")[
            :limit
        ]
    )
    codes = dict(
        Course.objects.filter(pk__in={r.course_id for r in rows if r.course_id}).values_list(
            "pk", "code"
        )
    )
    actions = []
    for row in rows:
        verb = _verb_label(verb=row.verb, verb_iri=row.verb_iri, language=language)
        actions.append(
            RecentAction(
                at=row.timestamp,
                verb=verb,
                object_name=row.object_name or row.object_iri,
                course_code=codes.get(row.course_id or 0, ""),
            )
        )
    return actions


def student_footprint(
    *,
    student: Student,
    period: DateRange,
    now: dt.datetime,
    course_ids: frozenset[int] | None = None,
    language: str = "kk",
) -> Footprint:
    """A student's footprint over the range (FP-2): the figures per course with every
    task, the weekly series of sign-ins and attendance for the charts, and the latest
    recorded actions."""
    limits = {student.pk: course_ids}
    (figures,) = student_figures_many(
        students=[student], period=period, now=now, limits=limits, with_rows=True
    )
    weeks: dict[dt.date, tuple[int, AttendanceFigures]] = {}
    monday = _monday(period.first)
    while monday <= period.last:
        weeks[monday] = (0, AttendanceFigures())
        monday += dt.timedelta(days=7)
    for at in AuthEvent.objects.filter(
        kind=AuthEventKind.SIGNED_IN,
        user_id=student.user_id,
        at__gte=period.since,
        at__lt=period.until,
    ).values_list("at", flat=True):
        key = _monday(timezone.localdate(at))
        count, att = weeks[key]
        weeks[key] = (count + 1, att)
    counted = [c.course.pk for c in figures.courses]
    for starts_at, status in Attendance.objects.filter(
        student_id=student.pk,
        course_id__in=counted,
        session__is_cancelled=False,
        session__starts_at__gte=period.since,
        session__starts_at__lt=period.until,
    ).values_list("session__starts_at", "status"):
        key = _monday(timezone.localdate(starts_at))
        count, att = weeks[key]
        weeks[key] = (count, att.with_status(status, 1))
    alerts = tuple(
        RiskAlert.objects.filter(
            student=student, period_start__gte=period.first - dt.timedelta(days=120)
        ).order_by("-period_start", "reason")[:20]
    )
    return Footprint(
        figures=figures,
        period=period,
        weeks=tuple(WeekBar(monday=m, signins=s, attendance=a) for m, (s, a) in weeks.items()),
        course_ids=course_ids,
        alerts=alerts,
        actions=tuple(
            recent_actions(
                user_id=student.user_id, period=period, course_ids=course_ids, language=language
            )
        ),
    )


# ---------------------------------------------------------------- at-risk signals


@dataclass(frozen=True)
class PolicyData:
    """The thresholds in force for an institution (RiskPolicy or the defaults)."""

    no_signin_days: int = 7
    attendance_window_days: int = 14
    attendance_min_marked: int = 3
    attendance_drop_points: int = 20
    attendance_floor_percent: int = 60
    overdue_min: int = 1
    notify_every_days: int = 7
    notify_students: bool = True

    @classmethod
    def of(cls, policy: RiskPolicy | None) -> PolicyData:
        if policy is None:
            return cls()
        return cls(
            no_signin_days=policy.no_signin_days,
            attendance_window_days=policy.attendance_window_days,
            attendance_min_marked=policy.attendance_min_marked,
            attendance_drop_points=policy.attendance_drop_points,
            attendance_floor_percent=policy.attendance_floor_percent,
            overdue_min=policy.overdue_min,
            notify_every_days=policy.notify_every_days,
            notify_students=policy.notify_students,
        )


def risk_policies(*, institution_ids: Iterable[int]) -> dict[int, PolicyData]:
    """The policy of each institution (defaults where none was set)."""
    ids = sorted(set(institution_ids))
    found = {p.institution_id: p for p in RiskPolicy.objects.filter(institution_id__in=ids)}
    return {pk: PolicyData.of(found.get(pk)) for pk in ids}


def risk_policy_get(*, institution_id: int) -> RiskPolicy | None:
    return RiskPolicy.objects.filter(institution_id=institution_id).first()


POLICY_EDITORS = ("admin", "distance_unit")


def can_edit_policy(*, actor: ActorScope, institution_id: int) -> bool:
    """Administrators and the distance-learning unit of the institution, superusers."""
    return actor.is_superuser or institution_id in actor.institutions_with(*POLICY_EDITORS)


def policy_institutions(*, actor: ActorScope) -> list[Institution]:
    """The institutions whose at-risk thresholds the actor may change."""
    institutions = Institution.objects.order_by("pk")
    if not actor.is_superuser:
        institutions = institutions.filter(pk__in=sorted(actor.institutions_with(*POLICY_EDITORS)))
    return list(institutions)


# Notification periods are counted from a Monday, so that a 7-day period is a week.
PERIOD_EPOCH = dt.date(2024, 1, 1)


def notification_period_start(*, today: dt.date, every_days: int) -> dt.date:
    """The first day of the notification period that holds `today` (FP-2: a signal is
    notified once per student, reason and period)."""
    offset = (today - PERIOD_EPOCH).days // every_days * every_days
    return PERIOD_EPOCH + dt.timedelta(days=offset)


@dataclass(frozen=True)
class Signal:
    reason: RiskReason
    detail: dict[str, Any]

    @property
    def text(self) -> str:
        return risk_reason_text(reason=self.reason, detail=self.detail)


def risk_reason_text(*, reason: str, detail: Mapping[str, Any]) -> str:
    """The reason in words, in the active language."""
    if reason == RiskReason.NO_SIGNIN:
        days = detail.get("days")
        if days is None:
            return _("Has never signed in.")
        return ngettext(
            "No sign-in for %(days)d day.", "No sign-in for %(days)d days.", int(days)
        ) % {"days": int(days)}
    if reason == RiskReason.ATTENDANCE_FALLING:
        return _(
            "Attendance fell from %(before)s %% to %(recent)s %% in the last %(window)s days."
        ) % {
            "before": detail.get("before"),
            "recent": detail.get("recent"),
            "window": detail.get("window"),
        }
    if reason == RiskReason.ATTENDANCE_LOW:
        return _("Attendance %(recent)s %% in the last %(window)s days, below %(floor)s %%.") % {
            "recent": detail.get("recent"),
            "window": detail.get("window"),
            "floor": detail.get("floor"),
        }
    if reason == RiskReason.OVERDUE:
        count = int(detail.get("count", 0))
        return ngettext("%(count)d task overdue.", "%(count)d tasks overdue.", count) % {
            "count": count
        }
    return str(reason)


@dataclass(frozen=True)
class StudentRisk:
    student: Student
    signals: tuple[Signal, ...]
    last_signin: dt.datetime | None


def _attendance_signals(
    marks: Iterable[tuple[dt.datetime, str]], *, now: dt.datetime, policy: PolicyData
) -> list[Signal]:
    """Falling and low attendance over the last window and the one before it (FP-2)."""
    window = dt.timedelta(days=policy.attendance_window_days)
    recent, before = AttendanceFigures(), AttendanceFigures()
    for starts_at, status in marks:
        if starts_at >= now - window:
            recent = recent.with_status(status, 1)
        elif starts_at >= now - 2 * window:
            before = before.with_status(status, 1)
    if recent.percent is None or recent.marked < policy.attendance_min_marked:
        return []
    signals = []
    if (
        before.percent is not None
        and before.marked >= policy.attendance_min_marked
        and before.percent - recent.percent >= policy.attendance_drop_points
    ):
        signals.append(
            Signal(
                RiskReason.ATTENDANCE_FALLING,
                {
                    "before": before.percent,
                    "recent": recent.percent,
                    "window": policy.attendance_window_days,
                },
            )
        )
    if recent.percent < policy.attendance_floor_percent:
        signals.append(
            Signal(
                RiskReason.ATTENDANCE_LOW,
                {
                    "recent": recent.percent,
                    "window": policy.attendance_window_days,
                    "floor": policy.attendance_floor_percent,
                },
            )
        )
    return signals


def risk_signals_many(
    *,
    students: Sequence[Student],
    now: dt.datetime,
    policies: Mapping[int, PolicyData] | None = None,
    limits: Mapping[int, frozenset[int] | None] | None = None,
) -> list[StudentRisk]:
    """The at-risk signals of each student at `now` (FP-2), in a fixed number of queries:

    - no sign-in: the last sign-in (or, for one who never signed in, the account's
      creation) is more than `no_signin_days` days ago;
    - falling attendance: both the last window and the one before it have at least
      `attendance_min_marked` marked classes, and the share attended fell by at least
      `attendance_drop_points` points;
    - low attendance: the last window has enough marked classes and its share is below
      `attendance_floor_percent`;
    - overdue tasks: at least `overdue_min` tasks of the student's current courses are past
      their deadline and not handed in.
    Attendance and tasks only count the courses in `limits` (a teacher's courses).
    """
    if not students:
        return []
    policies = policies or {}
    limits = limits or {}
    defaults = PolicyData()
    student_ids = [s.pk for s in students]
    widest = max(
        (policies.get(s.institution_id, defaults).attendance_window_days for s in students),
        default=defaults.attendance_window_days,
    )
    today = timezone.localdate(now)
    period = DateRange(first=today - dt.timedelta(days=2 * widest), last=today)
    per_student, _courses = _courses_of(student_ids=student_ids, period=period)
    for student_id in student_ids:
        limit = limits.get(student_id)
        if limit is not None:
            per_student[student_id] = [c for c in per_student.get(student_id, []) if c in limit]
    course_ids = sorted({c for ids in per_student.values() for c in ids})
    tasks = _task_rows(
        per_student={pk: per_student.get(pk, []) for pk in student_ids},
        course_ids=course_ids,
        now=now,
    )
    marks: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    attendance_q = Attendance.objects.filter(
        student_id__in=student_ids,
        session__is_cancelled=False,
        session__starts_at__gte=now - dt.timedelta(days=2 * widest),
        session__starts_at__lt=now,
    )
    for student_id, course_id, starts_at, status in attendance_q.values_list(
        "student_id", "course_id", "session__starts_at", "status"
    ):
        limit = limits.get(student_id)
        if limit is None or course_id in limit:
            marks[student_id].append((starts_at, status))
    longest = max(
        (policies.get(s.institution_id, defaults).no_signin_days for s in students),
        default=defaults.no_signin_days,
    )
    last = last_signins(user_ids=[s.user_id for s in students], now=now, recent_days=longest)
    result = []
    for student in students:
        policy = policies.get(student.institution_id, defaults)
        signals: list[Signal] = []
        last_signin = last.get(student.user_id)
        reference = last_signin or student.user.date_joined
        if reference <= now - dt.timedelta(days=policy.no_signin_days):
            days = (now - last_signin).days if last_signin else None
            signals.append(Signal(RiskReason.NO_SIGNIN, {"days": days}))
        signals.extend(_attendance_signals(marks.get(student.pk, []), now=now, policy=policy))
        overdue = [r for r in tasks.get(student.pk, []) if r.state == TaskState.OVERDUE]
        if len(overdue) >= policy.overdue_min:
            signals.append(
                Signal(
                    RiskReason.OVERDUE,
                    {"count": len(overdue), "tasks": [f"{r.kind}:{r.task_id}" for r in overdue]},
                )
            )
        result.append(StudentRisk(student=student, signals=tuple(signals), last_signin=last_signin))
    return result


def notified_reasons(
    *, student_ids: Sequence[int], since: dt.date
) -> dict[tuple[int, str], dt.date]:
    """When each (student, reason) was last notified, from `since` on."""
    result: dict[tuple[int, str], dt.date] = {}
    for student_id, reason, created in (
        RiskAlert.objects.filter(student_id__in=list(student_ids), period_start__gte=since)
        .order_by("created_at")
        .values_list("student_id", "reason", "created_at")
    ):
        result[(student_id, reason)] = timezone.localdate(created)
    return result


# ---------------------------------------------------------------- notifications


def risk_recipients(*, students: Sequence[Student], today: dt.date) -> dict[int, list[int]]:
    """The users told about each student's signals: advisors and tutors of the student's
    group, tutors of the whole department of their program, tutors of their current
    courses (roles in force on `today`). Three queries."""
    in_force = (Q(starts_on__isnull=True) | Q(starts_on__lte=today)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    group_ids = sorted({s.group_id for s in students if s.group_id})
    department_ids = sorted({s.program.department_id for s in students})
    by_group: dict[int, set[int]] = defaultdict(set)
    by_department: dict[int, set[int]] = defaultdict(set)
    for user_id, group_id, department_id in RoleAssignment.objects.filter(
        in_force,
        Q(role__in=MONITOR_ROLES, group_id__in=group_ids)
        | Q(role="tutor", group__isnull=True, department_id__in=department_ids),
        user__is_active=True,
    ).values_list("user_id", "group_id", "department_id"):
        if group_id:
            by_group[group_id].add(user_id)
        elif department_id:
            by_department[department_id].add(user_id)
    by_student: dict[int, set[int]] = defaultdict(set)
    for student_id, user_id in Enrolment.objects.filter(
        student_id__in=[s.pk for s in students],
        is_active=True,
        course__status=CourseStatus.PUBLISHED,
        course__period__starts_on__lte=today,
        course__period__ends_on__gte=today,
        course__staff_links__role=CourseRole.TUTOR,
        course__staff_links__staff__user__is_active=True,
    ).values_list("student_id", "course__staff_links__staff__user_id"):
        by_student[student_id].add(user_id)
    result = {}
    for s in students:
        users = set(by_group.get(s.group_id or 0, set()))
        users |= by_department.get(s.program.department_id, set())
        users |= by_student.get(s.pk, set())
        users.discard(s.user_id)
        result[s.pk] = sorted(users)
    return result


def notifications_for(*, user_id: int, limit: int = 100) -> list[RiskNotification]:
    """A person's at-risk notifications, newest first, with the student fetched."""
    return list(
        RiskNotification.objects.filter(recipient_id=user_id)
        .select_related("alert__student__user", "alert__student__group")
        .order_by("-created_at", "-pk")[:limit]
    )


def unread_count(*, user_id: int) -> int:
    return RiskNotification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def notifications_unsent(*, user_id: int) -> list[RiskNotification]:
    """Notifications of a person not e-mailed yet (the digest), oldest first."""
    return list(
        RiskNotification.objects.filter(recipient_id=user_id, emailed_at__isnull=True)
        .select_related("alert__student__user", "alert__student__group", "recipient")
        .order_by("created_at", "pk")
    )


def institutions_with_students() -> list[int]:
    return sorted(
        Student.objects.filter(status=StudentStatus.ENROLLED)
        .values_list("institution_id", flat=True)
        .distinct()
    )


def enrolled_student_chunks(*, institution_id: int, size: int = 500) -> Iterable[list[Student]]:
    """Enrolled students of an institution, in chunks (for the daily run)."""
    last = 0
    while True:
        chunk = list(
            Student.objects.filter(
                institution_id=institution_id, status=StudentStatus.ENROLLED, pk__gt=last
            )
            .select_related("user", "group", "program")
            .order_by("pk")[:size]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk
