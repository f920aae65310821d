"""Question bank pages (TST-1, TST-2, LMS-2): the bank of a course with its category tree
and filters, a question's form per type, its preview as a student sees it (with "check"),
the import (upload → preview with the problems, line by line → confirm) and the export.
Thin views over selectors and services; a bank the actor may not read answers 404, a
change they may not make 403."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qashyq.core.errors import DomainError, NotFound
from qashyq.core.pagination import paginate
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.courses.selectors import CourseAccess
from qashyq.questions import formats, selectors, services
from qashyq.questions.data import QuestionInput
from qashyq.questions.errors import BankChangeForbidden
from qashyq.questions.formats.base import QuestionType
from qashyq.questions.grading import grade
from qashyq.questions.models import QTYPE_CHOICES, Question
from qashyq.questions.permissions import bank_can_edit

PER_PAGE = 25
QTYPES = frozenset(t.value for t in QuestionType)


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _access(request: HttpRequest, course_id: int, *, edit: bool = False) -> CourseAccess:
    actor = _actor(request)
    try:
        if edit:
            return selectors.bank_access_for_edit(actor=actor, course_id=course_id)
        return selectors.bank_access(actor=actor, course_id=course_id)
    except NotFound:
        raise Http404 from None
    except BankChangeForbidden:
        raise PermissionDenied from None


def _question(request: HttpRequest, question_id: int) -> tuple[Question, CourseAccess]:
    try:
        return selectors.question_get_for(actor=_actor(request), question_id=question_id)
    except NotFound:
        raise Http404 from None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- banks


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The courses whose question banks the actor opens."""
    courses = selectors.bank_course_list(actor=_actor(request))
    return render(request, "questions/index.html", {"page": paginate(request, courses)})


@login_required
def bank(request: HttpRequest, course_id: int) -> HttpResponse:
    """A course's bank: the category tree with counts, the questions with filters by
    category, tag, outcome and type, a page at a time."""
    access = _access(request, course_id)
    course = access.course
    tree = selectors.category_tree(course_id=course.pk)
    filters: dict[str, Any] = {
        "category": _int(request.GET.get("category")),
        "tag": _int(request.GET.get("tag")),
        "outcome": _int(request.GET.get("outcome")),
        "qtype": request.GET.get("qtype", "") if request.GET.get("qtype") in QTYPES else "",
        "archived": request.GET.get("archived") == "1",
        "q": request.GET.get("q", "")[:100],
    }
    questions = selectors.question_list(
        course_id=course.pk,
        category_id=filters["category"],
        tag_id=filters["tag"],
        outcome_id=filters["outcome"],
        qtype=filters["qtype"],
        archived=bool(filters["archived"]),
        search=str(filters["q"]),
    )
    query = "&".join(
        f"{k}={v}" for k, v in request.GET.items() if k != "page" and v and k in filters
    )
    return render(
        request,
        "questions/bank.html",
        {
            "course": course,
            "access": access,
            "can_edit": bank_can_edit(access),
            "tree": tree,
            "tags": list(selectors.tag_list(course_id=course.pk)),
            "outcomes": list(selectors.outcome_list(course_id=course.pk)),
            "qtypes": QTYPE_CHOICES,
            "filters": filters,
            "query": query,
            "page": paginate(request, questions, per_page=PER_PAGE),
            "formats": sorted(formats.FORMATS),
        },
    )


