"""Schedule API: classes (SIS-2), joining a room (LMS-3), attendance and the journal
(SIS-1, FP-2), and the iCalendar export.

Permissions are the pages' (SEC-2): a class or course you may not see answers 404, also
for writes; one you may see but not change answers 403. Times are ISO 8601 with their
offset, given in Asia/Almaty (+05:00); a time sent without an offset is read as Almaty
time. The external video-conference link is shown only to those who manage the class:
everyone else enters through POST /schedule/sessions/{id}/join, which records the entry
and the attendance.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from qashyq.accounts.models import User
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.schedule import links, selectors, services
from qashyq.schedule.data import CourseAccess, SessionData
from qashyq.schedule.ical import calendar
from qashyq.schedule.models import (
    AttendanceStatus,
    ClassSession,
    ConferenceProvider,
    SessionDelivery,
    SessionKind,
)

router = Router(tags=["schedule"])
ALMATY = ZoneInfo("Asia/Almaty")


class Pagination(LimitOffsetPagination):
    """`limit` (at most 100, default 50) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0)


# ---------------------------------------------------------------- schemas


class GroupRefOut(Schema):
    id: int
    code: str


class SessionOut(Schema):
    id: int
    course_id: int
    course_code: str
    discipline: str
    group: GroupRefOut | None
    kind: str
    delivery: str
    starts_at: dt.datetime = Field(..., description="Almaty time (+05:00).")
    ends_at: dt.datetime
    topic: str
    teacher: str | None
    room: str
    conference_provider: str
    conference_url: str | None = Field(
        None, description="Only for those who manage the class; others join through the API."
    )
    material_id: int | None
    material_title: str | None
    window_opens_at: dt.datetime | None
    window_closes_at: dt.datetime | None
    is_cancelled: bool

    @staticmethod
    def resolve_course_code(obj: ClassSession) -> str:
        return obj.course.code

    @staticmethod
    def resolve_discipline(obj: ClassSession) -> str:
        return obj.course.discipline.name

    @staticmethod
    def resolve_starts_at(obj: ClassSession) -> dt.datetime:
        return obj.starts_at.astimezone(ALMATY)

    @staticmethod
    def resolve_ends_at(obj: ClassSession) -> dt.datetime:
        return obj.ends_at.astimezone(ALMATY)

    @staticmethod
    def resolve_window_opens_at(obj: ClassSession) -> dt.datetime | None:
        return obj.window_opens_at.astimezone(ALMATY) if obj.window_opens_at else None

    @staticmethod
    def resolve_window_closes_at(obj: ClassSession) -> dt.datetime | None:
        return obj.window_closes_at.astimezone(ALMATY) if obj.window_closes_at else None

    @staticmethod
    def resolve_teacher(obj: ClassSession) -> str | None:
        return obj.teacher.user.get_full_name() if obj.teacher else None

    @staticmethod
    def resolve_material_title(obj: ClassSession) -> str | None:
        return obj.material.title if obj.material else None

    @staticmethod
    def resolve_conference_url(obj: ClassSession, context: dict[str, Any]) -> str | None:
        managed: set[int] = context["request"].__dict__.get("_schedule_managed", set())
        if obj.conference_provider == ConferenceProvider.BIGBLUEBUTTON:
            return None
        return obj.conference_url if obj.course_id in managed else None


class SessionIn(Schema):
    kind: SessionKind
    delivery: SessionDelivery
    starts_at: dt.datetime = Field(..., description="Without an offset: Almaty time.")
    ends_at: dt.datetime
    group_id: int | None = None
    topic: str = Field("", max_length=300)
    room: str = Field("", max_length=100)
    teacher_id: int | None = None
    conference_provider: ConferenceProvider | None = Field(
        None, description="bbb, zoom, teams, jitsi or other; empty: from the link's host."
    )
    conference_url: str = Field("", max_length=500)
    material_id: int | None = None
    window_opens_at: dt.datetime | None = None
    window_closes_at: dt.datetime | None = None


class SessionCreateIn(SessionIn):
    weeks: int = Field(1, ge=1, le=30, description="Repeat weekly; public holidays skipped.")


