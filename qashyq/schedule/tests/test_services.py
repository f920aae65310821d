"""Classes, joins and attendance through the services (SIS-1, SIS-2, LMS-3, FP-2)."""

from __future__ import annotations

import datetime as dt

import pytest

from qashyq.courses.models import Material, MaterialProgress, Module
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.models import Event
from qashyq.footprint.services import footprint_record
from qashyq.schedule import selectors, services
from qashyq.schedule.errors import (
    AttendanceInvalid,
    ConferenceDisabled,
    JoinNotOpen,
    ScheduleChangeForbidden,
    ScheduleNotFound,
    SessionInvalid,
)
from qashyq.schedule.models import (
    Attendance,
    AttendanceChange,
    ClassSession,
    Recording,
    SessionJoin,
)
from qashyq.schedule.tests.bbb_double import FakeRecording, enter
from qashyq.schedule.tests.conftest import almaty, sync_data


@pytest.fixture
def teacher_actor(world, actor_of):
    return actor_of(world.teacher.user)


@pytest.fixture
def teacher_access(world, teacher_actor):
    return selectors.course_get_for(actor=teacher_actor, course_id=world.course.pk)[1]


def create(world, teacher_actor, teacher_access, weeks=1, **overrides):
    return services.class_session_create(
        actor=teacher_actor,
        access=teacher_access,
        course=world.course,
        data=sync_data(**overrides),
        weeks=weeks,
    )


def join(world, actor_of, user, session, at, **kwargs):
    actor = actor_of(user)
    visible = selectors.session_get_for(actor=actor, session_id=session.pk)
    access = selectors.session_access(actor=actor, session=visible)
    return services.class_session_join(
        actor=actor,
        access=access,
        session=visible,
        full_name=user.get_full_name(),
        now=at,
        **kwargs,
    )


def statuses(session):
    return dict(
        Attendance.objects.filter(session=session).values_list(
            "student__user__first_name", "status"
        )
    )


# ---------------------------------------------------------------- classes


def test_create_a_synchronous_class_with_an_external_link(world, teacher_actor, teacher_access):
    """SIS-2: a synchronous class keeps its link; the provider comes from the host."""
    result = create(world, teacher_actor, teacher_access)
    (session,) = result.created
    session.refresh_from_db()
    assert (session.conference_provider, session.conference_url) == (
        "jitsi",
        "https://meet.jit.si/qashyq-alg",
    )
    assert session.starts_at == dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.UTC)
    assert session.material_id is None
    assert list(
        Event.objects.filter(object_type="session").values_list("verb", "object_id", "actor_id")
    ) == [("published", str(session.pk), world.teacher.user.pk)]


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://us02web.zoom.us/j/123", "zoom"),
        ("https://teams.microsoft.com/l/meetup-join/x", "teams"),
        ("https://jitsi.atyrau.edu.kz/alg", "jitsi"),
        ("https://meet.google.com/abc", "other"),
    ],
)
def test_provider_from_the_link(url, provider):
    assert services.provider_for_url(url) == provider


def test_a_weekly_series_skips_public_holidays(world, teacher_actor, teacher_access):
    """CAL-2: Monday 9 March 2026 (8 March observed) and Monday 23 March (Nauryz) are
    days off: not scheduled."""
    result = create(world, teacher_actor, teacher_access, weeks=4)
    assert [s.starts_at.astimezone(almaty(2026, 1, 1).tzinfo).date() for s in result.created] == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 16),
    ]
    assert result.skipped == (
        (dt.date(2026, 3, 9), "International Women's Day (observed)"),
        (dt.date(2026, 3, 23), "Nowruz Holiday"),
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": almaty(2026, 3, 2, 9, 0)}, "ends_at"),
        ({"ends_at": almaty(2026, 3, 2, 19, 0)}, "ends_at"),
        ({"kind": "party"}, "kind"),
        ({"conference_url": ""}, "conference_provider"),
        ({"conference_provider": "zoom", "conference_url": "zoom.us/j/1"}, "conference_url"),
        ({"delivery": "async"}, "material"),
        ({"starts_at": dt.datetime(2026, 3, 2, 10, 0)}, "starts_at"),  # noqa: DTZ001
    ],
)
def test_invalid_classes_name_the_field(world, teacher_actor, teacher_access, overrides, field):
    with pytest.raises(SessionInvalid) as caught:
        create(world, teacher_actor, teacher_access, **overrides)
    assert caught.value.extra == {"field": field}
    assert ClassSession.objects.count() == 0


