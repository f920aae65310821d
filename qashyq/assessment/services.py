"""Writes of tests, attempts and tickets (the only place their state changes).

The exam day's rules (LMS-7, LMS-6):
- an attempt stores the snapshots of its drawn questions at start (contract 1);
- its deadline is the server's, computed at start, extra time included;
- `answer_save` is the autosave: one read and one write, a save with a seq not newer
  than the stored one changes nothing, after the deadline (+ the network grace) the
  attempt is finalized and nothing more is saved;
- submitting is idempotent (a conditional UPDATE decides who finalizes);
- overdue attempts are finalized lazily on access and by a periodic task;
- the test's grade per its grading method flows to the gradebook (contract 2).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from qashyq.assessment import selectors
from qashyq.assessment.data import SaveResult, TestData
from qashyq.assessment.errors import (
    AnswerInvalid,
    AssessmentForbidden,
    AttemptClosed,
    GradingInvalid,
    NoAttemptsLeft,
    TestInvalid,
    TestNotOpen,
    TicketNotAvailable,
    TicketsInvalid,
)
from qashyq.assessment.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptState,
    EndedBy,
    GradingMethod,
    Review,
    SectionKind,
    StudentAccommodation,
    Test,
    TestAllowance,
    TestSection,
    Ticket,
    TicketDraw,
    TicketSet,
)
from qashyq.assessment.permissions import can_manage_tests, can_take_tests
from qashyq.assessment.rules import (
    attempt_deadline,
    attempts_left,
    is_overdue,
    remaining_seconds,
    scaled,
    test_grade,
    window_open,
)
from qashyq.courses.models import Enrolment
from qashyq.courses.selectors import CourseAccess
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record
from qashyq.gradebook.models import Control
from qashyq.gradebook.services import (
    grade_source_item_remove,
    grade_source_item_sync,
    grade_source_record,
)
from qashyq.questions import grading
from qashyq.questions import selectors as question_selectors
from qashyq.questions.models import Category, Question

SOURCE = "test"
FINISHED = (AttemptState.SUBMITTED, AttemptState.NEEDS_GRADING, AttemptState.GRADED)
MAX_GRACE_SECONDS = 600


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require_manage(access: CourseAccess) -> None:
    if not can_manage_tests(access):
        raise AssessmentForbidden(_("Only the course's teachers may do this."))


# ---------------------------------------------------------------- tests


def _check_test(*, course_id: int, data: TestData) -> None:  # noqa: PLR0912 - a rule a line
    if not data.title.strip():
        raise TestInvalid(_("Give the test a title."), field="title")
    if data.control not in Control.values:
        raise TestInvalid(_("Choose a kind of control."), field="control")
    if data.grading_method not in GradingMethod.values:
        raise TestInvalid(_("Choose a grading method."), field="grading_method")
    if (
        data.review_after_submit not in Review.values
        or data.review_after_close not in Review.values
    ):
        raise TestInvalid(_("Choose what the student sees."), field="review_after_submit")
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise TestInvalid(_("The test must close after it opens."), field="closes_at")
    if data.time_limit_minutes is not None and data.time_limit_minutes < 1:
        raise TestInvalid(_("The time limit is at least one minute."), field="time_limit_minutes")
    if data.max_points <= 0:
        raise TestInvalid(_("The maximum must be above zero."), field="max_points")
    if data.grace_seconds > MAX_GRACE_SECONDS:
        raise TestInvalid(_("The network grace is at most 10 minutes."), field="grace_seconds")
    if data.published and not data.sections:
        raise TestInvalid(_("Add questions before publishing the test."), field="published")
    categories = set(Category.objects.filter(course_id=course_id).values_list("pk", flat=True))
    fixed = [s.question_id for s in data.sections if s.kind == SectionKind.FIXED]
    known = set(
        Question.objects.filter(course_id=course_id, pk__in=[q for q in fixed if q]).values_list(
            "pk", flat=True
        )
    )
    for number, section in enumerate(data.sections, start=1):
        if section.kind == SectionKind.DRAW:
            if section.category_id not in categories:
                raise TestInvalid(
                    _("Section %(n)s: choose a category of this course's bank.") % {"n": number},
                    field="sections",
                )
            if section.count < 1:
                raise TestInvalid(
                    _("Section %(n)s: draw at least one question.") % {"n": number},
                    field="sections",
                )
            available = len(
                question_selectors.questions_for_draw(
                    course_id=course_id,
                    category_id=section.category_id,
                    include_subcategories=section.include_subcategories,
                    tag_ids=section.tag_ids,
                )
            )
            if available < section.count:
                raise TestInvalid(
                    _("Section %(n)s draws %(count)s questions but the category has %(available)s.")
                    % {"n": number, "count": section.count, "available": available},
                    field="sections",
                )
        elif section.kind == SectionKind.FIXED:
            if section.question_id not in known:
                raise TestInvalid(
                    _("Section %(n)s: choose a question of this course's bank.") % {"n": number},
                    field="sections",
                )
        else:
            raise TestInvalid(_("Unknown kind of section."), field="sections")
        if section.points_each is not None and section.points_each <= 0:
            raise TestInvalid(_("Points must be above zero."), field="sections")


def _sync_item(test: Test) -> None:
    grade_source_item_sync(
        course_id=test.course_id,
        source=SOURCE,
        source_id=test.pk,
        title=test.title,
        control=test.control,
        max_points=test.max_points,
    )


@transaction.atomic
def test_save(
    *, access: CourseAccess, data: TestData, test: Test | None, by_user_id: int | None
) -> Test:
    """Create or change a test with its sections (LMS-7); its grade item follows
    (contract 2). Attempts already started keep their questions."""
    _require_manage(access)
    course_id = access.course.pk
    _check_test(course_id=course_id, data=data)
    if test is None:
        test = Test(course_id=course_id, created_by_id=by_user_id)
    elif test.course_id != course_id:
        raise selectors.not_found()
    for name in (
        "title",
        "instructions",
        "control",
        "published",
        "time_limit_minutes",
        "opens_at",
        "closes_at",
        "attempts_allowed",
        "grading_method",
        "shuffle_questions",
        "shuffle_answers",
        "review_after_submit",
        "review_after_close",
        "max_points",
        "grace_seconds",
    ):
        setattr(test, name, getattr(data, name))
    test.title = test.title.strip()
    test.save()
    TestSection.objects.filter(test=test).delete()
    TestSection.objects.bulk_create(
        [
            TestSection(
                test=test,
                position=position,
                kind=s.kind,
                category_id=s.category_id if s.kind == SectionKind.DRAW else None,
                include_subcategories=s.include_subcategories,
                tag_ids=list(s.tag_ids),
                count=s.count if s.kind == SectionKind.DRAW else 1,
                question_id=s.question_id if s.kind == SectionKind.FIXED else None,
                points_each=s.points_each,
            )
            for position, s in enumerate(data.sections)
        ]
    )
    _sync_item(test)
    return test


@transaction.atomic
def test_delete(*, access: CourseAccess, test: Test) -> None:
    """Remove a test; its grade column goes too unless someone has a grade in it."""
    _require_manage(access)
    test_id = test.pk
    test.delete()
    grade_source_item_remove(source=SOURCE, source_id=test_id)


def _draw(test: Test, rng: random.Random) -> list[tuple[int, Decimal | None]]:
    """The questions of a new attempt: (question id, points or None = the question's)."""
    chosen: list[tuple[int, Decimal | None]] = []
    seen: set[int] = set()
    for section in test.sections.all():
        if section.kind == SectionKind.FIXED:
            if section.question_id is not None and section.question_id not in seen:
                seen.add(section.question_id)
                chosen.append((section.question_id, section.points_each))
            continue
        if section.category_id is None:
            continue
        pool = [
            q
            for q in question_selectors.questions_for_draw(
                course_id=test.course_id,
                category_id=section.category_id,
                include_subcategories=section.include_subcategories,
                tag_ids=[int(t) for t in section.tag_ids],
            )
            if q not in seen
        ]
        picked = rng.sample(sorted(pool), min(section.count, len(pool)))
        seen.update(picked)
        chosen.extend((q, section.points_each) for q in picked)
    if test.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def test_preview_draw(*, access: CourseAccess, test: Test) -> list[dict[str, Any]]:
    """One random draw of the test as a student would get it (teacher's preview)."""
    _require_manage(access)
    seed = secrets.randbits(48)
    picks = _draw(test, random.Random(seed))  # noqa: S311 - an order, not a secret
    snapshots = question_selectors.question_snapshots([q for q, _p in picks])
    return [
        grading.public_view(snapshots[q], seed) | {"position": n}
        for n, (q, _p) in enumerate(picks, start=1)
        if q in snapshots
    ]


# ---------------------------------------------------------------- extra time, attempts


@transaction.atomic
def accommodation_set(
    *, access: CourseAccess, student_id: int, percent: int, reason: str, by_user_id: int | None
) -> StudentAccommodation | None:
    """LMS-6: a student's extra time in every test (percent of the time limit); 0 removes
    it. Set by a teacher of a course the student takes, with the reason."""
    _require_manage(access)
    if not Enrolment.objects.filter(
        course_id=access.course.pk, student_id=student_id, is_active=True
    ).exists():
        raise selectors.not_found()
    if percent == 0:
        StudentAccommodation.objects.filter(student_id=student_id).delete()
        return None
    if not 0 < percent <= 300:
        raise TestInvalid(_("Extra time is between 1 and 300 per cent."), field="percent")
    if not reason.strip():
        raise TestInvalid(_("Give the reason."), field="reason")
    accommodation, _created = StudentAccommodation.objects.update_or_create(
        student_id=student_id,
        defaults={"extra_time_percent": percent, "reason": reason.strip(), "set_by_id": by_user_id},
    )
    return accommodation


@transaction.atomic
def allowance_set(
    *,
    access: CourseAccess,
    test: Test,
    student_id: int,
    extra_minutes: int | None,
    extra_attempts: int,
    reason: str,
    by_user_id: int | None,
) -> TestAllowance:
    """This test only: extra minutes (instead of the accommodation's percentage) and
    extra attempts for one student, with the reason."""
    _require_manage(access)
    if (
        test.course_id != access.course.pk
        or not Enrolment.objects.filter(course_id=test.course_id, student_id=student_id).exists()
    ):
        raise selectors.not_found()
    if not reason.strip():
        raise TestInvalid(_("Give the reason."), field="reason")
    if extra_attempts < 0 or (extra_minutes is not None and extra_minutes < 0):
        raise TestInvalid(_("This number is out of range."), field="extra_minutes")
    allowance, _created = TestAllowance.objects.update_or_create(
        test=test,
        student_id=student_id,
        defaults={
            "extra_minutes": extra_minutes,
            "extra_attempts": extra_attempts,
            "reason": reason.strip(),
            "set_by_id": by_user_id,
        },
    )
    return allowance


@transaction.atomic
def attempt_grant(
    *, access: CourseAccess, test: Test, student_id: int, reason: str, by_user_id: int | None
) -> TestAllowance:
    """One more attempt for one student (with the reason)."""
    current = TestAllowance.objects.filter(test=test, student_id=student_id).first()
    return allowance_set(
        access=access,
        test=test,
        student_id=student_id,
        extra_minutes=current.extra_minutes if current else None,
        extra_attempts=(current.extra_attempts if current else 0) + 1,
        reason=reason,
        by_user_id=by_user_id,
    )


# ---------------------------------------------------------------- attempts


def _record(
    access: CourseAccess, verb: Verb, attempt: Attempt, result: dict[str, object] | None = None
) -> None:
    footprint_record(
        action=Action(
            actor_id=access.actor.user_id,
            verb=verb,
            object_type=ActivityType.ASSESSMENT,
            object_id=str(attempt.test_id),
            object_name=attempt.test.title,
            course_id=attempt.test.course_id,
            result=result or {},
            context={"attempt": attempt.pk, "number": attempt.number},
        )
    )


def attempt_start(*, access: CourseAccess, test: Test, now: dt.datetime | None = None) -> Attempt:
    """Start an attempt, or resume the one in progress (LMS-7). The questions are drawn
    here, their snapshots stored; the deadline is the server's (LMS-6 extra time).
    An overdue attempt found on the way is finalized first (and stays so even when no
    new attempt may start)."""
    now = _now(now)
    student_id = access.actor.student_id
    if not can_take_tests(access) or student_id is None or test.course_id != access.course.pk:
        raise selectors.not_found()
    current = selectors.attempt_open_for(test=test, student_id=student_id)
    if current is not None:
        current = attempt_close_if_overdue(attempt=current, now=now)
        if current.state == AttemptState.IN_PROGRESS:
            return current
    return _attempt_new(access=access, test=test, student_id=student_id, now=now)


@transaction.atomic
def _attempt_new(*, access: CourseAccess, test: Test, student_id: int, now: dt.datetime) -> Attempt:
    if not test.published:
        raise selectors.not_found()
    if not window_open(opens_at=test.opens_at, closes_at=test.closes_at, now=now):
        raise TestNotOpen(_("The test is not open now."))
    used = Attempt.objects.filter(test=test, student_id=student_id).count()
    left = attempts_left(
        allowed=test.attempts_allowed,
        extra=selectors.extra_attempts_for(test=test, student_id=student_id),
        used=used,
    )
    if left == 0:
        raise NoAttemptsLeft(_("You have no attempts left for this test."))
    seed = secrets.randbits(48)
    picks = _draw(test, random.Random(seed))  # noqa: S311 - an order, not a secret
    snapshots = question_selectors.question_snapshots([q for q, _p in picks])
    deadline = attempt_deadline(
        started_at=now,
        time_limit_minutes=test.time_limit_minutes,
        closes_at=test.closes_at,
        extra=selectors.extra_time_for(test=test, student_id=student_id),
    )
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                test=test,
                student_id=student_id,
                number=used + 1,
                started_at=now,
                deadline_at=deadline,
                grace_seconds=test.grace_seconds,
                seed=seed,
            )
    except IntegrityError:
        # A second tab started it at the same moment: resume that one.
        again = selectors.attempt_open_for(test=test, student_id=student_id)
        if again is None:
            raise
        return again
    questions: list[AttemptQuestion] = []
    for position, (question_id, points) in enumerate(
        (p for p in picks if p[0] in snapshots), start=1
    ):
        snapshot = dict(snapshots[question_id])
        if not test.shuffle_answers:
            snapshot["shuffle"] = False
        questions.append(
            AttemptQuestion(
                attempt=attempt,
                position=position,
                question_id=question_id,
                points=points if points is not None else Decimal(str(snapshot.get("points", 1))),
                snapshot=snapshot,
            )
        )
    AttemptQuestion.objects.bulk_create(questions)
    Answer.objects.bulk_create(
        [Answer(attempt=attempt, position=q.position, saved_at=now) for q in questions]
    )
    attempt.raw_max = sum((q.points for q in questions), Decimal(0))
    attempt.save(update_fields=["raw_max"])
    attempt.test = test
    _record(access, Verb.ATTEMPTED, attempt)
    return attempt


