"""Writes of the question banks (TST-1, TST-2, LMS-2): questions of eight types with the
rules of each type, categories, tags, images, and the exchange files — an import is
uploaded into a batch with a preview and its problems, and saved only when the teacher
confirms, in one transaction; an export writes a course's or a category's questions in
any format, skipping with a note what the format cannot hold.

Every function checks the actor (SEC-2: `bank_access_for_edit`) and raises DomainErrors
with messages in the user's language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from qashyq.core.scope import ActorScope
from qashyq.courses.models import LearningOutcome
from qashyq.questions import formats, selectors
from qashyq.questions.data import ExportFile, ImportCounts, QuestionInput
from qashyq.questions.errors import CategoryInvalid, ImportInvalid, QuestionInvalid
from qashyq.questions.formats.base import (
    ParsedChoice,
    ParsedImage,
    ParsedNumeric,
    ParsedPair,
    ParsedQuestion,
    Problem,
    QuestionType,
    Severity,
)
from qashyq.questions.models import (
    Category,
    ImportBatch,
    ImportStatus,
    Question,
    QuestionFile,
    Tag,
    empty_data,
)
from qashyq.questions.sanitize import inline_html, question_html
from qashyq.questions.tokens import FILE_URL, file_url

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50
MAX_POINTS = Decimal(1000)
FULL = Decimal(1)
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"GIF87a": ("image/gif", "gif"),
    b"GIF89a": ("image/gif", "gif"),
}
PLUGINFILE = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s]+)")


def _user(actor: ActorScope) -> int | None:
    return actor.user_id


# ---------------------------------------------------------------- question rules (TST-1)


def _invalid(message: str, field: str) -> QuestionInvalid:
    return QuestionInvalid(message, field=field)


def _decimal(value: object, *, field: str, default: Decimal | None = None) -> Decimal:
    if (value is None or str(value).strip() == "") and default is not None:
        return default
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise _invalid(_("Enter a number."), field) from None
    if not result.is_finite():
        raise _invalid(_("Enter a number."), field)
    return result


def _fraction(value: object, *, field: str, low: Decimal = Decimal(-1)) -> Decimal:
    fraction = _decimal(value, field=field, default=Decimal(0))
    if not low <= fraction <= FULL:
        raise _invalid(
            _("A fraction must be between %(low)s and 1.") % {"low": low.normalize()}, field
        )
    return fraction


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def _rows(rows: Iterable[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """Rows with any non-empty value among `keys` (blank form rows are dropped)."""
    kept = [r for r in rows if any(str(r.get(k) or "").strip() for k in keys)]
    if len(kept) > MAX_ROWS:
        raise _invalid(_("At most %(n)d rows.") % {"n": MAX_ROWS}, keys[0])
    return kept


def question_data_validate(values: QuestionInput) -> dict[str, list[Any]]:  # noqa: PLR0912
    """The type's data in the snapshot shape with ids assigned, or QuestionInvalid with the
    rule broken, in the user's language (TST-1)."""
    qtype = values.qtype
    data = empty_data()
    if qtype in {QuestionType.SINGLE, QuestionType.MULTIPLE}:
        choices = _rows(values.choices, "text")
        if len(choices) < 2:
            raise _invalid(_("Give at least two choices."), "choices")
        for n, c in enumerate(choices, 1):
            data["choices"].append(
                {
                    "id": f"c{n}",
                    "text": inline_html(str(c.get("text") or "")),
                    "fraction": _num(_fraction(c.get("fraction"), field="choices")),
                    "feedback": inline_html(str(c.get("feedback") or "")),
                }
            )
        fractions = [Decimal(c["fraction"]) for c in data["choices"]]
        if qtype == QuestionType.SINGLE:
            if fractions.count(FULL) != 1:
                raise _invalid(_("Exactly one choice must give full credit (1)."), "choices")
        elif sum(f for f in fractions if f > 0) != FULL and abs(
            sum(f for f in fractions if f > 0) - FULL
        ) > Decimal("0.01"):
            raise _invalid(_("The positive fractions of the choices must add up to 1."), "choices")
    elif qtype == QuestionType.TRUE_FALSE:
        given = {str(c.get("id")): c for c in values.choices}
        for key in ("true", "false"):
            fraction = _fraction(
                given.get(key, {}).get("fraction"), field="choices", low=Decimal(0)
            )
            data["choices"].append(
                {
                    "id": key,
                    "text": "",
                    "fraction": _num(fraction),
                    "feedback": inline_html(str(given.get(key, {}).get("feedback") or "")),
                }
            )
        if [Decimal(c["fraction"]) for c in data["choices"]].count(FULL) != 1:
            raise _invalid(_("Say whether the statement is true or false."), "choices")
    elif qtype == QuestionType.SHORT:
        for a in _rows(values.answers, "text"):
            data["answers"].append(
                {
                    "text": " ".join(str(a.get("text")).split())[:255],
                    "fraction": _num(_fraction(a.get("fraction"), field="answers", low=Decimal(0))),
                    "case_sensitive": bool(a.get("case_sensitive")),
                }
            )
        if not any(Decimal(a["fraction"]) == FULL for a in data["answers"]):
            raise _invalid(_("Give at least one accepted answer with full credit."), "answers")
    elif qtype == QuestionType.NUMERIC:
        for a in _rows(values.numeric, "value"):
            tolerance = _decimal(a.get("tolerance"), field="numeric", default=Decimal(0))
            if tolerance < 0:
                raise _invalid(_("A tolerance cannot be negative."), "numeric")
            data["numeric"].append(
                {
                    "value": _num(_decimal(a.get("value"), field="numeric")),
                    "tolerance": _num(tolerance),
                    "fraction": _num(
                        _fraction(a.get("fraction", "1"), field="numeric", low=Decimal(0))
                    ),
                }
            )
        if not any(Decimal(a["fraction"]) == FULL for a in data["numeric"]):
            raise _invalid(_("Give the right number with full credit."), "numeric")
    elif qtype == QuestionType.MATCHING:
        for n, p in enumerate(_rows(values.pairs, "prompt", "answer"), 1):
            answer = " ".join(str(p.get("answer") or "").split())
            if not answer:
                raise _invalid(_("Every pair needs an answer."), "pairs")
            data["pairs"].append(
                {"id": f"p{n}", "prompt": inline_html(str(p.get("prompt") or "")), "answer": answer}
            )
        if sum(1 for p in data["pairs"] if p["prompt"]) < 2:
            raise _invalid(_("Give at least two pairs with a prompt."), "pairs")
    elif qtype == QuestionType.ORDERING:
        items = _rows(values.items, "text")
        if len(items) < 2:
            raise _invalid(_("Give at least two items to put in order."), "items")
        data["items"] = [
            {"id": f"o{n}", "text": inline_html(str(i.get("text")))} for n, i in enumerate(items, 1)
        ]
    elif qtype != QuestionType.ESSAY:
        raise _invalid(_("Unknown question type."), "qtype")
    return data


