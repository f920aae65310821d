"""Schedule pages: the week, a class and its room, the register, the journal, own
attendance, the calendar, the BigBlueButton callbacks (SIS-1, SIS-2, LMS-3, FP-2)."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from django.test import Client
from django.urls import reverse

from qashyq.footprint.models import Event
from qashyq.schedule import selectors, services
from qashyq.schedule.models import Attendance, ClassSession, SessionJoin
from qashyq.schedule.tests.bbb_double import enter, webhook_post
from qashyq.schedule.tests.conftest import BBB_SECRET, almaty, sync_data
from qashyq.schedule.tokens import end_token, end_token_read


def client_for(user) -> Client:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def add(world, actor_of, weeks=1, **overrides):
    actor = actor_of(world.teacher.user)
    course, access = selectors.course_get_for(actor=actor, course_id=world.course.pk)
    return services.class_session_create(
        actor=actor, access=access, course=course, data=sync_data(**overrides), weeks=weeks
    ).created


@pytest.fixture
def frozen(monkeypatch):
    """Pages and services see `now` as the given Almaty time."""

    def freeze(value: dt.datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: value)

    return freeze


def test_the_week_shows_own_classes_in_almaty_time(world, actor_of):
    """SIS-2: the student's week, each class marked with its delivery."""
    add(world, actor_of)
    add(
        world,
        actor_of,
        delivery="async",
        material_id=world.material.pk,
        starts_at=almaty(2026, 3, 4, 9, 0),
        ends_at=almaty(2026, 3, 4, 10, 0),
    )
    add(
        world,
        actor_of,
        group_id=world.group_b.pk,
        starts_at=almaty(2026, 3, 3, 14, 0),
        ends_at=almaty(2026, 3, 3, 15, 0),
    )
    response = client_for(world.aigerim.user).get("/schedule/?week=2026-03-04")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Week of 2 March – 8 March 2026, Almaty time." in page
    assert page.count('class="class d-') == 2  # group B's class is not hers
    assert "10:00–11:20" in page
    assert '<span class="badge d-sync">synchronous</span>' in page
    assert '<span class="badge d-async">asynchronous</span>' in page
    assert "Сұрыптау алгоритмдері" in page


def test_the_week_of_a_teacher_and_of_nobody(world, actor_of, make_user):
    add(world, actor_of, group_id=world.group_b.pk)
    page = client_for(world.teacher.user).get("/schedule/?week=2026-03-02").content.decode()
    assert page.count('class="class d-') == 1
    registrar = make_user("registrar")
    page = client_for(registrar).get("/schedule/?week=2026-03-02").content.decode()
    assert "No classes this week." in page


def test_join_records_and_redirects_to_the_external_room(world, actor_of, frozen):
    (session,) = add(world, actor_of)
    frozen(almaty(2026, 3, 2, 10, 3))
    client = client_for(world.aigerim.user)
    response = client.post(f"/schedule/classes/{session.pk}/join/")
    assert (response.status_code, response["Location"]) == (302, "https://meet.jit.si/qashyq-alg")
    assert list(Attendance.objects.values_list("student_id", "status", "source")) == [
        (world.aigerim.pk, "present", "join")
    ]
    # too late: back to the page with the reason
    frozen(almaty(2026, 3, 2, 11, 30))
    response = client.post(f"/schedule/classes/{session.pk}/join/", follow=True)
    assert "This class is over." in response.content.decode()
    assert SessionJoin.objects.count() == 1


def test_join_through_bigbluebutton_by_role(world, actor_of, frozen, bbb_double):
    (session,) = add(world, actor_of, conference_provider="bbb", conference_url="")
    frozen(almaty(2026, 3, 2, 9, 55))
    teacher = client_for(world.teacher.user)
    response = teacher.post(f"/schedule/classes/{session.pk}/join/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{bbb_double.url}/bigbluebutton/api/join?")
    meta = bbb_double.meetings[ClassSession.objects.get().bbb_meeting_id].meta
    prefix = "https://portal.atyrau.edu.kz/schedule/bbb/ended/"
    assert meta["endCallbackUrl"].startswith(prefix)
    assert end_token_read(meta["endCallbackUrl"].removeprefix(prefix).rstrip("/")) == session.pk
    assert enter(response["Location"]) == 200
    response = client_for(world.bolat.user).post(f"/schedule/classes/{session.pk}/join/")
    assert enter(response["Location"]) == 200
    assert [j["role"] for j in bbb_double.joins] == ["MODERATOR", "VIEWER"]