_READ_SQL = """
SELECT a.state, a.deadline_at, a.grace_seconds, q.snapshot, q.question_id, t.course_id, t.id
FROM {attempt} a
JOIN {student} s ON s.id = a.student_id
JOIN {test} t ON t.id = a.test_id
LEFT JOIN {question} q ON q.attempt_id = a.id AND q.position = %s
WHERE a.id = %s AND s.user_id = %s
"""
_WRITE_SQL = """
INSERT INTO {answer} (attempt_id, position, response, seq, saved_at, comment)
VALUES (%s, %s, %s, %s, %s, '')
ON CONFLICT (attempt_id, position) DO UPDATE
SET response = excluded.response, seq = excluded.seq, saved_at = excluded.saved_at
WHERE {answer}.seq < excluded.seq
  AND EXISTS (SELECT 1 FROM {attempt} WHERE id = %s AND state = 'in_progress')
"""


def _sql(template: str) -> str:
    return template.format(
        attempt=Attempt._meta.db_table,
        test=Test._meta.db_table,
        student=Attempt._meta.get_field("student").related_model._meta.db_table,  # type: ignore[union-attr]
        question=AttemptQuestion._meta.db_table,
        answer=Answer._meta.db_table,
    )


def _aware(value: object) -> dt.datetime | None:
    if value is None:
        return None
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, dt.datetime):
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


