"""Demo assignments (LMS-1, LMS-5, FP-2) for the courses of the demo student and the demo
teacher in the current period (a few courses, so a 30,000-student demo stays fast).

`demo_assignments(institution=, today=)` gives each of those courses two assignments: an
essay with a rubric (two criteria) whose deadline passed a week ago, and a report due in
ten days. Enrolled students (at most 40 per course) have handed in the past one: most on
time, every fifth late (a 10 % penalty per day started, at most 30 %), and two of three
are graded by rubric, with the grade recorded in the gradebook. The demo student has a
draft of the coming one. Rows go in with bulk_create. Idempotent: an institution whose
courses already have assignments is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from qashyq.assignments.late import final_points, late_seconds, penalty_percent
from qashyq.assignments.models import (
    Assignment,
    CriterionScore,
    Grade,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    SubmissionStatus,
)
from qashyq.courses.models import Course, CourseStaff, CourseStatus, Enrolment
from qashyq.demo.builder import fixed_username
from qashyq.demo.courses import demo_period
from qashyq.gradebook import services as gradebook_services
from qashyq.institutions.models import Institution
from qashyq.people.models import Staff, Student

ALMATY = ZoneInfo("Asia/Almaty")
PER_COURSE = 40


@transaction.atomic
def demo_assignments(institution: Institution, today: dt.date) -> int:  # noqa: PLR0915 - one pass
    """Create the demo assignments; returns how many submissions were written."""
    period = demo_period(institution, today)
    if period is None:
        return 0
    if Assignment.objects.filter(course__institution=institution).exists():
        return 0
    code = institution.code
    student = Student.objects.filter(user__username=fixed_username("student", code)).first()
    teacher = Staff.objects.filter(user__username=fixed_username("teacher", code)).first()
    course_ids: set[int] = set()
    if student is not None:
        course_ids |= set(
            Enrolment.objects.filter(student=student, course__period=period).values_list(
                "course_id", flat=True
            )
        )
    if teacher is not None:
        course_ids |= set(
            CourseStaff.objects.filter(staff=teacher, course__period=period).values_list(
                "course_id", flat=True
            )
        )
    courses = list(
        Course.objects.filter(pk__in=sorted(course_ids), status=CourseStatus.PUBLISHED)[:8]
    )
    rng = random.Random(5)  # noqa: S311 - demo data
    now = timezone.now()
    noon = dt.datetime.combine(today, dt.time(23, 59), tzinfo=ALMATY)
    past_due, next_due = noon - dt.timedelta(days=7), noon + dt.timedelta(days=10)
    teacher_user_id = teacher.user_id if teacher else None
    written = 0
    for course in courses:
        essay = Assignment.objects.create(
            course=course,
            title="Эссе: алгоритмдердің күрделілігі",
            instructions="<p>2–3 бет. Мысалдар келтіріңіз.</p>",
            due_at=past_due,
            late_penalty_percent=Decimal(10),
            late_penalty_max=Decimal(30),
            max_points=Decimal(100),
            is_published=True,
            created_by_id=teacher_user_id,
        )
        report = Assignment.objects.create(
            course=course,
            title="Зертханалық жұмыс бойынша есеп",
            instructions="<p>Есепті PDF немесе DOCX түрінде жүктеңіз.</p>",
            due_at=next_due,
            control="midterm1",
            max_points=Decimal(40),
            submission_kind="files",
            resubmissions=1,
            is_published=True,
            created_by_id=teacher_user_id,
        )
        for a in (essay, report):
            gradebook_services.grade_source_item_sync(
                course_id=course.pk,
                source="assignment",
                source_id=a.pk,
                title=a.title,
                control=a.control,
                max_points=a.max_points,
            )
        rubric = Rubric.objects.create(assignment=essay, title="Эссе")
        criteria = [
            RubricCriterion.objects.create(rubric=rubric, title="Мазмұны", position=0),
            RubricCriterion.objects.create(rubric=rubric, title="Рәсімдеу", position=1),
        ]
        levels = RubricLevel.objects.bulk_create(
            [
                RubricLevel(criterion=criteria[0], title="толық", points=Decimal(70), position=0),
                RubricLevel(
                    criterion=criteria[0], title="жартылай", points=Decimal(40), position=1
                ),
                RubricLevel(criterion=criteria[1], title="жақсы", points=Decimal(30), position=0),
                RubricLevel(criterion=criteria[1], title="нашар", points=Decimal(10), position=1),
            ]
        )
        student_ids = list(
            Enrolment.objects.filter(course=course, is_active=True)
            .order_by("student_id")
            .values_list("student_id", flat=True)[:PER_COURSE]
        )
        if (
            student is not None
            and student.pk not in student_ids
            and Enrolment.objects.filter(course=course, student=student).exists()
        ):
            student_ids.append(student.pk)
        submissions = []
        for i, sid in enumerate(student_ids):
            at = past_due - dt.timedelta(hours=rng.randint(1, 72))
            if i % 5 == 4:
                at = past_due + dt.timedelta(hours=rng.randint(1, 80))
            submissions.append(
                Submission(
                    assignment=essay,
                    student_id=sid,
                    status=SubmissionStatus.SUBMITTED,
                    text="<p>Алгоритмнің күрделілігі O-белгілеуімен сипатталады.</p>",
                    submitted_at=at,
                    draft_saved_at=at,
                    late_seconds=late_seconds(due_at=past_due, submitted_at=at),
                )
            )
        if student is not None and student.pk in student_ids:
            submissions.append(
                Submission(
                    assignment=report,
                    student_id=student.pk,
                    text="",
                    draft_saved_at=now,
                )
            )
        Submission.objects.bulk_create(submissions)
        essay_subs = [s for s in submissions if s.assignment_id == essay.pk]
        graded = [s for i, s in enumerate(essay_subs) if i % 3 != 2]
        grades = []
        picks = []
        for s in graded:
            content = levels[rng.choice((0, 1))]
            form = levels[rng.choice((2, 3))]
            points = content.points + form.points
            penalty = penalty_percent(
                seconds=s.late_seconds, percent_per_day=Decimal(10), max_percent=Decimal(30)
            )
            grades.append(
                Grade(
                    submission=s,
                    points=points,
                    penalty_percent=penalty,
                    final_points=final_points(points=points, penalty=penalty),
                    feedback="<p>Жақсы жұмыс.</p>",
                    graded_by_id=teacher_user_id,
                    graded_at=now,
                )
            )
            picks.append((content, form))
        Grade.objects.bulk_create(grades)
        CriterionScore.objects.bulk_create(
            CriterionScore(grade=g, criterion=lv.criterion, level=lv, points=lv.points)
            for g, pair in zip(grades, picks, strict=True)
            for lv in pair
        )
        Submission.objects.filter(pk__in=[s.pk for s in graded]).update(
            status=SubmissionStatus.GRADED
        )
        for g in grades:
            assert g.submission.student_id is not None
            gradebook_services.grade_source_record(
                course_id=course.pk,
                student_id=g.submission.student_id,
                source="assignment",
                source_id=essay.pk,
                title=essay.title,
                control=essay.control,
                points=g.final_points,
                max_points=essay.max_points,
                by_user_id=teacher_user_id,
            )
        written += len(submissions)
    return written