def test_a_group_or_teacher_outside_the_course_is_refused(world, teacher_actor, teacher_access):
    with pytest.raises(SessionInvalid) as caught:
        create(world, teacher_actor, teacher_access, group_id=world.group_c.pk)
    assert caught.value.message == "This group does not take the course."
    with pytest.raises(SessionInvalid) as caught:
        create(world, teacher_actor, teacher_access, teacher_id=world.other_teacher.pk)
    assert caught.value.message == "This person does not teach the course."


def test_bigbluebutton_needs_the_settings(world, teacher_actor, teacher_access, settings):
    settings.BBB_URL = ""
    with pytest.raises(ConferenceDisabled) as caught:
        create(world, teacher_actor, teacher_access, conference_provider="bbb", conference_url="")
    assert caught.value.code == "conference_disabled"


def test_asynchronous_class_needs_a_material_of_the_course(world, teacher_actor, teacher_access):
    other_module = Module.objects.create(course=_other_course(world), title="x")
    foreign = Material.objects.create(module=other_module, kind="lecture", title="x")
    with pytest.raises(SessionInvalid) as caught:
        create(world, teacher_actor, teacher_access, delivery="async", material_id=foreign.pk)
    assert caught.value.extra == {"field": "material"}
    (session,) = create(
        world, teacher_actor, teacher_access, delivery="async", material_id=world.material.pk
    ).created
    assert (session.window_opens_at, session.window_closes_at) == (
        almaty(2026, 3, 2, 10, 0),
        almaty(2026, 3, 2, 11, 20),
    )
    assert session.conference_url == ""


def _other_course(world):
    from qashyq.courses.models import Course
    from qashyq.institutions.tests.factories import DisciplineFactory

    return Course.objects.create(
        institution=world.institution,
        discipline=DisciplineFactory.create(department=world.department),
        period=world.period,
        code="OTHER",
    )


def test_a_student_cannot_add_classes(world, actor_of):
    actor = actor_of(world.aigerim.user)
    course, access = selectors.course_get_for(actor=actor, course_id=world.course.pk)
    with pytest.raises(ScheduleChangeForbidden):
        services.class_session_create(actor=actor, access=access, course=course, data=sync_data())
    assert ClassSession.objects.count() == 0


def test_cancel_keeps_the_class_marked(world, teacher_actor, teacher_access):
    (session,) = create(world, teacher_actor, teacher_access).created
    services.class_session_cancel(access=teacher_access, session=session)
    session.refresh_from_db()
    assert session.is_cancelled is True


# ---------------------------------------------------------------- joins to an external room


def test_joining_marks_present_then_late(world, teacher_actor, teacher_access, actor_of):
    """FP-2: the first entry within 15 minutes of the start is present, later is late."""
    (session,) = create(world, teacher_actor, teacher_access).created
    ticket = join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 10, 15))
    assert ticket.url == "https://meet.jit.si/qashyq-alg"
    assert ticket.moderator is False
    join(world, actor_of, world.bolat.user, session, almaty(2026, 3, 2, 10, 16))
    assert statuses(session) == {"Айгерім": "present", "Болат": "late"}
    # a second entry changes nothing
    join(world, actor_of, world.bolat.user, session, almaty(2026, 3, 2, 10, 30))
    assert statuses(session) == {"Айгерім": "present", "Болат": "late"}
    assert SessionJoin.objects.filter(session=session).count() == 3
    assert list(
        Event.objects.filter(verb="joined").order_by("pk").values_list("actor_id", flat=True)
    ) == [world.aigerim.user.pk, world.bolat.user.pk, world.bolat.user.pk]
    assert list(
        AttendanceChange.objects.order_by("pk").values_list("from_status", "to_status", "source")
    ) == [("", "present", "join"), ("", "late", "join")]


def test_the_room_opens_15_minutes_before_and_closes_at_the_end(
    world, teacher_actor, teacher_access, actor_of
):
    (session,) = create(world, teacher_actor, teacher_access).created
    with pytest.raises(JoinNotOpen) as caught:
        join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 9, 44))
    assert caught.value.message == "The room opens at March 2, 2026, 9:45 a.m. (Almaty time)."
    join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 9, 45))
    with pytest.raises(JoinNotOpen) as caught:
        join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 11, 20))
    assert caught.value.message == "This class is over."
    # teachers open the room up to an hour before
    assert join(world, actor_of, world.teacher.user, session, almaty(2026, 3, 2, 9, 0)).moderator


