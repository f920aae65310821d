"""Pages of the gradebook (SIS-1): the teacher's e-journal with quick keyboard entry,
the item setup, a student's grades and history, the statement, FX retakes, the student's
own grades and GPA, the transcript (HTML and PDF in kk/ru/en), the dean's office summary
and the XLSX export. Permissions are the API's (SEC-2): not yours → 404."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from qashyq.core.cache import cached, generation
from qashyq.core.errors import DomainError
from qashyq.core.http import gzip_fast
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.courses.models import CourseStaff, Enrolment
from qashyq.gradebook import selectors, services
from qashyq.gradebook.documents import TRANSCRIPT_LANGUAGES, journal_xlsx, transcript_pdf
from qashyq.gradebook.errors import GradeInvalid
from qashyq.gradebook.formula import Result, preset_scale
from qashyq.gradebook.journal_html import journal_table, mark_letters, number, result_cells
from qashyq.gradebook.models import AdmissionRule, Control, Mark
from qashyq.gradebook.permissions import GradebookAccess


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _rights(request: HttpRequest, course_id: int) -> GradebookAccess:
    actor = _actor(request)
    return found_or_404(lambda: selectors.gradebook_access(actor=actor, course_id=course_id))


def verdict_text(result: Result) -> str:
    """The admission verdict with the clause it applied (GRD-4)."""
    if result.admission_clause == "GRD-4.each-midterm":
        rule = _("each midterm rating ≥ threshold")
    else:
        rule = _("admission rating ≥ threshold")
    if result.admitted:
        return _("Admitted to the exam (GRD-4: %(rule)s).") % {"rule": rule}
    return _("Not admitted to the exam (GRD-4: %(rule)s).") % {"rule": rule}


def clause_text(clause: str) -> str:
    texts = {
        "GRD-3": _("GRD-3: final = weights × admission rating and exam"),
        "GRD-4.combined": _("GRD-4: not admitted, the combined rating is below the threshold"),
        "GRD-4.each-midterm": _("GRD-4: not admitted, a midterm rating is below the threshold"),
        "GRD-4.exam-minimum": _("GRD-4: the exam is below the minimum exam score"),
        "GRD-5.retake": _("GRD-5: after an exam retake"),
        "GRD-5.retakes-exhausted": _(
            "GRD-5: no exam retakes left; the discipline is registered again"
        ),
    }
    return texts.get(clause, clause)


def _formula_lines(rights: GradebookAccess) -> dict[str, Any]:
    course = rights.access.course
    scale, policy, weights = selectors.course_rules(course)
    threshold = (
        weights.admission_threshold
        if weights.admission_threshold is not None
        else policy.admission_threshold
    )
    minimum = weights.exam_minimum if weights.exam_minimum is not None else policy.exam_minimum
    cs = weights.current_share
    return {
        "rk": _("Rk = %(c)s × current control of half k + %(m)s × midterm k")
        % {"c": number(cs), "m": number(1 - cs)},
        "admission": _("Admission rating = %(r1)s × R1 + %(r2)s × R2")
        % {"r1": number(weights.r1_share), "r2": number(1 - weights.r1_share)},
        "final": _("Final = %(wa)s × admission rating + %(we)s × exam (GRD-3)")
        % {"wa": number(policy.weight_admission), "we": number(policy.weight_exam)},
        "threshold": (
            _("Admission: each midterm rating ≥ %(t)s%% (GRD-4)")
            if policy.admission_rule == AdmissionRule.EACH_MIDTERM
            else _("Admission: admission rating ≥ %(t)s%% (GRD-4)")
        )
        % {"t": number(threshold)},
        "minimum": _("Minimum exam score: %(m)s%%") % {"m": number(minimum)}
        if minimum is not None
        else "",
        "scale": scale,
    }


# ---------------------------------------------------------------- home: my grades


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """A student's courses with their ratings and GPA; a teacher's courses; a link to the
    summary for the dean's office."""
    actor = _actor(request)
    context: dict[str, Any] = {"teaching": [], "courses": [], "transcript": None}
    if actor.student_id is not None:
        student = found_or_404(
            lambda: selectors.student_for(actor=actor, student_id=actor.student_id or 0)
        )
        rows = []
        for course in selectors.student_courses(student_id=student.pk):
            journal = selectors.course_journal(course=course, student_ids=[student.pk])
            if journal.rows:
                rows.append((course, journal.rows[0]))
        context["courses"] = rows
        context["transcript"] = selectors.student_transcript(student=student)
        context["student"] = student
    if actor.staff_id is not None:
        context["teaching"] = list(
            CourseStaff.objects.filter(staff_id=actor.staff_id)
            .select_related("course__discipline", "course__period")
            .order_by("-course__period__starts_on", "course__code")
        )
    context["summary"] = selectors.summary_scope(actor) is not None
    return render(request, "gradebook/index.html", context)


