"""The demo grades (qashyq.demo.gradebook)."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from qashyq.demo.gradebook import demo_gradebook, demo_gradebook_delete
from qashyq.gradebook import selectors
from qashyq.gradebook.models import FinalGrade, GradeEntry, GradeItem, GradeScale, Statement
from qashyq.gradebook.tests.conftest import World

TODAY = dt.date(2026, 3, 18)


def test_demo_gradebook_confirms_other_courses(world: World) -> None:
    summary = demo_gradebook(institution=world.institution, today=TODAY)
    assert (summary.courses, summary.items, summary.finals) == (1, 7, 3)
    assert GradeScale.objects.filter(institution=world.institution).count() == 2
    assert summary.entries == GradeEntry.objects.count() == 3 * 7
    assert Statement.objects.filter(course=world.course).exists()
    journal = selectors.course_journal(course=world.course)
    stored = {f.student_id: f.letter for f in FinalGrade.objects.all()}
    assert {r.id: r.final.letter for r in journal.rows if r.final} == stored
    # computed by the same formula the pages use
    assert all(r.result.letter == stored[r.id] for r in journal.rows)
    transcript = selectors.student_transcript(student=world.aigerim)
    assert transcript.gpa is not None
    again = demo_gradebook(institution=world.institution, today=TODAY)
    assert again.items == 0
    assert demo_gradebook_delete(institution=world.institution) == 7
    assert not FinalGrade.objects.exists()


def test_demo_teachers_course_stays_open(world: World) -> None:
    world.teacher.user.username = "teacher.atyrau"
    world.teacher.user.save(update_fields=["username"])
    summary = demo_gradebook(institution=world.institution, today=TODAY)
    assert summary.finals == 0
    assert not Statement.objects.exists()
    exam = GradeItem.objects.get(control="exam")
    assert not GradeEntry.objects.filter(item=exam).exists()
    client = Client()
    client.force_login(world.teacher.user)
    assert client.get(f"/grades/courses/{world.course.pk}/").status_code == 200
