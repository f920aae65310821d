"""Writes of the schedule: classes (SIS-2), rooms and joins (LMS-3), attendance (SIS-1,
FP-2). The only place schedule state changes and footprint events are recorded.

Attendance rules (docs/schedule.md):
- joining a synchronous class's room marks the student present, or late when the first
  entry is more than LATE_AFTER after the start;
- opening an asynchronous class's material inside its window marks them present;
- when an online class is over (the end, the room closed, or the window closed), every
  student of the class without a mark is marked absent ("settled");
- in-person classes are marked by the teacher; teachers correct any mark, and their
  mark is never overwritten by an automatic one;
- every change of a mark is kept: who, when, from what to what, why.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import holidays
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qashyq.core.cache import generation_bump
from qashyq.core.scope import ActorScope
from qashyq.courses.models import Course, Material
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record, footprint_record_many
from qashyq.schedule import selectors
from qashyq.schedule.bbb import BbbClient, BbbConfig, BbbError, BbbUnavailable
from qashyq.schedule.data import CourseAccess, JoinTicket, SessionData
from qashyq.schedule.errors import (
    AttendanceInvalid,
    ConferenceDisabled,
    ConferenceUnavailable,
    JoinNotOpen,
    ScheduleChangeForbidden,
    SessionInvalid,
)
from qashyq.schedule.models import (
    Attendance,
    AttendanceChange,
    AttendanceSource,
    AttendanceStatus,
    CalendarFeed,
    ClassSession,
    ConferenceProvider,
    JoinRole,
    LeftVia,
    Recording,
    SessionDelivery,
    SessionJoin,
    SessionKind,
)

LATE_AFTER = dt.timedelta(minutes=15)  # a first entry later than this is "late"
STUDENT_EARLY = dt.timedelta(minutes=15)  # students may enter this long before the start
TEACHER_EARLY = dt.timedelta(minutes=60)  # teachers open the room up to an hour before
LONGEST_CLASS = dt.timedelta(hours=8)
LONGEST_WINDOW = dt.timedelta(days=31)
MOST_WEEKS = 30
ATTENDED = frozenset({AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value})

PROVIDER_HOSTS = {
    "zoom.us": ConferenceProvider.ZOOM,
    "teams.microsoft.com": ConferenceProvider.TEAMS,
    "teams.live.com": ConferenceProvider.TEAMS,
    "meet.jit.si": ConferenceProvider.JITSI,
}


# ---------------------------------------------------------------- BigBlueButton


def bbb_config() -> BbbConfig | None:
    """BigBlueButton from settings (BBB_URL, BBB_SECRET, BBB_CHECKSUM); None when unset:
    classes then use external links only."""
    url = str(getattr(settings, "BBB_URL", "") or "")
    secret = str(getattr(settings, "BBB_SECRET", "") or "")
    if not url or not secret:
        return None
    return BbbConfig(
        url=url,
        secret=secret,
        algorithm=str(getattr(settings, "BBB_CHECKSUM", "sha256") or "sha256"),
        timeout=float(getattr(settings, "BBB_TIMEOUT", 10) or 10),
    )


def bbb_enabled() -> bool:
    return bbb_config() is not None


def _bbb() -> BbbClient:
    config = bbb_config()
    if config is None:
        raise _disabled()
    return BbbClient(config)


def _unavailable(error: Exception) -> ConferenceUnavailable:
    return ConferenceUnavailable(
        _("The video-conference server did not answer. Try again in a minute."),
        detail=str(error),
    )


def provider_for_url(url: str) -> str:
    """Zoom, Teams or Jitsi from a link's host; "other" for anything else."""
    host = (urlsplit(url).hostname or "").lower()
    for suffix, provider in PROVIDER_HOSTS.items():
        if host == suffix or host.endswith(f".{suffix}"):
            return provider.value
    if "jitsi" in host:
        return ConferenceProvider.JITSI.value
    return ConferenceProvider.OTHER.value


# ---------------------------------------------------------------- helpers


def _bump(course_id: int) -> None:
    """Cached journals of the course are stale (ADR 0014: generations)."""
    name = f"schedule-course-{course_id}"
    generation_bump(name)
    transaction.on_commit(lambda: generation_bump(name))


