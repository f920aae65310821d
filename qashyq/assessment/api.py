"""The assessment API (mounted under /api/v1/): tests (LMS-7), attempts with the autosave,
results, and exam tickets (LMS-2).

Permissions are the pages' (SEC-2): a test, attempt or ticket set you may not see — another
student's attempt included — answers 404; one you may see but not change answers 403.
Times are ISO 8601 with their offset, given in Asia/Almaty (+05:00).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from qashyq.assessment import selectors, services
from qashyq.assessment.data import SectionData, TestData
from qashyq.assessment.models import Attempt, Review, Test, TicketDraw
from qashyq.assessment.permissions import can_see_results
from qashyq.assessment.rules import remaining_seconds
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.questions import selectors as question_selectors

router = Router(tags=["assessment"])
ALMATY = ZoneInfo("Asia/Almaty")


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(ALMATY) if value else None


# ---------------------------------------------------------------- schemas


class SectionSchema(Schema):
    kind: str = Field(..., description='"draw" (random from a category) or "fixed".')
    category_id: int | None = None
    include_subcategories: bool = True
    tag_ids: list[int] = Field(default_factory=list)
    count: int = Field(1, ge=1, le=500)
    question_id: int | None = None
    points_each: Decimal | None = None


class TestIn(Schema):
    title: str = Field(..., max_length=300)
    instructions: str = ""
    control: str = Field("current", description="current, midterm1, midterm2 or exam.")
    published: bool = False
    time_limit_minutes: int | None = Field(None, ge=1)
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    attempts_allowed: int = Field(1, ge=0, le=100, description="0 = unlimited.")
    grading_method: str = Field("best", description="best, last, first or average.")
    shuffle_questions: bool = True
    shuffle_answers: bool = True
    review_after_submit: str = Field("score", description="nothing, score, responses, correct.")
    review_after_close: str = "responses"
    max_points: Decimal = Decimal(100)
    grace_seconds: int = Field(60, ge=0, le=600)
    sections: list[SectionSchema] = Field(default_factory=list)

    def data(self) -> TestData:
        values = self.dict(exclude={"sections"})
        return TestData(
            **values,
            sections=tuple(
                SectionData(**{**s.dict(), "tag_ids": tuple(s.tag_ids)}) for s in self.sections
            ),
        )


class TestOut(Schema):
    id: int
    course_id: int
    title: str
    instructions: str
    control: str
    published: bool
    time_limit_minutes: int | None
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    attempts_allowed: int
    grading_method: str
    max_points: Decimal
    sections: list[SectionSchema]

    @staticmethod
    def resolve_opens_at(obj: Test) -> dt.datetime | None:
        return _local(obj.opens_at)

    @staticmethod
    def resolve_closes_at(obj: Test) -> dt.datetime | None:
        return _local(obj.closes_at)

    @staticmethod
    def resolve_sections(obj: Test) -> list[dict[str, Any]]:
        return [
            {
                "kind": s.kind,
                "category_id": s.category_id,
                "include_subcategories": s.include_subcategories,
                "tag_ids": s.tag_ids,
                "count": s.count,
                "question_id": s.question_id,
                "points_each": s.points_each,
            }
            for s in obj.sections.all()
        ]


class AttemptOut(Schema):
    id: int
    test_id: int
    student_id: int
    number: int
    state: str
    ended_by: str
    started_at: dt.datetime
    deadline_at: dt.datetime | None
    submitted_at: dt.datetime | None
    remaining_seconds: int | None = Field(None, description="The server's; None: no limit.")
    score: Decimal | None = Field(None, description="Scaled to the test's max_points.")

    @staticmethod
    def resolve_started_at(obj: Attempt) -> dt.datetime | None:
        return _local(obj.started_at)

    @staticmethod
    def resolve_deadline_at(obj: Attempt) -> dt.datetime | None:
        return _local(obj.deadline_at)

    @staticmethod
    def resolve_submitted_at(obj: Attempt) -> dt.datetime | None:
        return _local(obj.submitted_at)

    @staticmethod
    def resolve_remaining_seconds(obj: Attempt) -> int | None:
        if obj.state != "in_progress":
            return 0
        return remaining_seconds(obj.deadline_at, timezone.now())


class QuestionView(Schema):
    position: int
    view: dict[str, Any] = Field(..., description="questions.grading.public_view")
    response: Any = None
    seq: int = 0


class AttemptDetailOut(Schema):
    attempt: AttemptOut
    questions: list[QuestionView]


class AnswerIn(Schema):
    position: int = Field(..., ge=1)
    response: Any = None
    seq: int = Field(..., ge=1, description="The client's sequence number; newer wins.")


class AnswerSavedOut(Schema):
    saved: bool = Field(..., description="False: a newer answer was already stored.")
    seq: int
    remaining_seconds: int | None


class TicketItemOut(Schema):
    text: str
    question_id: int | None = None


class TicketDrawOut(Schema):
    ticket_set_id: int
    student_id: int
    ticket_number: int
    items: list[TicketItemOut]
    drawn_at: dt.datetime
    active: bool

    @staticmethod
    def resolve_ticket_number(obj: TicketDraw) -> int:
        return obj.ticket.number

    @staticmethod
    def resolve_items(obj: TicketDraw) -> list[dict[str, Any]]:
        return list(obj.ticket.items)

    @staticmethod
    def resolve_drawn_at(obj: TicketDraw) -> dt.datetime | None:
        return _local(obj.drawn_at)


# ---------------------------------------------------------------- tests


@router.get("/courses/{course_id}/tests", response=list[TestOut])
def test_list(request: HttpRequest, course_id: int) -> list[Test]:
    """A course's tests (students: the published ones)."""
    access = selectors.course_access_for(actor=_actor(request), course_id=course_id)
    return list(selectors.test_list_for(access=access).prefetch_related("sections")[:100])


