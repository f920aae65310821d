"""Reads of the question banks: access, the category tree with counts, the bank's list
with filters, and what the assessment app takes (contract 1): `question_snapshots`,
`questions_for_draw`, `public_view_for` (the student's view with formulas rendered and
image links signed)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from qashyq.core.errors import NotFound
from qashyq.core.scope import ActorScope
from qashyq.courses import selectors as course_selectors
from qashyq.courses.models import Course, CourseStaff, LearningOutcome
from qashyq.courses.selectors import CourseAccess
from qashyq.questions.errors import BankChangeForbidden, BankNotFound
from qashyq.questions.grading import public_view, render_text
from qashyq.questions.models import (
    Category,
    ImportBatch,
    Question,
    QuestionFile,
    Tag,
    empty_data,
)
from qashyq.questions.permissions import bank_can_edit, bank_can_read
from qashyq.questions.tokens import file_token_read, file_urls_sign

__all__ = [
    "CategoryNode",
    "bank_access",
    "bank_access_for_edit",
    "bank_course_list",
    "category_descendant_ids",
    "category_get",
    "category_paths",
    "category_tree",
    "file_token_read",
    "file_urls_sign",
    "import_batch_get_for",
    "outcome_list",
    "public_view_for",
    "question_file_for",
    "question_get_for",
    "question_list",
    "question_snapshot",
    "question_snapshots",
    "questions_for_draw",
    "tag_list",
]


BANK_READER_ROLES = frozenset(
    {"department_head", "dean", "registrar", "distance_unit", "rector_office", "admin"}
)


def _not_found() -> BankNotFound:
    return BankNotFound(_("Not found."))


# ---------------------------------------------------------------- access (SEC-2)


def bank_access(*, actor: ActorScope, course_id: object) -> CourseAccess:
    """The course with the actor's relation to it when the actor may read its bank;
    BankNotFound otherwise (students and outsiders alike)."""
    try:
        access = course_selectors.course_access(actor=actor, course_id=course_id)
    except NotFound:
        raise _not_found() from None
    if not bank_can_read(access):
        raise _not_found()
    return access


def bank_access_for_edit(*, actor: ActorScope, course_id: object) -> CourseAccess:
    """As `bank_access`, and BankChangeForbidden (403) for a reader who may not edit."""
    access = bank_access(actor=actor, course_id=course_id)
    if not bank_can_edit(access):
        raise BankChangeForbidden(_("You may not change this question bank."))
    return access


def question_get_for(*, actor: ActorScope, question_id: object) -> tuple[Question, CourseAccess]:
    try:
        pk = int(str(question_id))
    except ValueError:
        raise _not_found() from None
    question = (
        Question.objects.select_related("category")
        .prefetch_related("tags", "outcomes")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise _not_found()
    return question, bank_access(actor=actor, course_id=question.course_id)


def category_get(*, course_id: int, category_id: object) -> Category:
    try:
        pk = int(str(category_id))
    except ValueError:
        raise _not_found() from None
    category = Category.objects.filter(course_id=course_id, pk=pk).first()
    if category is None:
        raise _not_found()
    return category


def import_batch_get_for(
    *, actor: ActorScope, batch_id: object
) -> tuple[ImportBatch, CourseAccess]:
    try:
        pk = int(str(batch_id))
    except ValueError:
        raise _not_found() from None
    batch = ImportBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise _not_found()
    return batch, bank_access_for_edit(actor=actor, course_id=batch.course_id)


def question_file_for(
    *, actor: ActorScope, user_id: int | None, file_id: int, token: str
) -> QuestionFile:
    """A question's file for a reader of the bank, or for the user a fresh signed token
    names (a student in an attempt, see tokens.py); BankNotFound otherwise."""
    qfile = QuestionFile.objects.filter(pk=file_id).first()
    if qfile is None:
        raise _not_found()
    if token:
        signed = file_token_read(token)
        if signed is not None and signed == (file_id, user_id):
            return qfile
    bank_access(actor=actor, course_id=qfile.course_id)
    return qfile


# ---------------------------------------------------------------- the category tree


@dataclass
class CategoryNode:
    category: Category
    depth: int
    path: str  # "Module 1/Derivatives"
    own: int = 0  # active questions right in it
    total: int = 0  # with its subcategories
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.category.pk


def category_tree(*, course_id: int) -> list[CategoryNode]:
    """The course's categories depth-first (parents before children, by position and
    name), each with its count of active questions, own and with subcategories. Two
    queries."""
    categories = list(Category.objects.filter(course_id=course_id))
    counts = dict(
        Question.objects.filter(course_id=course_id, is_archived=False)
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    nodes = {
        c.pk: CategoryNode(category=c, depth=0, path=c.name, own=counts.get(c.pk, 0))
        for c in categories
    }
    roots: list[CategoryNode] = []
    for c in categories:
        node = nodes[c.pk]
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent.children if parent else roots).append(node)
    flat: list[CategoryNode] = []

    def walk(node: CategoryNode, depth: int, prefix: str) -> int:
        node.depth = depth
        node.path = f"{prefix}/{node.category.name}" if prefix else node.category.name
        flat.append(node)
        node.total = node.own + sum(walk(child, depth + 1, node.path) for child in node.children)
        return node.total

    for root in roots:
        walk(root, 0, "")
    return flat


def category_paths(*, course_id: int) -> dict[str, int]:
    """Category id by path ("Module 1/Derivatives") of a course."""
    return {node.path: node.pk for node in category_tree(course_id=course_id)}


def category_descendant_ids(*, course_id: int, category_id: int) -> list[int]:
    """The category and all below it (one query)."""
    parents = dict(Category.objects.filter(course_id=course_id).values_list("pk", "parent_id"))
    if category_id not in parents:
        return []
    children: dict[int | None, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)
    found, stack = [], [category_id]
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, []))
    return sorted(found)


def tag_list(*, course_id: int) -> QuerySet[Tag]:
    return Tag.objects.filter(course_id=course_id).annotate(
        n=Count("questions", filter=Q(questions__is_archived=False))
    )


def outcome_list(*, course_id: int) -> QuerySet[LearningOutcome]:
    return LearningOutcome.objects.filter(course_id=course_id)


# ---------------------------------------------------------------- the bank's list


def question_list(
    *,
    course_id: int,
    category_id: int | None = None,
    include_subcategories: bool = True,
    tag_id: int | None = None,
    outcome_id: int | None = None,
    qtype: str = "",
    archived: bool = False,
    search: str = "",
) -> QuerySet[Question]:
    """A course's questions with the bank page's filters, tags and outcomes prefetched."""
    qs = Question.objects.filter(course_id=course_id, is_archived=archived)
    if category_id is not None:
        if include_subcategories:
            ids = category_descendant_ids(course_id=course_id, category_id=category_id)
            qs = qs.filter(category_id__in=ids)
        else:
            qs = qs.filter(category_id=category_id)
    if tag_id is not None:
        qs = qs.filter(
            pk__in=Question.tags.through.objects.filter(tag_id=tag_id).values("question_id")
        )
    if outcome_id is not None:
        qs = qs.filter(
            pk__in=Question.outcomes.through.objects.filter(learningoutcome_id=outcome_id).values(
                "question_id"
            )
        )
    if qtype:
        qs = qs.filter(qtype=qtype)
    if search.strip():
        qs = qs.filter(Q(name__icontains=search.strip()) | Q(text__icontains=search.strip()))
    return (
        qs.select_related("category")
        .prefetch_related("tags", "outcomes")
        .order_by("category__position", "category__name", "pk")
    )


# ---------------------------------------------------------------- contract 1


def _data(question: Question) -> dict[str, list[Any]]:
    data = empty_data()
    if isinstance(question.data, dict):
        for key in data:
            value = question.data.get(key)
            if isinstance(value, list):
                data[key] = value
    return data


def question_snapshot(question: Question) -> dict[str, Any]:
    """The snapshot of contract 1: JSON-able, every key present, Decimals as strings."""
    data = _data(question)
    return {
        "id": question.pk,
        "qtype": question.qtype,
        "text": question.text,
        "points": f"{question.points:.2f}",
        "shuffle": question.shuffle,
        "choices": [
            {
                "id": str(c.get("id", "")),
                "text": str(c.get("text", "")),
                "fraction": str(c.get("fraction", "0")),
                "feedback": str(c.get("feedback", "")),
            }
            for c in data["choices"]
        ],
        "answers": [
            {
                "text": str(a.get("text", "")),
                "fraction": str(a.get("fraction", "0")),
                "case_sensitive": bool(a.get("case_sensitive", False)),
            }
            for a in data["answers"]
        ],
        "numeric": [
            {
                "value": str(n.get("value", "0")),
                "tolerance": str(n.get("tolerance", "0")),
                "fraction": str(n.get("fraction", "1")),
            }
            for n in data["numeric"]
        ],
        "pairs": [
            {
                "id": str(p.get("id", "")),
                "prompt": str(p.get("prompt", "")),
                "answer": str(p.get("answer", "")),
            }
            for p in data["pairs"]
        ],
        "items": [
            {"id": str(i.get("id", "")), "text": str(i.get("text", ""))} for i in data["items"]
        ],
        "general_feedback": question.general_feedback,
    }


def question_snapshots(question_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Snapshots of the questions (archived ones too: an attempt may hold them), by id;
    ids that do not exist are left out. One query."""
    return {q.pk: question_snapshot(q) for q in Question.objects.filter(pk__in=list(question_ids))}


