"""The demo timetable and attendance (qashyq.demo.schedule)."""

from __future__ import annotations

import datetime as dt

from qashyq.demo.schedule import demo_schedule, demo_schedule_delete
from qashyq.schedule import services
from qashyq.schedule.models import Attendance, ClassSession
from qashyq.schedule.tests.conftest import almaty


def test_demo_schedule(world, monkeypatch, settings):
    settings.BBB_URL = ""
    world.aigerim.user.username = "student.atyrau"  # the demo student: whole history marked
    world.aigerim.user.save(update_fields=["username"])
    now = almaty(2026, 3, 18, 12, 0)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    summary = demo_schedule(institution=world.institution, today=now.date())
    # Mondays 12 Jan – 20 Apr; 9 Mar (8 March observed) and 23 Mar (Nauryz) are days off
    assert (summary.courses, summary.classes, summary.skipped_holidays) == (1, 39, 6)
    lectures = ClassSession.objects.filter(kind="lecture").order_by("starts_at")
    assert [s.starts_at.astimezone(now.tzinfo).date() for s in lectures][:4] == [
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 19),
        dt.date(2026, 1, 26),
        dt.date(2026, 2, 2),
    ]
    assert [s.delivery for s in lectures][:4] == ["sync", "sync", "async", "sync"]
    assert lectures[0].starts_at == almaty(2026, 1, 12, 9, 0)
    assert lectures[0].conference_url == "https://meet.jit.si/qashyq-atyrau-ALG2105-2026S"
    assert lectures[2].material_id == world.material.pk
    # 9 past class days: lectures for 3 students, practices for groups of 2 and 1
    assert summary.marks == 9 * 3 + 9 * 2 + 9 * 1
    assert Attendance.objects.count() == 54
    assert set(
        Attendance.objects.filter(session__delivery="in_person").values_list("source", flat=True)
    ) == {"teacher"}
    assert set(
        Attendance.objects.filter(session__delivery="async").values_list("source", "status")
    ) <= {("material", "present"), ("settled", "absent")}
    # nothing left for the periodic pass; a second run changes nothing
    assert services.attendance_settle_due(now=now) == 0
    assert demo_schedule(institution=world.institution, today=now.date()).classes == 0
    assert demo_schedule_delete(institution=world.institution) == 39
    assert (ClassSession.objects.count(), Attendance.objects.count()) == (0, 0)
