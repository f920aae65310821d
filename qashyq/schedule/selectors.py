"""Reads of the schedule: every function takes the actor and returns only what the actor
may see (SEC-2), with what the caller renders already fetched (no N+1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from qashyq.core.cache import cached
from qashyq.core.scope import ActorScope
from qashyq.courses import selectors as courses_selectors
from qashyq.courses.errors import CourseNotFound
from qashyq.courses.models import (
    Course,
    CourseGroup,
    CourseStaff,
    Enrolment,
    Material,
    MaterialProgress,
)
from qashyq.people.models import Student
from qashyq.schedule.data import (
    CourseAccess,
    CourseFacts,
    Journal,
    JournalColumn,
    JournalRow,
)
from qashyq.schedule.errors import ScheduleNotFound
from qashyq.schedule.ical import CalendarEvent
from qashyq.schedule.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    CalendarFeed,
    ClassSession,
    Recording,
    SessionDelivery,
    SessionJoin,
)
from qashyq.schedule.permissions import (
    course_access,
    course_scope,
    my_sessions_scope,
    session_scope,
)

ALMATY = ZoneInfo("Asia/Almaty")
ATTENDED = frozenset({AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value})
NOT_APPLICABLE = "-"


def not_found() -> ScheduleNotFound:
    return ScheduleNotFound(_("Not found."))


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise not_found() from None


# ---------------------------------------------------------------- courses


def course_facts(*, course: Course) -> CourseFacts:
    """The course's staff and groups (with codes) for the permission predicates and the
    pages (two small queries);
    the course must come with its discipline's department."""
    staff = frozenset(
        CourseStaff.objects.filter(course_id=course.pk).values_list("staff_id", flat=True)
    )
    groups = tuple(
        CourseGroup.objects.filter(course_id=course.pk)
        .order_by("group__code", "group_id")
        .values_list("group_id", "group__code")
    )
    return CourseFacts(
        course_id=course.pk,
        institution_id=course.institution_id,
        department_id=course.discipline.department_id,
        faculty_id=course.discipline.department.faculty_id,
        staff_ids=staff,
        group_ids=frozenset(pk for pk, _code in groups),
        groups=groups,
    )


@dataclass(frozen=True)
class CourseSchedule:
    course: Course
    access: CourseAccess
    groups: tuple[tuple[int, str], ...]  # the course's groups: (id, code)


def course_get_for(*, actor: ActorScope, course_id: object) -> tuple[Course, CourseAccess]:
    """A course whose schedule the actor may see, with what they may do, or
    ScheduleNotFound (absent and not-yours alike).

    Everyone who reads the course in the courses app (its cached `course_access`) sees its
    schedule, and then the staff and groups come from the cache under the course's stamp:
    a warm call makes no query (ADR 0014). The schedule's own readers beyond those
    (advisors and tutors of a group, a department's tutors) take three queries."""
    pk = _pk(course_id)
    try:
        reach = courses_selectors.course_access(actor=actor, course_id=pk)
    except CourseNotFound:
        course = (
            Course.objects.filter(course_scope(actor), pk=pk)
            .select_related("discipline__department", "period")
            .first()
        )
        if course is None:
            raise not_found() from None
        return course, course_access(actor, course_facts(course=course), visible=True)
    found = reach.course
    facts = cached(
        f"schedule:facts:{pk}:{reach.stamp}", lambda: course_facts(course=found), local=True
    )
    return found, course_access(actor, facts, visible=True)


def course_teachers(*, course_id: int) -> list[tuple[int, str]]:
    """The course's staff for the teacher choice: (staff id, name)."""
    seen: dict[int, str] = {}
    for staff_id, last, first, middle in (
        CourseStaff.objects.filter(course_id=course_id)
        .order_by("staff__user__last_name", "staff__user__first_name", "pk")
        .values_list(
            "staff_id",
            "staff__user__last_name",
            "staff__user__first_name",
            "staff__user__middle_name",
        )
    ):
        seen.setdefault(staff_id, " ".join(p for p in (last, first, middle) if p))
    return list(seen.items())


