"""Reads of assignments: every function takes the actor (or their CourseAccess) and
returns only what they may see; absent and not-yours raise AssignmentNotFound (SEC-2)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from qashyq.assignments import permissions
from qashyq.assignments.data import WrittenFile, WrittenWork
from qashyq.assignments.errors import AssignmentNotFound
from qashyq.assignments.models import (
    Assignment,
    Grade,
    Rubric,
    RubricCriterion,
    Submission,
    SubmissionFile,
    SubmissionStatus,
    Team,
    TeamMember,
)
from qashyq.core.errors import NotFound
from qashyq.core.scope import ActorScope
from qashyq.courses import selectors as course_selectors
from qashyq.courses.models import Course, CourseStatus, Enrolment
from qashyq.courses.selectors import CourseAccess
from qashyq.people.models import Student


def not_found() -> AssignmentNotFound:
    return AssignmentNotFound(_("Not found."))


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise not_found() from None


def course_access_for(*, actor: ActorScope, course_id: object) -> CourseAccess:
    """The actor's access to a course, or AssignmentNotFound."""
    try:
        return course_selectors.course_access(actor=actor, course_id=course_id)
    except NotFound:
        raise not_found() from None


def assignment_get_for(
    *, actor: ActorScope, assignment_id: object
) -> tuple[Assignment, CourseAccess]:
    """One assignment the actor may see, with their access to its course."""
    assignment = Assignment.objects.filter(pk=_pk(assignment_id)).first()
    if assignment is None:
        raise not_found()
    access = course_access_for(actor=actor, course_id=assignment.course_id)
    if access.as_student and not assignment.is_published:
        raise not_found()
    if (
        not access.as_student
        and not access.is_course_staff
        and not permissions.can_read_all(access)
    ):
        raise not_found()
    return assignment, access


def course_assignments(*, access: CourseAccess) -> list[Assignment]:
    return list(
        Assignment.objects.filter(permissions.assignment_visible_q(access)).order_by("due_at", "pk")
    )


def rubric_of(*, assignment: Assignment) -> Rubric | None:
    """The rubric with its criteria and levels (two queries), or None."""
    return (
        Rubric.objects.filter(assignment_id=assignment.pk)
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=RubricCriterion.objects.prefetch_related("levels").order_by(
                    "position", "pk"
                ),
            )
        )
        .first()
    )


def team_of(*, assignment: Assignment, student_id: int) -> Team | None:
    member = (
        TeamMember.objects.filter(assignment_id=assignment.pk, student_id=student_id)
        .select_related("team")
        .first()
    )
    return member.team if member else None


def teams_of(*, assignment: Assignment) -> list[Team]:
    return list(
        Team.objects.filter(assignment_id=assignment.pk).prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("student__user"))
        )
    )


def owner_q(*, assignment: Assignment, student_id: int) -> Q | None:
    """The submissions that are the student's own: theirs, or their team's (None: a group
    assignment and no team)."""
    if not assignment.is_group:
        return Q(student_id=student_id)
    team = team_of(assignment=assignment, student_id=student_id)
    return None if team is None else Q(team_id=team.pk)


def current_submission(*, assignment: Assignment, student_id: int) -> Submission | None:
    """The student's (or team's) latest attempt with its files."""
    q = owner_q(assignment=assignment, student_id=student_id)
    if q is None:
        return None
    return (
        Submission.objects.filter(q, assignment_id=assignment.pk)
        .prefetch_related("files", "feedback_files")
        .order_by("-attempt")
        .first()
    )


def attempts_of(*, assignment: Assignment, student_id: int) -> list[Submission]:
    q = owner_q(assignment=assignment, student_id=student_id)
    if q is None:
        return []
    return list(Submission.objects.filter(q, assignment_id=assignment.pk).order_by("attempt"))


def latest_grade(*, submission: Submission) -> Grade | None:
    return (
        Grade.objects.filter(submission_id=submission.pk)
        .prefetch_related("scores")
        .order_by("-graded_at", "-pk")
        .first()
    )


def grade_history(*, submission: Submission) -> list[Grade]:
    return list(
        Grade.objects.filter(submission_id=submission.pk)
        .select_related("graded_by")
        .order_by("-graded_at", "-pk")
    )