class SkippedOut(Schema):
    day: dt.date
    holiday: str


class SessionCreateOut(Schema):
    created: list[SessionOut]
    skipped: list[SkippedOut]


class JoinOut(Schema):
    url: str = Field(..., description="Send the browser here: the room.")
    moderator: bool
    session_id: int


class MarkIn(Schema):
    status: AttendanceStatus
    reason: str = Field("", max_length=300)


class MarkOut(Schema):
    session_id: int
    student_id: int
    status: str
    source: str
    marked_by_id: int | None
    marked_at: dt.datetime
    note: str


class RosterOut(Schema):
    student_id: int
    student_number: str
    full_name: str
    group_code: str | None
    status: str | None
    source: str | None
    joined_at: dt.datetime | None
    left_at: dt.datetime | None


class JournalColumnOut(Schema):
    session_id: int
    starts_at: dt.datetime
    kind: str
    delivery: str
    group_id: int | None


class JournalRowOut(Schema):
    student_id: int
    student_number: str
    full_name: str
    group_code: str
    marks: list[str] = Field(
        ..., description='Per column: a status, "" not marked yet, "-" another group\'s class.'
    )
    attended: int
    marked: int
    absent: int
    percent: int | None


class JournalOut(Schema):
    course_id: int
    group_id: int | None
    columns: list[JournalColumnOut]
    rows: list[JournalRowOut]


class OwnMarkOut(Schema):
    session_id: int
    starts_at: dt.datetime
    kind: str
    delivery: str
    status: str


class OwnCourseOut(Schema):
    course_id: int
    course_code: str
    discipline: str
    attended: int
    marked: int
    absent: int
    percent: int | None
    marks: list[OwnMarkOut]


class SessionFilterIn(Schema):
    start: dt.date | None = Field(None, description="From this day (Almaty), inclusive.")
    end: dt.date | None = Field(None, description="Until this day (Almaty), exclusive.")
    course_id: int | None = None


# ---------------------------------------------------------------- helpers


def _managed(request: HttpRequest, course_id: int, access: CourseAccess) -> None:
    """Remember the courses whose links this request may see (SessionOut reads it)."""
    if access.manage:
        request.__dict__.setdefault("_schedule_managed", set()).add(course_id)


def _local(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=ALMATY) if timezone.is_naive(value) else value


def _data(payload: SessionIn) -> SessionData:
    return SessionData(
        kind=payload.kind.value,
        delivery=payload.delivery.value,
        starts_at=_local(payload.starts_at),
        ends_at=_local(payload.ends_at),
        group_id=payload.group_id,
        topic=payload.topic,
        room=payload.room,
        teacher_id=payload.teacher_id,
        conference_provider=payload.conference_provider.value
        if payload.conference_provider
        else "",
        conference_url=payload.conference_url,
        material_id=payload.material_id,
        window_opens_at=_local(payload.window_opens_at) if payload.window_opens_at else None,
        window_closes_at=_local(payload.window_closes_at) if payload.window_closes_at else None,
    )


def _session(
    request: HttpRequest, session_id: int
) -> tuple[ActorScope, ClassSession, CourseAccess]:
    actor = actor_scope_of(request)
    session = selectors.session_get_for(actor=actor, session_id=session_id)
    access = selectors.session_access(actor=actor, session=session)
    _managed(request, session.course_id, access)
    return actor, session, access


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ALMATY)


# ---------------------------------------------------------------- classes (SIS-2)


@router.get("/schedule/sessions", response=list[SessionOut])
@paginate(Pagination)
def session_list(request: HttpRequest, filters: Query[SessionFilterIn]) -> QuerySet[ClassSession]:
    """Classes you may see (your own, or your courses', faculty's, institution's by role),
    in time order, filtered by days (Almaty) and course. External links are omitted."""
    return selectors.session_list_for(
        actor=actor_scope_of(request),
        start=_day_start(filters.start) if filters.start else None,
        end=_day_start(filters.end) if filters.end else None,
        course_id=filters.course_id,
    )


