"""Demo schedule and attendance (SIS-2, SIS-1) for the courses of the current period.

`demo_schedule(institution=, today=)` gives every published course of the academic
period that `today` falls in (else the next one) a weekly timetable for the period's
15 weeks, in Asia/Almaty time, skipping Kazakh public holidays:

- a lecture for the whole course: synchronous (BigBlueButton when BBB_URL/BBB_SECRET are
  set, else a Jitsi link), and every third week asynchronous with one of the course's
  materials and a week-long window (when the course has materials);
- a practical class per group: in person in a room, or synchronous (Zoom link) for
  online-form programs.

Past classes get attendance marks: present, late, absent or excused, drawn with a fixed
seed (about 82 / 6 / 9 / 3 %), with the source a real class would have (a join, the
material, the teacher). To stay fast for 30,000 students, the whole history is written
only for the courses of the demo student and the demo teacher; other courses get the
last week. Rows go in with COPY (PostgreSQL) or executemany (SQLite). Demo marks
carry no change history (nothing was changed). Idempotent: an institution that already
has classes is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.db import connection, transaction
from django.utils import timezone

from qashyq.core.cache import generation_bump
from qashyq.courses.models import (
    Course,
    CourseGroup,
    CourseStaff,
    CourseStatus,
    Enrolment,
    Material,
)
from qashyq.demo.builder import fixed_username
from qashyq.demo.bulk import Table, db_timestamp, reserve_ids
from qashyq.demo.courses import demo_period
from qashyq.institutions.models import AcademicPeriod, Institution, StudyForm
from qashyq.people.models import Staff, Student
from qashyq.schedule.models import (
    Attendance,
    AttendanceChange,
    AttendanceSource,
    AttendanceStatus,
    ClassSession,
    ConferenceProvider,
    Recording,
    SessionDelivery,
    SessionJoin,
    SessionKind,
)
from qashyq.schedule.services import bbb_enabled

ALMATY = ZoneInfo("Asia/Almaty")
WEEKS = 15
SLOTS = (dt.time(9, 0), dt.time(10, 30), dt.time(12, 0), dt.time(14, 0), dt.time(15, 30))
CLASS_LENGTH = dt.timedelta(minutes=80)
RECENT = dt.timedelta(days=7)
STATUSES = (
    (AttendanceStatus.PRESENT, 82),
    (AttendanceStatus.LATE, 6),
    (AttendanceStatus.ABSENT, 9),
    (AttendanceStatus.EXCUSED, 3),
)


@dataclass(frozen=True)
class DemoScheduleSummary:
    period_id: int | None = None
    courses: int = 0
    classes: int = 0
    skipped_holidays: int = 0
    marks: int = 0


@dataclass
class _Class:
    pk: int
    course_id: int
    group_id: int | None
    kind: str
    delivery: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    teacher_id: int | None
    room: str = ""
    provider: str = ""
    url: str = ""
    material_id: int | None = None
    window_closes_at: dt.datetime | None = None


def _featured_courses(institution: Institution, period: AcademicPeriod) -> set[int]:
    """Courses of the demo student and the demo teacher: their whole history is marked."""
    code = institution.code
    student = Student.objects.filter(user__username=fixed_username("student", code)).first()
    teacher = Staff.objects.filter(user__username=fixed_username("teacher", code)).first()
    found: set[int] = set()
    if student is not None:
        found |= set(
            Enrolment.objects.filter(student=student, course__period=period).values_list(
                "course_id", flat=True
            )
        )
    if teacher is not None:
        found |= set(
            CourseStaff.objects.filter(staff=teacher, course__period=period).values_list(
                "course_id", flat=True
            )
        )
    return found


@dataclass
class _Courses:
    """What the timetable needs of the courses: groups (with study form), the first
    teacher, visible materials."""

    groups: dict[int, list[tuple[int, str]]]
    teachers: dict[int, int]
    materials: dict[int, list[int]]

    @classmethod
    def load(cls, course_ids: list[int]) -> _Courses:
        groups: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for course_id, group_id, form in (
            CourseGroup.objects.filter(course_id__in=course_ids)
            .order_by("group__code")
            .values_list("course_id", "group_id", "group__program__study_form")
        ):
            groups[course_id].append((group_id, form))
        teachers: dict[int, int] = {}
        for course_id, staff_id in (
            CourseStaff.objects.filter(course_id__in=course_ids, role="teacher")
            .order_by("pk")
            .values_list("course_id", "staff_id")
        ):
            teachers.setdefault(course_id, staff_id)
        materials: dict[int, list[int]] = defaultdict(list)
        for course_id, material_id in (
            Material.objects.filter(module__course_id__in=course_ids, is_hidden=False)
            .order_by("module__position", "position", "pk")
            .values_list("module__course_id", "pk")
        ):
            materials[course_id].append(material_id)
        return cls(groups=groups, teachers=teachers, materials=materials)


@transaction.atomic
def demo_schedule(*, institution: Institution, today: dt.date) -> DemoScheduleSummary:
    """Timetable and attendance of the current period's courses (see the module doc)."""
    period = demo_period(institution, today)  # the one demo_courses filled
    if period is None:
        return DemoScheduleSummary()
    courses = list(
        Course.objects.filter(
            institution=institution, period=period, status=CourseStatus.PUBLISHED
        ).order_by("pk")
    )
    if not courses or ClassSession.objects.filter(course__institution=institution).exists():
        return DemoScheduleSummary(period_id=period.pk)
    rng = random.Random(f"{institution.code}:{period.pk}")  # noqa: S311 - demo data
    facts = _Courses.load([c.pk for c in courses])
    classes: list[_Class] = []
    skipped = 0
    for index, course in enumerate(courses):
        made, missed = _course_timetable(
            course, index=index, period=period, facts=facts, rng=rng, code=institution.code
        )
        classes += made
        skipped += missed
    now = timezone.now()
    for item, pk in zip(classes, reserve_ids(ClassSession, len(classes)), strict=True):
        item.pk = pk
    _insert_classes(classes, now=now)
    marks = _insert_marks(
        classes, featured=_featured_courses(institution, period), now=now, rng=rng
    )
    for course in courses:
        generation_bump(f"schedule-course-{course.pk}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE schedule_classsession")
            cursor.execute("ANALYZE schedule_attendance")
    return DemoScheduleSummary(
        period_id=period.pk,
        courses=len(courses),
        classes=len(classes),
        skipped_holidays=skipped,
        marks=marks,
    )