# ---------------------------------------------------------------- the course: journal or own


def _enrolment_stamp(course_id: int) -> str:
    found = Enrolment.objects.filter(course_id=course_id).aggregate(
        n=Count("pk"), active=Count("pk", filter=Q(is_active=True)), last=Max("updated_at")
    )
    last = found["last"].timestamp() if found["last"] else 0
    return f"{found['n']}.{found['active']}.{last}"


@gzip_fast
@login_required
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    """The e-journal (teachers, assistants, tutors, the dean's office) or the student's
    own grades in the course.

    The grid is cached per course and language until a grade, an item, the weights, the
    policy, a person or the enrolments change (ADR 0014)."""
    rights = _rights(request, course_id)
    course = rights.access.course
    if not rights.read_journal:
        return _own(request, rights)
    language = translation.get_language() or "kk"
    key = ":".join(
        [
            "gradebook:journal",
            str(course.pk),
            language,
            generation(
                selectors.course_generation(course.pk), "people", selectors.POLICY_GENERATION
            ),
            _enrolment_stamp(course.pk),
        ]
    )

    def render_grid() -> dict[str, Any]:
        journal = selectors.course_journal(course=course)
        return {
            "table": journal_table(journal),
            "students": len(journal.rows),
            "items": len(journal.items),
            "locked": journal.locked,
            "not_admitted": sum(1 for r in journal.rows if not r.result.admitted),
        }

    grid = cached(key, render_grid, local=True)
    return render(
        request,
        "gradebook/journal.html",
        {
            "course": course,
            "rights": rights,
            "table": mark_safe(grid["table"]),  # noqa: S308 - built by journal_table, escaped
            "students": grid["students"],
            "items": grid["items"],
            "locked": grid["locked"],
            "not_admitted": grid["not_admitted"],
            "formula": _formula_lines(rights),
            "marks": mark_letters(),
            "editable": rights.enter and not grid["locked"],
        },
    )


def _own(request: HttpRequest, rights: GradebookAccess) -> HttpResponse:
    course = rights.access.course
    student_id = rights.access.actor.student_id or 0
    journal = selectors.course_journal(course=course, student_ids=[student_id])
    if not journal.rows:
        raise Http404
    row = journal.rows[0]
    letters = mark_letters()
    controls = dict(Control.choices)
    items = [
        (item, letters[mark] if mark else number(points), controls.get(item.control, ""))
        for item, (points, mark) in zip(journal.items, row.cells, strict=True)
    ]
    return render(
        request,
        "gradebook/own.html",
        {
            "course": course,
            "row": row,
            "items": items,
            "verdict": verdict_text(row.result),
            "clause": clause_text(row.final.clause if row.final else row.result.clause),
            "formula": _formula_lines(rights),
        },
    )


# ---------------------------------------------------------------- quick entry (JSON)


def _row_payload(rights: GradebookAccess, student_id: int) -> dict[str, Any]:
    journal = selectors.course_journal(course=rights.access.course, student_ids=[student_id])
    row = journal.rows[0]
    return {
        "result": result_cells(row.result, row.final.letter if row.final else None),
        "verdict": verdict_text(row.result),
    }


@require_POST
@login_required
def cell(request: HttpRequest, course_id: int) -> JsonResponse:
    """Set one cell of the journal: {item, student, value, reason}; value is points
    ("12,5"), "" to clear, or a mark letter. Answers the student's new ratings, or the
    error (code reason_required asks the page for a reason)."""
    rights = _rights(request, course_id)
    if not rights.read_journal:
        raise Http404
    try:
        body = json.loads(request.body or b"{}")
        item_id, student_id = int(body["item"]), int(body["student"])
        raw = str(body.get("value", ""))[:20].strip()
        reason = str(body.get("reason", ""))[:300]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"code": "bad_request", "message": _("Bad request.")}, status=400)
    by_letter = {letter.casefold(): mark for mark, letter in mark_letters().items()}
    mark = by_letter.get(raw.casefold(), "")
    try:
        points = None if mark else services.parse_points(raw)
        entry = services.entry_set(
            rights=rights,
            item_id=item_id,
            student_id=student_id,
            points=points,
            mark=mark,
            reason=reason,
        )
    except DomainError as error:
        return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
    letters = mark_letters()
    shown = letters[entry.mark] if entry.mark else number(entry.points)
    return JsonResponse({"value": shown, **_row_payload(rights, student_id)})


