"""Writes of assignments (the only place their state changes).

Nothing a student writes is lost (SEC-5): the text is saved as a draft while they write,
a file is stored the moment it is uploaded, and handing in is an explicit, idempotent
step; a rejected file or a late attempt leaves the draft as it was. Every grade change
flows into the gradebook (contract 2) for every member of a team, inside the same
transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from qashyq.assignments import late, permissions, selectors
from qashyq.assignments.data import AssignmentData, CriterionData, GradeData
from qashyq.assignments.errors import (
    AssignmentForbidden,
    AssignmentInvalid,
    FileRejected,
    NoTeam,
    SubmissionClosed,
)
from qashyq.assignments.extract import extract_text
from qashyq.assignments.models import (
    Assignment,
    CriterionScore,
    FeedbackFile,
    Grade,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    SubmissionFile,
    SubmissionKind,
    SubmissionStatus,
    Team,
    TeamMember,
)
from qashyq.core.scope import ActorScope
from qashyq.courses.models import Enrolment
from qashyq.courses.sanitize import html_sanitize
from qashyq.courses.selectors import CourseAccess
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record
from qashyq.gradebook import services as gradebook_services
from qashyq.gradebook.models import Control

SOURCE = "assignment"
MAX_TEXT = 200_000  # characters of typed text
MB = 1024 * 1024
FEEDBACK_MAX_MB = 50


def _forbidden() -> AssignmentForbidden:
    return AssignmentForbidden(_("You may not change this assignment."))


def _require_manage(access: CourseAccess) -> None:
    if not permissions.can_manage(access):
        raise _forbidden()


# ---------------------------------------------------------------- assignments (LMS-1)


def _validate(data: AssignmentData) -> None:
    def bad(field: str, message: str) -> AssignmentInvalid:
        return AssignmentInvalid(message, field=field)

    if not data.title.strip():
        raise bad("title", _("Give the assignment a title."))
    if data.control not in Control.values:
        raise bad("control", _("Choose a control."))
    if data.submission_kind not in SubmissionKind.values:
        raise bad("submission_kind", _("Choose what students hand in."))
    if data.max_points <= 0:
        raise bad("max_points", _("The maximum points must be above zero."))
    if data.opens_at is not None and data.opens_at >= data.due_at:
        raise bad("opens_at", _("The assignment must open before its deadline."))
    if data.cutoff_at is not None and data.cutoff_at < data.due_at:
        raise bad("cutoff_at", _("The cut-off cannot be before the deadline."))
    if not Decimal(0) <= data.late_penalty_percent <= Decimal(100):
        raise bad("late_penalty_percent", _("A percentage is between 0 and 100."))
    if not Decimal(0) <= data.late_penalty_max <= Decimal(100):
        raise bad("late_penalty_max", _("A percentage is between 0 and 100."))
    if not 1 <= data.max_file_mb <= 500:
        raise bad("max_file_mb", _("A file may be from 1 to 500 MB."))
    if not 0 <= data.max_files <= 50:
        raise bad("max_files", _("From 0 to 50 files."))
    if not 0 <= data.resubmissions <= 20:
        raise bad("resubmissions", _("From 0 to 20 resubmissions."))


def _fields(data: AssignmentData) -> dict[str, object]:
    extensions = ",".join(
        dict.fromkeys(
            e.strip().lstrip(".").lower() for e in data.allowed_extensions.split(",") if e.strip()
        )
    )
    return {
        "title": data.title.strip(),
        "instructions": html_sanitize(data.instructions),
        "control": data.control,
        "max_points": data.max_points,
        "opens_at": data.opens_at,
        "due_at": data.due_at,
        "cutoff_at": data.cutoff_at,
        "accept_late": data.accept_late,
        "late_penalty_percent": data.late_penalty_percent,
        "late_penalty_max": data.late_penalty_max,
        "submission_kind": data.submission_kind,
        "max_files": data.max_files,
        "max_file_mb": data.max_file_mb,
        "allowed_extensions": extensions,
        "resubmissions": data.resubmissions,
        "is_group": data.is_group,
        "is_published": data.is_published,
    }


def _item_sync(assignment: Assignment) -> None:
    gradebook_services.grade_source_item_sync(
        course_id=assignment.course_id,
        source=SOURCE,
        source_id=assignment.pk,
        title=assignment.title,
        control=assignment.control,
        max_points=assignment.max_points,
    )


@transaction.atomic
def assignment_create(
    *, actor: ActorScope, access: CourseAccess, data: AssignmentData
) -> Assignment:
    """Create an assignment and its column in the gradebook (contract 2)."""
    _require_manage(access)
    _validate(data)
    assignment = Assignment.objects.create(
        course_id=access.course.pk,
        created_by_id=actor.user_id,
        **_fields(data),
    )
    _item_sync(assignment)
    return assignment


@transaction.atomic
def assignment_update(
    *, actor: ActorScope, access: CourseAccess, assignment: Assignment, data: AssignmentData
) -> Assignment:
    """Change an assignment; its gradebook column follows (title, control, maximum)."""
    _require_manage(access)
    _validate(data)
    if (
        assignment.is_group != data.is_group
        and Submission.objects.filter(assignment_id=assignment.pk).exists()
    ):
        raise AssignmentInvalid(
            _("Group work cannot be switched on or off once students have started."),
            field="is_group",
        )
    for name, value in _fields(data).items():
        setattr(assignment, name, value)
    assignment.save()
    _item_sync(assignment)
    return assignment


@transaction.atomic
def assignment_delete(*, actor: ActorScope, access: CourseAccess, assignment: Assignment) -> None:
    """Remove an assignment; the gradebook keeps the grades already given (contract 2)."""
    _require_manage(access)
    pk = assignment.pk
    assignment.delete()
    gradebook_services.grade_source_item_remove(source=SOURCE, source_id=pk)


# ---------------------------------------------------------------- rubric


@transaction.atomic
def rubric_save(
    *,
    actor: ActorScope,
    access: CourseAccess,
    assignment: Assignment,
    title: str,
    criteria: Sequence[CriterionData],
) -> Rubric | None:
    """Replace the rubric's criteria and levels (none: no rubric). A rubric already used
    in a grade is not changed, so earlier grades keep their meaning."""
    _require_manage(access)
    rubric = Rubric.objects.filter(assignment_id=assignment.pk).first()
    if (
        rubric is not None
        and CriterionScore.objects.filter(criterion__rubric_id=rubric.pk).exists()
    ):
        raise AssignmentInvalid(
            _("This rubric is already used in grades and can no longer be changed."),
            field="rubric",
        )
    kept = [c for c in criteria if c.title.strip()]
    for criterion in kept:
        levels = [lv for lv in criterion.levels if lv.title.strip()]
        if not levels:
            raise AssignmentInvalid(
                _("Criterion “%(title)s” needs at least one level.") % {"title": criterion.title},
                field="rubric",
            )
        if any(lv.points < 0 for lv in levels):
            raise AssignmentInvalid(_("Points cannot be negative."), field="rubric")
    total = sum((max(lv.points for lv in c.levels if lv.title.strip()) for c in kept), Decimal(0))
    if kept and total > assignment.max_points:
        raise AssignmentInvalid(
            _("The rubric gives up to %(total)s points, more than the assignment's %(max)s.")
            % {"total": total, "max": assignment.max_points},
            field="rubric",
        )
    if rubric is not None:
        rubric.delete()
    if not kept:
        return None
    rubric = Rubric.objects.create(assignment=assignment, title=title.strip()[:200])
    for position, criterion in enumerate(kept):
        row = RubricCriterion.objects.create(
            rubric=rubric, title=criterion.title.strip()[:300], position=position
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(criterion=row, title=lv.title.strip()[:300], points=lv.points, position=i)
            for i, lv in enumerate(lv for lv in criterion.levels if lv.title.strip())
        )
    return rubric


# ---------------------------------------------------------------- teams (LMS-5)


@transaction.atomic
def team_save(
    *,
    actor: ActorScope,
    access: CourseAccess,
    assignment: Assignment,
    name: str,
    student_ids: Sequence[int],
    team: Team | None = None,
) -> Team:
    """Create a team (or change one) of the course's enrolled students; a student moves
    from their previous team of this assignment."""
    _require_manage(access)
    if not assignment.is_group:
        raise AssignmentInvalid(_("This is not a group assignment."), field="name")
    name = name.strip()[:100]
    if not name:
        raise AssignmentInvalid(_("Give the team a name."), field="name")
    enrolled = set(
        Enrolment.objects.filter(
            course_id=assignment.course_id, is_active=True, student_id__in=list(student_ids)
        ).values_list("student_id", flat=True)
    )
    if enrolled != set(student_ids):
        raise AssignmentInvalid(_("Only students of the course can be in a team."), field="members")
    if (
        Team.objects.filter(assignment=assignment, name=name)
        .exclude(pk=team.pk if team else 0)
        .exists()
    ):
        raise AssignmentInvalid(_("A team with this name already exists."), field="name")
    if team is None:
        team = Team.objects.create(assignment=assignment, name=name)
    else:
        team.name = name
        team.save(update_fields=["name"])
    TeamMember.objects.filter(assignment=assignment, student_id__in=sorted(enrolled)).delete()
    TeamMember.objects.filter(team=team).exclude(student_id__in=sorted(enrolled)).delete()
    TeamMember.objects.bulk_create(
        TeamMember(assignment=assignment, team=team, student_id=s) for s in sorted(enrolled)
    )
    return team


@transaction.atomic
def team_delete(*, actor: ActorScope, access: CourseAccess, team: Team) -> None:
    _require_manage(access)
    if Submission.objects.filter(team=team).exists():
        raise AssignmentInvalid(_("This team has already started; it cannot be removed."))
    team.delete()


# ---------------------------------------------------------------- the student's work


def _check_open(assignment: Assignment, now: dt.datetime) -> None:
    if assignment.opens_at is not None and now < assignment.opens_at:
        raise SubmissionClosed(_("This assignment is not open yet."))
    if late.is_closed(
        now=now,
        due_at=assignment.due_at,
        cutoff_at=assignment.cutoff_at,
        accept_late=assignment.accept_late,
    ):
        raise SubmissionClosed(
            _("The time to hand in this assignment is over; your draft is kept.")
        )


def _owner(actor: ActorScope, assignment: Assignment) -> dict[str, int]:
    if actor.student_id is None:
        raise _forbidden()
    if not assignment.is_group:
        return {"student_id": actor.student_id}
    team = selectors.team_of(assignment=assignment, student_id=actor.student_id)
    if team is None:
        raise NoTeam(_("You are not in a team for this assignment yet; ask your teacher."))
    return {"team_id": team.pk}


def _draft(actor: ActorScope, assignment: Assignment, *, create: bool = True) -> Submission:
    """The owner's current draft, locked; a new one (or the next attempt after a return)
    when there is none."""
    owner = _owner(actor, assignment)
    current = (
        Submission.objects.select_for_update()
        .filter(assignment_id=assignment.pk, **owner)
        .order_by("-attempt")
        .first()
    )
    if current is not None and current.status == SubmissionStatus.DRAFT:
        return current
    if current is not None and current.status != SubmissionStatus.RETURNED:
        raise SubmissionClosed(_("Your work is already handed in."))
    attempt = 1 if current is None else current.attempt + 1
    if attempt > assignment.max_attempts:
        raise SubmissionClosed(_("No more resubmissions are allowed."))
    if not create:
        raise SubmissionClosed(_("There is no draft."))
    try:
        with transaction.atomic():
            return Submission.objects.create(
                assignment=assignment,
                attempt=attempt,
                text=current.text if current else "",
                **owner,
            )
    except IntegrityError:  # the same draft made at once by another request (a team mate)
        return Submission.objects.select_for_update().get(
            assignment_id=assignment.pk, attempt=attempt, **owner
        )


def _clean_text(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise AssignmentInvalid(
            _("The text is too long: at most %(max)s characters.") % {"max": MAX_TEXT},
            field="text",
        )
    return html_sanitize(text)


@transaction.atomic
def draft_save(
    *, actor: ActorScope, assignment: Assignment, text: str, now: dt.datetime | None = None
) -> Submission:
    """Autosave of the text while the student writes (SEC-5). The same text twice is
    harmless."""
    now = now or timezone.now()
    if not assignment.takes_text:
        raise AssignmentInvalid(_("This assignment takes files only."), field="text")
    _check_open(assignment, now)
    submission = _draft(actor, assignment)
    clean = _clean_text(text)
    if clean != submission.text or submission.draft_saved_at is None:
        submission.text = clean
        submission.draft_saved_at = now
        submission.save(update_fields=["text", "draft_saved_at", "updated_at"])
    return submission


def _sniff_ok(extension: str, upload: UploadedFile) -> bool:
    """A renamed file is refused: a PDF starts with %PDF-, Office files are ZIP packages."""
    upload.seek(0)
    head = bytes(upload.read(8))
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in {"docx", "pptx", "xlsx", "odt", "zip"}:
        return head.startswith(b"PK\x03\x04")
    if extension == "png":
        return head.startswith(b"\x89PNG")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    return extension not in {"exe", "bat", "cmd", "js", "html", "htm", "svg"}


@transaction.atomic
def file_add(
    *,
    actor: ActorScope,
    assignment: Assignment,
    upload: UploadedFile,
    now: dt.datetime | None = None,
) -> SubmissionFile:
    """Store an uploaded file in the draft at once (SEC-5), with its sha256 and its
    extracted text (AI-2). Too big, a type not allowed or one too many: a translated
    error, and the draft is as it was."""
    now = now or timezone.now()
    if not assignment.takes_files:
        raise FileRejected(_("This assignment takes text only."))
    _check_open(assignment, now)
    submission = _draft(actor, assignment)
    original = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    allowed = assignment.extensions
    if extension not in allowed:
        raise FileRejected(
            _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s.")
            % {"ext": extension or "—", "allowed": ", ".join(allowed)}
        )
    size = upload.size or 0
    if size > assignment.max_file_mb * MB:
        raise FileRejected(
            _("“%(name)s” is too big: at most %(max)s MB per file.")
            % {"name": original, "max": assignment.max_file_mb}
        )
    if size == 0:
        raise FileRejected(_("“%(name)s” is empty.") % {"name": original})
    if submission.files.count() >= assignment.max_files:
        raise FileRejected(
            _("At most %(max)s files; remove one before adding another.")
            % {"max": assignment.max_files}
        )
    if not _sniff_ok(extension, upload):
        raise FileRejected(
            _("“%(name)s” is not a real %(ext)s file.") % {"name": original, "ext": extension}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    text = extract_text(extension=extension, stream=upload.file) if upload.file else ""
    item = SubmissionFile(
        submission=submission,
        name=original,
        size=size,
        sha256=digest.hexdigest(),
        mime_type=mimetypes.guess_type(original)[0] or "application/octet-stream",
        text=text,
        uploaded_by_id=actor.user_id,
    )
    stored = f"{uuid.uuid4().hex[:12]}-{get_valid_filename(original) or 'file'}"[:150]
    item.file.save(stored, upload, save=False)
    item.save()
    submission.draft_saved_at = now
    submission.save(update_fields=["draft_saved_at", "updated_at"])
    return item


@transaction.atomic
def file_remove(*, actor: ActorScope, assignment: Assignment, file_id: int) -> None:
    """Take a file out of the draft (a handed-in work's files stay)."""
    submission = _draft(actor, assignment, create=False)
    item = SubmissionFile.objects.filter(pk=file_id, submission=submission).first()
    if item is None:
        raise selectors.not_found()
    name = item.file.name
    storage = item.file.storage
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def submission_submit(
    *,
    actor: ActorScope,
    assignment: Assignment,
    text: str | None = None,
    now: dt.datetime | None = None,
) -> Submission:
    """Hand in the draft (an explicit confirmation). Idempotent: handing in what is
    already handed in returns it unchanged. Late work is stamped with how late it is
    (FP-2); after the cut-off it is refused and the draft is kept."""
    now = now or timezone.now()
    owner = _owner(actor, assignment)
    current = (
        Submission.objects.select_for_update()
        .filter(assignment_id=assignment.pk, **owner)
        .order_by("-attempt")
        .first()
    )
    if current is not None and current.status in (
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.GRADED,
    ):
        return current  # submitting twice is harmless
    _check_open(assignment, now)
    submission = _draft(actor, assignment)
    if text is not None and assignment.takes_text:
        submission.text = _clean_text(text)
    has_text = bool(selectors.html_to_text(submission.text))
    has_files = submission.files.exists()
    if not has_text and not has_files:
        raise AssignmentInvalid(_("There is nothing to hand in yet."), field="text")
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.submitted_by_id = actor.user_id
    submission.late_seconds = late.late_seconds(due_at=assignment.due_at, submitted_at=now)
    submission.save()
    footprint_record(
        action=Action(
            actor_id=actor.user_id,
            verb=Verb.SUBMITTED,
            object_type=ActivityType.ASSIGNMENT,
            object_id=str(assignment.pk),
            object_name=assignment.title,
            course_id=assignment.course_id,
            occurred_at=now,
            result={"attempt": submission.attempt, "late_seconds": submission.late_seconds},
            context={"submission_id": submission.pk, "team_id": submission.team_id},
        )
    )
    return submission


# ---------------------------------------------------------------- grading


def penalty_for(*, assignment: Assignment, submission: Submission) -> Decimal:
    """The late penalty in percent that the policy gives this submission."""
    return late.penalty_percent(
        seconds=submission.late_seconds,
        percent_per_day=assignment.late_penalty_percent,
        max_percent=assignment.late_penalty_max,
    )


def _rubric_points(
    assignment: Assignment, levels: dict[int, int]
) -> tuple[Decimal, list[tuple[RubricCriterion, RubricLevel]]]:
    rubric = selectors.rubric_of(assignment=assignment)
    if rubric is None:
        raise AssignmentInvalid(_("This assignment has no rubric."), field="points")
    chosen = []
    for criterion in rubric.criteria.all():
        level_id = levels.get(criterion.pk)
        level = next((lv for lv in criterion.levels.all() if lv.pk == level_id), None)
        if level is None:
            raise AssignmentInvalid(
                _("Choose a level for “%(title)s”.") % {"title": criterion.title},
                field="rubric",
            )
        chosen.append((criterion, level))
    return sum((lv.points for _c, lv in chosen), Decimal(0)), chosen


@transaction.atomic
def submission_grade(
    *,
    actor: ActorScope,
    access: CourseAccess,
    submission: Submission,
    data: GradeData,
    now: dt.datetime | None = None,
) -> Grade:
    """Grade (or regrade) a handed-in work: by rubric levels or overall points, less the
    late penalty of the policy. Every member of a team gets the grade; the gradebook
    gets it for each of them (contract 2). A regrade adds a row to the history."""
    if not permissions.can_grade(access):
        raise _forbidden()
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    assignment = Assignment.objects.get(pk=submission.assignment_id)
    if submission.status == SubmissionStatus.DRAFT:
        raise AssignmentInvalid(_("This work has not been handed in."), field="points")
    chosen: list[tuple[RubricCriterion, RubricLevel]] = []
    if data.levels:
        points, chosen = _rubric_points(assignment, data.levels)
    elif data.points is not None:
        points = Decimal(data.points).quantize(late.CENT)
    else:
        raise AssignmentInvalid(_("Give the points."), field="points")
    if not Decimal(0) <= points <= assignment.max_points:
        raise AssignmentInvalid(
            _("Points are from 0 to %(max)s.") % {"max": assignment.max_points}, field="points"
        )
    penalty = penalty_for(assignment=assignment, submission=submission)
    final = late.final_points(points=points, penalty=penalty)
    grade = Grade.objects.create(
        submission=submission,
        points=points,
        penalty_percent=penalty,
        final_points=final,
        feedback=html_sanitize(data.feedback),
        graded_by_id=actor.user_id,
        graded_at=now,
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(grade=grade, criterion=c, level=lv, points=lv.points) for c, lv in chosen
    )
    submission.status = SubmissionStatus.GRADED
    submission.save(update_fields=["status", "updated_at"])
    members = selectors.submission_members(submission=submission)
    for student_id in members:
        gradebook_services.grade_source_record(
            course_id=assignment.course_id,
            student_id=student_id,
            source=SOURCE,
            source_id=assignment.pk,
            title=assignment.title,
            control=assignment.control,
            points=final,
            max_points=assignment.max_points,
            by_user_id=actor.user_id,
            reason=_("Assignment graded"),
        )
    footprint_record(
        action=Action(
            actor_id=actor.user_id,
            verb=Verb.GRADED,
            object_type=ActivityType.ASSIGNMENT,
            object_id=str(assignment.pk),
            object_name=assignment.title,
            course_id=assignment.course_id,
            occurred_at=now,
            result={
                "points": str(points),
                "penalty_percent": str(penalty),
                "final_points": str(final),
                "max_points": str(assignment.max_points),
            },
            context={"submission_id": submission.pk, "student_ids": members},
        )
    )
    return grade


@transaction.atomic
def submission_return(
    *, actor: ActorScope, access: CourseAccess, submission: Submission, feedback: str = ""
) -> Submission:
    """Return a handed-in work for resubmission: the student gets a new attempt (with
    their text to start from), within the number of resubmissions allowed."""
    if not permissions.can_grade(access):
        raise _forbidden()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    assignment = Assignment.objects.get(pk=submission.assignment_id)
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.GRADED):
        raise AssignmentInvalid(_("Only a handed-in work can be returned."))
    if submission.attempt >= assignment.max_attempts:
        raise AssignmentInvalid(_("No resubmissions are left for this work."))
    submission.status = SubmissionStatus.RETURNED
    submission.return_comment = html_sanitize(feedback)
    submission.save(update_fields=["status", "return_comment", "updated_at"])
    return submission


@transaction.atomic
def feedback_file_add(
    *, actor: ActorScope, access: CourseAccess, submission: Submission, upload: UploadedFile
) -> FeedbackFile:
    """Attach a file to the feedback of a submission."""
    if not permissions.can_grade(access):
        raise _forbidden()
    original = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    size = upload.size or 0
    if size > FEEDBACK_MAX_MB * MB:
        raise FileRejected(
            _("“%(name)s” is too big: at most %(max)s MB per file.")
            % {"name": original, "max": FEEDBACK_MAX_MB}
        )
    item = FeedbackFile(
        submission=submission, name=original, size=size, uploaded_by_id=actor.user_id
    )
    stored = f"{uuid.uuid4().hex[:12]}-{get_valid_filename(original) or 'file'}"[:150]
    item.file.save(stored, upload, save=False)
    item.save()
    return item
