"""The questions API (mounted under /api/v1/): a course's categories, questions of eight
types (TST-1), the import (upload → a batch with its preview and problems → confirm) and
the export (TST-2).

Permissions are the pages' (SEC-2): a bank you may not read answers 404 (students too);
one you read but may not change answers 403 for writes. Errors are DomainErrors:
{"code", "message", "extra"}, the message in the user's language.
"""

import base64
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.questions import selectors, services
from qashyq.questions.data import QuestionInput
from qashyq.questions.models import Category, ImportBatch, Question

router = Router(tags=["questions"])

QType = Literal[
    "single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "essay"
]


class Pagination(LimitOffsetPagination):
    """`limit` (at most 100, default 50) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0)


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


# ---------------------------------------------------------------- schemas


class CategoryOut(Schema):
    id: int
    name: str
    parent_id: int | None
    position: int
    path: str
    questions: int = Field(..., description="Active questions in it.")
    questions_with_subcategories: int


class CategoryIn(Schema):
    name: str = Field(..., max_length=200)
    parent_id: int | None = None


class CategoryPatch(Schema):
    name: str | None = Field(None, max_length=200)
    parent_id: int | None = Field(None, description="Move under this category (0 = to the top).")
    position: int | None = Field(None, ge=0)


class ChoiceData(Schema):
    id: str | None = Field(
        None, description='Assigned by the server ("c1" …); true/false: "true" or "false".'
    )
    text: str = Field("", max_length=5000)
    fraction: Decimal = Field(Decimal(0), ge=-1, le=1)
    feedback: str = Field("", max_length=5000)


class ShortAnswerData(Schema):
    text: str = Field(..., max_length=255, description="`*` matches any text.")
    fraction: Decimal = Field(Decimal(1), ge=0, le=1)
    case_sensitive: bool = False


class NumericData(Schema):
    value: Decimal
    tolerance: Decimal = Field(Decimal(0), ge=0)
    fraction: Decimal = Field(Decimal(1), ge=0, le=1)


class PairData(Schema):
    id: str | None = None
    prompt: str = Field("", max_length=5000, description="Empty: a distractor answer.")
    answer: str = Field(..., max_length=255)


class ItemData(Schema):
    id: str | None = None
    text: str = Field(..., max_length=5000)


class QuestionIn(Schema):
    """A question; fill the lists its type uses: choices (single, multiple, truefalse),
    answers (short), numeric, pairs (matching), items (ordering, in the right order)."""

    qtype: QType
    category_id: int
    name: str = Field("", max_length=255)
    text: str = Field(..., max_length=100_000, description="HTML; TeX between \\( \\) or MathML.")
    points: Decimal = Field(Decimal(1), gt=0, le=1000)
    shuffle: bool = True
    general_feedback: str = Field("", max_length=20_000)
    choices: list[ChoiceData] = Field(default_factory=list, max_length=50)
    answers: list[ShortAnswerData] = Field(default_factory=list, max_length=50)
    numeric: list[NumericData] = Field(default_factory=list, max_length=50)
    pairs: list[PairData] = Field(default_factory=list, max_length=50)
    items: list[ItemData] = Field(default_factory=list, max_length=50)
    tags: list[str] = Field(default_factory=list, max_length=30)
    outcome_ids: list[int] = Field(default_factory=list, max_length=50)


class QuestionPut(QuestionIn):
    version: int | None = Field(
        None, description="The version you edited: a newer one on the server refuses the edit."
    )


class TagOut(Schema):
    id: int
    name: str


class QuestionOut(Schema):
    id: int
    course_id: int
    category_id: int
    qtype: str
    name: str
    text: str
    points: Decimal
    shuffle: bool
    general_feedback: str
    choices: list[ChoiceData]
    answers: list[ShortAnswerData]
    numeric: list[NumericData]
    pairs: list[PairData]
    items: list[ItemData]
    tags: list[TagOut]
    outcome_ids: list[int]
    is_archived: bool
    version: int

    @staticmethod
    def resolve_tags(obj: Question) -> list[dict[str, Any]]:
        return [{"id": t.pk, "name": t.name} for t in obj.tags.all()]

    @staticmethod
    def resolve_outcome_ids(obj: Question) -> list[int]:
        return [o.pk for o in obj.outcomes.all()]

    @staticmethod
    def resolve_choices(obj: Question) -> list[dict[str, Any]]:
        return list(selectors.question_snapshot(obj)["choices"])

    @staticmethod
    def resolve_answers(obj: Question) -> list[dict[str, Any]]:
        return list(selectors.question_snapshot(obj)["answers"])

    @staticmethod
    def resolve_numeric(obj: Question) -> list[dict[str, Any]]:
        return list(selectors.question_snapshot(obj)["numeric"])

    @staticmethod
    def resolve_pairs(obj: Question) -> list[dict[str, Any]]:
        return list(selectors.question_snapshot(obj)["pairs"])

    @staticmethod
    def resolve_items(obj: Question) -> list[dict[str, Any]]:
        return list(selectors.question_snapshot(obj)["items"])


class QuestionFilter(Schema):
    category_id: int | None = None
    include_subcategories: bool = True
    tag_id: int | None = None
    outcome_id: int | None = None
    qtype: QType | None = None
    archived: bool = False
    search: str = Field("", max_length=100)


class ArchiveIn(Schema):
    archived: bool = True


class ProblemOut(Schema):
    line: int | None
    message: str
    excerpt: str
    severity: str


class PreviewOut(Schema):
    line: int | None
    qtype: str
    name: str
    text: str
    category: str
    answers: list[str]
    images: int


class ImportBatchOut(Schema):
    id: int
    course_id: int
    filename: str
    fmt: str
    first_variant_correct: bool
    category_id: int | None
    status: str
    preview: list[PreviewOut]
    problems: list[ProblemOut]
    result: dict[str, int] = Field(..., description="Counts once confirmed.")


class ImportCountsOut(Schema):
    questions: int
    categories: int
    images: int
    tags: int


class ExportOut(Schema):
    filename: str
    content_type: str
    content_base64: str
    exported: int
    skipped: list[str] = Field(..., description="The questions the format cannot hold.")


# ---------------------------------------------------------------- helpers


def _input(payload: QuestionIn) -> QuestionInput:
    return QuestionInput(
        qtype=payload.qtype,
        text=payload.text,
        category_id=payload.category_id,
        name=payload.name,
        points=payload.points,
        shuffle=payload.shuffle,
        general_feedback=payload.general_feedback,
        choices=[c.model_dump() for c in payload.choices],
        answers=[a.model_dump() for a in payload.answers],
        numeric=[n.model_dump() for n in payload.numeric],
        pairs=[p.model_dump() for p in payload.pairs],
        items=[i.model_dump() for i in payload.items],
        tags=payload.tags,
        outcome_ids=payload.outcome_ids,
    )


def _category_out(course_id: int) -> dict[int, dict[str, Any]]:
    return {
        n.pk: {
            "id": n.pk,
            "name": n.category.name,
            "parent_id": n.category.parent_id,
            "position": n.category.position,
            "path": n.path,
            "questions": n.own,
            "questions_with_subcategories": n.total,
        }
        for n in selectors.category_tree(course_id=course_id)
    }


def _reloaded(question: Question) -> Question:
    return Question.objects.prefetch_related("tags", "outcomes").get(pk=question.pk)


# ---------------------------------------------------------------- categories


@router.get("/questions/courses/{course_id}/categories", response=list[CategoryOut])
def category_list(request: HttpRequest, course_id: int) -> list[dict[str, Any]]:
    """The course's categories depth-first, with counts of active questions."""
    access = selectors.bank_access(actor=_actor(request), course_id=course_id)
    return list(_category_out(access.course.pk).values())