def _common_validate(values: QuestionInput) -> tuple[str, Decimal]:
    text = question_html(values.text)
    if not text:
        raise _invalid(_("Write the question's text."), "text")
    points = _decimal(values.points, field="points", default=FULL)
    if not Decimal(0) < points <= MAX_POINTS:
        raise _invalid(_("Points must be more than 0 and at most 1000."), "points")
    return text, points.quantize(Decimal("0.01"))


def _tags(course_id: int, names: Iterable[str]) -> list[Tag]:
    wanted = sorted({" ".join(n.split())[:100] for n in names if n.strip()})
    if not wanted:
        return []
    existing = {t.name: t for t in Tag.objects.filter(course_id=course_id, name__in=wanted)}
    missing = [Tag(course_id=course_id, name=n) for n in wanted if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(course_id=course_id, name__in=wanted)}
    return list(existing.values())


def _outcomes(course_id: int, ids: Iterable[int]) -> list[LearningOutcome]:
    wanted = set(ids)
    found = list(LearningOutcome.objects.filter(course_id=course_id, pk__in=wanted))
    if len(found) != len(wanted):
        raise _invalid(_("Choose learning outcomes of this course."), "outcome_ids")
    return found


def _category(course_id: int, category_id: int) -> Category:
    category = Category.objects.filter(course_id=course_id, pk=category_id).first()
    if category is None:
        raise _invalid(_("Choose a category of this bank."), "category_id")
    return category