def questions_for_draw(
    *,
    course_id: int,
    category_id: int,
    include_subcategories: bool,
    tag_ids: Sequence[int] = (),
) -> list[int]:
    """Ids of the active questions a test may draw from a category of the course (with
    its subcategories when asked), having all of `tag_ids` when given; by id."""
    if include_subcategories:
        categories = category_descendant_ids(course_id=course_id, category_id=category_id)
    else:
        categories = [category_id]
    qs = Question.objects.filter(course_id=course_id, category_id__in=categories, is_archived=False)
    for tag_id in tag_ids:
        qs = qs.filter(
            pk__in=Question.tags.through.objects.filter(tag_id=tag_id).values("question_id")
        )
    return list(qs.order_by("pk").values_list("pk", flat=True))


def _render(html: str, user_id: int | None) -> str:
    rendered = render_text(html)
    return file_urls_sign(rendered, user_id=user_id) if user_id is not None else rendered


def public_view_for(snapshot: dict[str, Any], *, seed: int, user_id: int | None) -> dict[str, Any]:
    """`grading.public_view` ready for a page: TeX rendered as MathML in the text, the
    choices, prompts and items, and every image link signed for `user_id` (the student
    of the attempt; None leaves links unsigned, for readers of the bank)."""
    view = public_view(snapshot, seed)
    view["text"] = _render(view["text"], user_id)
    for key, part in (("choices", "text"), ("pairs", "prompt"), ("items", "text")):
        for entry in view[key]:
            entry[part] = _render(entry[part], user_id)
    return view


def questions_by_ids(ids: Iterable[int]) -> list[Question]:
    return list(Question.objects.filter(pk__in=list(ids)).order_by("pk"))


def bank_course_list(*, actor: ActorScope) -> QuerySet[Course]:
    """The courses whose banks the actor opens from the menu: the courses they teach,
    assist or tutor; for department, faculty and institution readers, the courses they
    read. Students, who read no bank, get none."""
    courses = course_selectors.course_list_for(actor=actor)
    if actor.is_superuser or actor.roles & BANK_READER_ROLES:
        return courses
    if actor.staff_id is not None:
        return courses.filter(
            pk__in=CourseStaff.objects.filter(staff_id=actor.staff_id).values("course_id")
        )
    return courses.none()