def course_materials(*, course_id: int) -> list[tuple[int, str]]:
    """The course's materials for an asynchronous class: (id, "module · title")."""
    return [
        (pk, f"{module} · {title}")
        for pk, module, title in Material.objects.filter(module__course_id=course_id)
        .order_by("module__position", "module_id", "position", "pk")
        .values_list("pk", "module__title", "title")
    ]


def course_sessions(*, course_id: int, group_id: int | None = None) -> QuerySet[ClassSession]:
    """A course's classes in time order, with group, teacher and material fetched; with
    `group_id` only whole-course classes and that group's."""
    sessions = ClassSession.objects.filter(course_id=course_id).select_related(
        "group", "teacher__user", "material"
    )
    if group_id is not None:
        sessions = sessions.filter(Q(group__isnull=True) | Q(group_id=group_id))
    return sessions.order_by("starts_at", "pk")


# ---------------------------------------------------------------- classes


def session_get_for(*, actor: ActorScope, session_id: object) -> ClassSession:
    """One class the actor may see, with its course, discipline, group, teacher and
    material; ScheduleNotFound otherwise."""
    session = (
        ClassSession.objects.filter(session_scope(actor), pk=_pk(session_id))
        .select_related(
            "course__discipline__department", "group", "teacher__user", "material__module"
        )
        .first()
    )
    if session is None:
        raise not_found()
    return session


def session_access(*, actor: ActorScope, session: ClassSession) -> CourseAccess:
    """What the actor may do with a class they can see (two queries)."""
    return course_access(actor, course_facts(course=session.course), visible=True)


def expected_students(*, session: ClassSession) -> QuerySet[Student]:
    """The students a class is for: active enrolments of its course, and of a group's
    class only that group's students; with their accounts and groups."""
    students = Student.objects.filter(
        pk__in=Enrolment.objects.filter(course_id=session.course_id, is_active=True).values(
            "student_id"
        )
    )
    if session.group_id is not None:
        students = students.filter(group_id=session.group_id)
    return students.select_related("user", "group").order_by(
        "user__last_name", "user__first_name", "student_number", "pk"
    )


def is_expected(*, session: ClassSession, student_id: int) -> bool:
    return expected_students(session=session).filter(pk=student_id).exists()


@dataclass(frozen=True)
class RosterRow:
    student: Student
    attendance: Attendance | None
    joined_at: dt.datetime | None
    left_at: dt.datetime | None


def session_roster(*, session: ClassSession) -> list[RosterRow]:
    """The class's students with their mark and first entry into the room (three queries)."""
    students = list(expected_students(session=session))
    marks = {
        a.student_id: a
        for a in Attendance.objects.filter(session_id=session.pk).select_related("marked_by")
    }
    first_join: dict[int, SessionJoin] = {}
    for join in SessionJoin.objects.filter(session_id=session.pk, student__isnull=False).order_by(
        "joined_at", "pk"
    ):
        assert join.student_id is not None
        first_join.setdefault(join.student_id, join)
    return [
        RosterRow(
            student=s,
            attendance=marks.get(s.pk),
            joined_at=first_join[s.pk].joined_at if s.pk in first_join else None,
            left_at=first_join[s.pk].left_at if s.pk in first_join else None,
        )
        for s in students
    ]


def student_mark(*, session: ClassSession, student_id: int) -> Attendance | None:
    """A student's own mark for a class (None while not marked)."""
    return Attendance.objects.filter(session_id=session.pk, student_id=student_id).first()


def attendance_history(*, session: ClassSession) -> list[AttendanceChange]:
    """Every change of every mark of a class, oldest first, with who made it."""
    return list(
        AttendanceChange.objects.filter(attendance__session_id=session.pk)
        .select_related("attendance__student__user", "changed_by")
        .order_by("changed_at", "pk")
    )