@transaction.atomic
def question_create(*, actor: ActorScope, course_id: int, values: QuestionInput) -> Question:
    """Add a question to a course's bank after the rules of its type (TST-1)."""
    selectors.bank_access_for_edit(actor=actor, course_id=course_id)
    text, points = _common_validate(values)
    data = question_data_validate(values)
    question = Question.objects.create(
        course_id=course_id,
        category=_category(course_id, values.category_id),
        qtype=values.qtype,
        name=values.name.strip()[:255],
        text=text,
        points=points,
        shuffle=values.shuffle,
        data=data,
        general_feedback=question_html(values.general_feedback),
        created_by_id=_user(actor),
        updated_by_id=_user(actor),
    )
    question.tags.set(_tags(course_id, values.tags))
    question.outcomes.set(_outcomes(course_id, values.outcome_ids))
    return question


@transaction.atomic
def question_update(
    *, actor: ActorScope, question: Question, values: QuestionInput, version: int | None = None
) -> Question:
    """Change a question; its version goes up by one. With `version`, a stale edit (someone
    saved in between) is refused rather than overwriting theirs."""
    selectors.bank_access_for_edit(actor=actor, course_id=question.course_id)
    text, points = _common_validate(values)
    if values.qtype != question.qtype:
        raise _invalid(_("The type of a question cannot change; duplicate it instead."), "qtype")
    data = question_data_validate(values)
    category = _category(question.course_id, values.category_id)
    updated = Question.objects.filter(
        pk=question.pk, **({"version": version} if version is not None else {})
    ).update(
        category=category,
        name=values.name.strip()[:255],
        text=text,
        points=points,
        shuffle=values.shuffle,
        data=data,
        general_feedback=question_html(values.general_feedback),
        updated_by_id=_user(actor),
        version=F("version") + 1,
    )
    if not updated:
        raise QuestionInvalid(
            _("Someone changed this question meanwhile. Reload it and edit again."),
            field="version",
        )
    question.refresh_from_db()
    question.tags.set(_tags(question.course_id, values.tags))
    question.outcomes.set(_outcomes(question.course_id, values.outcome_ids))
    return question


def question_input_of(question: Question) -> QuestionInput:
    """A question's values as the edit form and duplicate take them."""
    data = selectors.question_snapshot(question)
    return QuestionInput(
        qtype=question.qtype,
        text=question.text,
        category_id=question.category_id,
        name=question.name,
        points=question.points,
        shuffle=question.shuffle,
        general_feedback=question.general_feedback,
        choices=data["choices"],
        answers=data["answers"],
        numeric=data["numeric"],
        pairs=data["pairs"],
        items=data["items"],
        tags=[t.name for t in question.tags.all()],
        outcome_ids=[o.pk for o in question.outcomes.all()],
    )


@transaction.atomic
def question_archive(*, actor: ActorScope, question: Question, archived: bool = True) -> Question:
    """Archive a question (tests draw it no more; attempts keep their snapshots) or bring
    it back."""
    selectors.bank_access_for_edit(actor=actor, course_id=question.course_id)
    question.is_archived = archived
    question.updated_by_id = _user(actor)
    question.version += 1
    question.save(update_fields=["is_archived", "updated_by", "version", "updated_at"])
    return question


@transaction.atomic
def question_duplicate(*, actor: ActorScope, question: Question) -> Question:
    """A copy of the question in the same category, named "… (copy)"."""
    values = question_input_of(question)
    values.name = _("%(name)s (copy)") % {"name": question.name or f"#{question.pk}"}
    return question_create(actor=actor, course_id=question.course_id, values=values)


# ---------------------------------------------------------------- categories


def _siblings_max(course_id: int, parent_id: int | None) -> int:
    top = Category.objects.filter(course_id=course_id, parent_id=parent_id).aggregate(
        m=Max("position")
    )["m"]
    return 0 if top is None else top + 1


def _category_name(name: str) -> str:
    clean = " ".join(name.replace("/", " ").split())[:200]
    if not clean:
        raise CategoryInvalid(_("Give the category a name."), field="name")
    return clean


