"""The demo data of regulations: a preset pack, trainings, distance plans with a few
violations, one past emergency period (qashyq.demo.regulations)."""

from __future__ import annotations

import datetime as dt

import pytest

from qashyq.demo.regulations import demo_regulations
from qashyq.demo.services import demo_university_generate
from qashyq.institutions.models import Institution
from qashyq.people.models import Student, StudyPlanItem, TeacherTraining
from qashyq.regulations import selectors
from qashyq.regulations.models import EmergencyPeriod, RulePack

pytestmark = pytest.mark.django_db


def test_demo_regulations_gives_compliant_and_violating_students() -> None:
    today = dt.date(2026, 11, 23)
    demo_university_generate(
        students=400, institution_code="regdemo", today=today, capabilities=False
    )
    institution = Institution.objects.get(code="regdemo")
    summary = demo_regulations(institution=institution, today=today)
    assert RulePack.objects.get(institution=institution).preset == "atyrau-066"
    assert (
        summary.trainings == TeacherTraining.objects.filter(staff__institution=institution).count()
    )
    assert summary.trainings > 0
    at_distance = StudyPlanItem.objects.filter(
        student__institution=institution, delivery="distance"
    ).count()
    assert summary.distance_items == at_distance > 0
    past = EmergencyPeriod.objects.get(institution=institution)
    assert past.ends_on < today
    ids = list(Student.objects.filter(institution=institution).values_list("pk", flat=True))
    reports = selectors.check_students(institution=institution, as_of=today, student_ids=ids)
    violating = sum(1 for r in reports.values() if not r.allowed)
    with_distance = sum(
        1
        for r in reports.values()
        for v in r.verdicts
        if v.requirement == "LIM-3" and v.values.get("count")
    )
    assert 0 < violating < len(ids) * 0.08
    assert with_distance > violating
    # LIM-6: the list approved by the rector's order for the current academic year holds
    # most disciplines; the compliant plans keep to it, a few others do not.
    listed = selectors.distance_list_in_force(institution=institution, program_id=None, on=today)
    assert listed is not None
    assert (listed.order_number, listed.order_date, listed.effective_from) == (
        "245-Н",
        dt.date(2026, 8, 25),
        dt.date(2026, 9, 1),
    )
    assert len(listed.discipline_ids) == summary.list_disciplines
    assert 0 < summary.list_left_off < summary.list_disciplines
    lim6 = [v for r in reports.values() for v in r.verdicts if v.requirement == "LIM-6"]
    off_list = sum(1 for v in lim6 if v.outcome == "violated")
    kept = sum(1 for v in lim6 if v.outcome == "allowed" and v.values["total"])
    assert len(lim6) == len(ids)
    assert 0 < off_list <= violating
    assert kept > off_list
