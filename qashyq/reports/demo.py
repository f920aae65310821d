"""Demo footprint for the reports (FP-2…FP-4): a few weeks of sign-ins, material views,
completions and submissions of students, content published and feedback given by their
teachers, recorded through the footprint's own service and folded into the rollups.

`demo_reports(institution=, today=)` takes the published courses of the academic period
`today` falls in (else the latest one), up to `students` of their enrolled students (the
demo student, user name `student` or `student.<institution code>`, always among them)
and `days` days before `today`; the teachers of the demo student's courses and of up to
30 more of those courses. The same seed gives the same history. Idempotent: an
institution whose courses already hold demo statements is left as it is (the rollups are
brought up to date all the same).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from qashyq.courses.models import Course, CourseStaff, CourseStatus, Enrolment, Material
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.models import Statement
from qashyq.footprint.services import footprint_record_many
from qashyq.institutions.models import Institution
from qashyq.reports import services
from qashyq.reports.models import ActorDay, CourseActorDay, CourseDay, ObjectDay

ALMATY = ZoneInfo("Asia/Almaty")
DEMO_CONTEXT = {"demo": "reports"}
BATCH = 5000
TEACHER_COURSES = 30
PLATFORM, MATERIAL = ActivityType.PLATFORM, ActivityType.MATERIAL


@dataclass(frozen=True)
class DemoReportsSummary:
    courses: int
    students: int
    statements: int
    folded: int


def _courses(institution: Institution, today: dt.date) -> list[Course]:
    published = Course.objects.filter(institution=institution, status=CourseStatus.PUBLISHED)
    current = published.filter(period__starts_on__lte=today, period__ends_on__gte=today)
    if not current.exists():
        latest = published.order_by("-period__starts_on").values("period_id").first()
        if latest is None:
            return []
        current = published.filter(period_id=latest["period_id"])
    return list(current.order_by("pk"))


def _moment(
    day: dt.date, rng: random.Random, first_hour: int = 8, last_hour: int = 22
) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(rng.randint(first_hour, last_hour), rng.randint(0, 59)), tzinfo=ALMATY
    )


@dataclass
class _Plan:
    """What the generator draws from: each student's user and courses, each course's
    visible materials and teachers."""

    rng: random.Random
    students: dict[int, tuple[int, list[int]]]
    materials: dict[int, list[tuple[int, str]]]
    teachers: dict[int, list[int]]
    actions: list[Action]

    def add(  # noqa: PLR0917 - the columns of one statement, in order
        self,
        user_id: int,
        verb: Verb,
        kind: ActivityType,
        object_id: str,
        name: str,
        course_id: int | None,
        when: dt.datetime,
    ) -> None:
        self.actions.append(
            Action(user_id, verb, kind, object_id, name, course_id, when, context=DEMO_CONTEXT)
        )

    def student_day(self, student_id: int, day: dt.date) -> None:
        """A student's day: one or two sign-ins, one to four views, some completions."""
        rng = self.rng
        user_id, courses = self.students[student_id]
        for _ in range(rng.choice((1, 1, 2))):
            self.add(user_id, Verb.LOGGED_IN, PLATFORM, "qashyq", "Qashyq", None,
                     _moment(day, rng))  # fmt: skip
        for _ in range(rng.randint(1, 4)):
            course_id = rng.choice(courses)
            if not self.materials[course_id]:
                continue
            pk, title = rng.choice(self.materials[course_id])
            when = _moment(day, rng)
            self.add(user_id, Verb.VIEWED, MATERIAL, str(pk), title, course_id, when)
            if rng.random() < 0.3:
                later = when + dt.timedelta(minutes=20)
                self.add(user_id, Verb.COMPLETED, MATERIAL, str(pk), title, course_id, later)

    def teacher_day(self, course_id: int, user_id: int, day: dt.date) -> None:
        """A teacher's working day in a course: a sign-in, sometimes content published,
        up to three comments."""
        rng = self.rng
        self.add(user_id, Verb.LOGGED_IN, PLATFORM, "qashyq", "Qashyq", None,
                 _moment(day, rng, 8, 10))  # fmt: skip
        if self.materials[course_id] and rng.random() < 0.3:
            pk, title = rng.choice(self.materials[course_id])
            self.add(user_id, Verb.PUBLISHED, MATERIAL, str(pk), title, course_id,
                     _moment(day, rng, 10, 18))  # fmt: skip
        for _ in range(rng.randint(0, 3)):
            self.add(user_id, Verb.COMMENTED, ActivityType.COURSE, str(course_id), "",
                     course_id, _moment(day, rng, 10, 20))  # fmt: skip