@transaction.atomic
def category_create(
    *, actor: ActorScope, course_id: int, name: str, parent_id: int | None = None
) -> Category:
    selectors.bank_access_for_edit(actor=actor, course_id=course_id)
    parent = _category(course_id, parent_id) if parent_id else None
    return Category.objects.create(
        course_id=course_id,
        parent=parent,
        name=_category_name(name),
        position=_siblings_max(course_id, parent_id),
    )


@transaction.atomic
def category_update(
    *,
    actor: ActorScope,
    category: Category,
    name: str | None = None,
    parent_id: int | bool | None = False,
    position: int | None = None,
) -> Category:
    """Rename and/or move a category (`parent_id` None → to the top; False → stays)."""
    selectors.bank_access_for_edit(actor=actor, course_id=category.course_id)
    if name is not None:
        category.name = _category_name(name)
    if parent_id is not False:
        new_parent = int(parent_id) if parent_id else None
        if new_parent is not None:
            _category(category.course_id, new_parent)
            below = selectors.category_descendant_ids(
                course_id=category.course_id, category_id=category.pk
            )
            if new_parent in below:
                raise CategoryInvalid(
                    _("A category cannot move into itself or its subcategory."), field="parent_id"
                )
        if new_parent != category.parent_id:
            category.parent_id = new_parent
            category.position = _siblings_max(category.course_id, new_parent)
    if position is not None:
        category.position = max(0, position)
    category.save()
    return category


@transaction.atomic
def category_delete(*, actor: ActorScope, category: Category) -> None:
    """Delete an empty category (no subcategories, no questions, archived ones included)."""
    selectors.bank_access_for_edit(actor=actor, course_id=category.course_id)
    if category.children.exists() or category.questions.exists():
        raise CategoryInvalid(
            _("Only an empty category can be deleted: move or delete its questions first.")
        )
    category.delete()


def category_default(*, course_id: int) -> Category:
    """The bank's first top category, made ("Default") when the bank has none."""
    first = Category.objects.filter(course_id=course_id, parent=None).first()
    if first is not None:
        return first
    return Category.objects.create(course_id=course_id, name=_("Default"), position=0)


def _category_path(course_id: int, path: str, under: Category | None, made: list[int]) -> Category:
    """The category at `path` ("A/B") below `under`, made where missing."""
    parent = under
    names = [" ".join(p.split())[:200] for p in path.split("/") if p.strip()]
    if not names:
        return under or category_default(course_id=course_id)
    for name in names:
        parent_id = parent.pk if parent else None
        found = Category.objects.filter(course_id=course_id, parent_id=parent_id, name=name).first()
        if found is None:
            found = Category.objects.create(
                course_id=course_id,
                parent_id=parent_id,
                name=name,
                position=_siblings_max(course_id, parent_id),
            )
            made.append(found.pk)
        parent = found
    assert parent is not None
    return parent


# ---------------------------------------------------------------- images


def _image_type(content: bytes) -> tuple[str, str] | None:
    for magic, kind in IMAGE_TYPES.items():
        if content.startswith(magic):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def _safe_name(name: str, extension: str) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", name.rsplit("/", 1)[-1]).strip("._") or "image"
    if not stem.lower().endswith(f".{extension}") and not (
        extension == "jpg" and stem.lower().endswith(".jpeg")
    ):
        stem = f"{stem.rsplit('.', 1)[0]}.{extension}"
    return stem[:150]


def _file_save(*, course_id: int, name: str, content: bytes, user_id: int | None) -> QuestionFile:
    kind = _image_type(content)
    if kind is None:
        raise QuestionInvalid(_("Only PNG, JPEG, GIF or WebP images can be added."), field="file")
    if len(content) > MAX_IMAGE_BYTES:
        raise QuestionInvalid(_("An image may be at most 5 MB."), field="file")
    mime, extension = kind
    safe = _safe_name(name, extension)
    qfile = QuestionFile(
        course_id=course_id, name=safe, mime_type=mime, size=len(content), created_by_id=user_id
    )
    qfile.file.save(safe, ContentFile(content), save=False)
    qfile.save()
    return qfile


