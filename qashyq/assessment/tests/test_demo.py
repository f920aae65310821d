"""The demo tests, attempts and tickets (qashyq.demo.assessment)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qashyq.assessment.models import Attempt, AttemptState, Test, TicketDraw
from qashyq.demo.assessment import demo_assessment
from qashyq.gradebook.models import GradeEntry


def test_demo_assessment(world):
    world.aigerim.user.username = "student.atyrau"
    world.aigerim.user.save(update_fields=["username"])
    summary = demo_assessment(institution=world.institution, today=dt.date(2026, 3, 18))
    assert (summary.tests, summary.attempts, summary.ticket_sets) == (2, 2, 1)
    quiz, midterm = Test.objects.filter(course=world.course).order_by("pk")
    assert (quiz.control, midterm.control) == ("current", "midterm1")
    attempts = Attempt.objects.filter(test=midterm)
    assert {a.student_id for a in attempts} == {world.bolat.pk, world.dana.pk}
    assert {a.state for a in attempts} == {AttemptState.GRADED}
    entries = GradeEntry.objects.filter(item__source_id=midterm.pk)
    assert {e.student_id: e.points for e in entries} == {a.student_id: a.score for a in attempts}
    assert all(a.score is not None and Decimal(0) <= a.score <= 100 for a in attempts)
    assert TicketDraw.objects.count() == 2
    again = demo_assessment(institution=world.institution, today=dt.date(2026, 3, 18))
    assert again.tests == 0
