"""Test pages (LMS-7): a course's tests, the test form, results with manual grading and
extra time, the attempt page with its autosave endpoint, and exam tickets (LMS-2).
Thin views over selectors and services; what the actor may not see answers 404."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qashyq.assessment import selectors, services
from qashyq.assessment.errors import AssessmentNotFound
from qashyq.assessment.forms import EMPTY_SECTION_ROWS, TestForm, TicketsForm, sections_from_post
from qashyq.assessment.models import Attempt, AttemptState, Review, Test, TicketSet
from qashyq.assessment.permissions import can_manage_tests, can_see_results, can_take_tests
from qashyq.assessment.rules import remaining_seconds
from qashyq.core.errors import DomainError, NotFound
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.courses.selectors import CourseAccess
from qashyq.questions import selectors as question_selectors
from qashyq.questions.grading import render_text


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _course(request: HttpRequest, course_id: int) -> CourseAccess:
    actor = _actor(request)
    return found_or_404(lambda: selectors.course_access_for(actor=actor, course_id=course_id))


def _test(request: HttpRequest, test_id: int) -> tuple[Test, CourseAccess]:
    actor = _actor(request)
    return found_or_404(lambda: selectors.test_get_for(actor=actor, test_id=test_id))


def _attempt(request: HttpRequest, attempt_id: int) -> tuple[Attempt, CourseAccess]:
    actor = _actor(request)
    return found_or_404(lambda: selectors.attempt_get_for(actor=actor, attempt_id=attempt_id))


def _manage(access: CourseAccess) -> None:
    if not can_manage_tests(access):
        raise Http404


def _fail(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


# ---------------------------------------------------------------- a course's tests


@login_required
def course_tests(request: HttpRequest, course_id: int) -> HttpResponse:
    """The tests and ticket sets of a course: every test for its staff; for a student the
    published ones with windows, attempts left and results."""
    access = _course(request, course_id)
    now = timezone.now()
    context: dict[str, Any] = {
        "course": access.course,
        "access": access,
        "manage": can_manage_tests(access),
        "now": now,
        "ticket_sets": list(selectors.ticket_sets_for(access=access)),
    }
    if access.as_student:
        context["rows"] = selectors.my_tests(access=access, now=now)
    else:
        context["tests"] = list(selectors.test_list_for(access=access))
        context["students"] = (
            selectors.course_students(course_id=access.course.pk)
            if can_manage_tests(access)
            else []
        )
    return render(request, "assessment/course.html", context)


def _form_page(
    request: HttpRequest, access: CourseAccess, test: Test | None, form: TestForm
) -> HttpResponse:
    course_id = access.course.pk
    sections = list(test.sections.all()) if test is not None else []
    return render(
        request,
        "assessment/test_form.html",
        {
            "course": access.course,
            "test": test,
            "form": form,
            "sections": sections,
            "blank_rows": range(len(sections), len(sections) + EMPTY_SECTION_ROWS),
            "categories": question_selectors.category_tree(course_id=course_id),
            "questions": list(question_selectors.question_list(course_id=course_id)[:500]),
        },
        status=422 if request.method == "POST" else 200,
    )


def _test_form(request: HttpRequest, access: CourseAccess, test: Test | None) -> HttpResponse:
    _manage(access)
    if request.method != "POST":
        return _form_page(request, access, test, TestForm(initial=TestForm.initial_of(test)))
    form = TestForm(request.POST)
    if form.is_valid():
        try:
            saved = services.test_save(
                access=access,
                data=form.test_data(sections_from_post(request.POST)),
                test=test,
                by_user_id=request.user.pk,
            )
        except DomainError as error:
            field = str(error.extra.get("field", ""))
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("The test is saved."))
            return redirect("assessment:test", test_id=saved.pk)
    return _form_page(request, access, test, form)


@login_required
def test_create(request: HttpRequest, course_id: int) -> HttpResponse:
    return _test_form(request, _course(request, course_id), None)


@login_required
def test_edit(request: HttpRequest, test_id: int) -> HttpResponse:
    test, access = _test(request, test_id)
    return _test_form(request, access, test)


@login_required
@require_POST
def test_delete(request: HttpRequest, test_id: int) -> HttpResponse:
    test, access = _test(request, test_id)
    _manage(access)
    course_id = test.course_id
    services.test_delete(access=access, test=test)
    messages.success(request, _("The test is removed."))
    return redirect("assessment:course", course_id=course_id)


@login_required
def test_detail(request: HttpRequest, test_id: int) -> HttpResponse:
    """A test: for a student its rules, own attempts and the start button; for staff its
    sections, a preview and the results."""
    test, access = _test(request, test_id)
    now = timezone.now()
    context: dict[str, Any] = {
        "test": test,
        "course": access.course,
        "manage": can_manage_tests(access),
        "results": can_see_results(access),
        "now": now,
    }
    if can_take_tests(access) and access.actor.student_id is not None:
        student_id = access.actor.student_id
        current = selectors.attempt_open_for(test=test, student_id=student_id)
        if current is not None:
            services.attempt_close_if_overdue(attempt=current, now=now)
        (row,) = [r for r in selectors.my_tests(access=access, now=now) if r.test.pk == test.pk]
        context["row"] = row
        context["attempts"] = selectors.attempts_of(test=test, student_id=student_id)
        context["extra"] = selectors.extra_time_for(test=test, student_id=student_id)
    return render(request, "assessment/test.html", context)


@login_required
def test_preview(request: HttpRequest, test_id: int) -> HttpResponse:
    """One random draw of the test as a student would see it (teacher's check)."""
    test, access = _test(request, test_id)
    _manage(access)
    views = services.test_preview_draw(access=access, test=test)
    for view in views:
        view["text"] = render_text(view["text"])
    return render(
        request,
        "assessment/preview.html",
        {"test": test, "course": access.course, "questions": views},
    )


@login_required
def test_results(request: HttpRequest, test_id: int) -> HttpResponse:
    """Every attempt: score, time used, state; extra time and one more attempt per
    student."""
    test, access = _test(request, test_id)
    if not can_see_results(access):
        raise Http404
    attempts = selectors.test_results(test=test)
    return render(
        request,
        "assessment/results.html",
        {
            "test": test,
            "course": access.course,
            "attempts": attempts,
            "manage": can_manage_tests(access),
            "students": selectors.course_students(course_id=test.course_id),
        },
    )


@login_required
@require_POST
def allowance_set(request: HttpRequest, test_id: int) -> HttpResponse:
    """Extra minutes for this test and/or one more attempt for a student, with a reason."""
    test, access = _test(request, test_id)
    _manage(access)
    try:
        student_id = int(request.POST.get("student", ""))
        minutes_raw = request.POST.get("extra_minutes", "").strip()
        reason = request.POST.get("reason", "")
        if request.POST.get("grant_attempt"):
            services.attempt_grant(
                access=access,
                test=test,
                student_id=student_id,
                reason=reason,
                by_user_id=request.user.pk,
            )
        else:
            current = test.allowances.filter(student_id=student_id).first()
            services.allowance_set(
                access=access,
                test=test,
                student_id=student_id,
                extra_minutes=int(minutes_raw) if minutes_raw else None,
                extra_attempts=current.extra_attempts if current else 0,
                reason=reason,
                by_user_id=request.user.pk,
            )
    except ValueError:
        messages.error(request, _("Enter a number."))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("assessment:results", test_id=test.pk)


@login_required
@require_POST
def accommodation_set(request: HttpRequest, course_id: int) -> HttpResponse:
    """LMS-6: a student's extra time (per cent) in every test."""
    access = _course(request, course_id)
    _manage(access)
    try:
        services.accommodation_set(
            access=access,
            student_id=int(request.POST.get("student", "")),
            percent=int(request.POST.get("percent", "") or 0),
            reason=request.POST.get("reason", ""),
            by_user_id=request.user.pk,
        )
    except ValueError:
        messages.error(request, _("Enter a number."))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("assessment:course", course_id=course_id)


# ---------------------------------------------------------------- attempts


@login_required
@require_POST
def attempt_start(request: HttpRequest, test_id: int) -> HttpResponse:
    """Start (or resume) an attempt and go to it."""
    test, access = _test(request, test_id)
    if not can_take_tests(access):
        raise Http404
    try:
        attempt = services.attempt_start(access=access, test=test)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        _fail(request, error)
        return redirect("assessment:test", test_id=test.pk)
    return redirect("assessment:attempt", attempt_id=attempt.pk)


def _review_items(
    attempt: Attempt, level: str, *, staff: bool, user_id: int | None
) -> list[dict[str, Any]]:
    items = []
    for item in selectors.attempt_items(attempt=attempt):
        snapshot = item.question.snapshot
        view = question_selectors.public_view_for(snapshot, seed=attempt.seed, user_id=user_id)
        answer = item.answer
        items.append(
            {
                "position": item.position,
                "view": view,
                "snapshot": snapshot if (staff or level == Review.CORRECT) else None,
                "response": answer.response if answer else None,
                "response_json": json.dumps(
                    answer.response if answer else None, ensure_ascii=False
                ),
                "fraction": answer.fraction if answer else None,
                "manual_points": answer.manual_points if answer else None,
                "comment": answer.comment if answer else "",
                "points": item.question.points,
                "earned": (
                    answer.manual_points
                    if answer and answer.manual_points is not None
                    else (answer.fraction * item.question.points)
                    if answer and answer.fraction is not None
                    else None
                ),
            }
        )
    return items


@never_cache
@login_required
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The attempt: while open, every question once with the saved answers (the script
    autosaves and merges what the browser still holds); when over, the review the test's
    policy allows (students) or everything with manual grading (staff)."""
    attempt, access = _attempt(request, attempt_id)
    now = timezone.now()
    attempt = services.attempt_close_if_overdue(attempt=attempt, now=now)
    own = access.actor.student_id == attempt.student_id
    test = attempt.test
    if attempt.state == AttemptState.IN_PROGRESS and own:
        questions = [
            question_selectors.public_view_for(
                item.question.snapshot, seed=attempt.seed, user_id=request.user.pk
            )
            | {"position": item.position}
            for item in selectors.attempt_items(attempt=attempt)
        ]
        saved = selectors.answers_by_position(attempt_id=attempt.pk)
        return render(
            request,
            "assessment/attempt.html",
            {
                "attempt": attempt,
                "test": test,
                "course": access.course,
                "questions": questions,
                "state": {
                    "attempt": attempt.pk,
                    "save_url": f"/tests/attempts/{attempt.pk}/answers",
                    "remaining": remaining_seconds(attempt.deadline_at, now),
                    "answers": {str(k): v for k, v in saved.items()},
                },
            },
        )
    staff = not access.as_student
    level = Review.CORRECT.value if staff else selectors.review_for(attempt=attempt, now=now)
    return render(
        request,
        "assessment/review.html",
        {
            "attempt": attempt,
            "test": test,
            "course": access.course,
            "level": level,
            "staff": staff,
            "manage": can_manage_tests(access),
            "show_responses": level in (Review.RESPONSES, Review.CORRECT),
            "show_score": level != Review.NOTHING,
            "items": _review_items(attempt, level, staff=staff, user_id=request.user.pk)
            if level in (Review.RESPONSES, Review.CORRECT)
            else [],
            "time_used": (attempt.submitted_at - attempt.started_at)
            if attempt.submitted_at
            else None,
        },
    )


def _json_error(error: DomainError) -> JsonResponse:
    return JsonResponse(
        {"code": error.code, "message": error.message, "extra": error.extra}, status=error.status
    )


@require_POST
def answer_save(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """The autosave (JSON): {position, response, seq} → {saved, seq, remaining_seconds}.
    Kept light: no page machinery, one read and one write (services.answer_save)."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"code": "unauthenticated", "message": _("Sign in again."), "extra": {}}, status=401
        )
    try:
        body = json.loads(request.body)
        position = int(body["position"])
        seq = int(body["seq"])
        response = body.get("response")
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"code": "validation_failed", "message": _("This value is not valid."), "extra": {}},
            status=422,
        )
    try:
        result = services.answer_save(
            user_id=request.user.pk,
            attempt_id=attempt_id,
            position=position,
            response=response,
            seq=seq,
        )
    except DomainError as error:
        return _json_error(error)
    return JsonResponse(
        {"saved": result.saved, "seq": result.seq, "remaining_seconds": result.remaining_seconds}
    )