ANSWER_IN_FOOTPRINT_MAX = 500


def _answer_result(stored: str | None) -> dict[str, object]:
    if stored is None:
        return {"response": None}
    if len(stored) <= ANSWER_IN_FOOTPRINT_MAX:
        return {"response": stored}
    return {"length": len(stored)}


def answer_save(
    *,
    user_id: int,
    attempt_id: int,
    position: int,
    response: object,
    seq: int,
    now: dt.datetime | None = None,
) -> SaveResult:
    """The autosave (LMS-7: an exam day that loses nothing): one read, one write, and the
    footprint's statement (one more round trip).

    Only the signed-in student's own open attempt; a response of the wrong shape is
    refused; it is stored only when `seq` is newer than the stored one, so an
    out-of-order or repeated resend is harmless. Past the deadline and the network grace
    the attempt is finalized and AttemptClosed (409) answers."""
    now = _now(now)
    with connection.cursor() as cursor:
        cursor.execute(_sql(_READ_SQL), [position, attempt_id, user_id])
        row = cursor.fetchone()
    if row is None:
        raise selectors.not_found()
    state, deadline_raw, grace, snapshot, question_id, course_id, test_id = row
    deadline = _aware(deadline_raw)
    if state != AttemptState.IN_PROGRESS:
        raise AttemptClosed(_("This attempt is over: it was submitted."))
    if is_overdue(deadline, int(grace), now):
        attempt_finalize(attempt_id=attempt_id, ended_by=EndedBy.DEADLINE, now=now)
        raise AttemptClosed(
            _("Time is up: the attempt was submitted with the answers saved before the deadline.")
        )
    if snapshot is None:
        raise AnswerInvalid(_("This attempt has no question at that position."))
    if isinstance(snapshot, str):
        snapshot = json.loads(snapshot)
    if not grading.response_is_valid(snapshot, response):
        raise AnswerInvalid(_("This answer does not fit the question."))
    stored = None if response is None else json.dumps(response, ensure_ascii=False)
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(_WRITE_SQL),
            [
                attempt_id,
                position,
                stored,
                seq,
                connection.ops.adapt_datetimefield_value(now),
                attempt_id,
            ],
        )
        saved = cursor.rowcount == 1
    if saved:
        # FP-2: assessment is checked through the footprint: every saved answer is a
        # statement (a long text answer is recorded by its length, not copied whole).
        footprint_record(
            action=Action(
                actor_id=user_id,
                verb=Verb.ANSWERED,
                object_type=ActivityType.QUESTION,
                object_id=str(question_id),
                course_id=int(course_id),
                occurred_at=now,
                result=_answer_result(stored),
                context={"attempt": attempt_id, "position": position, "seq": seq, "test": test_id},
            )
        )
    return SaveResult(saved=saved, seq=seq, remaining_seconds=remaining_seconds(deadline, now))