@transaction.atomic
def question_file_upload(
    *, actor: ActorScope, course_id: int, name: str, content: bytes
) -> QuestionFile:
    """Keep an image for the bank's questions; the text refers to it by `file_url`."""
    selectors.bank_access_for_edit(actor=actor, course_id=course_id)
    return _file_save(course_id=course_id, name=name, content=content, user_id=_user(actor))


# ---------------------------------------------------------------- import (TST-1, TST-2)


def _parsed_input(parsed: ParsedQuestion, category_id: int) -> QuestionInput:
    """A read question as the services take it."""
    values = QuestionInput(
        qtype=str(parsed.qtype),
        text=parsed.text,
        category_id=category_id,
        name=parsed.name,
        points=parsed.points,
        shuffle=parsed.shuffle,
        general_feedback=parsed.general_feedback,
        tags=list(parsed.tags),
    )
    if parsed.qtype == QuestionType.SHORT:
        values.answers = [
            {"text": c.text, "fraction": c.fraction, "case_sensitive": c.case_sensitive}
            for c in parsed.choices
        ]
    elif parsed.qtype == QuestionType.TRUE_FALSE:
        values.choices = [_truefalse_choice(c) for c in parsed.choices]
    else:
        values.choices = [
            {"text": c.text, "fraction": c.fraction, "feedback": c.feedback} for c in parsed.choices
        ]
    values.numeric = [
        {"value": n.value, "tolerance": n.tolerance, "fraction": n.fraction} for n in parsed.numeric
    ]
    values.pairs = [{"prompt": p.prompt, "answer": p.answer} for p in parsed.pairs]
    values.items = [{"text": t} for t in parsed.order]
    return values


TRUE_WORDS = {"true", "дұрыс", "иә", "верно", "правда", "да", "ақиқат", "t"}


def _truefalse_choice(choice: ParsedChoice) -> dict[str, Any]:
    word = re.sub(r"<[^>]+>", "", choice.text).strip().casefold()
    return {
        "id": "true" if word in TRUE_WORDS else "false",
        "fraction": choice.fraction,
        "feedback": choice.feedback,
    }


def _excerpt(html: str, limit: int = 160) -> str:
    plain = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "line": problem.line,
        "message": str(problem.message),
        "excerpt": problem.excerpt[:300],
        "severity": str(problem.severity),
    }


def _read(batch: ImportBatch, content: bytes) -> tuple[list[ParsedQuestion], list[dict[str, Any]]]:
    """The file's questions that pass the bank's rules, and every problem — the reader's
    and ours (a question the bank would refuse), with its line."""
    result = formats.read(
        batch.fmt,
        content,
        filename=batch.filename,
        first_variant_correct=batch.first_variant_correct,
    )
    problems = [_problem_dict(p) for p in result.problems]
    kept: list[ParsedQuestion] = []
    for parsed in result.questions:
        try:
            _common_validate(_parsed_input(parsed, 0))
            question_data_validate(_parsed_input(parsed, 0))
        except QuestionInvalid as error:
            problems.append(
                {
                    "line": parsed.line,
                    "message": error.message,
                    "excerpt": _excerpt(parsed.text, 120),
                    "severity": str(Severity.ERROR),
                }
            )
            continue
        kept.append(parsed)
    problems.sort(key=lambda p: (p["line"] is None, p["line"] or 0))
    return kept, problems