# ---------------------------------------------------------------- setup: items and weights


def _decimal(raw: str, default: Decimal | None = None) -> Decimal | None:
    value = services.parse_points(raw)
    return default if value is None else value


@login_required
def setup(request: HttpRequest, course_id: int) -> HttpResponse:
    """Items (title, control, half, maximum, weight, position) and the course's weights
    and thresholds (GRD-3, GRD-4). Teachers change; other readers see."""
    rights = _rights(request, course_id)
    if not rights.read_journal:
        raise Http404
    if request.method == "POST":
        if not rights.enter:
            messages.error(request, _("Only the course's teachers set the gradebook up."))
            return redirect("gradebook:setup", course_id)
        try:
            _setup_post(request, rights)
            messages.success(request, _("Saved."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("gradebook:setup", course_id)
    weights = selectors.course_weights(course_id=course_id)
    return render(
        request,
        "gradebook/setup.html",
        {
            "course": rights.access.course,
            "rights": rights,
            "items": selectors.course_items(course_id=course_id),
            "weights": weights,
            "controls": Control.choices,
            "formula": _formula_lines(rights),
        },
    )


def _setup_post(request: HttpRequest, rights: GradebookAccess) -> None:
    data = request.POST
    action = data.get("action", "")
    if action == "weights":
        services.course_grading_set(
            rights=rights,
            current_share=_decimal(data.get("current_share", ""), Decimal("0.5")) or Decimal(0),
            r1_share=_decimal(data.get("r1_share", ""), Decimal("0.5")) or Decimal(0),
            admission_threshold=_decimal(data.get("admission_threshold", "")),
            exam_minimum=_decimal(data.get("exam_minimum", "")),
        )
        return
    half = int(data.get("half", "1")) if data.get("half", "1").isdigit() else 1
    max_points = _decimal(data.get("max_points", ""), Decimal(100)) or Decimal(0)
    weight = _decimal(data.get("weight", ""), Decimal(1))
    if action == "add":
        services.item_create(
            rights=rights,
            title=data.get("title", ""),
            control=data.get("control", ""),
            half=half,
            max_points=max_points,
            weight=weight if weight is not None else Decimal(1),
        )
    elif action in ("update", "delete"):
        raw_id = data.get("item", "")
        if not raw_id.isdigit():
            raise Http404
        if action == "delete":
            services.item_delete(rights=rights, item_id=int(raw_id))
            return
        services.item_update(
            rights=rights,
            item_id=int(raw_id),
            title=data.get("title", ""),
            control=data.get("control", ""),
            half=half,
            max_points=max_points,
            weight=weight if weight is not None else Decimal(1),
            position=int(data.get("position", "0") or 0)
            if data.get("position", "0").isdigit()
            else 0,
        )


# ---------------------------------------------------------------- one student: history, retake


@login_required
def student(request: HttpRequest, course_id: int, student_id: int) -> HttpResponse:
    """A student's grades in the course with their history (who, when, why), a form to
    change them with a reason (teachers; the registrar once locked) and the FX retake."""
    rights = _rights(request, course_id)
    if not rights.read_journal:
        raise Http404
    course = rights.access.course
    if request.method == "POST":
        try:
            _student_post(request, rights, student_id)
            messages.success(request, _("Saved."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("gradebook:student", course_id, student_id)
    journal = selectors.course_journal(course=course, student_ids=[student_id])
    if not journal.rows:
        raise Http404
    row = journal.rows[0]
    letters = mark_letters()
    return render(
        request,
        "gradebook/student.html",
        {
            "course": course,
            "rights": rights,
            "row": row,
            "items": [
                (item, letters[mark] if mark else number(points), mark)
                for item, (points, mark) in zip(journal.items, row.cells, strict=True)
            ],
            "history": selectors.entry_history(course_id=course.pk, student_id=student_id),
            "retakes": selectors.retakes_of(course_id=course.pk, student_id=student_id),
            "verdict": verdict_text(row.result),
            "clause": clause_text(row.final.clause if row.final else row.result.clause),
            "locked": journal.locked,
            "can_change": (rights.enter and not journal.locked)
            or (rights.registrar and journal.locked),
            "can_retake": journal.locked
            and row.final is not None
            and row.final.letter == "FX"
            and (rights.enter or rights.registrar),
            "marks": Mark.choices,
        },
    )


def _student_post(request: HttpRequest, rights: GradebookAccess, student_id: int) -> None:
    data = request.POST
    if data.get("action") == "retake":
        exam = services.parse_points(data.get("exam", ""))
        if exam is None:
            raise GradeInvalid(_("Enter the exam percent."))
        services.exam_retake_record(
            rights=rights, student_id=student_id, exam=exam, reason=data.get("reason", "")
        )
        return
    raw_id = data.get("item", "")
    if not raw_id.isdigit():
        raise Http404
    mark = data.get("mark", "")
    services.entry_set(
        rights=rights,
        item_id=int(raw_id),
        student_id=student_id,
        points=None if mark else services.parse_points(data.get("points", "")),
        mark=mark,
        reason=data.get("reason", ""),
    )


# ---------------------------------------------------------------- statement, export


@require_POST
@login_required
def confirm(request: HttpRequest, course_id: int) -> HttpResponseRedirect:
    """The teacher confirms the statement: finals stored and locked."""
    rights = _rights(request, course_id)
    if not rights.read_journal:
        raise Http404
    try:
        count = services.statement_confirm(rights=rights)
        messages.success(
            request, _("The statement is confirmed: %(count)s finals stored.") % {"count": count}
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("gradebook:course", course_id)


@login_required
def export(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course's gradebook as an XLSX workbook."""
    rights = _rights(request, course_id)
    if not rights.read_journal:
        raise Http404
    course = rights.access.course
    journal = selectors.course_journal(course=course)
    labels = {
        "student": _("Student"),
        "group": _("Group"),
        "admission": _("Admission rating"),
        "admitted": _("Admitted"),
        "exam": _("Exam"),
        "letter": _("Letter"),
        "r1": pgettext("control, short", "R1"),
        "r2": pgettext("control, short", "R2"),
        "yes": _("yes"),
        "no": _("no"),
    }
    body = journal_xlsx(journal, title=f"{course.code} · {course.discipline.name}", labels=labels)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="gradebook-{course.pk}.xlsx"'
    return response


# ---------------------------------------------------------------- transcript


def _student(request: HttpRequest, student_id: int) -> Any:  # noqa: ANN401 - a Student
    actor = _actor(request)
    return found_or_404(lambda: selectors.student_for(actor=actor, student_id=student_id))


@login_required
def transcript(request: HttpRequest, student_id: int) -> HttpResponse:
    """The student's grades by period with GPA (GPA-1): the student, the registrar, the
    dean's office."""
    student = _student(request, student_id)
    data = selectors.student_transcript(student=student)
    return render(
        request,
        "gradebook/transcript.html",
        {"student": student, "transcript": data, "languages": TRANSCRIPT_LANGUAGES},
    )


@login_required
def transcript_download(request: HttpRequest, student_id: int) -> HttpResponse:
    """The transcript as a PDF in kk, ru or en (?lang=)."""
    student = _student(request, student_id)
    language = request.GET.get("lang", translation.get_language() or "kk")[:2]
    if language not in TRANSCRIPT_LANGUAGES:
        language = "kk"
    data = selectors.student_transcript(student=student, language=language)
    response = HttpResponse(transcript_pdf(data, language=language), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="transcript-{student.student_number}-{language}.pdf"'
    )
    return response


# ---------------------------------------------------------------- the dean's office summary


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """Per group or program of a period: letters, not admitted, FX/F, average GPA."""
    actor = _actor(request)
    if selectors.summary_scope(actor) is None:
        raise Http404
    periods = selectors.summary_periods(actor=actor)
    raw = request.GET.get("period", "")
    period_id = int(raw) if raw.isdigit() else (periods[0][0] if periods else 0)
    by = "program" if request.GET.get("by") == "program" else "group"
    rows = selectors.grades_summary(actor=actor, period_id=period_id, by=by) if periods else []
    letters = [b.letter for b in preset_scale().bands]
    return render(
        request,
        "gradebook/summary.html",
        {
            "periods": periods,
            "period_id": period_id,
            "by": by,
            "letters": letters,
            "rows": [(r, [r.letters.get(x, 0) for x in letters]) for r in rows],
        },
    )