def submission_members(*, submission: Submission) -> list[int]:
    """The students a submission speaks for: its student, or every member of its team."""
    if submission.student_id is not None:
        return [submission.student_id]
    return list(
        TeamMember.objects.filter(team_id=submission.team_id or 0)
        .order_by("student_id")
        .values_list("student_id", flat=True)
    )


def submission_get_for(
    *, actor: ActorScope, submission_id: object
) -> tuple[Submission, Assignment, CourseAccess]:
    """One submission: for those who read all of the course's work, or for its own
    student (or a member of its team). A student never sees another's (SEC-2)."""
    submission = (
        Submission.objects.filter(pk=_pk(submission_id))
        .select_related("assignment", "student__user", "team", "submitted_by")
        .prefetch_related("files", "feedback_files")
        .first()
    )
    if submission is None:
        raise not_found()
    assignment, access = assignment_get_for(actor=actor, assignment_id=submission.assignment_id)
    if access.as_student:
        if actor.student_id is None or actor.student_id not in submission_members(
            submission=submission
        ):
            raise not_found()
    elif not permissions.can_read_all(access):
        raise not_found()
    return submission, assignment, access


@dataclass(frozen=True)
class SubmissionRow:
    """A row of the teacher's list: a student (or a team) and their latest attempt."""

    label: str
    student_id: int | None
    team_id: int | None
    submission: Submission | None
    grade: Grade | None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "missing"


STATUS_FILTERS = ("missing", "draft", "submitted", "graded", "returned", "late")


