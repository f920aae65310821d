"""The demo module: assignments, a rubric, handed-in and graded essays with the late
penalty, grades in the gradebook; a second run adds nothing."""

from __future__ import annotations

import datetime as dt

from qashyq.assignments.models import Assignment, Grade, Submission
from qashyq.demo.assignments import demo_assignments
from qashyq.gradebook.models import GradeEntry


def test_demo_assignments(world):
    institution = world.course.institution
    institution.code = "demo"
    institution.save(update_fields=["code"])
    user = world.teacher.user
    user.username = "teacher"
    user.save(update_fields=["username"])
    written = demo_assignments(institution, dt.date(2026, 3, 20))
    assert written == 3
    assert Assignment.objects.filter(course=world.course).count() == 2
    graded = Grade.objects.filter(submission__assignment__course=world.course)
    assert graded.count() == 2
    assert GradeEntry.objects.filter(item__source="assignment").count() == 2
    assert sorted(e.points or 0 for e in GradeEntry.objects.all()) == sorted(
        g.final_points for g in graded
    )
    assert demo_assignments(institution, dt.date(2026, 3, 20)) == 0
    assert Submission.objects.count() == 3