def _course_timetable(
    course: Course,
    *,
    index: int,
    period: AcademicPeriod,
    facts: _Courses,
    rng: random.Random,
    code: str,
) -> tuple[list[_Class], int]:
    """One course's weeks: a lecture and a practical class per group; public holidays
    skipped (their count is the second value)."""
    days_off = holidays.country_holidays(
        "KZ", years=sorted({period.starts_on.year, period.ends_on.year})
    )
    monday = period.starts_on - dt.timedelta(days=period.starts_on.weekday())
    slot, practice_slot = SLOTS[index % len(SLOTS)], SLOTS[(index + 2) % len(SLOTS)]
    groups = facts.groups[course.pk]
    teacher = facts.teachers.get(course.pk)
    own = facts.materials.get(course.pk)
    use_bbb = bbb_enabled()
    classes: list[_Class] = []
    skipped = 0
    for week in range(WEEKS):
        date = monday + dt.timedelta(weeks=week, days=index % 5)
        if date > period.ends_on:
            break
        if date in days_off:
            skipped += 1 + len(groups)
            continue
        starts = dt.datetime.combine(date, slot, tzinfo=ALMATY)
        lecture = _Class(
            pk=0,
            course_id=course.pk,
            group_id=None,
            kind=SessionKind.LECTURE,
            delivery=SessionDelivery.SYNCHRONOUS,
            starts_at=starts,
            ends_at=starts + CLASS_LENGTH,
            teacher_id=teacher,
        )
        if own and week % 3 == 2:
            lecture.delivery = SessionDelivery.ASYNCHRONOUS
            lecture.material_id = own[(week // 3) % len(own)]
            lecture.window_closes_at = starts + dt.timedelta(days=7)
        elif use_bbb:
            lecture.provider = ConferenceProvider.BIGBLUEBUTTON
        else:
            lecture.provider = ConferenceProvider.JITSI
            lecture.url = f"https://meet.jit.si/qashyq-{code}-{course.code}"
        classes.append(lecture)
        for number, (group_id, form) in enumerate(groups):
            g_starts = dt.datetime.combine(date, practice_slot, tzinfo=ALMATY) + dt.timedelta(
                minutes=90 * (number % 2)
            )
            practice = _Class(
                pk=0,
                course_id=course.pk,
                group_id=group_id,
                kind=SessionKind.PRACTICE,
                delivery=SessionDelivery.IN_PERSON,
                starts_at=g_starts,
                ends_at=g_starts + CLASS_LENGTH,
                teacher_id=teacher,
                room=f"{1 + number % 4}{rng.randint(1, 3)}{rng.randint(0, 9)}",
            )
            if form == StudyForm.ONLINE:
                practice.delivery = SessionDelivery.SYNCHRONOUS
                practice.room = ""
                practice.provider = ConferenceProvider.ZOOM
                practice.url = f"https://us02web.zoom.us/j/{rng.randint(10**9, 10**10 - 1)}"
            classes.append(practice)
    return classes, skipped


def _insert_classes(classes: list[_Class], *, now: dt.datetime) -> None:
    table = Table(
        ClassSession,
        [
            "id",
            "course",
            "group",
            "kind",
            "delivery",
            "starts_at",
            "ends_at",
            "teacher",
            "room",
            "conference_provider",
            "conference_url",
            "bbb_meeting_id",
            "bbb_attendee_secret",
            "bbb_moderator_secret",
            "material",
            "window_opens_at",
            "window_closes_at",
            "settled_at",
        ],
        now=now,
    )
    table.insert(
        (
            c.pk,
            c.course_id,
            c.group_id,
            c.kind,
            c.delivery,
            db_timestamp(c.starts_at),
            db_timestamp(c.ends_at),
            c.teacher_id,
            c.room,
            c.provider,
            c.url,
            f"qashyq-{uuid.UUID(int=c.pk).hex}"
            if c.provider == ConferenceProvider.BIGBLUEBUTTON
            else "",
            uuid.uuid4().hex[:16] if c.provider == ConferenceProvider.BIGBLUEBUTTON else "",
            uuid.uuid4().hex[:16] if c.provider == ConferenceProvider.BIGBLUEBUTTON else "",
            c.material_id,
            db_timestamp(c.starts_at) if c.material_id else None,
            db_timestamp(c.window_closes_at) if c.window_closes_at else None,
            db_timestamp(_closes(c)) if _closes(c) <= now and c.delivery != "in_person" else None,
        )
        for c in classes
    )


def _closes(c: _Class) -> dt.datetime:
    return c.window_closes_at or c.ends_at


def _insert_marks(
    classes: list[_Class], *, featured: set[int], now: dt.datetime, rng: random.Random
) -> int:
    past = [
        c
        for c in classes
        if _closes(c) <= now and (c.course_id in featured or now - _closes(c) <= RECENT)
    ]
    if not past:
        return 0
    course_ids = sorted({c.course_id for c in past})
    # The course's students, and per group: a group's class walks only its own students.
    students: dict[int, list[int]] = defaultdict(list)
    by_group: dict[tuple[int, int | None], list[int]] = defaultdict(list)
    for course_id, student_id, group_id in (
        Enrolment.objects.filter(course_id__in=course_ids, is_active=True)
        .order_by("student_id")
        .values_list("course_id", "student_id", "student__group_id")
    ):
        students[course_id].append(student_id)
        by_group[course_id, group_id].append(student_id)
    # Cumulative weights, drawn with one random() per mark (rng.choices is slow here).
    total = sum(w for _s, w in STATUSES)
    bounds: list[tuple[float, AttendanceStatus]] = []
    running = 0
    for status, weight in STATUSES:
        running += weight
        bounds.append((running / total, status))
    table = Table(
        Attendance,
        ["session", "course", "student", "status", "source", "marked_at"],
        now=now,
    )

    def draw() -> AttendanceStatus:
        x = rng.random()
        return next(status for bound, status in bounds if x < bound)

    def rows() -> Iterator[tuple[Any, ...]]:
        for c in past:
            marked_at = db_timestamp(_closes(c))  # once per class, not per mark
            who = students[c.course_id] if c.group_id is None else by_group[c.course_id, c.group_id]
            for student_id in who:
                status = draw()
                if c.delivery == SessionDelivery.IN_PERSON:
                    source = AttendanceSource.TEACHER
                elif status in {AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED}:
                    source = AttendanceSource.SETTLED
                    status = AttendanceStatus.ABSENT
                elif c.delivery == SessionDelivery.ASYNCHRONOUS:
                    source, status = AttendanceSource.MATERIAL, AttendanceStatus.PRESENT
                else:
                    source = AttendanceSource.JOIN
                yield (c.pk, c.course_id, student_id, status.value, source.value, marked_at)

    return table.insert(rows())


@transaction.atomic
def demo_schedule_delete(*, institution: Institution) -> int:
    """Remove the institution's classes and everything hanging on them with single
    DELETE statements (before its courses go); returns the classes removed."""
    sessions = ClassSession.objects.filter(course__institution=institution)
    AttendanceChange.objects.filter(attendance__course__institution=institution)._raw_delete(
        connection.alias
    )
    Attendance.objects.filter(course__institution=institution)._raw_delete(connection.alias)
    SessionJoin.objects.filter(session__course__institution=institution)._raw_delete(
        connection.alias
    )
    Recording.objects.filter(session__course__institution=institution)._raw_delete(connection.alias)
    return int(sessions._raw_delete(connection.alias))