def _grade_attempt(attempt: Attempt) -> None:
    """Auto-grade every answer (contract 1) and total the attempt; essays not yet graded
    by hand leave it needing grading."""
    answers = {a.position: a for a in Answer.objects.filter(attempt=attempt)}
    total = Decimal(0)
    pending = False
    changed: list[Answer] = []
    for question in AttemptQuestion.objects.filter(attempt=attempt).order_by("position"):
        answer = answers.get(question.position)
        response = answer.response if answer else None
        fraction = grading.grade(question.snapshot, response)
        if answer is not None and answer.fraction != fraction:
            answer.fraction = fraction
            changed.append(answer)
        if answer is not None and answer.manual_points is not None:
            total += answer.manual_points
        elif fraction is None:
            pending = True
        else:
            total += fraction * question.points
    Answer.objects.bulk_update(changed, ["fraction"])
    attempt.raw_points = total
    attempt.state = AttemptState.NEEDS_GRADING if pending else AttemptState.GRADED
    attempt.score = None if pending else scaled(total, attempt.raw_max, attempt.test.max_points)
    attempt.save(update_fields=["raw_points", "state", "score"])


def test_grade_record(*, test: Test, student_id: int, by_user_id: int | None) -> None:
    """The student's grade for the test per its grading method, into the gradebook
    (contract 2); nothing while no attempt counts yet."""
    scores = [
        score
        for score, state in Attempt.objects.filter(
            test=test, student_id=student_id, state__in=FINISHED
        )
        .order_by("number")
        .values_list("score", "state")
        if state != AttemptState.SUBMITTED
    ]
    value = test_grade(test.grading_method, scores)
    if value is None:
        return
    grade_source_record(
        course_id=test.course_id,
        student_id=student_id,
        source=SOURCE,
        source_id=test.pk,
        title=test.title,
        control=test.control,
        points=value,
        max_points=test.max_points,
        by_user_id=by_user_id,
    )