@router.post("/courses/{course_id}/tests", response={201: TestOut})
def test_create(request: HttpRequest, course_id: int, payload: TestIn) -> Status[Test]:
    """Create a test (the course's teachers); its gradebook column appears."""
    access = selectors.course_access_for(actor=_actor(request), course_id=course_id)
    test = services.test_save(
        access=access, data=payload.data(), test=None, by_user_id=access.actor.user_id
    )
    return Status(201, test)


@router.get("/tests/{test_id}", response=TestOut)
def test_get(request: HttpRequest, test_id: int) -> Test:
    """One test."""
    test, _access = selectors.test_get_for(actor=_actor(request), test_id=test_id)
    return test


@router.put("/tests/{test_id}", response=TestOut)
def test_update(request: HttpRequest, test_id: int, payload: TestIn) -> Test:
    """Change a test (attempts already started keep their questions)."""
    test, access = selectors.test_get_for(actor=_actor(request), test_id=test_id)
    return services.test_save(
        access=access, data=payload.data(), test=test, by_user_id=access.actor.user_id
    )


@router.delete("/tests/{test_id}", response={204: None})
def test_delete(request: HttpRequest, test_id: int) -> Status[None]:
    """Remove a test."""
    test, access = selectors.test_get_for(actor=_actor(request), test_id=test_id)
    services.test_delete(access=access, test=test)
    return Status(204, None)


@router.get("/tests/{test_id}/attempts", response=list[AttemptOut])
def test_attempts(request: HttpRequest, test_id: int) -> list[Attempt]:
    """Results: every attempt for the course's staff; a student's own for a student."""
    test, access = selectors.test_get_for(actor=_actor(request), test_id=test_id)
    if can_see_results(access):
        return selectors.test_results(test=test)
    student_id = access.actor.student_id
    return selectors.attempts_of(test=test, student_id=student_id) if student_id else []


# ---------------------------------------------------------------- attempts


