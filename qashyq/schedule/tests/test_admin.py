"""The admin pages of the schedule open; marks are read-only there (SIS-1)."""

from __future__ import annotations

from django.test import Client

from qashyq.accounts.tests.factories import UserFactory
from qashyq.schedule import selectors, services
from qashyq.schedule.models import Attendance
from qashyq.schedule.tests.conftest import almaty, sync_data


def test_admin_pages(world, actor_of):
    actor = actor_of(world.teacher.user)
    course, access = selectors.course_get_for(actor=actor, course_id=world.course.pk)
    (session,) = services.class_session_create(
        actor=actor, access=access, course=course, data=sync_data()
    ).created
    services.class_session_settle(session=session, now=almaty(2026, 3, 3))
    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    for name in ("classsession", "attendance", "sessionjoin", "recording"):
        assert client.get(f"/admin/schedule/{name}/").status_code == 200
    assert client.get(f"/admin/schedule/classsession/{session.pk}/change/").status_code == 200
    mark = Attendance.objects.first()
    assert mark is not None
    assert client.get(f"/admin/schedule/attendance/{mark.pk}/change/").status_code == 200
    assert client.get("/admin/schedule/attendance/add/").status_code == 403
