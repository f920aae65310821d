"""Assignment pages (kk/ru/en, phone-first): a student's assignments and the submission
form with its autosaved draft; a course's assignments, the editor, the rubric and teams,
the submissions list, the grading page and the ZIP for teachers. Thin views over
selectors and services; what the actor may not see answers 404 (SEC-2)."""

from __future__ import annotations

import tempfile
import zipfile
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qashyq.assignments import late, permissions, selectors, services
from qashyq.assignments.data import GradeData
from qashyq.assignments.errors import AssignmentInvalid
from qashyq.assignments.forms import AssignmentForm, TeamForm, rubric_from_post
from qashyq.assignments.models import Assignment, FeedbackFile, SubmissionStatus
from qashyq.core.errors import DomainError
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.courses.models import Enrolment
from qashyq.courses.selectors import CourseAccess


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _assignment(request: HttpRequest, assignment_id: int) -> tuple[Assignment, CourseAccess]:
    actor = _actor(request)
    return found_or_404(
        lambda: selectors.assignment_get_for(actor=actor, assignment_id=assignment_id)
    )


def _managed(request: HttpRequest, assignment_id: int) -> tuple[Assignment, CourseAccess]:
    assignment, access = _assignment(request, assignment_id)
    if not permissions.can_manage(access):
        raise Http404
    return assignment, access


def _form_error(form: AssignmentForm | TeamForm, error: DomainError) -> None:
    field = error.extra.get("field")
    form.add_error(
        field if isinstance(field, str) and field in form.fields else None, error.message
    )


# ---------------------------------------------------------------- lists


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    """A student's assignments of all their courses: deadline, status, grade."""
    rows = selectors.my_assignments(actor=_actor(request))
    return render(request, "assignments/my.html", {"rows": rows})