@router.post("/questions/courses/{course_id}/categories", response={201: CategoryOut})
def category_create(request: HttpRequest, course_id: int, payload: CategoryIn) -> Status[Any]:
    """Add a category (under `parent_id`, or at the top)."""
    category = services.category_create(
        actor=_actor(request), course_id=course_id, name=payload.name, parent_id=payload.parent_id
    )
    return Status(201, _category_out(course_id)[category.pk])


def _category(request: HttpRequest, category_id: int) -> Category:
    category = Category.objects.filter(pk=category_id).first()
    course_id = category.course_id if category else 0
    selectors.bank_access(actor=_actor(request), course_id=course_id)
    assert category is not None
    return category


@router.patch("/questions/categories/{category_id}", response=CategoryOut)
def category_update(
    request: HttpRequest, category_id: int, payload: CategoryPatch
) -> dict[str, Any]:
    """Rename or move a category (`parent_id` 0 moves it to the top)."""
    category = _category(request, category_id)
    parent: int | bool | None = False
    if payload.parent_id is not None:
        parent = payload.parent_id or None
    services.category_update(
        actor=_actor(request),
        category=category,
        name=payload.name,
        parent_id=parent,
        position=payload.position,
    )
    return _category_out(category.course_id)[category.pk]


@router.delete("/questions/categories/{category_id}", response={204: None})
def category_delete(request: HttpRequest, category_id: int) -> Status[Any]:
    """Delete an empty category."""
    services.category_delete(actor=_actor(request), category=_category(request, category_id))
    return Status(204, None)


# ---------------------------------------------------------------- questions


@router.get("/questions/courses/{course_id}/questions", response=list[QuestionOut])
@paginate(Pagination)
def question_list(
    request: HttpRequest, course_id: int, filters: Query[QuestionFilter]
) -> QuerySet[Question]:
    """The bank's questions with filters, with their answers (readers of the bank only)."""
    access = selectors.bank_access(actor=_actor(request), course_id=course_id)
    return selectors.question_list(
        course_id=access.course.pk,
        category_id=filters.category_id,
        include_subcategories=filters.include_subcategories,
        tag_id=filters.tag_id,
        outcome_id=filters.outcome_id,
        qtype=filters.qtype or "",
        archived=filters.archived,
        search=filters.search,
    )