@login_required
@require_POST
def attempt_submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Submit (idempotent: a second press, or one after the deadline, lands on the
    result)."""
    attempt, access = _attempt(request, attempt_id)
    try:
        services.attempt_submit(access=access, attempt=attempt)
    except AssessmentNotFound:
        raise Http404 from None
    return redirect("assessment:attempt", attempt_id=attempt.pk)


@login_required
@require_POST
def answer_grade(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """A teacher's points and comment for one answer."""
    attempt, access = _attempt(request, attempt_id)
    _manage(access)
    try:
        services.answer_grade(
            access=access,
            attempt=attempt,
            position=int(request.POST.get("position", "")),
            points=Decimal(request.POST.get("points", "").replace(",", ".")),
            comment=request.POST.get("comment", ""),
        )
    except (ValueError, InvalidOperation):
        messages.error(request, _("Enter a number."))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("assessment:attempt", attempt_id=attempt.pk)


@login_required
@require_POST
def attempt_reopen(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Give a finished attempt back for some minutes, with a reason."""
    attempt, access = _attempt(request, attempt_id)
    _manage(access)
    try:
        services.attempt_reopen(
            access=access,
            attempt=attempt,
            minutes=int(request.POST.get("minutes", "")),
            reason=request.POST.get("reason", ""),
        )
    except ValueError:
        messages.error(request, _("Enter a number."))
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The attempt is reopened."))
    return redirect("assessment:attempt", attempt_id=attempt.pk)


# ---------------------------------------------------------------- exam tickets (LMS-2)


def _ticket_set(request: HttpRequest, set_id: int) -> tuple[TicketSet, CourseAccess]:
    actor = _actor(request)
    return found_or_404(lambda: selectors.ticket_set_get_for(actor=actor, set_id=set_id))


@login_required
def ticket_set_create(request: HttpRequest, course_id: int) -> HttpResponse:
    """Typed tickets, or tickets drawn from the bank (one question of each category)."""
    access = _course(request, course_id)
    _manage(access)
    form = TicketsForm(request.POST or None)
    categories = question_selectors.category_tree(course_id=access.course.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["tickets"]:
                chosen = [int(c) for c in request.POST.getlist("categories") if c.isdigit()]
                ticket_set = services.ticket_set_generate(
                    access=access,
                    title=form.cleaned_data["title"],
                    category_ids=chosen,
                    tickets=form.cleaned_data["tickets"],
                    by_user_id=request.user.pk,
                )
            else:
                ticket_set = services.ticket_set_create(
                    access=access,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    by_user_id=request.user.pk,
                )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("assessment:tickets", set_id=ticket_set.pk)
    return render(
        request,
        "assessment/tickets_form.html",
        {"course": access.course, "form": form, "categories": categories},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def ticket_set_detail(request: HttpRequest, set_id: int) -> HttpResponse:
    """Staff: the tickets and who drew which; a student: the draw button or the ticket."""
    ticket_set, access = _ticket_set(request, set_id)
    staff = can_see_results(access)
    mine = None
    if not staff and access.actor.student_id is not None:
        draws = selectors.ticket_draws(ticket_set=ticket_set, student_id=access.actor.student_id)
        mine = next((d for d in draws if d.active), None)
    return render(
        request,
        "assessment/tickets.html",
        {
            "ticket_set": ticket_set,
            "course": access.course,
            "staff": staff,
            "manage": can_manage_tests(access),
            "tickets": selectors.tickets_of(ticket_set=ticket_set) if staff else [],
            "draws": selectors.ticket_draws(ticket_set=ticket_set) if staff else [],
            "mine": mine,
        },
    )


@login_required
def ticket_set_print(request: HttpRequest, set_id: int) -> HttpResponse:
    """Printable: every ticket, then who drew which and when."""
    ticket_set, access = _ticket_set(request, set_id)
    if not can_see_results(access):
        raise Http404
    return render(
        request,
        "assessment/tickets_print.html",
        {
            "ticket_set": ticket_set,
            "course": access.course,
            "tickets": selectors.tickets_of(ticket_set=ticket_set),
            "draws": [d for d in selectors.ticket_draws(ticket_set=ticket_set) if d.active],
        },
    )


@login_required
@require_POST
def ticket_draw(request: HttpRequest, set_id: int) -> HttpResponse:
    ticket_set, access = _ticket_set(request, set_id)
    try:
        services.ticket_draw(access=access, ticket_set=ticket_set)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        _fail(request, error)
    return redirect("assessment:tickets", set_id=ticket_set.pk)


@login_required
@require_POST
def ticket_redraw(request: HttpRequest, set_id: int) -> HttpResponse:
    ticket_set, access = _ticket_set(request, set_id)
    _manage(access)
    try:
        services.ticket_redraw(
            access=access,
            ticket_set=ticket_set,
            student_id=int(request.POST.get("student", "")),
            reason=request.POST.get("reason", ""),
        )
    except ValueError:
        raise Http404 from None
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        _fail(request, error)
    return redirect("assessment:tickets", set_id=ticket_set.pk)


@login_required
@require_POST
def ticket_set_open(request: HttpRequest, set_id: int) -> HttpResponse:
    ticket_set, access = _ticket_set(request, set_id)
    _manage(access)
    services.ticket_set_open(
        access=access, ticket_set=ticket_set, open_=request.POST.get("open") == "1"
    )
    return redirect("assessment:tickets", set_id=ticket_set.pk)