@router.get("/schedule/week", response=list[SessionOut])
def my_week(request: HttpRequest, day: dt.date | None = None) -> list[ClassSession]:
    """Your week (SIS-2): the classes you teach or attend from the Monday of `day`
    (default today) for seven days."""
    actor = actor_scope_of(request)
    monday = selectors.week_start(day or timezone.localdate())
    return [s for d in selectors.my_week(actor=actor, monday=monday) for s in d.sessions]


@router.get("/schedule/sessions/{session_id}", response=SessionOut)
def session_detail(request: HttpRequest, session_id: int) -> ClassSession:
    """One class. Another group's class or another course's answers 404."""
    return _session(request, session_id)[1]


@router.post("/schedule/courses/{course_id}/sessions", response={201: SessionCreateOut})
def session_create(
    request: HttpRequest, course_id: int, payload: SessionCreateIn
) -> Status[dict[str, Any]]:
    """Add a class to a course (its teachers, the department head, the registrar, the
    distance-learning unit): synchronous with BigBlueButton or an external link,
    asynchronous with a material and its window, or in person. `weeks` repeats it
    weekly, skipping Kazakh public holidays."""
    actor = actor_scope_of(request)
    course, access = selectors.course_get_for(actor=actor, course_id=course_id)
    _managed(request, course.pk, access)
    result = services.class_session_create(
        actor=actor, access=access, course=course, data=_data(payload), weeks=payload.weeks
    )
    created = list(
        selectors.session_list_for(actor=actor).filter(pk__in=[s.pk for s in result.created])
    )
    return Status(
        201,
        {
            "created": created,
            "skipped": [{"day": d, "holiday": h} for d, h in result.skipped],
        },
    )


@router.put("/schedule/sessions/{session_id}", response=SessionOut)
def session_update(request: HttpRequest, session_id: int, payload: SessionIn) -> ClassSession:
    """Change a class (every field, as for creating it)."""
    actor, session, access = _session(request, session_id)
    services.class_session_update(access=access, session=session, data=_data(payload))
    return selectors.session_get_for(actor=actor, session_id=session.pk)


@router.post("/schedule/sessions/{session_id}/cancel", response=SessionOut)
def session_cancel(request: HttpRequest, session_id: int) -> ClassSession:
    """Cancel a class: it stays listed, marked cancelled, out of the journal."""
    _actor, session, access = _session(request, session_id)
    return services.class_session_cancel(access=access, session=session)


# ---------------------------------------------------------------- the room (LMS-3)


@router.post("/schedule/sessions/{session_id}/join", response=JoinOut)
def session_join(request: HttpRequest, session_id: int) -> Any:  # noqa: ANN401
    """Enter a synchronous class's room: records the entry (and a student's attendance:
    present, or late after 15 minutes) and answers the URL to open: BigBlueButton as
    moderator (teachers) or viewer (students), or the external link. 409 when the room
    is not open (too early, over, cancelled, or the teacher has not opened it)."""
    actor, session, access = _session(request, session_id)
    user = request.user
    assert isinstance(user, User)
    ticket = services.class_session_join(
        actor=actor,
        access=access,
        session=session,
        full_name=user.get_full_name(),
        end_callback_url=links.bbb_end_callback_url(session.pk),
        webhook_url=links.bbb_webhook_url(),
        logout_url=links.class_url(session.pk),
    )
    return {"url": ticket.url, "moderator": ticket.moderator, "session_id": ticket.session_id}


@router.post("/schedule/sessions/{session_id}/end", response=SessionOut)
def session_end(request: HttpRequest, session_id: int) -> ClassSession:
    """Close the room (BigBlueButton `end`): open entries close, everyone of the class
    without a mark is marked absent, recordings are fetched later."""
    actor, session, access = _session(request, session_id)
    services.class_session_end(access=access, session=session)
    return selectors.session_get_for(actor=actor, session_id=session.pk)


# ---------------------------------------------------------------- attendance (SIS-1)