def test_a_class_of_another_group_is_not_found(world, teacher_actor, teacher_access, actor_of):
    (session,) = create(world, teacher_actor, teacher_access, group_id=world.group_a.pk).created
    with pytest.raises(ScheduleNotFound):
        selectors.session_get_for(actor=actor_of(world.dana.user), session_id=session.pk)
    with pytest.raises(ScheduleNotFound):
        selectors.session_get_for(actor=actor_of(world.outsider.user), session_id=session.pk)


def test_in_person_and_asynchronous_classes_have_no_room(
    world, teacher_actor, teacher_access, actor_of
):
    (session,) = create(
        world, teacher_actor, teacher_access, delivery="in_person", room="304"
    ).created
    with pytest.raises(JoinNotOpen) as caught:
        join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 10, 0))
    assert caught.value.message == "This class has no video-conference room."


# ---------------------------------------------------------------- BigBlueButton


def _bbb_session(world, teacher_actor, teacher_access):
    (session,) = create(
        world, teacher_actor, teacher_access, conference_provider="bbb", conference_url=""
    ).created
    return session


def test_bigbluebutton_teacher_opens_the_room_then_students_enter(
    world, teacher_actor, teacher_access, actor_of, bbb_double
):
    session = _bbb_session(world, teacher_actor, teacher_access)
    assert session.bbb_meeting_id.startswith("qashyq-")
    # a student before the teacher: the room is not running
    with pytest.raises(JoinNotOpen) as caught:
        join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 9, 55))
    assert caught.value.message == "The teacher has not opened the room yet. Try again in a minute."
    assert Attendance.objects.count() == 0
    teacher_ticket = join(
        world,
        actor_of,
        world.teacher.user,
        session,
        almaty(2026, 3, 2, 9, 50),
        end_callback_url="https://portal.example.kz/schedule/bbb/ended/t/",
    )
    assert teacher_ticket.moderator is True
    meeting = bbb_double.meetings[session.bbb_meeting_id]
    assert meeting.meta == {
        "endCallbackUrl": "https://portal.example.kz/schedule/bbb/ended/t/",
        "bbb-origin": "Qashyq",
    }
    session.refresh_from_db()
    assert session.bbb_create_time == meeting.create_time
    enter(teacher_ticket.url)  # the browser enters
    student_ticket = join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 10, 2))
    enter(student_ticket.url)
    assert [(j["role"], j["userID"]) for j in bbb_double.joins] == [
        ("MODERATOR", str(world.teacher.user.pk)),
        ("VIEWER", str(world.aigerim.user.pk)),
    ]
    assert statuses(session) == {"Айгерім": "present"}


def test_ending_the_room_closes_entries_settles_and_fetches_recordings(  # noqa: PLR0917
    world, teacher_actor, teacher_access, actor_of, bbb_double, django_capture_on_commit_callbacks
):
    session = _bbb_session(world, teacher_actor, teacher_access)
    ticket = join(world, actor_of, world.teacher.user, session, almaty(2026, 3, 2, 9, 58))
    enter(ticket.url)
    join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 10, 1))
    bbb_double.recordings.append(
        FakeRecording(
            record_id="rec-1",
            meeting_id=session.bbb_meeting_id,
            url="https://bbb.example.kz/playback/presentation/2.3/rec-1",
            start_ms=1_772_427_600_000,
            end_ms=1_772_432_400_000,
            length=80,
        )
    )
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        closed = services.class_session_end(
            access=teacher_access, session=session, now=almaty(2026, 3, 2, 11, 15)
        )
    assert closed == 2
    assert bbb_double.ended == [session.bbb_meeting_id]
    assert list(SessionJoin.objects.values_list("left_at", "left_via")) == [
        (almaty(2026, 3, 2, 11, 15), "ended"),
        (almaty(2026, 3, 2, 11, 15), "ended"),
    ]
    assert statuses(session) == {"Айгерім": "present", "Болат": "absent", "Дана": "absent"}
    assert list(Recording.objects.values_list("record_id", "length_minutes")) == [("rec-1", 80)]
    left = Event.objects.filter(verb="left", actor_id=world.aigerim.user.pk).get()
    assert left.result == {"duration_seconds": 4440, "via": "ended"}