@router.post("/questions/courses/{course_id}/questions", response={201: QuestionOut})
def question_create(request: HttpRequest, course_id: int, payload: QuestionIn) -> Status[Any]:
    """Add a question; the rules of its type apply (422 `question_invalid` with
    `extra.field`)."""
    question = services.question_create(
        actor=_actor(request), course_id=course_id, values=_input(payload)
    )
    return Status(201, _reloaded(question))


@router.get("/questions/{question_id}", response=QuestionOut)
def question_detail(request: HttpRequest, question_id: int) -> Question:
    """A question with its answers."""
    question, _access = selectors.question_get_for(actor=_actor(request), question_id=question_id)
    return question


@router.put("/questions/{question_id}", response=QuestionOut)
def question_update(request: HttpRequest, question_id: int, payload: QuestionPut) -> Question:
    """Replace a question's values (its type stays); the version goes up by one."""
    question, _access = selectors.question_get_for(actor=_actor(request), question_id=question_id)
    services.question_update(
        actor=_actor(request), question=question, values=_input(payload), version=payload.version
    )
    return _reloaded(question)


@router.post("/questions/{question_id}/archive", response=QuestionOut)
def question_archive(request: HttpRequest, question_id: int, payload: ArchiveIn) -> Question:
    """Archive a question (tests draw it no more) or bring it back (`archived: false`)."""
    question, _access = selectors.question_get_for(actor=_actor(request), question_id=question_id)
    services.question_archive(actor=_actor(request), question=question, archived=payload.archived)
    return _reloaded(question)


@router.post("/questions/{question_id}/duplicate", response={201: QuestionOut})
def question_duplicate(request: HttpRequest, question_id: int) -> Status[Any]:
    """A copy of the question in its category."""
    question, _access = selectors.question_get_for(actor=_actor(request), question_id=question_id)
    copy = services.question_duplicate(actor=_actor(request), question=question)
    return Status(201, _reloaded(copy))


# ---------------------------------------------------------------- import, export


@router.post("/questions/courses/{course_id}/imports", response={201: ImportBatchOut})
def import_upload(  # noqa: PLR0917 - ninja reads the form fields from the parameters
    request: HttpRequest,
    course_id: int,
    file: File[UploadedFile],
    fmt: Form[str] = "",
    first_variant_correct: Form[bool] = True,
    category_id: Form[int | None] = None,
) -> Status[Any]:
    """Upload an exchange file (multipart): the format is detected when `fmt` is empty
    (moodle_xml, gift, aiken, platonus). Returns the batch with its preview and the
    problems by line; nothing is saved until confirmed."""
    batch = services.import_upload(
        actor=_actor(request),
        course_id=course_id,
        filename=file.name or "",
        content=file.read(),
        fmt=fmt,
        first_variant_correct=first_variant_correct,
        category_id=category_id,
    )
    return Status(201, batch)


@router.get("/questions/imports/{batch_id}", response=ImportBatchOut)
def import_detail(request: HttpRequest, batch_id: int) -> ImportBatch:
    """A batch: its preview, problems, status and, once confirmed, the counts."""
    batch, _access = selectors.import_batch_get_for(actor=_actor(request), batch_id=batch_id)
    return batch


@router.post("/questions/imports/{batch_id}/confirm", response=ImportCountsOut)
def import_confirm(request: HttpRequest, batch_id: int) -> dict[str, int]:
    """Save the batch's questions, categories, tags and images in one transaction."""
    batch, _access = selectors.import_batch_get_for(actor=_actor(request), batch_id=batch_id)
    counts = services.import_confirm(actor=_actor(request), batch=batch)
    return {
        "questions": counts.questions,
        "categories": counts.categories,
        "images": counts.images,
        "tags": counts.tags,
    }


@router.post("/questions/imports/{batch_id}/cancel", response={204: None})
def import_cancel(request: HttpRequest, batch_id: int) -> Status[Any]:
    """Drop a batch waiting for confirmation."""
    batch, _access = selectors.import_batch_get_for(actor=_actor(request), batch_id=batch_id)
    services.import_cancel(actor=_actor(request), batch=batch)
    return Status(204, None)


@router.get("/questions/courses/{course_id}/export", response=ExportOut)
def export(
    request: HttpRequest, course_id: int, fmt: str, category_id: int | None = None
) -> dict[str, Any]:
    """The bank (or a category with its subcategories) in a format, base64-encoded, with
    the questions the format cannot hold listed in `skipped`."""
    result = services.question_export(
        actor=_actor(request), course_id=course_id, fmt=fmt, category_id=category_id
    )
    return {
        "filename": result.filename,
        "content_type": result.content_type,
        "content_base64": base64.b64encode(result.content).decode(),
        "exported": result.exported,
        "skipped": result.skipped,
    }
