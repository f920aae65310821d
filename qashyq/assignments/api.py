"""The assignments API (mounted under /api/v1/): assignments of a course, the student's
own submission (draft text, files, hand in), and submissions and grading for teachers.

Permissions are the pages' (SEC-2): what you may not see answers 404, also for writes;
what you see but may not change answers 403. A student never sees another's work.
Times are ISO 8601 with their offset (Asia/Almaty, +05:00).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from qashyq.assignments import permissions, selectors, services
from qashyq.assignments.data import GradeData
from qashyq.assignments.errors import AssignmentForbidden, AssignmentInvalid
from qashyq.assignments.models import Assignment, Grade, Submission, SubmissionFile
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.courses.selectors import CourseAccess

router = Router(tags=["assignments"])


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


# ---------------------------------------------------------------- schemas


class AssignmentOut(Schema):
    id: int
    course_id: int
    title: str
    instructions: str = Field(..., description="Sanitized HTML.")
    control: str = Field(..., description="current | midterm1 | midterm2 | exam")
    max_points: Decimal
    opens_at: dt.datetime | None
    due_at: dt.datetime
    cutoff_at: dt.datetime | None
    accept_late: bool
    late_penalty_percent: Decimal = Field(..., description="Percent per day started.")
    late_penalty_max: Decimal
    submission_kind: str = Field(..., description="text | files | both")
    max_files: int
    max_file_mb: int
    allowed_extensions: list[str]
    resubmissions: int
    is_group: bool
    is_published: bool

    @staticmethod
    def from_model(a: Assignment) -> AssignmentOut:
        return AssignmentOut(
            id=a.pk,
            course_id=a.course_id,
            title=a.title,
            instructions=a.instructions,
            control=a.control,
            max_points=a.max_points,
            opens_at=a.opens_at,
            due_at=a.due_at,
            cutoff_at=a.cutoff_at,
            accept_late=a.accept_late,
            late_penalty_percent=a.late_penalty_percent,
            late_penalty_max=a.late_penalty_max,
            submission_kind=a.submission_kind,
            max_files=a.max_files,
            max_file_mb=a.max_file_mb,
            allowed_extensions=a.extensions,
            resubmissions=a.resubmissions,
            is_group=a.is_group,
            is_published=a.is_published,
        )


class FileOut(Schema):
    id: int
    name: str
    size: int
    sha256: str
    mime_type: str
    uploaded_at: dt.datetime

    @staticmethod
    def from_model(f: SubmissionFile) -> FileOut:
        return FileOut(
            id=f.pk,
            name=f.name,
            size=f.size,
            sha256=f.sha256,
            mime_type=f.mime_type,
            uploaded_at=f.uploaded_at,
        )


class GradeOut(Schema):
    points: Decimal
    penalty_percent: Decimal
    final_points: Decimal
    feedback: str
    graded_at: dt.datetime
    criteria: dict[int, int] = Field(..., description="Criterion id → chosen level id.")

    @staticmethod
    def from_model(g: Grade) -> GradeOut:
        return GradeOut(
            points=g.points,
            penalty_percent=g.penalty_percent,
            final_points=g.final_points,
            feedback=g.feedback,
            graded_at=g.graded_at,
            criteria={s.criterion_id: s.level_id for s in g.scores.all()},
        )


class SubmissionOut(Schema):
    id: int
    assignment_id: int
    student_id: int | None
    team_id: int | None
    attempt: int
    status: str = Field(..., description="draft | submitted | graded | returned")
    text: str
    draft_saved_at: dt.datetime | None
    submitted_at: dt.datetime | None
    late_seconds: int
    files: list[FileOut]
    grade: GradeOut | None

    @staticmethod
    def from_model(s: Submission, *, with_grade: bool = True) -> SubmissionOut:
        grade = selectors.latest_grade(submission=s) if with_grade else None
        return SubmissionOut(
            id=s.pk,
            assignment_id=s.assignment_id,
            student_id=s.student_id,
            team_id=s.team_id,
            attempt=s.attempt,
            status=s.status,
            text=s.text,
            draft_saved_at=s.draft_saved_at,
            submitted_at=s.submitted_at,
            late_seconds=s.late_seconds,
            files=[FileOut.from_model(f) for f in s.files.all()],
            grade=GradeOut.from_model(grade) if grade else None,
        )


class SubmissionRowOut(Schema):
    label: str
    student_id: int | None
    team_id: int | None
    status: str = Field(..., description="missing | draft | submitted | graded | returned")
    submission_id: int | None
    attempt: int | None
    submitted_at: dt.datetime | None
    late_seconds: int
    final_points: Decimal | None


class DraftIn(Schema):
    text: str = Field(..., max_length=200_000)


class SubmitIn(Schema):
    text: str | None = Field(None, max_length=200_000, description="Saved before handing in.")


class GradeIn(Schema):
    points: Decimal | None = Field(None, description="Overall points (without a rubric).")
    levels: dict[int, int] = Field(
        default_factory=dict, description="Criterion id → level id (with a rubric)."
    )
    feedback: str = ""


class ReturnIn(Schema):
    comment: str = ""


# ---------------------------------------------------------------- assignments


@router.get("/courses/{course_id}/assignments", response=list[AssignmentOut])
def assignment_list(request: HttpRequest, course_id: int) -> list[AssignmentOut]:
    """The course's assignments the actor sees (students: published ones)."""
    access = selectors.course_access_for(actor=_actor(request), course_id=course_id)
    return [AssignmentOut.from_model(a) for a in selectors.course_assignments(access=access)]