@login_required
def course_assignments(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = _actor(request)
    access = found_or_404(lambda: selectors.course_access_for(actor=actor, course_id=course_id))
    if access.as_student:
        return redirect("assignments:my")
    return render(
        request,
        "assignments/course.html",
        {
            "course": access.course,
            "assignments": selectors.course_assignments(access=access),
            "can_manage": permissions.can_manage(access),
        },
    )


# ---------------------------------------------------------------- editing (teachers)


@login_required
def assignment_create(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = _actor(request)
    access = found_or_404(lambda: selectors.course_access_for(actor=actor, course_id=course_id))
    if not permissions.can_manage(access):
        raise Http404
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                actor=actor, access=access, data=form.assignment_data()
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Assignment created."))
            return redirect("assignments:detail", assignment_id=assignment.pk)
    return render(
        request,
        "assignments/form.html",
        {"form": form, "course": access.course, "title": _("New assignment")},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def assignment_edit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment, access = _managed(request, assignment_id)
    form = AssignmentForm(request.POST or None, initial=AssignmentForm.initial_of(assignment))
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(
                actor=_actor(request),
                access=access,
                assignment=assignment,
                data=form.assignment_data(),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("assignments:detail", assignment_id=assignment.pk)
    return render(
        request,
        "assignments/form.html",
        {"form": form, "course": access.course, "assignment": assignment, "title": _("Edit")},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def assignment_delete(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment, access = _managed(request, assignment_id)
    course_id = assignment.course_id
    services.assignment_delete(actor=_actor(request), access=access, assignment=assignment)
    messages.success(request, _("Assignment removed."))
    return redirect("assignments:course", course_id=course_id)


@login_required
def rubric_edit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The rubric editor: criteria with levels and their points (plain form, no JS)."""
    assignment, access = _managed(request, assignment_id)
    error = ""
    if request.method == "POST":
        title, criteria = rubric_from_post(request.POST)
        try:
            services.rubric_save(
                actor=_actor(request),
                access=access,
                assignment=assignment,
                title=title,
                criteria=criteria,
            )
        except DomainError as e:
            error = e.message
        else:
            messages.success(request, _("Rubric saved."))
            return redirect("assignments:detail", assignment_id=assignment.pk)
    rubric = selectors.rubric_of(assignment=assignment)
    rows = []
    existing = list(rubric.criteria.all()) if rubric else []
    for n in range(max(len(existing) + 2, 4)):
        criterion = existing[n] if n < len(existing) else None
        levels = list(criterion.levels.all()) if criterion else []
        rows.append(
            {
                "n": n,
                "title": criterion.title if criterion else "",
                "levels": [
                    {
                        "m": m,
                        "title": levels[m].title if m < len(levels) else "",
                        "points": levels[m].points if m < len(levels) else "",
                    }
                    for m in range(max(len(levels) + 1, 4))
                ],
            }
        )
    return render(
        request,
        "assignments/rubric.html",
        {"assignment": assignment, "rubric": rubric, "rows": rows, "error": error},
        status=422 if error else 200,
    )


def _course_students(assignment: Assignment) -> list[tuple[int, str]]:
    enrolments = (
        Enrolment.objects.filter(course_id=assignment.course_id, is_active=True)
        .select_related("student__user")
        .order_by("student__user__last_name", "student__user__first_name")
    )
    return [(e.student_id, e.student.user.get_full_name()) for e in enrolments]


@login_required
def teams(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Teams of a group assignment: add a team with its members, remove one."""
    assignment, access = _managed(request, assignment_id)
    form = TeamForm(request.POST or None, students=_course_students(assignment))
    if request.method == "POST":
        if "delete" in request.POST:
            team = next(
                (
                    t
                    for t in selectors.teams_of(assignment=assignment)
                    if str(t.pk) == request.POST["delete"]
                ),
                None,
            )
            if team is None:
                raise Http404
            try:
                services.team_delete(actor=_actor(request), access=access, team=team)
            except DomainError as error:
                messages.error(request, error.message)
            return redirect("assignments:teams", assignment_id=assignment.pk)
        if form.is_valid():
            try:
                services.team_save(
                    actor=_actor(request),
                    access=access,
                    assignment=assignment,
                    name=form.cleaned_data["name"],
                    student_ids=form.cleaned_data["members"],
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Team saved."))
                return redirect("assignments:teams", assignment_id=assignment.pk)
    return render(
        request,
        "assignments/teams.html",
        {
            "assignment": assignment,
            "teams": selectors.teams_of(assignment=assignment),
            "form": form,
        },
    )


# ---------------------------------------------------------------- the assignment page


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """For a student: the task, the submission form with the draft, the handed-in files,
    the grade and feedback. For staff: the task with links to its submissions."""
    assignment, access = _assignment(request, assignment_id)
    actor = _actor(request)
    context: dict[str, object] = {
        "assignment": assignment,
        "course": access.course,
        "rubric": selectors.rubric_of(assignment=assignment),
        "can_manage": permissions.can_manage(access),
        "as_student": access.as_student,
        "closes_at": late.closes_at(
            due_at=assignment.due_at,
            cutoff_at=assignment.cutoff_at,
            accept_late=assignment.accept_late,
        ),
    }
    if access.as_student and actor.student_id is not None:
        submission = selectors.current_submission(
            assignment=assignment, student_id=actor.student_id
        )
        grade = selectors.latest_grade(submission=submission) if submission else None
        previous = None
        if submission is not None and submission.attempt > 1 and grade is None:
            older = selectors.attempts_of(assignment=assignment, student_id=actor.student_id)
            previous = older[-2] if len(older) > 1 else None
        context.update(
            {
                "submission": submission,
                "grade": grade,
                "previous": previous,
                "team": selectors.team_of(assignment=assignment, student_id=actor.student_id)
                if assignment.is_group
                else None,
                "can_resubmit": submission is not None
                and submission.status == SubmissionStatus.RETURNED
                and submission.attempt < assignment.max_attempts,
            }
        )
    return render(request, "assignments/detail.html", context)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def draft_save(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The autosave endpoint of the page's script (JSON), also a plain "save" button."""
    assignment, _access = _assignment(request, assignment_id)
    try:
        submission = services.draft_save(
            actor=_actor(request), assignment=assignment, text=request.POST.get("text", "")
        )
    except DomainError as error:
        if _wants_json(request):
            return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
        messages.error(request, error.message)
    else:
        if _wants_json(request):
            saved = submission.draft_saved_at
            return JsonResponse(
                {"saved_at": saved.isoformat() if saved else None, "attempt": submission.attempt}
            )
        messages.success(request, _("Draft saved."))
    return redirect("assignments:detail", assignment_id=assignment.pk)


@login_required
@require_POST
def file_upload(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment, _access = _assignment(request, assignment_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        try:
            services.file_add(actor=_actor(request), assignment=assignment, upload=upload)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("File added to your draft."))
    return redirect("assignments:detail", assignment_id=assignment.pk)


@login_required
@require_POST
def file_remove(request: HttpRequest, assignment_id: int, file_id: int) -> HttpResponse:
    assignment, _access = _assignment(request, assignment_id)
    try:
        services.file_remove(actor=_actor(request), assignment=assignment, file_id=file_id)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assignments:detail", assignment_id=assignment.pk)


@login_required
@require_POST
def submit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Hand in (an explicit confirmation; pressing it twice is harmless)."""
    assignment, _access = _assignment(request, assignment_id)
    text = request.POST.get("text") if "text" in request.POST else None
    try:
        services.submission_submit(actor=_actor(request), assignment=assignment, text=text)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your work is handed in."))
    return redirect("assignments:detail", assignment_id=assignment.pk)


@login_required
def submission_file(request: HttpRequest, file_id: int) -> FileResponse:
    actor = _actor(request)
    item = found_or_404(lambda: selectors.submission_file_get_for(actor=actor, file_id=file_id))
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=item.name)


@login_required
def feedback_file(request: HttpRequest, file_id: int) -> FileResponse:
    actor = _actor(request)
    item = FeedbackFile.objects.filter(pk=file_id).first()
    if item is None:
        raise Http404
    found_or_404(
        lambda: selectors.submission_get_for(actor=actor, submission_id=item.submission_id)
    )
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=item.name)


# ---------------------------------------------------------------- submissions and grading


@login_required
def submissions(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Every student (or team) with status, lateness and grade; filter by status."""
    assignment, access = _assignment(request, assignment_id)
    if access.as_student or not permissions.can_read_all(access):
        raise Http404
    status = request.GET.get("status", "")
    rows = selectors.submission_rows(assignment=assignment, status=status)
    return render(
        request,
        "assignments/submissions.html",
        {
            "assignment": assignment,
            "rows": rows,
            "status": status,
            "filters": selectors.STATUS_FILTERS,
            "can_grade": permissions.can_grade(access),
        },
    )


def _grade_data(request: HttpRequest, has_rubric: bool) -> GradeData:
    levels: dict[int, int] = {}
    if has_rubric:
        for key in request.POST:
            value = request.POST.get(key, "")
            if key.startswith("criterion-") and value:
                try:
                    levels[int(key.removeprefix("criterion-"))] = int(value)
                except ValueError:
                    continue
    raw = request.POST.get("points", "").strip().replace(",", ".")
    points = None
    if raw and not levels:
        try:
            points = Decimal(raw)
        except InvalidOperation:
            raise AssignmentInvalid(_("Points must be a number."), field="points") from None
    return GradeData(points=points, levels=levels, feedback=request.POST.get("feedback", ""))


@login_required
def grading(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The grading page of one submission: rubric levels (clicked → points), overall
    points, the late penalty by the policy, feedback with files, return for resubmission."""
    actor = _actor(request)
    submission, assignment, access = found_or_404(
        lambda: selectors.submission_get_for(actor=actor, submission_id=submission_id)
    )
    if access.as_student:
        raise Http404
    rubric = selectors.rubric_of(assignment=assignment)
    error = ""
    if request.method == "POST":
        if not permissions.can_grade(access):
            raise Http404
        try:
            if request.POST.get("action") == "return":
                services.submission_return(
                    actor=actor,
                    access=access,
                    submission=submission,
                    feedback=request.POST.get("feedback", ""),
                )
                messages.success(request, _("Returned for resubmission."))
            else:
                services.submission_grade(
                    actor=actor,
                    access=access,
                    submission=submission,
                    data=_grade_data(request, rubric is not None),
                )
                for upload in request.FILES.getlist("files"):
                    services.feedback_file_add(
                        actor=actor, access=access, submission=submission, upload=upload
                    )
                messages.success(request, _("Grade saved."))
        except DomainError as e:
            error = e.message
        else:
            return redirect("assignments:grading", submission_id=submission.pk)
    grade = selectors.latest_grade(submission=submission)
    chosen = {s.criterion_id: s.level_id for s in grade.scores.all()} if grade else {}
    return render(
        request,
        "assignments/grading.html",
        {
            "submission": submission,
            "assignment": assignment,
            "rubric": rubric,
            "grade": grade,
            "chosen": chosen,
            "history": selectors.grade_history(submission=submission),
            "members": selectors.submission_members(submission=submission),
            "penalty": services.penalty_for(assignment=assignment, submission=submission),
            "late_days": late.late_days(submission.late_seconds),
            "can_grade": permissions.can_grade(access),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
def submissions_zip(request: HttpRequest, assignment_id: int) -> FileResponse:
    """Every latest handed-in work as one ZIP: a folder per student or team with the
    typed text (text.html) and the files."""
    assignment, access = _assignment(request, assignment_id)
    if access.as_student or not permissions.can_read_all(access):
        raise Http404
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - handed to the response
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for submission in selectors.submissions_for_zip(assignment=assignment):
            if submission.team is not None:
                owner = f"team-{submission.team.pk}-{submission.team.name}"
            else:
                user = submission.student.user if submission.student else None
                owner = (
                    f"{user.last_name}_{user.first_name}_{submission.student_id}" if user else "-"
                )
            folder = f"{get_valid_filename(owner) or submission.pk}/attempt-{submission.attempt}"
            if submission.text:
                archive.writestr(f"{folder}/text.html", submission.text)
            for item in submission.files.all():
                try:
                    with item.file.open("rb") as handle:
                        archive.writestr(
                            f"{folder}/{item.pk}-{get_valid_filename(item.name) or 'file'}",
                            handle.read(),
                        )
                except (FileNotFoundError, OSError):
                    continue
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"assignment-{assignment.pk}-submissions.zip"
    )
