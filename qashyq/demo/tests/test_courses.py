"""Demo courses: every discipline the groups study this semester gets a published course
with its syllabus, weekly content and enrolments from the study plans (SIS-4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from qashyq.courses import selectors
from qashyq.courses.models import (
    ControlTask,
    Course,
    CourseStaff,
    Enrolment,
    LearningOutcome,
    Material,
    MaterialProgress,
    Module,
    WeeklyTopic,
)
from qashyq.demo import services
from qashyq.demo.courses import demo_courses
from qashyq.institutions.models import Institution
from qashyq.people import selectors as people_selectors
from qashyq.people.models import Staff, Student, StudentStatus, StudyPlanItem

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 5)  # week 6 of the autumn semester 2026


def test_demo_courses() -> None:
    services.demo_university_generate(students=120, seed=2026, today=TODAY, capabilities=False)
    institution = Institution.objects.get(code="demo")
    summary = demo_courses(institution=institution, today=TODAY)
    courses = Course.objects.filter(institution=institution)
    assert summary.courses == courses.count() > 0
    period = courses.first().period  # type: ignore[union-attr]
    assert (period.starts_on, period.kind, period.number) == (dt.date(2026, 9, 1), "semester", 1)
    assert set(courses.values_list("status", flat=True)) == {"published"}
    # Every enrolment is a plan item of this semester; every such item is enrolled.
    wanted = {
        (s, d)
        for s, d, semester, intake in StudyPlanItem.objects.filter(
            student__institution=institution,
            student__status=StudentStatus.ENROLLED,
            student__group__isnull=False,
        )
        .exclude(status="dropped")
        .values_list("student_id", "discipline_id", "semester", "student__group__admission_year")
        if semester == 2 * (2026 - intake) + 1
    }
    enrolled = set(
        Enrolment.objects.filter(course__institution=institution).values_list(
            "student_id", "course__discipline_id"
        )
    )
    assert enrolled == wanted
    assert summary.enrolments == len(wanted)
    # The content: 15 weeks × 4 materials (+1 final), outcomes tied to control tasks.
    course_ids = list(courses.values_list("pk", flat=True))
    assert set(
        Module.objects.filter(course_id__in=course_ids)
        .order_by()  # no joins for the models' default ordering (slow on PostgreSQL)
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    ) == {15}
    assert set(
        Material.objects.filter(module__course_id__in=course_ids)
        .order_by()
        .values("module__course_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    ) == {61}
    assert summary.materials == 61 * len(course_ids)
    assert WeeklyTopic.objects.filter(course_id__in=course_ids).count() == 15 * len(course_ids)
    assert LearningOutcome.objects.filter(course_id__in=course_ids).count() == 4 * len(course_ids)
    assert ControlTask.outcomes.through.objects.filter(
        controltask__course_id__in=course_ids
    ).count() == 8 * len(course_ids)
    assert set(
        CourseStaff.objects.filter(role="teacher").values_list("course_id", flat=True)
    ) == set(course_ids)
    # The demo student sees weeks 1-6 released and has progress; the demo teacher teaches.
    student = Student.objects.get(user__username="student")
    actor = people_selectors.actor_scope(user=student.user)
    mine = selectors.my_courses(actor=actor, now=dt.datetime(2026, 10, 5, 12, tzinfo=dt.UTC))
    assert len(mine.current) == Enrolment.objects.filter(student=student).count() > 0
    access = selectors.course_access(actor=actor, course_id=mine.current[0].course.pk)
    page = selectors.course_page(access=access, now=dt.datetime(2026, 10, 5, 12, tzinfo=dt.UTC))
    assert len(page.modules) == 6
    assert MaterialProgress.objects.filter(student=student).count() > 0
    assert summary.progress == MaterialProgress.objects.count()
    teacher = Staff.objects.get(user__username="teacher")
    assert CourseStaff.objects.filter(staff=teacher, role="teacher").exists()
    # Idempotent.
    again = demo_courses(institution=institution, today=TODAY)
    assert (again.courses, Course.objects.count()) == (0, summary.courses)