@transaction.atomic
def import_upload(
    *,
    actor: ActorScope,
    course_id: int,
    filename: str,
    content: bytes,
    fmt: str = "",
    first_variant_correct: bool = True,
    category_id: int | None = None,
) -> ImportBatch:
    """Keep an exchange file and what could be read from it, as a batch waiting for the
    teacher's confirmation (TST-2): the format is detected when not given. Nothing goes
    into the bank yet."""
    selectors.bank_access_for_edit(actor=actor, course_id=course_id)
    if not content:
        raise ImportInvalid(_("The file is empty."), field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportInvalid(_("The file may be at most 20 MB."), field="file")
    fmt = fmt or formats.detect(filename, content) or ""
    if fmt not in formats.FORMATS:
        raise ImportInvalid(
            _("The format of this file was not recognised: choose it in the list."), field="fmt"
        )
    category = _category(course_id, category_id) if category_id else None
    batch = ImportBatch(
        course_id=course_id,
        category=category,
        filename=filename.rsplit("/", 1)[-1][:255] or "questions.txt",
        fmt=fmt,
        first_variant_correct=first_variant_correct,
        created_by_id=_user(actor),
    )
    kept, problems = _read(batch, content)
    batch.preview = [
        {
            "line": q.line,
            "qtype": str(q.qtype),
            "name": q.name[:255],
            "text": _excerpt(q.text),
            "category": q.category,
            "answers": _answers_summary(q),
            "images": len(q.images),
        }
        for q in kept
    ]
    batch.problems = problems
    batch.file.save(f"import.{fmt}", ContentFile(content), save=False)
    batch.save()
    return batch


def _answers_summary(q: ParsedQuestion) -> list[str]:
    if q.qtype == QuestionType.NUMERIC:
        return [f"{n.value} ± {n.tolerance} ({n.fraction})" for n in q.numeric]
    if q.qtype == QuestionType.MATCHING:
        return [f"{_excerpt(p.prompt, 60) or '—'} → {p.answer}" for p in q.pairs]
    if q.qtype == QuestionType.ORDERING:
        return [_excerpt(t, 60) for t in q.order]
    return [f"{'✓' if c.fraction > 0 else '✗'} {_excerpt(c.text, 80)}" for c in q.choices]


@transaction.atomic
def import_confirm(*, actor: ActorScope, batch: ImportBatch) -> ImportCounts:
    """Save the batch's questions with their categories (the paths in the file, below the
    chosen category), tags and images — all of them or, on any failure, none. Confirming
    twice saves once."""
    selectors.bank_access_for_edit(actor=actor, course_id=batch.course_id)
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportStatus.PREVIEW:
        raise ImportInvalid(_("This import has already been confirmed or cancelled."))
    with locked.file.open("rb") as handle:
        content = handle.read()
    kept, _problems = _read(locked, content)
    made: list[int] = []
    tags_before = Tag.objects.filter(course_id=locked.course_id).count()
    images = 0
    for parsed in kept:
        category = _category_path(locked.course_id, parsed.category, locked.category, made)
        files: dict[str, str] = {}
        for image in parsed.images:
            qfile = _image_from(locked.course_id, image, _user(actor))
            if qfile is not None:
                files[image.name] = file_url(file_id=qfile.pk, name=qfile.name)
                images += 1
        values = _parsed_input(parsed, category.pk)
        values.text = _pluginfile_replace(values.text, files)
        for row in values.choices:
            row["text"] = _pluginfile_replace(str(row.get("text") or ""), files)
        for row in values.pairs:
            row["prompt"] = _pluginfile_replace(str(row.get("prompt") or ""), files)
        question_create(actor=actor, course_id=locked.course_id, values=values)
    counts = ImportCounts(
        questions=len(kept),
        categories=len(made),
        images=images,
        tags=Tag.objects.filter(course_id=locked.course_id).count() - tags_before,
    )
    locked.status = ImportStatus.DONE
    locked.result = {
        "questions": counts.questions,
        "categories": counts.categories,
        "images": counts.images,
        "tags": counts.tags,
    }
    locked.save(update_fields=["status", "result", "updated_at"])
    batch.status, batch.result = locked.status, locked.result
    return counts


def _image_from(course_id: int, image: ParsedImage, user_id: int | None) -> QuestionFile | None:
    try:
        return _file_save(
            course_id=course_id, name=image.name, content=image.content, user_id=user_id
        )
    except QuestionInvalid:
        return None  # not an image we show (the text keeps its alt); counted out


def _pluginfile_replace(html: str, files: dict[str, str]) -> str:
    return PLUGINFILE.sub(
        lambda m: files.get(m.group(1), files.get(unquote(m.group(1)), m.group(0))), html
    )


@transaction.atomic
def import_cancel(*, actor: ActorScope, batch: ImportBatch) -> None:
    selectors.bank_access_for_edit(actor=actor, course_id=batch.course_id)
    updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.CANCELLED
    )
    if not updated:
        raise ImportInvalid(_("This import has already been confirmed or cancelled."))
    batch.status = ImportStatus.CANCELLED