def _invalid(message: str, field: str | None = None) -> SessionInvalid:
    return SessionInvalid(message, field=field) if field else SessionInvalid(message)


def _local(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _require(access: CourseAccess, what: str) -> None:
    if not getattr(access, what):
        raise ScheduleChangeForbidden(_("You may not change this class."))


def _aware(value: dt.datetime, field: str) -> dt.datetime:
    if timezone.is_naive(value):
        raise _invalid(_("Give the time with its time zone."), field)
    return value


@dataclass(frozen=True)
class _Checked:
    data: SessionData
    material: Material | None


NO_ROOM: dict[str, Any] = {"conference_provider": "", "conference_url": ""}
NO_MATERIAL: dict[str, Any] = {
    "material_id": None,
    "window_opens_at": None,
    "window_closes_at": None,
}


def _check(*, course: Course, data: SessionData) -> _Checked:
    """Validate a class against its course; fill in the defaults (SIS-2, LMS-3)."""
    if data.kind not in SessionKind.values:
        raise _invalid(_("Choose the kind of class."), "kind")
    if data.delivery not in SessionDelivery.values:
        raise _invalid(_("Choose how the class runs."), "delivery")
    starts = _aware(data.starts_at, "starts_at")
    ends = _aware(data.ends_at, "ends_at")
    if ends <= starts:
        raise _invalid(_("The class must end after it starts."), "ends_at")
    if ends - starts > LONGEST_CLASS:
        raise _invalid(_("A class lasts at most eight hours."), "ends_at")
    if data.group_id is not None and not course.group_links.filter(group_id=data.group_id).exists():
        raise _invalid(_("This group does not take the course."), "group")
    if (
        data.teacher_id is not None
        and not course.staff_links.filter(staff_id=data.teacher_id).exists()
    ):
        raise _invalid(_("This person does not teach the course."), "teacher")
    data = replace(data, topic=data.topic.strip(), room=data.room.strip())
    if data.delivery == SessionDelivery.SYNCHRONOUS:
        return _Checked(data=replace(data, **_room_checked(data), **NO_MATERIAL), material=None)
    if data.delivery == SessionDelivery.ASYNCHRONOUS:
        return _material_checked(course=course, data=replace(data, **NO_ROOM))
    return _Checked(data=replace(data, **NO_ROOM, **NO_MATERIAL), material=None)


def _disabled() -> ConferenceDisabled:
    return ConferenceDisabled(
        _(
            "BigBlueButton is not set up on this server (BBB_URL and BBB_SECRET). "
            "Give the class an external link: Zoom, Microsoft Teams or Jitsi."
        ),
        field="conference_provider",
    )


def _room_checked(data: SessionData) -> dict[str, Any]:
    """A synchronous class meets in our BigBlueButton or at an external link (LMS-3)."""
    provider, url = data.conference_provider, data.conference_url.strip()
    if not provider and url:
        provider = provider_for_url(url)
    if provider == ConferenceProvider.BIGBLUEBUTTON:
        if not bbb_enabled():
            raise _disabled()
        return {"conference_provider": provider, "conference_url": ""}
    if provider not in ConferenceProvider.values:
        raise _invalid(_("Choose where the class meets online."), "conference_provider")
    if not url.startswith(("https://", "http://")):
        raise _invalid(_("Give the link to the video conference (https://…)."), "conference_url")
    return {"conference_provider": provider, "conference_url": url}


def _material_checked(*, course: Course, data: SessionData) -> _Checked:
    """An asynchronous class: a material of the course and the window to open it in
    (by default the class's own time)."""
    if data.material_id is None:
        raise _invalid(_("Choose the material to study."), "material")
    material = (
        Material.objects.filter(pk=data.material_id, module__course_id=course.pk)
        .select_related("module")
        .first()
    )
    if material is None:
        raise _invalid(_("This material is not in the course."), "material")
    opens = (
        _aware(data.window_opens_at, "window_opens_at") if data.window_opens_at else data.starts_at
    )
    closes = (
        _aware(data.window_closes_at, "window_closes_at") if data.window_closes_at else data.ends_at
    )
    if closes <= opens:
        raise _invalid(_("The window must close after it opens."), "window_closes_at")
    if closes - opens > LONGEST_WINDOW:
        raise _invalid(_("A window is open for at most 31 days."), "window_closes_at")
    return _Checked(
        data=replace(data, window_opens_at=opens, window_closes_at=closes), material=material
    )


def _apply(session: ClassSession, data: SessionData) -> None:
    session.kind = data.kind
    session.delivery = data.delivery
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    session.group_id = data.group_id
    session.topic = data.topic
    session.room = data.room
    session.teacher_id = data.teacher_id
    session.conference_provider = data.conference_provider
    session.conference_url = data.conference_url
    session.material_id = data.material_id
    session.window_opens_at = data.window_opens_at
    session.window_closes_at = data.window_closes_at
    if data.conference_provider == ConferenceProvider.BIGBLUEBUTTON and not session.bbb_meeting_id:
        session.bbb_meeting_id = f"qashyq-{uuid.uuid4().hex}"
        session.bbb_attendee_secret = secrets.token_urlsafe(12)
        session.bbb_moderator_secret = secrets.token_urlsafe(12)


def _shift(data: SessionData, days: int) -> SessionData:
    delta = dt.timedelta(days=days)
    return replace(
        data,
        starts_at=data.starts_at + delta,
        ends_at=data.ends_at + delta,
        window_opens_at=data.window_opens_at + delta if data.window_opens_at else None,
        window_closes_at=data.window_closes_at + delta if data.window_closes_at else None,
    )


def public_holiday(day: dt.date) -> str:
    """The name of the Kazakh public holiday on `day` ("" on other days; CAL-2)."""
    return str(holidays.country_holidays("KZ", years=day.year).get(day) or "")


# ---------------------------------------------------------------- classes (SIS-2)


@dataclass(frozen=True)
class SeriesResult:
    created: tuple[ClassSession, ...]
    skipped: tuple[tuple[dt.date, str], ...]  # (day, holiday) not scheduled


@transaction.atomic
def class_session_create(
    *,
    actor: ActorScope,
    access: CourseAccess,
    course: Course,
    data: SessionData,
    weeks: int = 1,
) -> SeriesResult:
    """Add a class, or the same class every week for `weeks` weeks; weeks whose day is
    a Kazakh public holiday are skipped and reported (CAL-2). Records `published`."""
    _require(access, "manage")
    if not 1 <= weeks <= MOST_WEEKS:
        raise _invalid(_("Repeat a class for 1 to 30 weeks."), "weeks")
    checked = _check(course=course, data=data)
    created: list[ClassSession] = []
    skipped: list[tuple[dt.date, str]] = []
    for week in range(weeks):
        shifted = _shift(checked.data, 7 * week)
        day = timezone.localtime(shifted.starts_at).date()
        if weeks > 1 and (holiday := public_holiday(day)):
            skipped.append((day, holiday))
            continue
        session = ClassSession(course=course)
        _apply(session, shifted)
        session.save()
        created.append(session)
    footprint_record_many(
        actions=[
            Action(
                actor_id=actor.user_id,
                verb=Verb.PUBLISHED,
                object_type=ActivityType.SESSION,
                object_id=str(s.pk),
                object_name=s.topic or course.code,
                course_id=course.pk,
                occurred_at=s.created_at,
                result={"kind": s.kind, "delivery": s.delivery},
            )
            for s in created
        ]
    )
    _bump(course.pk)
    return SeriesResult(created=tuple(created), skipped=tuple(skipped))


@transaction.atomic
def class_session_update(
    *, access: CourseAccess, session: ClassSession, data: SessionData
) -> ClassSession:
    """Change a class's time, kind, delivery, room, link or material."""
    _require(access, "manage")
    checked = _check(course=session.course, data=data)
    _apply(session, checked.data)
    session.save()
    _bump(session.course_id)
    return session


@transaction.atomic
def class_session_cancel(*, access: CourseAccess, session: ClassSession) -> ClassSession:
    """Cancel a class: it stays on the schedule, marked cancelled, out of the journal."""
    _require(access, "manage")
    if not session.is_cancelled:
        session.is_cancelled = True
        session.save(update_fields=["is_cancelled", "updated_at"])
        _bump(session.course_id)
    return session


# ---------------------------------------------------------------- joins (LMS-3)


def _join_window_check(session: ClassSession, *, moderator: bool, now: dt.datetime) -> None:
    if session.delivery != SessionDelivery.SYNCHRONOUS:
        raise JoinNotOpen(_("This class has no video-conference room."))
    if session.is_cancelled:
        raise JoinNotOpen(_("This class is cancelled."))
    if session.conference_ended_at is not None or now >= session.ends_at:
        raise JoinNotOpen(_("This class is over."))
    opens = session.starts_at - (TEACHER_EARLY if moderator else STUDENT_EARLY)
    if now < opens:
        raise JoinNotOpen(
            _("The room opens at %(time)s (Almaty time).") % {"time": _local(opens)},
            opens_at=opens.isoformat(),
        )


def class_session_join(
    *,
    actor: ActorScope,
    access: CourseAccess,
    session: ClassSession,
    full_name: str,
    now: dt.datetime | None = None,
    end_callback_url: str = "",
    webhook_url: str = "",
    logout_url: str = "",
) -> JoinTicket:
    """A person enters a synchronous class's room: the entry is recorded (footprint
    `joined`), a student of the class is marked present or late, and the browser goes
    to the room: BigBlueButton as moderator (the course's teachers and schedule managers)
    or viewer (everyone else), or the external link (Zoom, Teams, Jitsi).

    On BigBlueButton a teacher's entry creates the room (create is idempotent); students
    enter only while it runs. The server is called before the database transaction, so
    no lock is held while it answers."""
    now = now or timezone.now()
    if not access.view or actor.user_id is None:
        raise selectors.not_found()
    moderator = access.manage
    _join_window_check(session, moderator=moderator, now=now)
    student_id = (
        actor.student_id
        if actor.student_id is not None
        and selectors.is_expected(session=session, student_id=actor.student_id)
        else None
    )
    if session.conference_provider == ConferenceProvider.BIGBLUEBUTTON:
        url = _bbb_enter(
            session=session,
            moderator=moderator,
            full_name=full_name,
            user_id=actor.user_id,
            end_callback_url=end_callback_url,
            webhook_url=webhook_url,
            logout_url=logout_url,
        )
    else:
        url = session.conference_url
    with transaction.atomic():
        join = SessionJoin.objects.create(
            session=session,
            user_id=actor.user_id,
            student_id=student_id,
            role=JoinRole.MODERATOR if moderator else JoinRole.ATTENDEE,
            joined_at=now,
        )
        footprint_record(
            action=Action(
                actor_id=actor.user_id,
                verb=Verb.JOINED,
                object_type=ActivityType.SESSION,
                object_id=str(session.pk),
                object_name=session.topic or session.course.code,
                course_id=session.course_id,
                occurred_at=now,
                result={"role": join.role, "provider": session.conference_provider},
            )
        )
        if student_id is not None:
            late = now - session.starts_at > LATE_AFTER
            _auto_mark(
                session=session,
                student_id=student_id,
                status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
                source=AttendanceSource.JOIN,
                at=now,
            )
    return JoinTicket(url=url, session_id=session.pk, moderator=moderator)


def _bbb_enter(
    *,
    session: ClassSession,
    moderator: bool,
    full_name: str,
    user_id: int,
    end_callback_url: str,
    webhook_url: str,
    logout_url: str,
) -> str:
    client = _bbb()
    try:
        if moderator:
            meeting = client.create(
                meeting_id=session.bbb_meeting_id,
                name=f"{session.course.code} · {session.topic}".strip(" ·")[:250],
                attendee_password=session.bbb_attendee_secret,
                moderator_password=session.bbb_moderator_secret,
                logout_url=logout_url,
                end_callback_url=end_callback_url,
            )
            if meeting.create_time and meeting.create_time != session.bbb_create_time:
                session.bbb_create_time = meeting.create_time
                ClassSession.objects.filter(pk=session.pk).update(
                    bbb_create_time=meeting.create_time
                )
                if webhook_url and getattr(settings, "BBB_WEBHOOKS", False):
                    client.hook_create(callback_url=webhook_url, meeting_id=session.bbb_meeting_id)
        elif not client.is_meeting_running(meeting_id=session.bbb_meeting_id):
            raise JoinNotOpen(_("The teacher has not opened the room yet. Try again in a minute."))
    except BbbUnavailable as error:
        raise _unavailable(error) from error
    except BbbError as error:
        raise _unavailable(error) from error
    return client.join_url(
        meeting_id=session.bbb_meeting_id,
        full_name=full_name,
        moderator=moderator,
        password=session.bbb_moderator_secret if moderator else session.bbb_attendee_secret,
        user_id=str(user_id),
        create_time=session.bbb_create_time,
    )


@transaction.atomic
def class_session_left(*, session: ClassSession, user_id: int, at: dt.datetime) -> bool:
    """The room reports that a person left (bbb-webhooks `user-left`): close their open
    entry and record `left`. False when they had no open entry."""
    join = (
        SessionJoin.objects.select_for_update()
        .filter(session_id=session.pk, user_id=user_id, left_at__isnull=True)
        .order_by("-joined_at", "-pk")
        .first()
    )
    if join is None:
        return False
    join.left_at = max(at, join.joined_at)
    join.left_via = LeftVia.WEBHOOK
    join.save(update_fields=["left_at", "left_via"])
    footprint_record(action=_left_action(session, join))
    return True


def _left_action(session: ClassSession, join: SessionJoin) -> Action:
    assert join.left_at is not None
    return Action(
        actor_id=join.user_id,
        verb=Verb.LEFT,
        object_type=ActivityType.SESSION,
        object_id=str(session.pk),
        object_name=session.topic,
        course_id=session.course_id,
        occurred_at=join.left_at,
        result={
            "duration_seconds": int((join.left_at - join.joined_at).total_seconds()),
            "via": join.left_via,
        },
    )


@transaction.atomic
def class_session_room_closed(
    *, session: ClassSession, at: dt.datetime, final: bool = False
) -> int:
    """The room is over (the server's end callback or webhook, or the teacher's `end`):
    every open entry is closed (`left`). When the teacher ended it (`final`) or the
    class's time is up, the class is closed for good and its attendance settled; a
    meeting the server ended early (everyone dropped out: BigBlueButton ends an empty
    meeting after a minute) leaves the class open, and the teacher's next entry opens a
    new room. Idempotent; returns the number of entries closed."""
    locked = ClassSession.objects.select_for_update().get(pk=session.pk)
    open_joins = list(
        SessionJoin.objects.filter(session_id=session.pk, left_at__isnull=True).order_by("pk")
    )
    for join in open_joins:
        join.left_at = max(at, join.joined_at)
        join.left_via = LeftVia.ENDED
    SessionJoin.objects.bulk_update(open_joins, ["left_at", "left_via"])
    footprint_record_many(actions=[_left_action(session, j) for j in open_joins])
    if (final or at >= locked.ends_at) and locked.conference_ended_at is None:
        locked.conference_ended_at = at
        locked.save(update_fields=["conference_ended_at", "updated_at"])
        class_session_settle(session=locked, now=at)
    session.conference_ended_at = locked.conference_ended_at
    return len(open_joins)


def class_session_end(
    *, access: CourseAccess, session: ClassSession, now: dt.datetime | None = None
) -> int:
    """A teacher ends the class's room: BigBlueButton's `end`, then the room is closed
    here (open entries closed, attendance settled), and its recordings are fetched."""
    _require(access, "manage")
    now = now or timezone.now()
    if session.delivery != SessionDelivery.SYNCHRONOUS:
        raise JoinNotOpen(_("This class has no video-conference room."))
    if session.conference_provider == ConferenceProvider.BIGBLUEBUTTON:
        client = _bbb()
        try:
            client.end(
                meeting_id=session.bbb_meeting_id, moderator_password=session.bbb_moderator_secret
            )
        except (BbbUnavailable, BbbError) as error:
            raise _unavailable(error) from error
    closed = class_session_room_closed(session=session, at=now, final=True)
    if session.conference_provider == ConferenceProvider.BIGBLUEBUTTON:
        from qashyq.schedule.tasks import recordings_sync_task  # noqa: PLC0415 - the task calls us

        session_id = session.pk
        transaction.on_commit(
            lambda: recordings_sync_task.apply_async((session_id,), countdown=300)
        )
    return closed


def bbb_events_receive(*, events: list[dict[str, Any]]) -> int:
    """Events posted by bbb-webhooks (checksum already verified by the view): `user-left`
    closes a person's entry, `meeting-ended` closes the room. Returns events applied."""
    applied = 0
    for event in events:
        data = event.get("data", event)
        if not isinstance(data, dict):
            continue
        kind = data.get("id")
        attributes = data.get("attributes") or {}
        meeting = attributes.get("meeting") or {}
        session = selectors.session_by_meeting(
            meeting_id=str(meeting.get("external-meeting-id", ""))
        )
        if session is None:
            continue
        millis = (data.get("event") or {}).get("ts")
        at = (
            dt.datetime.fromtimestamp(int(millis) / 1000, tz=dt.UTC)
            if isinstance(millis, int | str) and str(millis).isdigit()
            else timezone.now()
        )
        if kind == "user-left":
            user = str((attributes.get("user") or {}).get("external-user-id", ""))
            if user.isdigit() and class_session_left(session=session, user_id=int(user), at=at):
                applied += 1
        elif kind == "meeting-ended":
            class_session_room_closed(session=session, at=at)
            applied += 1
    return applied


@transaction.atomic
def class_session_recordings_sync(*, session: ClassSession) -> int:
    """Fetch the class's recordings from BigBlueButton (getRecordings) and keep them;
    returns how many are known after the call."""
    if session.conference_provider != ConferenceProvider.BIGBLUEBUTTON:
        return 0
    try:
        found = _bbb().recordings(meeting_id=session.bbb_meeting_id)
    except (BbbUnavailable, BbbError) as error:
        raise _unavailable(error) from error
    for item in found:
        Recording.objects.update_or_create(
            record_id=item.record_id,
            defaults={
                "session": session,
                "url": item.url,
                "playback_format": item.playback_format,
                "started_at": item.started_at,
                "ended_at": item.ended_at,
                "length_minutes": item.length_minutes,
                "published": item.published,
            },
        )
    return Recording.objects.filter(session_id=session.pk).count()


def class_session_viewed(*, actor: ActorScope, session: ClassSession) -> None:
    """Record that a person opened a class's page (footprint `viewed`, FP-2, FP-4)."""
    if actor.user_id is None:
        return
    footprint_record(
        action=Action(
            actor_id=actor.user_id,
            verb=Verb.VIEWED,
            object_type=ActivityType.SESSION,
            object_id=str(session.pk),
            object_name=session.topic or session.course.code,
            course_id=session.course_id,
        )
    )


# ---------------------------------------------------------------- attendance (SIS-1, FP-2)


def _change(
    attendance: Attendance,
    *,
    from_status: str,
    by: int | None,
    at: dt.datetime,
    reason: str = "",
) -> AttendanceChange:
    return AttendanceChange(
        attendance=attendance,
        from_status=from_status,
        to_status=attendance.status,
        source=attendance.source,
        changed_by_id=by,
        changed_at=at,
        reason=reason[:300],
    )


def _auto_mark(
    *, session: ClassSession, student_id: int, status: str, source: str, at: dt.datetime
) -> Attendance | None:
    """An automatic mark: created, or raised from a settled absence; a teacher's mark
    and an earlier attendance stay as they are. Inside the caller's transaction."""
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.select_for_update().get_or_create(
                session=session,
                student_id=student_id,
                defaults={
                    "course_id": session.course_id,
                    "status": status,
                    "source": source,
                    "marked_at": at,
                },
            )
    except IntegrityError:  # a parallel entry created it first
        attendance, created = Attendance.objects.get(session=session, student_id=student_id), False
    if created:
        _change(attendance, from_status="", by=None, at=at).save()
        _bump(session.course_id)
        return attendance
    if attendance.source == AttendanceSource.TEACHER or attendance.status in ATTENDED:
        return None
    previous = attendance.status
    attendance.status, attendance.source, attendance.marked_at = status, source, at
    attendance.marked_by = None
    attendance.save(update_fields=["status", "source", "marked_at", "marked_by"])
    _change(attendance, from_status=previous, by=None, at=at).save()
    _bump(session.course_id)
    return attendance


def _mark_checks(
    *, access: CourseAccess, session: ClassSession, statuses: list[str], now: dt.datetime
) -> None:
    _require(access, "mark")
    if session.is_cancelled:
        raise AttendanceInvalid(_("This class is cancelled."))
    if session.starts_at > now:
        raise AttendanceInvalid(_("A class that has not begun cannot be marked."))
    for status in statuses:
        if status not in AttendanceStatus.values:
            raise AttendanceInvalid(_("Choose present, late, absent or excused."), field="status")


@transaction.atomic
def attendance_mark(
    *,
    actor: ActorScope,
    access: CourseAccess,
    session: ClassSession,
    student_id: int,
    status: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Attendance:
    """A teacher marks or corrects one student's attendance (offline classes included);
    the change is kept with who, when, from what to what and why. Records `attended`."""
    attendance_mark_many(
        actor=actor,
        access=access,
        session=session,
        marks={student_id: status},
        reason=reason,
        now=now,
    )
    return Attendance.objects.get(session_id=session.pk, student_id=student_id)


@transaction.atomic
def attendance_mark_many(
    *,
    actor: ActorScope,
    access: CourseAccess,
    session: ClassSession,
    marks: Mapping[int, str],
    reason: str = "",
    now: dt.datetime | None = None,
) -> list[Attendance]:
    """A teacher marks many students of one class at once (the class register). Marks
    that do not change are left alone (no history row, no footprint event). Returns the
    marks that changed."""
    now = now or timezone.now()
    _mark_checks(access=access, session=session, statuses=list(marks.values()), now=now)
    wanted = {int(k): v for k, v in marks.items()}
    expected = set(
        selectors.expected_students(session=session)
        .filter(pk__in=sorted(wanted))
        .values_list("pk", flat=True)
    )
    if strangers := sorted(set(wanted) - expected):
        raise AttendanceInvalid(
            _("These students do not take this class: %(ids)s.")
            % {"ids": ", ".join(str(s) for s in strangers)},
            student_ids=strangers,
        )
    existing = {
        a.student_id: a
        for a in Attendance.objects.select_for_update().filter(
            session_id=session.pk, student_id__in=sorted(wanted)
        )
    }
    changed: list[Attendance] = []
    history: list[AttendanceChange] = []
    created: list[Attendance] = []
    for student_id, status in sorted(wanted.items()):
        attendance = existing.get(student_id)
        if attendance is None:
            attendance = Attendance(
                session=session,
                course_id=session.course_id,
                student_id=student_id,
                status=status,
                source=AttendanceSource.TEACHER,
                marked_by_id=actor.user_id,
                marked_at=now,
                note=reason[:300],
            )
            created.append(attendance)
            changed.append(attendance)
            continue
        if attendance.status == status and attendance.source == AttendanceSource.TEACHER:
            continue
        history.append(_change_pending(attendance, status=status, by=actor.user_id, at=now))
        attendance.status, attendance.source = status, AttendanceSource.TEACHER
        attendance.marked_by_id, attendance.marked_at = actor.user_id, now
        attendance.note = reason[:300]
        attendance.save(update_fields=["status", "source", "marked_by", "marked_at", "note"])
        changed.append(attendance)
    Attendance.objects.bulk_create(created)
    history += [
        _change(a, from_status="", by=actor.user_id, at=now, reason=reason) for a in created
    ]
    for change in history:
        change.reason = reason[:300]
        change.attendance_id = change.attendance.pk
    AttendanceChange.objects.bulk_create(history)
    footprint_record_many(
        actions=[
            Action(
                actor_id=actor.user_id,
                verb=Verb.ATTENDED,
                object_type=ActivityType.ATTENDANCE,
                object_id=str(a.pk),
                object_name=session.topic or session.course.code,
                course_id=session.course_id,
                occurred_at=now,
                result={"status": a.status},
                context={"session_id": session.pk, "student_id": a.student_id},
            )
            for a in changed
        ]
    )
    if changed:
        _bump(session.course_id)
    return changed


def _change_pending(
    attendance: Attendance, *, status: str, by: int | None, at: dt.datetime
) -> AttendanceChange:
    return AttendanceChange(
        attendance=attendance,
        from_status=attendance.status,
        to_status=status,
        source=AttendanceSource.TEACHER,
        changed_by_id=by,
        changed_at=at,
    )


@transaction.atomic
def attendance_from_materials(*, session: ClassSession, now: dt.datetime | None = None) -> int:
    """Mark present the students who opened an asynchronous class's material inside its
    window (FP-2). Idempotent; returns the marks made."""
    now = now or timezone.now()
    if session.delivery != SessionDelivery.ASYNCHRONOUS or session.is_cancelled:
        return 0
    ids = list(selectors.expected_students(session=session).values_list("pk", flat=True))
    openers = selectors.material_openers(session=session, student_ids=ids)
    made = 0
    for student_id, opened_at in sorted(openers.items()):
        if _auto_mark(
            session=session,
            student_id=student_id,
            status=AttendanceStatus.PRESENT,
            source=AttendanceSource.MATERIAL,
            at=opened_at,
        ):
            made += 1
    return made


@transaction.atomic
def class_session_settle(*, session: ClassSession, now: dt.datetime | None = None) -> int:
    """When an online class is over, mark absent every student of it without a mark
    (asynchronous: after collecting the material openings). In-person classes are the
    teacher's to mark. Idempotent; returns the marks written (openings and absences)."""
    now = now or timezone.now()
    if session.delivery == SessionDelivery.IN_PERSON or session.is_cancelled:
        return 0
    over = session.conference_ended_at is not None or session.attendance_closes_at <= now
    if not over or session.settled_at is not None:
        return 0
    made = 0
    if session.delivery == SessionDelivery.ASYNCHRONOUS:
        made = attendance_from_materials(session=session, now=now)
    expected = list(selectors.expected_students(session=session).values_list("pk", flat=True))
    marked = set(
        Attendance.objects.filter(session_id=session.pk).values_list("student_id", flat=True)
    )
    absences = [
        Attendance(
            session=session,
            course_id=session.course_id,
            student_id=student_id,
            status=AttendanceStatus.ABSENT,
            source=AttendanceSource.SETTLED,
            marked_at=now,
        )
        for student_id in expected
        if student_id not in marked
    ]
    Attendance.objects.bulk_create(absences, batch_size=1000)
    AttendanceChange.objects.bulk_create(
        [_change(a, from_status="", by=None, at=now) for a in absences], batch_size=1000
    )
    ClassSession.objects.filter(pk=session.pk).update(settled_at=now)
    session.settled_at = now
    if absences:
        _bump(session.course_id)
    return made + len(absences)


def attendance_settle_due(*, now: dt.datetime | None = None) -> int:
    """The periodic pass: collect material openings of open asynchronous classes, settle
    the classes that are over. Each class in its own transaction; returns marks written."""
    now = now or timezone.now()
    written = 0
    for session in selectors.async_sessions_open(now=now):
        written += attendance_from_materials(session=session, now=now)
    for session in selectors.sessions_due(now=now):
        written += class_session_settle(session=session, now=now)
    return written


# ---------------------------------------------------------------- the calendar feed


@transaction.atomic
def calendar_feed_reset(*, user_id: int) -> int:
    """Revoke every calendar link given out before; returns the new version."""
    feed, created = CalendarFeed.objects.get_or_create(user_id=user_id)
    if created:
        feed.version = 2
        feed.save(update_fields=["version"])
        return 2
    CalendarFeed.objects.filter(pk=feed.pk).update(version=F("version") + 1)
    feed.refresh_from_db(fields=["version"])
    return feed.version