@router.get("/assignments/{assignment_id}", response=AssignmentOut)
def assignment_detail(request: HttpRequest, assignment_id: int) -> AssignmentOut:
    """One assignment."""
    assignment, _access = selectors.assignment_get_for(
        actor=_actor(request), assignment_id=assignment_id
    )
    return AssignmentOut.from_model(assignment)


# ---------------------------------------------------------------- my submission


def _student(request: HttpRequest, assignment_id: int) -> tuple[ActorScope, Assignment]:
    actor = _actor(request)
    assignment, access = selectors.assignment_get_for(actor=actor, assignment_id=assignment_id)
    if not access.as_student or actor.student_id is None:
        raise AssignmentForbidden(_("Only the course's students hand in work."))
    return actor, assignment


@router.get("/assignments/{assignment_id}/my-submission", response={200: SubmissionOut, 204: None})
def my_submission(request: HttpRequest, assignment_id: int) -> Status[SubmissionOut | None]:
    """The student's (or their team's) latest attempt; 204 when nothing is started."""
    actor, assignment = _student(request, assignment_id)
    assert actor.student_id is not None
    submission = selectors.current_submission(assignment=assignment, student_id=actor.student_id)
    if submission is None:
        return Status(204, None)
    return Status(200, SubmissionOut.from_model(submission))


@router.put("/assignments/{assignment_id}/my-submission/text", response=SubmissionOut)
def draft_save(request: HttpRequest, assignment_id: int, payload: DraftIn) -> SubmissionOut:
    """Autosave the draft text (the same text twice is harmless)."""
    actor, assignment = _student(request, assignment_id)
    submission = services.draft_save(actor=actor, assignment=assignment, text=payload.text)
    return SubmissionOut.from_model(submission, with_grade=False)


@router.post("/assignments/{assignment_id}/my-submission/files", response={201: FileOut})
def file_upload(
    request: HttpRequest, assignment_id: int, file: File[UploadedFile]
) -> Status[FileOut]:
    """Upload a file into the draft: stored at once (multipart field `file`)."""
    actor, assignment = _student(request, assignment_id)
    item = services.file_add(actor=actor, assignment=assignment, upload=file)
    return Status(201, FileOut.from_model(item))