@router.get("/schedule/sessions/{session_id}/attendance", response=list[RosterOut])
def session_attendance(request: HttpRequest, session_id: int) -> list[dict[str, Any]]:
    """The register of a class: its students, their marks and first entry into the room
    (the class's teachers and journal readers; a student gets 404)."""
    _actor, session, access = _session(request, session_id)
    if not (access.mark or access.journal):
        raise selectors.not_found()
    rows = selectors.session_roster(session=session)
    groups = access.journal_groups
    return [
        {
            "student_id": r.student.pk,
            "student_number": r.student.student_number,
            "full_name": r.student.user.get_full_name(),
            "group_code": r.student.group.code if r.student.group else None,
            "status": r.attendance.status if r.attendance else None,
            "source": r.attendance.source if r.attendance else None,
            "joined_at": r.joined_at,
            "left_at": r.left_at,
        }
        for r in rows
        if groups is None or r.student.group_id in groups
    ]


@router.put("/schedule/sessions/{session_id}/attendance/{student_id}", response=MarkOut)
def attendance_mark(request: HttpRequest, session_id: int, student_id: int, payload: MarkIn) -> Any:  # noqa: ANN401
    """Mark or correct one student's attendance (the course's teachers): the change is
    kept with who, when, from what to what and why."""
    actor, session, access = _session(request, session_id)
    return services.attendance_mark(
        actor=actor,
        access=access,
        session=session,
        student_id=student_id,
        status=payload.status.value,
        reason=payload.reason,
    )


@router.get("/schedule/courses/{course_id}/journal", response=JournalOut)
def journal(request: HttpRequest, course_id: int, group_id: int | None = None) -> Any:  # noqa: ANN401
    """The attendance journal: students × classes of a course, or of one of its groups.
    Advisors and tutors of a group see only their group's students."""
    actor = actor_scope_of(request)
    course, access = selectors.course_get_for(actor=actor, course_id=course_id)
    if not access.journal:
        raise selectors.not_found()
    if group_id is not None and not any(pk == group_id for pk, _code in access.groups):
        raise selectors.not_found()
    data = selectors.attendance_journal(
        course=course, group_id=group_id, groups=access.journal_groups
    )
    return {
        "course_id": data.course_id,
        "group_id": data.group_id,
        "columns": [
            {
                "session_id": c.session_id,
                "starts_at": c.starts_at.astimezone(ALMATY),
                "kind": c.kind,
                "delivery": c.delivery,
                "group_id": c.group_id,
            }
            for c in data.columns
        ],
        "rows": [
            {
                "student_id": r.student_id,
                "student_number": r.student_number,
                "full_name": r.full_name,
                "group_code": r.group_code,
                "marks": list(r.cells),
                "attended": r.attended,
                "marked": r.marked,
                "absent": r.absent,
                "percent": r.percent,
            }
            for r in data.rows
        ],
    }


@router.get("/schedule/me/attendance", response=list[OwnCourseOut])
def my_attendance(request: HttpRequest) -> list[dict[str, Any]]:
    """Your own attendance (students): per course, every class so far and its mark."""
    actor = actor_scope_of(request)
    return [
        {
            "course_id": c.course.pk,
            "course_code": c.course.code,
            "discipline": c.course.discipline.name,
            "attended": c.attended,
            "marked": c.marked,
            "absent": c.absent,
            "percent": c.percent,
            "marks": [
                {
                    "session_id": m.session.pk,
                    "starts_at": m.session.starts_at.astimezone(ALMATY),
                    "kind": m.session.kind,
                    "delivery": m.session.delivery,
                    "status": m.status,
                }
                for m in c.marks
            ],
        }
        for c in selectors.my_attendance(actor=actor, now=timezone.now())
    ]


@router.get("/schedule/me/calendar.ics", response={200: str})
def my_calendar(request: HttpRequest) -> HttpResponse:
    """Your classes (a month back, half a year ahead) as iCalendar (RFC 5545)."""
    actor = actor_scope_of(request)
    now = timezone.now()
    host = links.site_host()
    events = [
        selectors.calendar_event(
            session=s,
            host=host,
            url=links.class_url(s.pk),
        )
        for s in selectors.my_sessions_between(
            actor=actor, start=now - dt.timedelta(days=31), end=now + dt.timedelta(days=200)
        )
    ]
    return HttpResponse(
        calendar(events, name=_("Qashyq schedule")), content_type="text/calendar; charset=utf-8"
    )