def test_a_webhook_user_left_closes_that_entry(world, teacher_actor, teacher_access, actor_of):
    (session,) = create(world, teacher_actor, teacher_access).created
    ClassSession.objects.filter(pk=session.pk).update(bbb_meeting_id="m-77")
    join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 10, 0))
    applied = services.bbb_events_receive(
        events=[
            {
                "data": {
                    "id": "user-left",
                    "attributes": {
                        "meeting": {"external-meeting-id": "m-77"},
                        "user": {"external-user-id": str(world.aigerim.user.pk)},
                    },
                    "event": {"ts": 1_772_429_400_000},
                }
            },
            {"data": {"id": "user-left", "attributes": {"meeting": {"external-meeting-id": "x"}}}},
        ]
    )
    assert applied == 1
    assert list(SessionJoin.objects.values_list("left_at", "left_via")) == [
        (dt.datetime(2026, 3, 2, 5, 30, tzinfo=dt.UTC), "webhook")
    ]


# ---------------------------------------------------------------- teachers' marks


def test_teacher_corrections_keep_their_history(world, teacher_actor, teacher_access, actor_of):
    """SIS-1, FP-2: who changed a mark, when, from what to what, why."""
    (session,) = create(world, teacher_actor, teacher_access).created
    join(world, actor_of, world.aigerim.user, session, almaty(2026, 3, 2, 10, 20))
    services.attendance_mark(
        actor=teacher_actor,
        access=teacher_access,
        session=session,
        student_id=world.aigerim.pk,
        status="present",
        reason="Байланыс үзілді",
        now=almaty(2026, 3, 2, 11, 30),
    )
    services.attendance_mark(  # the same again: no new history
        actor=teacher_actor,
        access=teacher_access,
        session=session,
        student_id=world.aigerim.pk,
        status="present",
        now=almaty(2026, 3, 2, 11, 31),
    )
    assert list(
        AttendanceChange.objects.order_by("pk").values_list(
            "from_status", "to_status", "source", "changed_by_id", "reason"
        )
    ) == [
        ("", "late", "join", None, ""),
        ("late", "present", "teacher", world.teacher.user.pk, "Байланыс үзілді"),
    ]
    # an automatic mark never overrides the teacher's
    services.attendance_mark(
        actor=teacher_actor,
        access=teacher_access,
        session=session,
        student_id=world.bolat.pk,
        status="excused",
        now=almaty(2026, 3, 2, 10, 0),
    )
    join(world, actor_of, world.bolat.user, session, almaty(2026, 3, 2, 10, 5))
    assert statuses(session) == {"Айгерім": "present", "Болат": "excused"}
    assert list(
        Event.objects.filter(verb="attended").order_by("pk").values_list("actor_id", "result")
    ) == [
        (world.teacher.user.pk, {"status": "present"}),
        (world.teacher.user.pk, {"status": "excused"}),
    ]


def test_marking_an_offline_class_for_the_whole_register(world, teacher_actor, teacher_access):
    (session,) = create(
        world, teacher_actor, teacher_access, delivery="in_person", room="304"
    ).created
    changed = services.attendance_mark_many(
        actor=teacher_actor,
        access=teacher_access,
        session=session,
        marks={world.aigerim.pk: "present", world.bolat.pk: "absent", world.dana.pk: "late"},
        now=almaty(2026, 3, 2, 11, 0),
    )
    assert len(changed) == 3
    assert statuses(session) == {"Айгерім": "present", "Болат": "absent", "Дана": "late"}
    # nothing settles an in-person class by itself
    assert services.class_session_settle(session=session, now=almaty(2026, 3, 3, 0, 0)) == 0


def test_marks_for_strangers_or_future_classes_are_refused(world, teacher_actor, teacher_access):
    (session,) = create(world, teacher_actor, teacher_access, group_id=world.group_a.pk).created
    with pytest.raises(AttendanceInvalid) as caught:
        services.attendance_mark_many(
            actor=teacher_actor,
            access=teacher_access,
            session=session,
            marks={world.aigerim.pk: "present", world.dana.pk: "present"},
            now=almaty(2026, 3, 2, 11, 0),
        )
    assert caught.value.extra == {"student_ids": [world.dana.pk]}
    with pytest.raises(AttendanceInvalid) as caught:
        services.attendance_mark(
            actor=teacher_actor,
            access=teacher_access,
            session=session,
            student_id=world.aigerim.pk,
            status="present",
            now=almaty(2026, 3, 2, 9, 0),
        )
    assert caught.value.message == "A class that has not begun cannot be marked."
    with pytest.raises(AttendanceInvalid):
        services.attendance_mark(
            actor=teacher_actor,
            access=teacher_access,
            session=session,
            student_id=world.aigerim.pk,
            status="sleeping",
            now=almaty(2026, 3, 2, 11, 0),
        )
    assert Attendance.objects.count() == 0