@router.delete("/assignments/{assignment_id}/my-submission/files/{file_id}", response={204: None})
def file_remove(request: HttpRequest, assignment_id: int, file_id: int) -> Status[None]:
    """Take a file out of the draft."""
    actor, assignment = _student(request, assignment_id)
    services.file_remove(actor=actor, assignment=assignment, file_id=file_id)
    return Status(204, None)


@router.post("/assignments/{assignment_id}/my-submission/submit", response=SubmissionOut)
def submit(request: HttpRequest, assignment_id: int, payload: SubmitIn) -> SubmissionOut:
    """Hand in the draft. Idempotent: a second call returns the same submission."""
    actor, assignment = _student(request, assignment_id)
    submission = services.submission_submit(actor=actor, assignment=assignment, text=payload.text)
    return SubmissionOut.from_model(submission)


# ---------------------------------------------------------------- teachers


@router.get("/assignments/{assignment_id}/submissions", response=list[SubmissionRowOut])
def submission_list(
    request: HttpRequest, assignment_id: int, status: str = ""
) -> list[SubmissionRowOut]:
    """Every student (or team) with their latest attempt; `status` filters (missing,
    draft, submitted, graded, returned, late)."""
    assignment, access = selectors.assignment_get_for(
        actor=_actor(request), assignment_id=assignment_id
    )
    if access.as_student or not permissions.can_read_all(access):
        raise selectors.not_found()
    rows = selectors.submission_rows(assignment=assignment, status=status)
    return [
        SubmissionRowOut(
            label=r.label,
            student_id=r.student_id,
            team_id=r.team_id,
            status=r.status,
            submission_id=r.submission.pk if r.submission else None,
            attempt=r.submission.attempt if r.submission else None,
            submitted_at=r.submission.submitted_at if r.submission else None,
            late_seconds=r.submission.late_seconds if r.submission else 0,
            final_points=r.grade.final_points if r.grade else None,
        )
        for r in rows
    ]


@router.get("/submissions/{submission_id}", response=SubmissionOut)
def submission_detail(request: HttpRequest, submission_id: int) -> SubmissionOut:
    """One submission: its student (or a team member), or the course's staff."""
    submission, _assignment, _access = selectors.submission_get_for(
        actor=_actor(request), submission_id=submission_id
    )
    return SubmissionOut.from_model(submission)


def _staff_submission(
    request: HttpRequest, submission_id: int
) -> tuple[ActorScope, Submission, CourseAccess]:
    actor = _actor(request)
    submission, _assignment, access = selectors.submission_get_for(
        actor=actor, submission_id=submission_id
    )
    if access.as_student:
        raise selectors.not_found()
    return actor, submission, access


@router.post("/submissions/{submission_id}/grade", response=SubmissionOut)
def submission_grade(request: HttpRequest, submission_id: int, payload: GradeIn) -> SubmissionOut:
    """Grade or regrade: rubric levels or overall points; the late penalty is applied and
    the grade flows into the gradebook for every member of a team."""
    actor, submission, access = _staff_submission(request, submission_id)
    if payload.points is None and not payload.levels:
        raise AssignmentInvalid(_("Give the points."), field="points")
    services.submission_grade(
        actor=actor,
        access=access,
        submission=submission,
        data=GradeData(points=payload.points, levels=payload.levels, feedback=payload.feedback),
    )
    submission.refresh_from_db()
    return SubmissionOut.from_model(submission)


@router.post("/submissions/{submission_id}/return", response=SubmissionOut)
def submission_return(request: HttpRequest, submission_id: int, payload: ReturnIn) -> SubmissionOut:
    """Return for resubmission (within the resubmissions allowed)."""
    actor, submission, access = _staff_submission(request, submission_id)
    submission = services.submission_return(
        actor=actor, access=access, submission=submission, feedback=payload.comment
    )
    return SubmissionOut.from_model(submission)