@login_required
@require_POST
def category_create(request: HttpRequest, course_id: int) -> HttpResponse:
    _access(request, course_id, edit=True)
    try:
        services.category_create(
            actor=_actor(request),
            course_id=course_id,
            name=request.POST.get("name", ""),
            parent_id=_int(request.POST.get("parent")),
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("questions:bank", course_id)


@login_required
@require_POST
def category_change(request: HttpRequest, course_id: int, category_id: int) -> HttpResponse:
    """Rename, move (`parent`, "" = to the top) or delete (`delete`) a category."""
    _access(request, course_id, edit=True)
    try:
        category = selectors.category_get(course_id=course_id, category_id=category_id)
    except NotFound:
        raise Http404 from None
    actor = _actor(request)
    try:
        if request.POST.get("delete"):
            services.category_delete(actor=actor, category=category)
            messages.success(request, _("The category was deleted."))
        else:
            parent: int | bool | None = False
            if "parent" in request.POST:
                parent = _int(request.POST.get("parent"))
            services.category_update(
                actor=actor,
                category=category,
                name=request.POST.get("name") or None,
                parent_id=parent,
            )
            messages.success(request, _("The category was saved."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("questions:bank", course_id)


# ---------------------------------------------------------------- a question's form


def _rows(request: HttpRequest, prefix: str, *keys: str) -> list[dict[str, Any]]:
    columns = [request.POST.getlist(f"{prefix}-{k}") for k in keys]
    length = max((len(c) for c in columns), default=0)
    return [
        {k: (columns[i][n] if n < len(columns[i]) else "") for i, k in enumerate(keys)}
        for n in range(length)
    ]


def _input_from(request: HttpRequest, qtype: str) -> QuestionInput:
    post = request.POST
    try:
        points = Decimal(post.get("points", "1").replace(",", ".") or "1")
    except ArithmeticError:
        points = Decimal(0)
    values = QuestionInput(
        qtype=qtype,
        text=post.get("text", ""),
        category_id=_int(post.get("category")) or 0,
        name=post.get("name", ""),
        points=points,
        shuffle=post.get("shuffle") == "on",
        general_feedback=post.get("general_feedback", ""),
        tags=[t for t in post.get("tags", "").split(",") if t.strip()],
        outcome_ids=[int(o) for o in post.getlist("outcomes") if o.isdigit()],
    )
    values.choices = _rows(request, "choice", "text", "fraction", "feedback")
    if qtype == QuestionType.TRUE_FALSE:
        right = post.get("correct", "")
        values.choices = [
            {"id": key, "fraction": "1" if key == right else "0"} for key in ("true", "false")
        ]
    values.answers = [
        {**row, "case_sensitive": row.get("case") == "1"}
        for row in _rows(request, "answer", "text", "fraction", "case")
    ]
    values.numeric = _rows(request, "numeric", "value", "tolerance", "fraction")
    values.pairs = _rows(request, "pair", "prompt", "answer")
    values.items = _rows(request, "item", "text")
    return values


def _form_context(access: CourseAccess, values: QuestionInput, **extra: object) -> dict[str, Any]:
    def padded(rows: list[dict[str, Any]], least: int) -> list[dict[str, Any]]:
        return rows + [{} for _ in range(max(0, least - len(rows)))]

    correct = next(
        (c.get("id") for c in values.choices if str(c.get("fraction")) in {"1", "1.0"}), ""
    )
    return {
        "course": access.course,
        "access": access,
        "values": values,
        "qtype_label": dict(QTYPE_CHOICES).get(values.qtype, values.qtype),
        "choices": padded(values.choices, 4),
        "answers": padded(values.answers, 2),
        "numeric": padded(values.numeric, 1),
        "pairs": padded(values.pairs, 3),
        "items": padded(values.items, 3),
        "correct": correct,
        "tags_text": ", ".join(values.tags),
        "tree": selectors.category_tree(course_id=access.course.pk),
        "outcomes": list(selectors.outcome_list(course_id=access.course.pk)),
        **extra,
    }


@login_required
def question_create(request: HttpRequest, course_id: int) -> HttpResponse:
    """A new question of the type chosen (`?type=`)."""
    access = _access(request, course_id, edit=True)
    qtype = request.GET.get("type") or request.POST.get("qtype") or QuestionType.SINGLE
    if qtype not in QTYPES:
        raise Http404
    error: DomainError | None = None
    if request.method == "POST":
        values = _input_from(request, qtype)
        try:
            question = services.question_create(
                actor=_actor(request), course_id=course_id, values=values
            )
        except DomainError as failure:
            error = failure
        else:
            messages.success(request, _("The question was saved."))
            return redirect("questions:preview", question.pk)
    else:
        category = _int(request.GET.get("category"))
        values = QuestionInput(
            qtype=qtype,
            text="",
            category_id=category or services.category_default(course_id=course_id).pk,
        )
    return render(
        request,
        "questions/form.html",
        _form_context(access, values, error=error, question=None),
        status=422 if error else 200,
    )


@login_required
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question, access = _question(request, question_id)
    if not bank_can_edit(access):
        raise PermissionDenied
    error: DomainError | None = None
    if request.method == "POST":
        values = _input_from(request, question.qtype)
        try:
            services.question_update(
                actor=_actor(request),
                question=question,
                values=values,
                version=_int(request.POST.get("version")),
            )
        except DomainError as failure:
            error = failure
        else:
            messages.success(request, _("The question was saved."))
            return redirect("questions:preview", question.pk)
    else:
        values = services.question_input_of(question)
    return render(
        request,
        "questions/form.html",
        _form_context(access, values, error=error, question=question),
        status=422 if error else 200,
    )


@login_required
@require_POST
def question_action(request: HttpRequest, question_id: int) -> HttpResponse:
    """Archive, restore or duplicate a question."""
    question, access = _question(request, question_id)
    if not bank_can_edit(access):
        raise PermissionDenied
    actor = _actor(request)
    action = request.POST.get("action", "")
    if action == "duplicate":
        copy = services.question_duplicate(actor=actor, question=question)
        messages.success(request, _("A copy was made."))
        return redirect("questions:edit", copy.pk)
    if action in {"archive", "restore"}:
        services.question_archive(actor=actor, question=question, archived=action == "archive")
        messages.success(
            request,
            _("The question was archived.") if action == "archive" else _("The question is back."),
        )
    return redirect("questions:preview", question.pk)


def _response_from(request: HttpRequest, snapshot: dict[str, Any]) -> object:
    post, qtype = request.POST, snapshot["qtype"]
    if qtype == "multiple":
        return post.getlist("response")
    if qtype == "ordering":  # a position per item (works without script)
        ids = [i["id"] for i in snapshot["items"]]
        return sorted(ids, key=lambda i: (_int(post.get(f"pos-{i}")) or len(ids) + 1, i))
    if qtype == "matching":
        return {p["id"]: post.get(f"pair-{p['id']}", "") for p in snapshot["pairs"]}
    return post.get("response", "")


@login_required
def question_preview(request: HttpRequest, question_id: int) -> HttpResponse:
    """The question as a student sees it (public view, formulas rendered), with "check"
    that grades what was entered; for the bank's readers, the right answers below."""
    question, access = _question(request, question_id)
    snapshot = selectors.question_snapshot(question)
    seed = _int(request.POST.get("seed") or request.GET.get("seed")) or question.pk
    view = selectors.public_view_for(snapshot, seed=seed, user_id=None)
    result: Decimal | None = None
    checked = False
    response: object = None
    if request.method == "POST":
        response = _response_from(request, snapshot)
        result = grade(snapshot, response)
        checked = True
    return render(
        request,
        "questions/preview.html",
        {
            "course": access.course,
            "question": question,
            "can_edit": bank_can_edit(access),
            "view": view,
            "snapshot": snapshot,
            "seed": seed,
            "checked": checked,
            "result": result,
            "percent": None if result is None else (result * 100).quantize(Decimal(1)),
            "response_json": json.dumps(response, ensure_ascii=False),
            "chosen": response if isinstance(response, (list, str)) else [],
        },
    )


# ---------------------------------------------------------------- images


@login_required
@require_POST
def file_upload(request: HttpRequest, course_id: int) -> HttpResponse:
    """Keep an image and show the HTML to paste into a text."""
    _access(request, course_id, edit=True)
    upload = request.FILES.get("file")
    if upload is None:
        return HttpResponse(_("Choose a file."), status=422)
    try:
        qfile = services.question_file_upload(
            actor=_actor(request),
            course_id=course_id,
            name=upload.name or "",
            content=upload.read(),
        )
    except DomainError as error:
        return HttpResponse(error.message, status=error.status)
    url = reverse("questions:file", args=[qfile.pk, qfile.name])
    return render(request, "questions/_file.html", {"url": url, "file": qfile})


@require_GET
def question_file(request: HttpRequest, file_id: int, name: str) -> FileResponse:
    """An image of the bank: for its readers, or for the user a fresh signed link names
    (a student in an attempt; see tokens.py)."""
    user_id = request.user.pk if request.user.is_authenticated else None
    try:
        qfile = selectors.question_file_for(
            actor=_actor(request),
            user_id=user_id,
            file_id=file_id,
            token=request.GET.get("t", ""),
        )
    except NotFound:
        raise Http404 from None
    response = FileResponse(qfile.file.open("rb"), content_type=qfile.mime_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- import, export


@login_required
def import_upload(request: HttpRequest, course_id: int) -> HttpResponse:
    """Upload a file (format detected or chosen, "the first variant is correct") → its
    preview."""
    access = _access(request, course_id, edit=True)
    error: DomainError | None = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise DomainError(_("Choose a file."))
            batch = services.import_upload(
                actor=_actor(request),
                course_id=course_id,
                filename=upload.name or "",
                content=upload.read(),
                fmt=request.POST.get("fmt", ""),
                first_variant_correct=request.POST.get("first_variant_correct") == "on",
                category_id=_int(request.POST.get("category")),
            )
        except DomainError as failure:
            error = failure
        else:
            return redirect("questions:import_batch", batch.pk)
    return render(
        request,
        "questions/import.html",
        {
            "course": access.course,
            "formats": sorted(formats.FORMATS),
            "tree": selectors.category_tree(course_id=course_id),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
def import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The preview of an upload with the problems by line; confirm or cancel."""
    actor = _actor(request)
    try:
        batch, access = selectors.import_batch_get_for(actor=actor, batch_id=batch_id)
    except NotFound:
        raise Http404 from None
    except BankChangeForbidden:
        raise PermissionDenied from None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.import_cancel(actor=actor, batch=batch)
                messages.success(request, _("The import was cancelled."))
            else:
                counts = services.import_confirm(actor=actor, batch=batch)
                messages.success(
                    request,
                    _(
                        "Imported: %(questions)d questions, %(categories)d new categories, "
                        "%(images)d images."
                    )
                    % {
                        "questions": counts.questions,
                        "categories": counts.categories,
                        "images": counts.images,
                    },
                )
            return redirect("questions:bank", batch.course_id)
        except DomainError as error:
            messages.error(request, error.message)
    return render(request, "questions/import_batch.html", {"course": access.course, "batch": batch})


@login_required
def export(request: HttpRequest, course_id: int) -> HttpResponse:
    """Download the bank (or a category with its subcategories) in a format."""
    access = _access(request, course_id)
    fmt = request.GET.get("fmt", "")
    if not fmt:
        return render(
            request,
            "questions/export.html",
            {
                "course": access.course,
                "formats": sorted(formats.FORMATS),
                "tree": selectors.category_tree(course_id=course_id),
            },
        )
    try:
        result = services.question_export(
            actor=_actor(request),
            course_id=course_id,
            fmt=fmt,
            category_id=_int(request.GET.get("category")),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("questions:export", course_id)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["X-Qashyq-Skipped"] = str(len(result.skipped))
    return response