def test_the_head_of_department_manages_but_does_not_mark(world, make_user, actor_of):
    head = actor_of(make_user("department_head", department=world.department))
    course, access = selectors.course_get_for(actor=head, course_id=world.course.pk)
    assert (access.manage, access.mark, access.journal) == (True, False, True)
    (session,) = services.class_session_create(
        actor=head, access=access, course=course, data=sync_data()
    ).created
    with pytest.raises(ScheduleChangeForbidden):
        services.attendance_mark(
            actor=head,
            access=access,
            session=session,
            student_id=world.aigerim.pk,
            status="present",
            now=almaty(2026, 3, 2, 11, 0),
        )


# ---------------------------------------------------------------- settling


def test_settling_marks_absent_once(world, teacher_actor, teacher_access, actor_of):
    (session,) = create(world, teacher_actor, teacher_access).created
    join(world, actor_of, world.dana.user, session, almaty(2026, 3, 2, 10, 0))
    assert services.attendance_settle_due(now=almaty(2026, 3, 2, 11, 0)) == 0  # not over yet
    assert services.attendance_settle_due(now=almaty(2026, 3, 2, 11, 20)) == 2
    assert services.attendance_settle_due(now=almaty(2026, 3, 2, 11, 30)) == 0
    assert statuses(session) == {"Айгерім": "absent", "Болат": "absent", "Дана": "present"}
    assert set(Attendance.objects.values_list("source", flat=True)) == {"join", "settled"}


def _opened(student, material, at):
    footprint_record(
        action=Action(
            actor_id=student.user_id,
            verb=Verb.VIEWED,
            object_type=ActivityType.MATERIAL,
            object_id=str(material.pk),
            course_id=material.module.course_id,
            occurred_at=at,
        )
    )


def test_asynchronous_attendance_from_opening_the_material_in_its_window(
    world, teacher_actor, teacher_access
):
    """FP-2: opening the material inside the window counts; before or after does not."""
    (session,) = create(
        world,
        teacher_actor,
        teacher_access,
        delivery="async",
        material_id=world.material.pk,
        window_opens_at=almaty(2026, 3, 2, 0, 0),
        window_closes_at=almaty(2026, 3, 9, 0, 0),
    ).created
    _opened(world.aigerim, world.material, almaty(2026, 3, 4, 21, 0))
    _opened(world.bolat, world.material, almaty(2026, 3, 1, 23, 59))  # before the window
    _opened(world.bolat, world.material, almaty(2026, 3, 9, 0, 1))  # after it
    assert services.attendance_settle_due(now=almaty(2026, 3, 5, 0, 0)) == 1  # while open
    assert statuses(session) == {"Айгерім": "present"}
    MaterialProgress.objects.create(  # an opening known only from progress
        material=world.material,
        student=world.dana,
        first_opened_at=almaty(2026, 3, 8, 12, 0),
        last_opened_at=almaty(2026, 3, 8, 12, 0),
    )
    assert services.attendance_settle_due(now=almaty(2026, 3, 9, 0, 0)) == 2
    assert statuses(session) == {"Айгерім": "present", "Болат": "absent", "Дана": "present"}
    assert dict(Attendance.objects.values_list("student_id", "source")) == {
        world.aigerim.pk: "material",
        world.bolat.pk: "settled",
        world.dana.pk: "material",
    }
    assert Attendance.objects.get(student=world.aigerim).marked_at == almaty(2026, 3, 4, 21, 0)


def test_calendar_feed_reset_raises_the_version(world):
    user = world.aigerim.user
    assert selectors.calendar_feed_version(user_id=user.pk) == 1
    assert services.calendar_feed_reset(user_id=user.pk) == 2
    assert services.calendar_feed_reset(user_id=user.pk) == 3
    assert selectors.calendar_feed_version(user_id=user.pk) == 3