@transaction.atomic
def attempt_finalize(
    *, attempt_id: int, ended_by: str, now: dt.datetime | None = None, by_user_id: int | None = None
) -> Attempt:
    """Close an open attempt and grade it; does nothing to one already closed (whoever
    closes first — the student, the deadline, the teacher — wins, once)."""
    now = _now(now)
    closed = Attempt.objects.filter(pk=attempt_id, state=AttemptState.IN_PROGRESS).update(
        state=AttemptState.SUBMITTED, submitted_at=now, ended_by=ended_by
    )
    attempt = Attempt.objects.select_related("test", "student").get(pk=attempt_id)
    if closed:
        _grade_attempt(attempt)
        test_grade_record(test=attempt.test, student_id=attempt.student_id, by_user_id=by_user_id)
        footprint_record(
            action=Action(
                actor_id=by_user_id if ended_by == EndedBy.TEACHER else attempt.student.user_id,
                verb=Verb.SUBMITTED,
                object_type=ActivityType.ASSESSMENT,
                object_id=str(attempt.test_id),
                object_name=attempt.test.title,
                course_id=attempt.test.course_id,
                occurred_at=now,
                result={"score": str(attempt.score) if attempt.score is not None else None},
                context={"attempt": attempt.pk, "ended_by": ended_by},
            )
        )
    return attempt


