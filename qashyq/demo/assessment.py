"""Demo tests and exam tickets (LMS-7, LMS-2) for the demo student's courses.

`demo_assessment(institution=, today=)` takes up to two published courses of the period
`today` falls in that the demo student takes (and the demo teacher, when they teach
them), and gives each:
- a question bank category to draw from: the course's biggest category when the bank
  demo made one, else a small one of ten single-choice questions made here;
- "Current control: quiz" — open now for two weeks, 20 minutes, three attempts, best
  counts, the answers shown after submitting;
- "Midterm control 1 (R1)" — held last week, 40 minutes, one attempt, taken by up to
  fifteen of the course's students (not the demo student, who can take the quiz), graded,
  its grades in the gradebook;
and the first course a ticket set of ten typed tickets, open for drawing, five students
having drawn. Everything goes through the app's services with the clock set, so the
deadlines, scores and gradebook entries are the real ones. Idempotent: a course that
already has tests is left as it is. A few seconds at any demo size (only two courses).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count

from qashyq.assessment import services
from qashyq.assessment.data import SectionData, TestData
from qashyq.assessment.models import AttemptQuestion, Test
from qashyq.courses.models import CourseStaff, CourseStatus, Enrolment
from qashyq.courses.selectors import course_access
from qashyq.demo.builder import fixed_username
from qashyq.demo.courses import demo_period
from qashyq.institutions.models import Institution
from qashyq.people import selectors as people_selectors
from qashyq.people.models import Staff, Student
from qashyq.questions.models import Category, Question

ALMATY = ZoneInfo("Asia/Almaty")
COURSES = 2
TAKERS = 15
TICKETS = "\n\n".join(
    f"1. Теориялық сұрақ {n}: негізгі ұғымдар мен анықтамалар.\n"
    f"2. Практикалық тапсырма {n}: есепті шығарып, нәтижесін түсіндіріңіз.\n"
    f"3. Қолданбалы сұрақ {n}: мысал келтіріңіз."
    for n in range(1, 11)
)


@dataclass(frozen=True)
class DemoAssessmentSummary:
    tests: int = 0
    attempts: int = 0
    ticket_sets: int = 0


def _bank(course_id: int) -> Category:
    biggest = (
        Category.objects.filter(course_id=course_id)
        .annotate(n=Count("questions"))
        .filter(n__gte=5)
        .order_by("-n", "pk")
        .first()
    )
    if biggest is not None:
        return biggest
    category = Category.objects.create(course_id=course_id, name="Демо: негізгі ұғымдар")
    Question.objects.bulk_create(
        [
            Question(
                course_id=course_id,
                category=category,
                qtype="single",
                name=f"Демо {n}",
                text=f"<p>{n} × {n} = ?</p>",
                points=Decimal(1),
                data={
                    "choices": [
                        {"id": "c1", "text": str(n * n), "fraction": "1"},
                        {"id": "c2", "text": str(n * n + 1), "fraction": "0"},
                        {"id": "c3", "text": str(n * n - 1), "fraction": "0"},
                        {"id": "c4", "text": str(2 * n), "fraction": "0"},
                    ]
                },
            )
            for n in range(3, 13)  # n² and 2n differ from 3 on
        ]
    )
    return category


def _right(question: AttemptQuestion) -> object:
    """A right response for the common types (the demo's students mostly know)."""
    snapshot = question.snapshot
    qtype = snapshot.get("qtype")
    best = max(snapshot.get("choices") or [{}], key=lambda c: Decimal(str(c.get("fraction", 0))))
    if qtype in {"single", "truefalse"}:
        return best.get("id")
    if qtype == "multiple":
        return [c["id"] for c in snapshot["choices"] if Decimal(str(c.get("fraction", 0))) > 0]
    if qtype == "short" and snapshot.get("answers"):
        return snapshot["answers"][0]["text"]
    if qtype == "numeric" and snapshot.get("numeric"):
        return snapshot["numeric"][0]["value"]
    if qtype == "ordering":
        return [i["id"] for i in snapshot.get("items", [])]
    return None


def demo_assessment(*, institution: Institution, today: dt.date) -> DemoAssessmentSummary:
    period = demo_period(institution, today)
    code = institution.code
    student = Student.objects.filter(user__username=fixed_username("student", code)).first()
    teacher = Staff.objects.filter(user__username=fixed_username("teacher", code)).first()
    if period is None or student is None:
        return DemoAssessmentSummary()
    course_ids = list(
        Enrolment.objects.filter(
            student=student,
            is_active=True,
            course__period=period,
            course__status=CourseStatus.PUBLISHED,
        )
        .order_by("course_id")
        .values_list("course_id", flat=True)[:COURSES]
    )
    rng = random.Random(11)  # noqa: S311 - demo data, not a secret
    now = dt.datetime.combine(today, dt.time(10, 0), tzinfo=ALMATY)
    tests = attempts = ticket_sets = 0
    for index, course_id in enumerate(course_ids):
        if Test.objects.filter(course_id=course_id).exists():
            continue
        with transaction.atomic():
            if teacher is not None:
                CourseStaff.objects.get_or_create(
                    course_id=course_id, staff=teacher, defaults={"role": "teacher"}
                )
            staff_link = CourseStaff.objects.filter(course_id=course_id, role="teacher").first()
            if staff_link is None:
                continue
            teacher_user = staff_link.staff.user
            access = course_access(
                actor=people_selectors.actor_scope(user=teacher_user), course_id=course_id
            )
            category = _bank(course_id)
            count = min(10, category.questions.filter(is_archived=False).count())
            services.test_save(
                access=access,
                data=TestData(
                    title="Ағымдағы бақылау: тест",
                    control="current",
                    published=True,
                    time_limit_minutes=20,
                    opens_at=now - dt.timedelta(days=1),
                    closes_at=now + dt.timedelta(days=14),
                    attempts_allowed=3,
                    review_after_submit="correct",
                    sections=(SectionData(kind="draw", category_id=category.pk, count=count),),
                ),
                test=None,
                by_user_id=teacher_user.pk,
            )
            midterm_opens = now - dt.timedelta(days=7)
            midterm = services.test_save(
                access=access,
                data=TestData(
                    title="Аралық бақылау 1 (R1)",
                    control="midterm1",
                    published=True,
                    time_limit_minutes=40,
                    opens_at=midterm_opens,
                    closes_at=midterm_opens + dt.timedelta(hours=3),
                    attempts_allowed=1,
                    sections=(SectionData(kind="draw", category_id=category.pk, count=count),),
                ),
                test=None,
                by_user_id=teacher_user.pk,
            )
            tests += 2
            takers = list(
                Student.objects.filter(enrolments__course_id=course_id, enrolments__is_active=True)
                .exclude(pk=student.pk)
                .select_related("user")
                .order_by("pk")[:TAKERS]
            )
            for taker in takers:
                taker_access = course_access(
                    actor=people_selectors.actor_scope(user=taker.user), course_id=course_id
                )
                started = midterm_opens + dt.timedelta(minutes=rng.randint(0, 30))
                attempt = services.attempt_start(access=taker_access, test=midterm, now=started)
                for seq, question in enumerate(attempt.questions.order_by("position"), start=1):
                    response = _right(question) if rng.random() < 0.75 else None
                    if response is not None:
                        services.answer_save(
                            user_id=taker.user_id,
                            attempt_id=attempt.pk,
                            position=question.position,
                            response=response,
                            seq=seq,
                            now=started + dt.timedelta(minutes=seq),
                        )
                services.attempt_submit(
                    access=taker_access,
                    attempt=attempt,
                    now=started + dt.timedelta(minutes=rng.randint(15, 35)),
                )
                attempts += 1
            if index == 0:
                tickets = services.ticket_set_create(
                    access=access, title="Емтихан билеттері", text=TICKETS, by_user_id=None
                )
                services.ticket_set_open(access=access, ticket_set=tickets, open_=True)
                for taker in takers[:5]:
                    services.ticket_draw(
                        access=course_access(
                            actor=people_selectors.actor_scope(user=taker.user),
                            course_id=course_id,
                        ),
                        ticket_set=tickets,
                        now=now - dt.timedelta(hours=1),
                    )
                ticket_sets += 1
    return DemoAssessmentSummary(tests=tests, attempts=attempts, ticket_sets=ticket_sets)