def _plan(course_ids: list[int], rng: random.Random) -> _Plan:
    plan = _Plan(rng, {}, defaultdict(list), defaultdict(list), [])
    for student_id, user_id, course_id in (
        Enrolment.objects.filter(course_id__in=course_ids, is_active=True)
        .order_by("student_id", "course_id")
        .values_list("student_id", "student__user_id", "course_id")
    ):
        plan.students.setdefault(student_id, (user_id, []))[1].append(course_id)
    for pk, course_id, title in (
        Material.objects.filter(
            module__course_id__in=course_ids, is_hidden=False, module__is_hidden=False
        )
        .order_by()
        .values_list("pk", "module__course_id", "title")
    ):
        plan.materials[course_id].append((pk, title))
    for course_id, user_id in CourseStaff.objects.filter(course_id__in=course_ids).values_list(
        "course_id", "staff__user_id"
    ):
        plan.teachers[course_id].append(user_id)
    return plan


def demo_reports(
    *,
    institution: Institution,
    today: dt.date,
    days: int = 21,
    students: int = 150,
    seed: int = 2026,
) -> DemoReportsSummary:
    """Record the demo footprint and fold it into the rollups (see the module's text)."""
    courses = _courses(institution, today)
    course_ids = [c.pk for c in courses]
    if (
        not course_ids
        or Statement.objects.filter(course_id__in=course_ids, context__demo="reports").exists()
    ):
        run = services.rollups_update(until=timezone.now())
        return DemoReportsSummary(len(courses), 0, 0, run.statements)
    plan = _plan(course_ids, random.Random(seed))  # noqa: S311 - demo data, not a secret
    everyone = sorted(plan.students)
    picked = set(plan.rng.sample(everyone, min(students, len(everyone))))
    demo_names = ["student", f"student.{institution.code}"]
    picked |= set(
        Enrolment.objects.filter(
            course_id__in=course_ids, student__user__username__in=demo_names
        ).values_list("student_id", flat=True)
    )
    # Teachers of the demo student's courses and of at most TEACHER_COURSES others.
    taught = {c for s in picked for c in plan.students[s][1]}
    demo_courses = set(
        Enrolment.objects.filter(
            course_id__in=course_ids, student__user__username__in=demo_names
        ).values_list("course_id", flat=True)
    )
    taught = demo_courses | set(sorted(taught - demo_courses)[:TEACHER_COURSES])
    for offset in range(days, 0, -1):
        day = today - dt.timedelta(days=offset)
        weekday = day.weekday() < 5
        for student_id in sorted(picked):
            if plan.rng.random() < (0.7 if weekday else 0.3):
                plan.student_day(student_id, day)
        for course_id in sorted(taught) if weekday else []:
            for user_id in plan.teachers[course_id]:
                if plan.rng.random() < 0.5:
                    plan.teacher_day(course_id, user_id, day)
    for start in range(0, len(plan.actions), BATCH):
        footprint_record_many(actions=plan.actions[start : start + BATCH])
    run = services.rollups_update(until=timezone.now())
    return DemoReportsSummary(len(courses), len(picked), len(plan.actions), run.statements)


def demo_reports_delete(*, institution: Institution) -> int:
    """Remove the rollup rows of an institution's courses and people (before the demo
    deletes them; the statements themselves are an append-only chained record and stay,
    their actors set to NULL with the accounts). The platform-wide counts of sign-ins
    (ObjectDay rows without a course) mix institutions and stay. Returns the rows deleted."""
    course_ids = list(Course.objects.filter(institution=institution).values_list("pk", flat=True))
    user_ids = list(
        Enrolment.objects.filter(course_id__in=course_ids)
        .values_list("student__user_id", flat=True)
        .distinct()
    ) + list(
        CourseStaff.objects.filter(course_id__in=course_ids)
        .values_list("staff__user_id", flat=True)
        .distinct()
    )
    deleted = 0
    for model in (ObjectDay, CourseActorDay, CourseDay):
        deleted += model.objects.filter(course_id__in=course_ids).delete()[0]
    deleted += ActorDay.objects.filter(actor_id__in=user_ids).delete()[0]
    return deleted