def test_the_register_marks_and_keeps_history(world, actor_of, frozen):
    (session,) = add(world, actor_of, delivery="in_person", room="304")
    frozen(almaty(2026, 3, 2, 11, 0))
    client = client_for(world.teacher.user)
    response = client.post(
        f"/schedule/classes/{session.pk}/attendance/",
        {
            f"status-{world.aigerim.pk}": "present",
            f"status-{world.bolat.pk}": "absent",
            f"status-{world.dana.pk}": "",
            "reason": "",
        },
        follow=True,
    )
    assert "2 marks saved." in response.content.decode()
    client.post(
        f"/schedule/classes/{session.pk}/attendance/",
        {f"status-{world.bolat.pk}": "excused", "reason": "Анықтама әкелді"},
    )
    page = client.get(f"/schedule/classes/{session.pk}/").content.decode()
    assert "Changes of marks" in page
    assert "Анықтама әкелді" in page
    assert dict(Attendance.objects.values_list("student_id", "status")) == {
        world.aigerim.pk: "present",
        world.bolat.pk: "excused",
    }


def test_a_student_cannot_post_marks(world, actor_of, frozen):
    (session,) = add(world, actor_of, delivery="in_person", room="304")
    frozen(almaty(2026, 3, 2, 11, 0))
    response = client_for(world.aigerim.user).post(
        f"/schedule/classes/{session.pk}/attendance/", {f"status-{world.aigerim.pk}": "present"}
    )
    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_create_a_weekly_series_through_the_form(world, actor_of):
    response = client_for(world.teacher.user).post(
        f"/schedule/courses/{world.course.pk}/new/",
        {
            "kind": "practice",
            "delivery": "sync",
            "day": "2026-03-16",
            "start": "14:00",
            "end": "15:20",
            "group": str(world.group_a.pk),
            "topic": "Сұрыптау",
            "conference_url": "https://us02web.zoom.us/j/123",
            "weeks": "2",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "1 class added." in page
    assert "Not scheduled on 23.03.2026: Nowruz Holiday." in page
    session = ClassSession.objects.get()
    assert (session.starts_at, session.conference_provider, session.group_id) == (
        almaty(2026, 3, 16, 14, 0),
        "zoom",
        world.group_a.pk,
    )


def test_the_form_shows_service_errors_at_their_field(world, actor_of):
    response = client_for(world.teacher.user).post(
        f"/schedule/courses/{world.course.pk}/new/",
        {
            "kind": "lecture",
            "delivery": "async",
            "day": "2026-03-16",
            "start": "14:00",
            "end": "15:20",
            "weeks": "1",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"material": ["Choose the material to study."]}


def test_bbb_end_callback_closes_the_room(world, actor_of, frozen):
    """A meeting the server ended early (everyone dropped out) closes the entries but not
    the class; at the class's end the callback closes it and settles attendance."""
    (session,) = add(world, actor_of)
    callback = f"/schedule/bbb/ended/{end_token(session_id=session.pk)}/"
    frozen(almaty(2026, 3, 2, 10, 0))
    student = client_for(world.aigerim.user)
    student.post(f"/schedule/classes/{session.pk}/join/")
    frozen(almaty(2026, 3, 2, 10, 30))
    assert Client().get(callback).status_code == 200
    assert list(SessionJoin.objects.values_list("left_at", "left_via")) == [
        (almaty(2026, 3, 2, 10, 30), "ended")
    ]
    assert Attendance.objects.count() == 1  # not settled: the class goes on
    frozen(almaty(2026, 3, 2, 10, 35))
    assert student.post(f"/schedule/classes/{session.pk}/join/").status_code == 302
    frozen(almaty(2026, 3, 2, 11, 20))
    assert Client().get(callback).status_code == 200
    assert list(SessionJoin.objects.order_by("pk").values_list("left_at", "left_via")) == [
        (almaty(2026, 3, 2, 10, 30), "ended"),
        (almaty(2026, 3, 2, 11, 20), "ended"),
    ]
    assert dict(Attendance.objects.values_list("student_id", "status")) == {
        world.aigerim.pk: "present",
        world.bolat.pk: "absent",
        world.dana.pk: "absent",
    }
    assert ClassSession.objects.get().conference_ended_at == almaty(2026, 3, 2, 11, 20)
    assert Client().get("/schedule/bbb/ended/forged/").status_code == 404


def test_bbb_webhook_checks_the_checksum(world, actor_of, frozen, settings):
    settings.BBB_URL, settings.BBB_SECRET = "https://bbb.example.kz/bigbluebutton/api/", BBB_SECRET
    (session,) = add(world, actor_of)
    ClassSession.objects.filter(pk=session.pk).update(bbb_meeting_id="m-9")
    frozen(almaty(2026, 3, 2, 10, 0))
    client_for(world.aigerim.user).post(f"/schedule/classes/{session.pk}/join/")
    event = json.dumps(
        {
            "data": {
                "type": "event",
                "id": "user-left",
                "attributes": {
                    "meeting": {"external-meeting-id": "m-9"},
                    "user": {"external-user-id": str(world.aigerim.user.pk)},
                },
                "event": {"ts": 1_772_429_400_000},
            }
        }
    )
    url, body = webhook_post(
        callback_url="https://portal.atyrau.edu.kz/schedule/bbb/events/",
        events=[event],
        secret="wrong",
    )
    response = Client().post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 401
    assert SessionJoin.objects.get().left_at is None
    url, body = webhook_post(
        callback_url="https://portal.atyrau.edu.kz/schedule/bbb/events/",
        events=[event],
        secret=BBB_SECRET,
    )
    response = Client().post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert SessionJoin.objects.get().left_at == dt.datetime(2026, 3, 2, 5, 30, tzinfo=dt.UTC)


def test_the_journal_grid(world, actor_of, frozen):
    first, _second = add(world, actor_of, weeks=3)  # 2 and 16 March (9 March is a day off)
    frozen(almaty(2026, 3, 2, 10, 0))
    client_for(world.aigerim.user).post(f"/schedule/classes/{first.pk}/join/")
    services.class_session_settle(session=first, now=almaty(2026, 3, 2, 12, 0))
    response = client_for(world.teacher.user).get(f"/schedule/courses/{world.course.pk}/journal/")
    page = response.content.decode()
    assert "3 students · 2 classes" in page
    assert (
        "<tr><th scope=row>Сәрсенова Айгерім <small>ИС-25-1</small></th>"
        "<td class=p>P<td>·<td class=total>100%</tr>"
    ) in page
    assert (
        "<tr><th scope=row>Ким Дана <small>ИС-25-2</small></th>"
        "<td class=a>A<td>·<td class=total>0%</tr>"
    ) in page


def test_the_journal_is_compressed_for_browsers_that_accept_it(world, actor_of):
    add(world, actor_of, weeks=3)
    client = client_for(world.teacher.user)
    url = f"/schedule/courses/{world.course.pk}/journal/"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode().count("<td>·") == 6
    assert "Content-Encoding" not in client.get(url)


def test_the_journal_for_an_advisor_shows_only_their_group(world, actor_of, make_user):
    add(world, actor_of)
    advisor = make_user("advisor", group=world.group_b)
    page = client_for(advisor).get(f"/schedule/courses/{world.course.pk}/journal/").content.decode()
    assert "Ким Дана" in page
    assert "Сәрсенова" not in page
    other = make_user("advisor", group=world.group_c)
    assert client_for(other).get(f"/schedule/courses/{world.course.pk}/journal/").status_code == 404


def test_the_journal_is_cached_until_a_mark_changes(
    world, actor_of, frozen, django_assert_num_queries
):
    (session,) = add(world, actor_of, delivery="in_person", room="304")
    client = client_for(world.teacher.user)
    url = f"/schedule/courses/{world.course.pk}/journal/"
    client.get(url)
    page = client.get(url).content.decode()
    assert "<td>·<td class=total>" in page
    actor = actor_of(world.teacher.user)
    access = selectors.session_access(actor=actor, session=session)
    services.attendance_mark(
        actor=actor,
        access=access,
        session=session,
        student_id=world.dana.pk,
        status="late",
        now=almaty(2026, 3, 2, 11, 0),
    )
    assert "<td class=l>L" in client.get(url).content.decode()


def test_own_attendance(world, actor_of, frozen):
    (session,) = add(world, actor_of)
    frozen(almaty(2026, 3, 2, 10, 20))
    client = client_for(world.aigerim.user)
    client.post(f"/schedule/classes/{session.pk}/join/")
    page = client.get("/schedule/attendance/").content.decode()
    assert "Attended 1 of 1 marked classes (100%)." in page
    assert '<span class="badge m-late">late</span>' in page
    assert client_for(world.teacher.user).get("/schedule/attendance/").status_code == 404


def test_calendar_download_and_feed(world, actor_of, frozen):
    (session,) = add(world, actor_of)
    frozen(almaty(2026, 3, 1, 12, 0))
    client = client_for(world.aigerim.user)
    response = client.get("/schedule/calendar/my.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert f"UID:class-{session.pk}@portal.atyrau.edu.kz\r\n" in body
    assert "DTSTART:20260302T050000Z\r\n" in body
    feed_url = client.get("/schedule/calendar/").context["feed_url"]
    path = feed_url.removeprefix("https://portal.atyrau.edu.kz")
    world.aigerim.user.language = "en"
    world.aigerim.user.save(update_fields=["language"])
    assert Client().get(path).content == response.content  # in the person's language
    client.post("/schedule/calendar/reset/")
    assert Client().get(path).status_code == 404
    assert Client().get("/schedule/feed/not-a-token.ics").status_code == 404


def test_viewing_a_class_is_recorded(world, actor_of):
    (session,) = add(world, actor_of)
    client_for(world.aigerim.user).get(f"/schedule/classes/{session.pk}/")
    assert list(
        Event.objects.filter(verb="viewed").values_list("actor_id", "object_type", "object_id")
    ) == [(world.aigerim.user.pk, "session", str(session.pk))]


@pytest.mark.parametrize(
    ("case", "detail", "journal", "new"),
    [
        ("anonymous", 302, 302, 302),
        ("student of the class", 200, 404, 404),
        ("student of another group", 404, 404, 404),
        ("student not in the course", 404, 404, 404),
        ("teacher of the course", 200, 200, 200),
        ("teacher of another course", 404, 404, 404),
        ("advisor of the group", 200, 200, 404),
        ("advisor of another group", 404, 404, 404),
        ("head of the department", 200, 200, 200),
        ("head of another department", 404, 404, 404),
        ("dean of the faculty", 200, 200, 404),
        ("dean of another faculty", 404, 404, 404),
        ("registrar", 200, 200, 200),
        ("registrar of another institution", 404, 404, 404),
        ("administrator", 200, 200, 200),
        ("superuser", 200, 200, 200),
    ],
)
def test_page_permissions(world, actor_of, matrix_user, case, detail, journal, new):  # noqa: PLR0917
    """SEC-2: a group-A class, the course journal, the new-class form, by role."""
    (session,) = add(world, actor_of, group_id=world.group_a.pk)
    client = client_for(matrix_user(case))
    assert client.get(f"/schedule/classes/{session.pk}/").status_code == detail
    assert client.get(f"/schedule/courses/{world.course.pk}/journal/").status_code == journal
    assert client.get(f"/schedule/courses/{world.course.pk}/new/").status_code == new
    if detail == 404:
        assert Event.objects.filter(verb="viewed").count() == 0


@pytest.mark.parametrize("name", ["week", "my_attendance", "calendar"])
def test_pages_answer_anonymous_with_the_sign_in(name, db):
    response = Client().get(reverse(f"schedule:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_asynchronous_class_links_to_its_material(world, actor_of):
    (session,) = add(world, actor_of, delivery="async", material_id=world.material.pk)
    page = client_for(world.aigerim.user).get(f"/schedule/classes/{session.pk}/").content.decode()
    assert (
        f'<a href="/courses/{world.course.pk}/materials/{world.material.pk}/">'
        "Сұрыптау алгоритмдері</a>"
    ) in page
    assert "Study it between" in page


def test_the_journal_shows_one_month_a_page_and_the_whole_period_on_request(
    world, actor_of, frozen
):
    """300 students × 60 classes is ~300 KB: the journal opens on the current month's
    classes (its last month with classes before today), with the other months and the
    whole period a click away; the share attended stays the whole course's."""
    add(world, actor_of, weeks=3)  # 2 and 16 March
    add(
        world,
        actor_of,
        starts_at=almaty(2026, 4, 6, 9, 0),
        ends_at=almaty(2026, 4, 6, 10, 0),
    )
    client = client_for(world.teacher.user)
    url = f"/schedule/courses/{world.course.pk}/journal/"
    frozen(almaty(2026, 3, 20, 9, 0))
    page = client.get(url).content.decode()
    assert "3 students · 3 classes" in page
    assert page.count(">02.03</a>") == 1
    assert page.count(">16.03</a>") == 1
    assert ">06.04</a>" not in page
    assert 'href="?month=2026-04"' in page
    assert 'href="?month=all"' in page
    april = client.get(url + "?month=2026-04").content.decode()
    assert ">06.04</a>" in april
    assert ">02.03</a>" not in april
    whole = client.get(url + "?month=all").content.decode()
    assert all(f">{d}</a>" in whole for d in ("02.03", "16.03", "06.04"))
    frozen(almaty(2026, 5, 10, 9, 0))  # after the last class: its month
    assert ">06.04</a>" in client.get(url).content.decode()