def attempt_close_if_overdue(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """The lazy finalizer: an open attempt past its deadline and grace is closed now."""
    now = _now(now)
    if attempt.state == AttemptState.IN_PROGRESS and is_overdue(
        attempt.deadline_at, attempt.grace_seconds, now
    ):
        return attempt_finalize(attempt_id=attempt.pk, ended_by=EndedBy.DEADLINE, now=now)
    return attempt


def attempt_submit(
    *, access: CourseAccess, attempt: Attempt, now: dt.datetime | None = None
) -> Attempt:
    """The student submits (idempotent: twice = once; after the deadline the server has
    already finalized it, and this returns that)."""
    now = _now(now)
    if access.actor.student_id is None or attempt.student_id != access.actor.student_id:
        raise selectors.not_found()
    if attempt.state != AttemptState.IN_PROGRESS:
        return attempt
    if is_overdue(attempt.deadline_at, attempt.grace_seconds, now):
        return attempt_finalize(attempt_id=attempt.pk, ended_by=EndedBy.DEADLINE, now=now)
    return attempt_finalize(attempt_id=attempt.pk, ended_by=EndedBy.STUDENT, now=now)


def attempt_end_by_teacher(
    *, access: CourseAccess, attempt: Attempt, now: dt.datetime | None = None
) -> Attempt:
    """A teacher closes a student's attempt (e.g. a breach of the rules)."""
    _require_manage(access)
    return attempt_finalize(
        attempt_id=attempt.pk, ended_by=EndedBy.TEACHER, now=now, by_user_id=access.actor.user_id
    )


def attempts_close_overdue(*, now: dt.datetime | None = None) -> int:
    """Close every open attempt past its deadline and grace (the periodic finalizer)."""
    now = _now(now)
    candidates = Attempt.objects.filter(
        state=AttemptState.IN_PROGRESS, deadline_at__lt=now
    ).values_list("pk", "deadline_at", "grace_seconds")
    closed = 0
    for pk, deadline, grace in candidates:
        if is_overdue(deadline, grace, now):
            attempt_finalize(attempt_id=pk, ended_by=EndedBy.DEADLINE, now=now)
            closed += 1
    return closed


@transaction.atomic
def attempt_reopen(
    *,
    access: CourseAccess,
    attempt: Attempt,
    minutes: int,
    reason: str,
    now: dt.datetime | None = None,
) -> Attempt:
    """Give a finished attempt back to the student for `minutes` more (a lost link, a
    power cut), with the reason kept in the attempt's note; its answers stay."""
    _require_manage(access)
    now = _now(now)
    if not reason.strip():
        raise TestInvalid(_("Give the reason."), field="reason")
    if not 1 <= minutes <= 24 * 60:
        raise TestInvalid(_("This number is out of range."), field="minutes")
    if attempt.state == AttemptState.IN_PROGRESS:
        raise GradingInvalid(_("The attempt is still in progress."))
    line = _("%(when)s reopened for %(minutes)s min by %(who)s: %(reason)s") % {
        "when": timezone.localtime(now).strftime("%d.%m.%Y %H:%M"),
        "minutes": minutes,
        "who": access.actor.user_id,
        "reason": reason.strip(),
    }
    attempt.state = AttemptState.IN_PROGRESS
    attempt.deadline_at = now + dt.timedelta(minutes=minutes)
    attempt.submitted_at = None
    attempt.ended_by = ""
    attempt.note = f"{attempt.note}\n{line}".strip()
    attempt.save(update_fields=["state", "deadline_at", "submitted_at", "ended_by", "note"])
    return attempt


@transaction.atomic
def answer_grade(
    *,
    access: CourseAccess,
    attempt: Attempt,
    position: int,
    points: Decimal,
    comment: str = "",
) -> Answer:
    """A teacher's points for one answer (essays; or overriding the automatic grade);
    when nothing waits any more the attempt is graded and its grade flows on."""
    _require_manage(access)
    if attempt.state == AttemptState.IN_PROGRESS:
        raise GradingInvalid(_("The attempt is still in progress."))
    question = AttemptQuestion.objects.filter(attempt=attempt, position=position).first()
    answer = Answer.objects.filter(attempt=attempt, position=position).first()
    if question is None or answer is None:
        raise selectors.not_found()
    if not Decimal(0) <= points <= question.points:
        raise GradingInvalid(
            _("Points are between 0 and %(max)s.") % {"max": question.points}, field="points"
        )
    answer.manual_points = points
    answer.comment = comment.strip()
    answer.graded_by_id = access.actor.user_id
    answer.save(update_fields=["manual_points", "comment", "graded_by"])
    attempt.test = Test.objects.get(pk=attempt.test_id)
    _grade_attempt(attempt)
    test_grade_record(
        test=attempt.test, student_id=attempt.student_id, by_user_id=access.actor.user_id
    )
    footprint_record(
        action=Action(
            actor_id=access.actor.user_id,
            verb=Verb.GRADED,
            object_type=ActivityType.ASSESSMENT,
            object_id=str(attempt.test_id),
            object_name=attempt.test.title,
            course_id=attempt.test.course_id,
            result={"points": str(points)},
            context={"attempt": attempt.pk, "position": position},
        )
    )
    return answer


# ---------------------------------------------------------------- exam tickets (LMS-2)

_NUMBERING = re.compile(r"^\s*\d+[.)]\s*")


def tickets_parse(text: str) -> list[list[str]]:
    """Tickets typed as blocks separated by an empty line, one task a line ("1. …"
    numbering optional)."""
    tickets: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        tasks = [_NUMBERING.sub("", line).strip() for line in block.splitlines()]
        tasks = [t for t in tasks if t]
        if tasks:
            tickets.append(tasks)
    return tickets


@transaction.atomic
def ticket_set_create(
    *, access: CourseAccess, title: str, text: str, by_user_id: int | None
) -> TicketSet:
    """A ticket set from typed tickets (LMS-2: final control materials)."""
    _require_manage(access)
    tickets = tickets_parse(text)
    if not title.strip():
        raise TicketsInvalid(_("Give the set a title."), field="title")
    if not tickets:
        raise TicketsInvalid(_("Type at least one ticket."), field="text")
    ticket_set = TicketSet.objects.create(
        course_id=access.course.pk, title=title.strip(), created_by_id=by_user_id
    )
    Ticket.objects.bulk_create(
        [
            Ticket(
                ticket_set=ticket_set,
                number=n,
                items=[{"text": task, "question_id": None} for task in tasks],
            )
            for n, tasks in enumerate(tickets, start=1)
        ]
    )
    return ticket_set


@transaction.atomic
def ticket_set_generate(
    *,
    access: CourseAccess,
    title: str,
    category_ids: Sequence[int],
    tickets: int,
    by_user_id: int | None,
) -> TicketSet:
    """A ticket set drawn from the bank: `tickets` tickets, each with one question of
    every chosen category (a question is reused only when a category runs out)."""
    _require_manage(access)
    if not title.strip():
        raise TicketsInvalid(_("Give the set a title."), field="title")
    if not 1 <= tickets <= 200 or not category_ids:
        raise TicketsInvalid(_("Choose categories and how many tickets."), field="tickets")
    rng = random.SystemRandom()
    pools: list[list[int]] = []
    for category_id in category_ids:
        pool = question_selectors.questions_for_draw(
            course_id=access.course.pk, category_id=category_id, include_subcategories=True
        )
        if not pool:
            raise TicketsInvalid(_("A chosen category has no questions."), field="category_ids")
        pools.append(list(pool))
    snapshots = question_selectors.question_snapshots(sorted({q for p in pools for q in p}))
    ticket_set = TicketSet.objects.create(
        course_id=access.course.pk, title=title.strip(), created_by_id=by_user_id
    )
    decks = [rng.sample(pool, len(pool)) for pool in pools]
    rows = []
    for number in range(1, tickets + 1):
        items = []
        for index, pool in enumerate(pools):
            if not decks[index]:
                decks[index] = rng.sample(pool, len(pool))
            question_id = decks[index].pop()
            items.append(
                {
                    "text": str(snapshots.get(question_id, {}).get("text", "")),
                    "question_id": question_id,
                }
            )
        rows.append(Ticket(ticket_set=ticket_set, number=number, items=items))
    Ticket.objects.bulk_create(rows)
    return ticket_set


def ticket_set_open(*, access: CourseAccess, ticket_set: TicketSet, open_: bool) -> TicketSet:
    """Let students draw (or stop them)."""
    _require_manage(access)
    ticket_set.open_for_drawing = open_
    ticket_set.save(update_fields=["open_for_drawing", "updated_at"])
    return ticket_set


def _random_ticket(ticket_set: TicketSet, avoid: int | None = None) -> Ticket:
    tickets = list(Ticket.objects.filter(ticket_set=ticket_set).order_by("number"))
    if avoid is not None and len(tickets) > 1:
        tickets = [t for t in tickets if t.pk != avoid]
    if not tickets:
        raise TicketNotAvailable(_("This set has no tickets."))
    return secrets.choice(tickets)


@transaction.atomic
def ticket_draw(
    *, access: CourseAccess, ticket_set: TicketSet, now: dt.datetime | None = None
) -> TicketDraw:
    """A student draws a ticket: server-side random, once; drawing again shows the same."""
    student_id = access.actor.student_id
    if not can_take_tests(access) or student_id is None:
        raise selectors.not_found()
    existing = TicketDraw.objects.filter(
        ticket_set=ticket_set, student_id=student_id, active=True
    ).first()
    if existing is not None:
        return existing
    if not ticket_set.open_for_drawing:
        raise TicketNotAvailable(_("Drawing is not open for this set."))
    ticket = _random_ticket(ticket_set)
    try:
        with transaction.atomic():
            draw = TicketDraw.objects.create(
                ticket_set=ticket_set, student_id=student_id, ticket=ticket, drawn_at=_now(now)
            )
    except IntegrityError:
        return TicketDraw.objects.get(ticket_set=ticket_set, student_id=student_id, active=True)
    footprint_record(
        action=Action(
            actor_id=access.actor.user_id,
            verb=Verb.REGISTERED,
            object_type=ActivityType.ASSESSMENT,
            object_id=f"tickets-{ticket_set.pk}",
            object_name=ticket_set.title,
            course_id=ticket_set.course_id,
            result={"ticket": ticket.number},
        )
    )
    return draw


@transaction.atomic
def ticket_redraw(
    *,
    access: CourseAccess,
    ticket_set: TicketSet,
    student_id: int,
    reason: str,
    now: dt.datetime | None = None,
) -> TicketDraw:
    """The teacher lets a student draw again (another ticket when the set has more);
    the earlier draw is kept with the reason."""
    _require_manage(access)
    if not reason.strip():
        raise TicketsInvalid(_("Give the reason."), field="reason")
    previous = (
        TicketDraw.objects.select_for_update()
        .filter(ticket_set=ticket_set, student_id=student_id, active=True)
        .first()
    )
    if previous is None:
        raise selectors.not_found()
    TicketDraw.objects.filter(pk=previous.pk).update(
        active=False, replaced_reason=reason.strip(), replaced_by_id=access.actor.user_id
    )
    ticket = _random_ticket(ticket_set, avoid=previous.ticket_id)
    return TicketDraw.objects.create(
        ticket_set=ticket_set, student_id=student_id, ticket=ticket, drawn_at=_now(now)
    )
