"""The demo footprint of the reports (reports.demo)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from qashyq.footprint.models import Statement
from qashyq.people import selectors as people_selectors
from qashyq.reports import selectors
from qashyq.reports.demo import demo_reports, demo_reports_delete
from qashyq.reports.models import ActorDay, CourseActorDay, CourseDay, ObjectDay
from qashyq.reports.tests.conftest import Content, Uni

TODAY = dt.date(2026, 3, 18)


def test_demo_records_a_footprint_and_folds_it_in(
    uni: Uni, content: Content, office: object
) -> None:
    uni.bolat.user.username = "student.atyrau"  # the demo student is always among them
    uni.bolat.user.save(update_fields=["username"])
    summary = demo_reports(institution=uni.institution, today=TODAY, days=14, students=1)
    assert (summary.courses, summary.students) == (2, 2)
    demo = Statement.objects.filter(context__demo="reports")
    assert summary.statements == summary.folded == demo.count() > 0
    assert set(demo.exclude(actor_id=None).values_list("actor_id", flat=True)) <= {
        uni.bolat.user_id, uni.serik.user_id, uni.erlan.user_id,
        *(s.user_id for s in (uni.aigerim, uni.dana, uni.timur)),
    }  # fmt: skip
    assert demo.filter(actor_id=uni.bolat.user_id, verb="logged-in").exists()
    first = TODAY - dt.timedelta(days=14)
    assert set(ActorDay.objects.values_list("day", flat=True)) <= {
        first + dt.timedelta(days=n) for n in range(14)
    }
    total = ObjectDay.objects.aggregate(n=Sum("count"))["n"]
    assert total == demo.count()
    signed = ActorDay.objects.aggregate(n=Sum("sign_ins"))["n"]
    assert signed == demo.filter(verb="logged-in").count()
    registrar = people_selectors.actor_scope(user=office("registrar"))  # type: ignore[operator]
    log = selectors.report_build(
        actor=registrar, key="signins", params={"from": "2026-03-01", "to": "2026-03-17"}
    )
    assert log.totals is not None
    assert log.totals[3] == signed

    again = demo_reports(institution=uni.institution, today=TODAY, days=14)
    assert (again.statements, again.folded) == (0, 0)
    assert demo.count() == summary.statements

    assert demo_reports_delete(institution=uni.institution) > 0
    assert not ObjectDay.objects.exclude(course_id=0).exists()  # sign-ins: platform-wide
    assert not CourseActorDay.objects.exists()
    assert not CourseDay.objects.exists()
    assert not ActorDay.objects.exists()