def submission_rows(*, assignment: Assignment, status: str = "") -> list[SubmissionRow]:
    """Every enrolled student (or team) with their latest attempt and grade: three
    queries whatever the size of the course."""
    latest: dict[tuple[str, int], Submission] = {}
    for submission in Submission.objects.filter(assignment_id=assignment.pk).order_by("attempt"):
        key = ("t", submission.team_id) if submission.team_id else ("s", submission.student_id)
        latest[key] = submission  # type: ignore[index]
    grades: dict[int, Grade] = {}
    for grade in Grade.objects.filter(submission_id__in=[s.pk for s in latest.values()]).order_by(
        "graded_at", "pk"
    ):
        grades[grade.submission_id] = grade
    rows: list[SubmissionRow] = []
    if assignment.is_group:
        for team in teams_of(assignment=assignment):
            sub = latest.get(("t", team.pk))
            names = ", ".join(m.student.user.get_full_name() for m in team.members.all())
            rows.append(
                SubmissionRow(
                    label=f"{team.name} ({names})" if names else team.name,
                    student_id=None,
                    team_id=team.pk,
                    submission=sub,
                    grade=grades.get(sub.pk) if sub else None,
                )
            )
    else:
        students = (
            Student.objects.filter(
                pk__in=Enrolment.objects.filter(
                    course_id=assignment.course_id, is_active=True
                ).values("student_id")
            )
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        for student in students:
            sub = latest.get(("s", student.pk))
            rows.append(
                SubmissionRow(
                    label=student.user.get_full_name() or student.user.username,
                    student_id=student.pk,
                    team_id=None,
                    submission=sub,
                    grade=grades.get(sub.pk) if sub else None,
                )
            )
    if status == "late":
        return [r for r in rows if r.submission is not None and r.submission.is_late]
    if status in STATUS_FILTERS:
        return [r for r in rows if r.status == status]
    return rows


@dataclass(frozen=True)
class MyAssignment:
    assignment: Assignment
    course: Course
    submission: Submission | None
    grade: Grade | None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "missing"


def my_assignments(*, actor: ActorScope) -> list[MyAssignment]:
    """A student's published assignments in the published courses they take, soonest
    deadline first, with their latest attempt and grade (four queries)."""
    if actor.student_id is None:
        return []
    student_id = actor.student_id
    assignments = list(
        Assignment.objects.filter(
            is_published=True,
            course__status__in=(CourseStatus.PUBLISHED, CourseStatus.ARCHIVED),
            course_id__in=Enrolment.objects.filter(student_id=student_id, is_active=True).values(
                "course_id"
            ),
        )
        .select_related("course__discipline")
        .order_by("due_at", "pk")
    )
    teams = dict(
        TeamMember.objects.filter(student_id=student_id).values_list("assignment_id", "team_id")
    )
    latest: dict[int, Submission] = {}
    for submission in Submission.objects.filter(
        Q(student_id=student_id) | Q(team_id__in=list(teams.values())),
        assignment_id__in=[a.pk for a in assignments],
    ).order_by("attempt"):
        latest[submission.assignment_id] = submission
    grades: dict[int, Grade] = {}
    for grade in Grade.objects.filter(submission_id__in=[s.pk for s in latest.values()]).order_by(
        "graded_at", "pk"
    ):
        grades[grade.submission_id] = grade
    rows = []
    for a in assignments:
        sub = latest.get(a.pk)
        rows.append(
            MyAssignment(
                assignment=a,
                course=a.course,
                submission=sub,
                grade=grades.get(sub.pk) if sub else None,
            )
        )
    return rows


def submission_file_get_for(*, actor: ActorScope, file_id: object) -> SubmissionFile:
    item = SubmissionFile.objects.filter(pk=_pk(file_id)).first()
    if item is None:
        raise not_found()
    submission_get_for(actor=actor, submission_id=item.submission_id)
    return item


def submissions_for_zip(*, assignment: Assignment) -> QuerySet[Submission]:
    """The latest handed-in attempt of every student or team (drafts are not handed in)."""
    handed_in = Submission.objects.filter(assignment_id=assignment.pk).exclude(
        status=SubmissionStatus.DRAFT
    )
    latest_ids: dict[tuple[int | None, int | None], int] = {}
    for pk, student_id, team_id in handed_in.order_by("attempt").values_list(
        "pk", "student_id", "team_id"
    ):
        latest_ids[(student_id, team_id)] = pk
    return (
        Submission.objects.filter(pk__in=latest_ids.values())
        .select_related("student__user", "team")
        .prefetch_related("files")
        .order_by("pk")
    )


# ---------------------------------------------------------------- AI-2 hand-off

TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    """The typed text without its tags (paragraph and line breaks kept as newlines)."""
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>|</h\d>", "\n", html)
    return unescape(TAG.sub("", text)).strip()


def written_works(
    *,
    course_id: int | None = None,
    assignment_id: int | None = None,
    since: dt.datetime | None = None,
    batch: int = 200,
) -> Iterator[WrittenWork]:
    """Every handed-in written work (AI-2), oldest first, for the originality check: the
    typed text (tags stripped) and every file with its extracted text and sha256, the
    authors (a team's members), the course and the time. A system read for the later
    integrity app, not a page: the caller applies its own permissions. Drafts are not
    works; every handed-in attempt is (a resubmission is a new work)."""
    queryset = (
        Submission.objects.exclude(status=SubmissionStatus.DRAFT)
        .filter(submitted_at__isnull=False)
        .select_related("assignment")
        .order_by("submitted_at", "pk")
    )
    if course_id is not None:
        queryset = queryset.filter(assignment__course_id=course_id)
    if assignment_id is not None:
        queryset = queryset.filter(assignment_id=assignment_id)
    if since is not None:
        queryset = queryset.filter(submitted_at__gte=since)
    last_pk = 0
    last_at: dt.datetime | None = None
    while True:
        page = queryset
        if last_at is not None:
            page = page.filter(
                Q(submitted_at__gt=last_at) | Q(submitted_at=last_at, pk__gt=last_pk)
            )
        chunk = list(page.prefetch_related("files")[:batch])
        if not chunk:
            return
        team_ids = [s.team_id for s in chunk if s.team_id is not None]
        members: dict[int, list[int]] = {}
        for team_id, student_id in (
            TeamMember.objects.filter(team_id__in=team_ids)
            .order_by("student_id")
            .values_list("team_id", "student_id")
        ):
            members.setdefault(team_id, []).append(student_id)
        for s in chunk:
            assert s.submitted_at is not None
            authors = (
                (s.student_id,)
                if s.student_id is not None
                else tuple(members.get(s.team_id or 0, []))
            )
            yield WrittenWork(
                submission_id=s.pk,
                assignment_id=s.assignment_id,
                assignment_title=s.assignment.title,
                course_id=s.assignment.course_id,
                attempt=s.attempt,
                author_student_ids=authors,
                team_id=s.team_id,
                submitted_at=s.submitted_at,
                text=html_to_text(s.text),
                files=tuple(
                    WrittenFile(
                        name=f.name,
                        size=f.size,
                        sha256=f.sha256,
                        mime_type=f.mime_type,
                        text=f.text,
                        path=f.file.name,
                    )
                    for f in s.files.all()
                ),
            )
        last_at, last_pk = chunk[-1].submitted_at, chunk[-1].pk