# ---------------------------------------------------------------- export


def _parsed_of(question: Question, paths: dict[int, str]) -> ParsedQuestion:
    """A bank question as the writers take it; its images travel as @@PLUGINFILE@@."""
    snapshot = selectors.question_snapshot(question)
    images: dict[int, ParsedImage] = {}

    def local(html: str) -> str:
        def swap(match: re.Match[str]) -> str:
            file_id = int(match.group("id"))
            if file_id not in images:
                qfile = QuestionFile.objects.filter(
                    pk=file_id, course_id=question.course_id
                ).first()
                if qfile is None:
                    return match.group(0)
                with qfile.file.open("rb") as handle:
                    images[file_id] = ParsedImage(
                        name=f"{file_id}-{qfile.name}",
                        content=handle.read(),
                        mime_type=qfile.mime_type,
                    )
            return f"@@PLUGINFILE@@/{images[file_id].name}"

        return FILE_URL.sub(swap, html)

    qtype = QuestionType(question.qtype)
    choices: list[ParsedChoice] = []
    if qtype == QuestionType.SHORT:
        choices = [
            ParsedChoice(
                text=a["text"], fraction=Decimal(a["fraction"]), case_sensitive=a["case_sensitive"]
            )
            for a in snapshot["answers"]
        ]
    elif qtype == QuestionType.TRUE_FALSE:
        choices = [
            ParsedChoice(
                text="true" if c["id"] == "true" else "false",
                fraction=Decimal(c["fraction"]),
                feedback=c["feedback"],
            )
            for c in snapshot["choices"]
        ]
    else:
        choices = [
            ParsedChoice(
                text=local(c["text"]), fraction=Decimal(c["fraction"]), feedback=c["feedback"]
            )
            for c in snapshot["choices"]
        ]
    return ParsedQuestion(
        qtype=qtype,
        text=local(question.text),
        name=question.name,
        category=paths.get(question.category_id, ""),
        tags=[t.name for t in question.tags.all()],
        points=question.points,
        choices=choices,
        numeric=[
            ParsedNumeric(
                value=Decimal(n["value"]),
                tolerance=Decimal(n["tolerance"]),
                fraction=Decimal(n["fraction"]),
            )
            for n in snapshot["numeric"]
        ],
        pairs=[
            ParsedPair(prompt=local(p["prompt"]), answer=p["answer"]) for p in snapshot["pairs"]
        ],
        order=[i["text"] for i in snapshot["items"]],
        shuffle=question.shuffle,
        general_feedback=question.general_feedback,
        images=list(images.values()),
    )


def question_export(
    *, actor: ActorScope, course_id: int, fmt: str, category_id: int | None = None
) -> ExportFile:
    """A course's (or a category's, with its subcategories) active questions in `fmt`;
    the questions the format cannot hold are skipped and named in `skipped`."""
    access = selectors.bank_access(actor=actor, course_id=course_id)
    if fmt not in formats.FORMATS:
        raise ImportInvalid(_("Choose a format."), field="fmt")
    questions = selectors.question_list(course_id=course_id, category_id=category_id)
    paths = {node.pk: node.path for node in selectors.category_tree(course_id=course_id)}
    parsed: list[ParsedQuestion] = []
    skipped: list[str] = []
    for question in questions:
        if not formats.writable(fmt, QuestionType(question.qtype)):
            skipped.append(
                _("%(question)s: the format cannot hold %(type)s questions")
                % {
                    "question": question.name or f"#{question.pk}",
                    "type": question.get_qtype_display(),
                }
            )
            continue
        parsed.append(_parsed_of(question, paths))
    content = formats.write(fmt, parsed)
    suffix = formats.EXTENSIONS.get(fmt, ".txt")
    mime = formats.MIME_TYPES.get(fmt, "application/octet-stream")
    return ExportFile(
        content=content,
        filename=f"{access.course.code}-questions{suffix}",
        content_type=f"{mime}; charset=utf-8" if mime.startswith("text/") else mime,
        exported=len(parsed),
        skipped=skipped,
    )