def _detail(attempt: Attempt, user_id: int | None, *, show: bool) -> dict[str, Any]:
    saved = selectors.answers_by_position(attempt_id=attempt.pk)
    questions = []
    if show:
        for item in selectors.attempt_items(attempt=attempt):
            stored = saved.get(item.position, {})
            questions.append(
                {
                    "position": item.position,
                    "view": question_selectors.public_view_for(
                        item.question.snapshot, seed=attempt.seed, user_id=user_id
                    ),
                    "response": stored.get("response"),
                    "seq": stored.get("seq", 0),
                }
            )
    return {"attempt": attempt, "questions": questions}


@router.post("/tests/{test_id}/attempts", response={201: AttemptDetailOut})
def attempt_start(request: HttpRequest, test_id: int) -> Status[dict[str, Any]]:
    """Start an attempt, or resume the one in progress: its questions (public view) with
    the saved answers and their seq, and the server's remaining seconds."""
    test, access = selectors.test_get_for(actor=_actor(request), test_id=test_id)
    attempt = services.attempt_start(access=access, test=test)
    return Status(201, _detail(attempt, access.actor.user_id, show=True))


@router.get("/attempts/{attempt_id}", response=AttemptDetailOut)
def attempt_get(request: HttpRequest, attempt_id: int) -> dict[str, Any]:
    """An attempt: while it runs, its questions and saved answers (to resume on another
    device); when over, what the review policy allows (staff: everything)."""
    attempt, access = selectors.attempt_get_for(actor=_actor(request), attempt_id=attempt_id)
    attempt = services.attempt_close_if_overdue(attempt=attempt)
    level = (
        Review.CORRECT.value
        if not access.as_student
        else selectors.review_for(attempt=attempt, now=timezone.now())
    )
    show = attempt.state == "in_progress" or level in (Review.RESPONSES, Review.CORRECT)
    detail = _detail(attempt, access.actor.user_id, show=show)
    if access.as_student and level == Review.NOTHING and attempt.state != "in_progress":
        attempt.score = None
    return detail


@router.post("/attempts/{attempt_id}/answers", response=AnswerSavedOut)
def answer_save(request: HttpRequest, attempt_id: int, payload: AnswerIn) -> dict[str, Any]:
    """The autosave: stored only when `seq` is newer than the stored one (a resend is
    harmless). 409 once the attempt is over (after the deadline it is finalized)."""
    user_id = _actor(request).user_id
    if user_id is None:
        raise selectors.not_found()
    result = services.answer_save(
        user_id=user_id,
        attempt_id=attempt_id,
        position=payload.position,
        response=payload.response,
        seq=payload.seq,
    )
    return {"saved": result.saved, "seq": result.seq, "remaining_seconds": result.remaining_seconds}


@router.post("/attempts/{attempt_id}/submit", response=AttemptOut)
def attempt_submit(request: HttpRequest, attempt_id: int) -> Attempt:
    """Submit the attempt (idempotent: twice = once)."""
    attempt, access = selectors.attempt_get_for(actor=_actor(request), attempt_id=attempt_id)
    return services.attempt_submit(access=access, attempt=attempt)


# ---------------------------------------------------------------- tickets (LMS-2)


@router.post("/ticket-sets/{set_id}/draw", response={201: TicketDrawOut})
def ticket_draw(request: HttpRequest, set_id: int) -> Status[TicketDraw]:
    """Draw a ticket (server-side random, once: drawing again returns the same ticket)."""
    ticket_set, access = selectors.ticket_set_get_for(actor=_actor(request), set_id=set_id)
    return Status(201, services.ticket_draw(access=access, ticket_set=ticket_set))


@router.get("/ticket-sets/{set_id}/draws", response=list[TicketDrawOut])
def ticket_draws(request: HttpRequest, set_id: int) -> list[TicketDraw]:
    """Who drew which ticket (staff), or one's own draw (a student)."""
    ticket_set, access = selectors.ticket_set_get_for(actor=_actor(request), set_id=set_id)
    if can_see_results(access):
        return selectors.ticket_draws(ticket_set=ticket_set)
    return [
        d
        for d in selectors.ticket_draws(ticket_set=ticket_set, student_id=access.actor.student_id)
        if d.active
    ]
