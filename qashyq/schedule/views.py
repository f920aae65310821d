"""Schedule pages: the week (SIS-2), a course's classes, a class with its room and
register, the attendance journal, a student's own attendance (SIS-1), the iCalendar
export, and the BigBlueButton callbacks. Thin views over selectors and services; a
class or course the actor may not see answers 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from qashyq.accounts.models import User
from qashyq.core.cache import cached, generation
from qashyq.core.errors import DomainError
from qashyq.core.http import gzip_fast, site_url
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.courses.models import Course
from qashyq.people import selectors as people_selectors
from qashyq.schedule import links, selectors, services
from qashyq.schedule.bbb import webhook_checksum_matches
from qashyq.schedule.data import CourseAccess, Journal
from qashyq.schedule.errors import ConferenceDisabled, SessionInvalid
from qashyq.schedule.forms import STATUS_CHOICES, SessionForm, register_statuses
from qashyq.schedule.ical import calendar
from qashyq.schedule.journal_html import (
    journal_month_default,
    journal_months,
    journal_table,
    mark_letters,
)
from qashyq.schedule.models import (
    AttendanceStatus,
    ClassSession,
    ConferenceProvider,
    SessionDelivery,
)
from qashyq.schedule.tokens import end_token_read, feed_token, feed_token_read

EXPORT_PAST = dt.timedelta(days=31)
EXPORT_AHEAD = dt.timedelta(days=200)


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _course(request: HttpRequest, course_id: int) -> tuple[Course, CourseAccess]:
    actor = _actor(request)
    return found_or_404(lambda: selectors.course_get_for(actor=actor, course_id=course_id))


def _session(request: HttpRequest, session_id: int) -> tuple[ClassSession, CourseAccess]:
    actor = _actor(request)
    session = found_or_404(lambda: selectors.session_get_for(actor=actor, session_id=session_id))
    return session, selectors.session_access(actor=actor, session=session)


def _session_url(session_id: int) -> str:
    return reverse("schedule:session", args=[session_id])


# ---------------------------------------------------------------- the week (SIS-2)


def _monday(request: HttpRequest) -> dt.date:
    raw = request.GET.get("week", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start(day)


@login_required
def week(request: HttpRequest) -> HttpResponse:
    """The signed-in person's week: classes they teach or attend, in Almaty time, each
    marked synchronous (with its room), asynchronous (with its material) or in person."""
    actor = _actor(request)
    monday = _monday(request)
    days = selectors.my_week(actor=actor, monday=monday)
    return render(
        request,
        "schedule/week.html",
        {
            "days": days,
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous": (monday - dt.timedelta(days=7)).isoformat(),
            "next": (monday + dt.timedelta(days=7)).isoformat(),
            "today": timezone.localdate(),
            "now": timezone.now(),
            "empty": not any(d.sessions for d in days),
            "is_student": actor.student_id is not None,
        },
    )


# ---------------------------------------------------------------- a course's classes


@login_required
def course_schedule(request: HttpRequest, course_id: int) -> HttpResponse:
    """All classes of a course, oldest first, with links to add classes and the journal."""
    course, access = _course(request, course_id)
    sessions = list(selectors.course_sessions(course_id=course.pk))
    return render(
        request,
        "schedule/course.html",
        {"course": course, "access": access, "sessions": sessions},
    )


def _session_form(
    request: HttpRequest,
    course: Course,
    access: CourseAccess,
    *,
    repeat: bool,
    initial: dict[str, Any] | None = None,
) -> SessionForm:
    return SessionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        groups=list(access.groups),
        teachers=selectors.course_teachers(course_id=course.pk),
        materials=selectors.course_materials(course_id=course.pk),
        bbb_enabled=services.bbb_enabled(),
        repeat=repeat,
    )


def _form_error(form: SessionForm, error: DomainError) -> None:
    field = error.extra.get("field")
    mapped = {
        "starts_at": "start",
        "ends_at": "end",
        "window_opens_at": "window_opens",
        "window_closes_at": "window_closes",
    }.get(str(field), field)
    form.add_error(
        mapped if isinstance(mapped, str) and mapped in form.fields else None, error.message
    )


@login_required
def session_create(request: HttpRequest, course_id: int) -> HttpResponse:
    """Add a class (or a weekly series) to a course's schedule."""
    course, access = _course(request, course_id)
    if not access.manage:
        raise Http404
    form = _session_form(request, course, access, repeat=True)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.class_session_create(
                actor=_actor(request),
                access=access,
                course=course,
                data=form.session_data(),
                weeks=form.cleaned_data["weeks"],
            )
        except (SessionInvalid, ConferenceDisabled) as error:
            _form_error(form, error)
        else:
            count = len(result.created)
            messages.success(
                request,
                ngettext("%(count)s class added.", "%(count)s classes added.", count)
                % {"count": count},
            )
            for day, holiday in result.skipped:
                messages.warning(
                    request,
                    _("Not scheduled on %(day)s: %(holiday)s.")
                    % {"day": day.strftime("%d.%m.%Y"), "holiday": holiday},
                )
            return redirect("schedule:course", course_id=course.pk)
    return render(
        request,
        "schedule/session_form.html",
        {"form": form, "course": course, "title": _("New class"), "bbb": services.bbb_enabled()},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    """Change a class's time, delivery, room, link or material."""
    session, access = _session(request, session_id)
    if not access.manage:
        raise Http404
    form = _session_form(
        request, session.course, access, repeat=False, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.class_session_update(access=access, session=session, data=form.session_data())
        except (SessionInvalid, ConferenceDisabled) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("schedule:session", session_id=session.pk)
    return render(
        request,
        "schedule/session_form.html",
        {
            "form": form,
            "course": session.course,
            "session": session,
            "title": _("Edit the class"),
            "bbb": services.bbb_enabled(),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session, access = _session(request, session_id)
    if not access.manage:
        raise Http404
    services.class_session_cancel(access=access, session=session)
    messages.success(request, _("The class is cancelled."))
    return redirect("schedule:session", session_id=session.pk)


# ---------------------------------------------------------------- a class


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """A class: when and how it runs, its room or material, recordings; for its teachers
    the register (marks with their history)."""
    actor = _actor(request)
    session, access = _session(request, session_id)
    services.class_session_viewed(actor=actor, session=session)
    now = timezone.now()
    roster = selectors.session_roster(session=session) if access.mark or access.journal else []
    history = selectors.attendance_history(session=session) if access.mark else []
    own = (
        selectors.student_mark(session=session, student_id=actor.student_id)
        if actor.student_id is not None
        else None
    )
    return render(
        request,
        "schedule/session.html",
        {
            "session": session,
            "access": access,
            "roster": roster,
            "history": history,
            "own": own,
            "recordings": selectors.session_recordings(session=session),
            "statuses": STATUS_CHOICES,
            "can_join": session.delivery == SessionDelivery.SYNCHRONOUS
            and not session.is_cancelled
            and session.conference_ended_at is None
            and now < session.ends_at,
            "has_begun": session.starts_at <= now,
            "is_bbb": session.conference_provider == ConferenceProvider.BIGBLUEBUTTON,
            "material_url": _material_url(session),
        },
    )


def _material_url(session: ClassSession) -> str:
    """The material's page in the course (opening it there is what marks attendance of
    an asynchronous class: courses records the opening in the footprint)."""
    if session.material_id is None:
        return ""
    return reverse("courses:material", args=[session.course_id, session.material_id])


@login_required
@require_POST
def session_join(request: HttpRequest, session_id: int) -> HttpResponse:
    """Join: the entry is recorded (and the student's attendance), then the browser goes
    to the room (BigBlueButton by role, or the external link)."""
    actor = _actor(request)
    session, access = _session(request, session_id)
    user = request.user
    try:
        ticket = services.class_session_join(
            actor=actor,
            access=access,
            session=session,
            full_name=user.get_full_name() if hasattr(user, "get_full_name") else str(user),
            end_callback_url=links.bbb_end_callback_url(session.pk),
            webhook_url=links.bbb_webhook_url(),
            logout_url=links.class_url(session.pk),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("schedule:session", session_id=session.pk)
    return HttpResponseRedirect(ticket.url)


@login_required
@require_POST
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    """A teacher closes the room; absences are filled in for those who did not come."""
    session, access = _session(request, session_id)
    if not access.manage:
        raise Http404
    try:
        services.class_session_end(access=access, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The room is closed."))
    return redirect("schedule:session", session_id=session.pk)


@login_required
@require_POST
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    """The register: a teacher marks or corrects the class's students (offline too)."""
    session, access = _session(request, session_id)
    if not access.mark:
        raise Http404
    ids = [row.student.pk for row in selectors.session_roster(session=session)]
    marks = register_statuses(request.POST, ids)
    try:
        changed = services.attendance_mark_many(
            actor=_actor(request),
            access=access,
            session=session,
            marks=marks,
            reason=str(request.POST.get("reason", "")).strip(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext("%(count)s mark saved.", "%(count)s marks saved.", len(changed))
            % {"count": len(changed)},
        )
    return redirect(f"{_session_url(session.pk)}#register")


@login_required
@require_POST
def session_recordings(request: HttpRequest, session_id: int) -> HttpResponse:
    session, access = _session(request, session_id)
    if not access.manage:
        raise Http404
    try:
        count = services.class_session_recordings_sync(session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext("%(count)s recording.", "%(count)s recordings.", count) % {"count": count},
        )
    return redirect("schedule:session", session_id=session.pk)


# ---------------------------------------------------------------- the journal


@gzip_fast  # 300 students × a month of classes is ~130 KB of HTML (BREACH: core.http)
@login_required
def journal(request: HttpRequest, course_id: int) -> HttpResponse:
    """The attendance journal of a course or one of its groups: students × classes.

    The grid is cached per course, group and language until a mark or a class of the
    course changes, a person's data changes, or the enrolments change (ADR 0014)."""
    # The course's two generations in one read of the cache: the course (its card, its
    # enrolments: every enrolment service touches it) and its classes and marks.
    generation(f"course-{course_id}", f"schedule-course-{course_id}")
    course, access = _course(request, course_id)
    if not access.journal:
        raise Http404
    groups = access.groups
    allowed = [
        (pk, code)
        for pk, code in groups
        if access.journal_groups is None or pk in access.journal_groups
    ]
    raw = request.GET.get("group", "")
    group_id = int(raw) if raw.isdigit() and any(pk == int(raw) for pk, _c in allowed) else None
    if group_id is None and access.journal_groups is not None:
        if not allowed:
            raise Http404
        group_id = allowed[0][0]
    language = translation.get_language() or "kk"
    stamp = ":".join(
        [
            str(course.pk),
            str(group_id or 0),
            generation(
                "structure", f"course-{course.pk}", f"schedule-course-{course.pk}", "people"
            ),
        ]
    )
    # One month of classes a page (the whole period on request): 300 students × 60
    # classes is 18,000 cells, ~300 KB, which no phone needs at once.
    read: list[Journal] = []  # one read of the grid per request, whatever misses

    def journal_data() -> Journal:
        if not read:
            read.append(selectors.attendance_journal(course=course, group_id=group_id))
        return read[0]

    months: list[str] = cached(
        f"schedule:journal-months:{stamp}", lambda: journal_months(journal_data()), local=True
    )
    wanted = request.GET.get("month", "")
    month = (
        wanted
        if wanted in months or wanted == "all"
        else journal_month_default(months, f"{timezone.localdate():%Y-%m}")
    )

    def render_body() -> str:
        data = journal_data()
        table = journal_table(data, session_url=_session_url, month="" if month == "all" else month)
        return render_to_string(
            "schedule/_journal_body.html",
            {
                "course": course,
                "access": access,
                "groups": allowed,
                "group_id": group_id,
                "months": [(m, dt.date(int(m[:4]), int(m[5:]), 1)) for m in months],
                "month": month,
                "table": mark_safe(table),  # noqa: S308 - built by journal_table, names escaped
                "students": len(data.rows),
                "classes": len(data.columns),
                "legend": [
                    (status, letter, AttendanceStatus(status).label)
                    for status, letter in mark_letters().items()
                ],
            },
        )

    # The whole body (filters, legend, months, grid) is the same for every reader with the
    # same groups: rendered once per version and language, then only the page's frame is.
    scope = "all" if access.journal_groups is None else ",".join(str(pk) for pk, _c in allowed)
    body = cached(f"schedule:journal:{stamp}:{month}:{language}:{scope}", render_body, local=True)
    return render(
        request,
        "schedule/journal.html",
        {"course": course, "body": mark_safe(body)},  # noqa: S308 - rendered by our template
    )


# ---------------------------------------------------------------- own attendance (SIS-1)


@login_required
def my_attendance(request: HttpRequest) -> HttpResponse:
    """A student's own attendance in each course: every class so far and its mark."""
    actor = _actor(request)
    if actor.student_id is None:
        raise Http404
    courses = selectors.my_attendance(actor=actor, now=timezone.now())
    return render(
        request, "schedule/my_attendance.html", {"courses": courses, "statuses": STATUS_CHOICES}
    )


# ---------------------------------------------------------------- iCalendar (SIS-2)


def _calendar_response(request: HttpRequest, actor: ActorScope, *, filename: str) -> HttpResponse:
    now = timezone.now()
    sessions = selectors.my_sessions_between(
        actor=actor, start=now - EXPORT_PAST, end=now + EXPORT_AHEAD
    )
    host = links.site_host()
    events = [
        selectors.calendar_event(session=s, host=host, url=links.class_url(s.pk)) for s in sessions
    ]
    body = calendar(events, name=_("Qashyq schedule"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """Download the person's classes (a month back, half a year ahead) as .ics."""
    return _calendar_response(request, _actor(request), filename="qashyq-schedule.ics")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription link for calendar apps (they send no cookies): the signed token
    says whose classes; after a reset, older links answer 404."""
    found = feed_token_read(token)
    if found is None:
        raise Http404
    user_id, version = found
    if version != selectors.calendar_feed_version(user_id=user_id):
        raise Http404
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    actor = people_selectors.actor_scope(user=user)
    with translation.override(user.language or None):  # the person's own language
        return _calendar_response(request, actor, filename="qashyq-schedule.ics")


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The person's calendar links: the download and the subscription link."""
    actor = _actor(request)
    assert actor.user_id is not None
    version = selectors.calendar_feed_version(user_id=actor.user_id)
    feed = site_url(
        reverse("schedule:feed", args=[feed_token(user_id=actor.user_id, version=version)])
    )
    return render(request, "schedule/calendar.html", {"feed_url": feed})


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    assert actor.user_id is not None
    services.calendar_feed_reset(user_id=actor.user_id)
    messages.success(request, _("A new link is made; the old one no longer works."))
    return redirect("schedule:calendar")


# ---------------------------------------------------------------- BigBlueButton callbacks


@csrf_exempt
def bbb_ended(request: HttpRequest, token: str) -> HttpResponse:
    """meta_endCallbackUrl: BigBlueButton calls it when the meeting ends. The signed token
    names the class; the room is closed and attendance settled."""
    session_id = end_token_read(token)
    session = (
        ClassSession.objects.filter(pk=session_id).select_related("course").first()
        if session_id
        else None
    )
    if session is None:
        raise Http404
    services.class_session_room_closed(session=session, at=timezone.now())
    return HttpResponse("OK", content_type="text/plain")


@csrf_exempt
@require_POST
def bbb_events(request: HttpRequest) -> HttpResponse:
    """bbb-webhooks posts here (form: domain, event=[…], timestamp) with `checksum` in the
    URL: sha(callback URL + body + shared secret). Wrong checksum: 401 (the plugin stops)."""
    config = services.bbb_config()
    given = request.GET.get("checksum", "")
    callback_url = links.bbb_webhook_url()  # the URL registered with hooks/create
    body = request.body.decode("utf-8", errors="replace")
    if config is None or not webhook_checksum_matches(
        callback_url=callback_url, body=body, secret=config.secret, given=given
    ):
        return HttpResponse("checksum", status=401, content_type="text/plain")
    try:
        events = json.loads(request.POST.get("event", "[]"))
    except json.JSONDecodeError:
        return HttpResponse("event", status=400, content_type="text/plain")
    if not isinstance(events, list):
        events = [events]
    services.bbb_events_receive(events=[e for e in events if isinstance(e, dict)])
    return HttpResponse("OK", content_type="text/plain")