def session_recordings(*, session: ClassSession) -> list[Recording]:
    return list(Recording.objects.filter(session_id=session.pk, published=True))


def session_by_meeting(*, meeting_id: str) -> ClassSession | None:
    """The class a BigBlueButton meeting belongs to (callbacks carry only the meeting id)."""
    if not meeting_id:
        return None
    return ClassSession.objects.filter(bbb_meeting_id=meeting_id).select_related("course").first()


# ---------------------------------------------------------------- the week (SIS-2)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week `day` falls in."""
    return day - dt.timedelta(days=day.weekday())


def almaty_day_bounds(first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """[midnight of `first`, midnight `days` later) in Asia/Almaty, as aware datetimes."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=ALMATY)
    return start, start + dt.timedelta(days=days)


@dataclass(frozen=True)
class Day:
    date: dt.date
    sessions: tuple[ClassSession, ...]


def my_week(*, actor: ActorScope, monday: dt.date) -> list[Day]:
    """The actor's classes (taught or attended) from `monday` for seven days, by day in
    Asia/Almaty (one query)."""
    start, end = almaty_day_bounds(monday, 7)
    sessions = (
        ClassSession.objects.filter(
            my_sessions_scope(actor), starts_at__gte=start, starts_at__lt=end
        )
        .select_related("course__discipline", "group", "teacher__user", "material")
        .order_by("starts_at", "pk")
    )
    by_day: dict[dt.date, list[ClassSession]] = defaultdict(list)
    for session in sessions:
        by_day[session.starts_at.astimezone(ALMATY).date()].append(session)
    return [
        Day(date=monday + dt.timedelta(days=i), sessions=tuple(by_day[monday + dt.timedelta(i)]))
        for i in range(7)
    ]


def my_sessions_between(
    *, actor: ActorScope, start: dt.datetime, end: dt.datetime
) -> QuerySet[ClassSession]:
    """The actor's classes starting in [start, end) (the iCalendar export, the API)."""
    return (
        ClassSession.objects.filter(
            my_sessions_scope(actor), starts_at__gte=start, starts_at__lt=end
        )
        .select_related("course__discipline", "group", "teacher__user", "material")
        .order_by("starts_at", "pk")
    )


def session_list_for(
    *,
    actor: ActorScope,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    course_id: int | None = None,
) -> QuerySet[ClassSession]:
    """Classes the actor may see (not only their own), filtered (the API list)."""
    sessions = ClassSession.objects.filter(session_scope(actor)).select_related(
        "course__discipline", "group", "teacher__user", "material"
    )
    if start is not None:
        sessions = sessions.filter(starts_at__gte=start)
    if end is not None:
        sessions = sessions.filter(starts_at__lt=end)
    if course_id is not None:
        sessions = sessions.filter(course_id=course_id)
    return sessions.order_by("starts_at", "pk")


def calendar_event(*, session: ClassSession, host: str, url: str) -> CalendarEvent:
    """One class as an iCalendar event (SIS-2): the discipline and kind as the summary;
    the course, delivery, topic, group and the asynchronous deadline as the description;
    the room, or the online service, as the location."""
    discipline = session.course.discipline
    details = [f"{session.course.code} · {session.get_delivery_display()}"]
    if session.topic:
        details.append(session.topic)
    if session.group is not None:
        details.append(_("Group %(code)s") % {"code": session.group.code})
    if session.delivery == SessionDelivery.ASYNCHRONOUS and session.window_closes_at:
        details.append(
            _("Study the material by %(time)s (Almaty time).")
            % {"time": session.window_closes_at.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M")}
        )
    location = session.room
    if session.delivery == SessionDelivery.SYNCHRONOUS:
        location = str(session.get_conference_provider_display())
    return CalendarEvent(
        uid=f"class-{session.pk}@{host}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=f"{discipline.name} ({session.get_kind_display()})",
        stamp=session.updated_at,
        description="\n".join(details),
        location=location,
        url=url,
        categories=(str(session.get_delivery_display()),),
        cancelled=session.is_cancelled,
    )


def calendar_feed_version(*, user_id: int) -> int:
    """The version a feed link must carry (1 until the person resets their link)."""
    found = CalendarFeed.objects.filter(user_id=user_id).values_list("version", flat=True).first()
    return found or 1


# ---------------------------------------------------------------- the journal


def attendance_journal(
    *, course: Course, group_id: int | None, groups: frozenset[int] | None = None
) -> Journal:
    """The attendance grid of a course (students × classes), or of one of its groups, in
    three queries whatever its size: the classes, the students, the marks.

    `groups` narrows the rows to those groups (an advisor sees only theirs). A cell is the
    status, "" when not marked yet, "-" when the class is another group's."""
    sessions = ClassSession.objects.filter(course_id=course.pk, is_cancelled=False)
    if group_id is not None:
        sessions = sessions.filter(Q(group__isnull=True) | Q(group_id=group_id))
    columns = tuple(
        JournalColumn(session_id=pk, starts_at=starts, kind=kind, delivery=delivery, group_id=gid)
        for pk, starts, kind, delivery, gid in sessions.order_by("starts_at", "pk").values_list(
            "pk", "starts_at", "kind", "delivery", "group_id"
        )
    )
    students = Student.objects.filter(
        pk__in=Enrolment.objects.filter(course_id=course.pk, is_active=True).values("student_id")
    )
    if group_id is not None:
        students = students.filter(group_id=group_id)
    if groups is not None:
        students = students.filter(group_id__in=sorted(groups))
    student_rows = list(
        students.order_by("group__code", "user__last_name", "user__first_name", "pk").values_list(
            "pk",
            "student_number",
            "user__last_name",
            "user__first_name",
            "user__middle_name",
            "group_id",
            "group__code",
        )
    )
    marks: dict[tuple[int, int], str] = {}
    if columns and student_rows:
        marks = {
            (session_id, student_id): status
            for session_id, student_id, status in Attendance.objects.filter(
                course_id=course.pk
            ).values_list("session_id", "student_id", "status")
        }
    rows = []
    for pk, number, last, first, middle, gid, gcode in student_rows:
        cells: list[str] = []
        attended = marked = absent = 0
        for column in columns:
            if column.group_id is not None and column.group_id != gid:
                cells.append(NOT_APPLICABLE)
                continue
            status = marks.get((column.session_id, pk), "")
            cells.append(status)
            if status:
                marked += 1
                if status in ATTENDED:
                    attended += 1
                elif status == AttendanceStatus.ABSENT:
                    absent += 1
        rows.append(
            JournalRow(
                student_id=pk,
                student_number=number,
                full_name=" ".join(p for p in (last, first, middle) if p),
                group_id=gid,
                group_code=gcode or "",
                cells=tuple(cells),
                attended=attended,
                marked=marked,
                absent=absent,
            )
        )
    return Journal(course_id=course.pk, group_id=group_id, columns=columns, rows=tuple(rows))


# ---------------------------------------------------------------- a student's own (SIS-1)


@dataclass(frozen=True)
class OwnMark:
    session: ClassSession
    status: str
    source: str


@dataclass(frozen=True)
class OwnCourseAttendance:
    course: Course
    marks: tuple[OwnMark, ...]
    attended: int
    marked: int
    absent: int

    @property
    def percent(self) -> int | None:
        if self.marked == 0:
            return None
        return round(100 * self.attended / self.marked)


def my_attendance(*, actor: ActorScope, now: dt.datetime) -> list[OwnCourseAttendance]:
    """A student's own attendance per course (SIS-1): every class of theirs that has begun,
    with its mark ("" while not marked). Three queries; empty for non-students."""
    if actor.student_id is None:
        return []
    courses = {
        c.pk: c
        for c in Course.objects.filter(course_scope(actor))
        .filter(
            pk__in=Enrolment.objects.filter(student_id=actor.student_id, is_active=True).values(
                "course_id"
            )
        )
        .select_related("discipline", "period")
    }
    if not courses:
        return []
    sessions = (
        ClassSession.objects.filter(
            my_sessions_scope(actor),
            course_id__in=sorted(courses),
            starts_at__lte=now,
            is_cancelled=False,
        )
        .select_related("group")
        .order_by("starts_at", "pk")
    )
    marks = {
        session_id: (status, source)
        for session_id, status, source in Attendance.objects.filter(
            student_id=actor.student_id, course_id__in=sorted(courses)
        ).values_list("session_id", "status", "source")
    }
    per_course: dict[int, list[OwnMark]] = defaultdict(list)
    for session in sessions:
        status, source = marks.get(session.pk, ("", ""))
        per_course[session.course_id].append(OwnMark(session=session, status=status, source=source))
    result = []
    for course_id, course in sorted(
        courses.items(), key=lambda item: (item[1].discipline.code, item[0])
    ):
        own = per_course.get(course_id, [])
        result.append(
            OwnCourseAttendance(
                course=course,
                marks=tuple(own),
                attended=sum(1 for m in own if m.status in ATTENDED),
                marked=sum(1 for m in own if m.status),
                absent=sum(1 for m in own if m.status == AttendanceStatus.ABSENT),
            )
        )
    return result


# ---------------------------------------------------------------- automatic marks


def material_openers(
    *, session: ClassSession, student_ids: Iterable[int]
) -> dict[int, dt.datetime]:
    """Students who opened the class's asynchronous material inside its window, with
    the first such moment (FP-2).

    The footprint is the source (courses.selectors.material_views_between: one `viewed`
    or `downloaded` event per opening, exact); MaterialProgress (first and last opening)
    adds an opening inside the window that the footprint does not hold."""
    if (
        session.delivery != SessionDelivery.ASYNCHRONOUS
        or session.material_id is None
        or session.window_opens_at is None
        or session.window_closes_at is None
    ):
        return {}
    opens, closes = session.window_opens_at, session.window_closes_at
    wanted = {int(s) for s in student_ids}
    views = courses_selectors.material_views_between(
        material_id=session.material_id, starts_at=opens, ends_at=closes
    )
    found = {s: moment for s, moment in views.items() if s in wanted}
    in_window = Q(first_opened_at__gte=opens, first_opened_at__lt=closes) | Q(
        last_opened_at__gte=opens, last_opened_at__lt=closes
    )
    progress = MaterialProgress.objects.filter(
        in_window, material_id=session.material_id, student_id__in=sorted(wanted)
    ).values_list("student_id", "first_opened_at", "last_opened_at")
    for student_id, first, last in progress:
        moment = first if opens <= first < closes else last
        if student_id not in found or moment < found[student_id]:
            found[student_id] = moment
    return found


def sessions_due(*, now: dt.datetime) -> QuerySet[ClassSession]:
    """Online classes over (the asynchronous window closed) and not yet settled."""
    over = Q(delivery=SessionDelivery.SYNCHRONOUS, ends_at__lte=now) | Q(
        delivery=SessionDelivery.ASYNCHRONOUS, window_closes_at__lte=now
    )
    return ClassSession.objects.filter(over, settled_at__isnull=True, is_cancelled=False).order_by(
        "starts_at", "pk"
    )


def async_sessions_open(*, now: dt.datetime) -> QuerySet[ClassSession]:
    """Asynchronous classes whose window is open now."""
    return ClassSession.objects.filter(
        delivery=SessionDelivery.ASYNCHRONOUS,
        is_cancelled=False,
        window_opens_at__lte=now,
        window_closes_at__gt=now,
        material__isnull=False,
    ).order_by("pk")
