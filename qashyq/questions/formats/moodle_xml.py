"""Moodle XML (the format of Moodle's question bank export), read and written.

Read: multichoice (single/multiple), truefalse, shortanswer, numerical, matching, ordering
(the qtype_ordering plugin), essay; description is skipped with a warning and any other
type gives a problem. `<question type="category">` sets the category of the questions that
follow ($course$/, $module$/, $system$/ … and the "top" level stripped). Texts in the
formats html, moodle_auto_format, plain_text and markdown become safe HTML; images in
`<file encoding="base64">` become `ParsedImage`s. Fractions are percentages in the file
and Decimals 0..1 here. The parser is defusedxml: entity bombs and external entities are
refused as a problem, never expanded.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import xml.etree.ElementTree as ET
from decimal import Decimal

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from qashyq.questions.formats import html as h
from qashyq.questions.formats.base import (
    ImportResult,
    ParsedChoice,
    ParsedImage,
    ParsedNumeric,
    ParsedPair,
    ParsedQuestion,
    QuestionType,
)
from qashyq.questions.formats.common import (
    MAX_QUESTIONS,
    category_path,
    decimal_str,
    parse_decimal,
    problem,
    too_many_questions,
)

_LINE = "_line"
_HUNDRED = Decimal(100)
WRITABLE = frozenset(QuestionType)


class _LineTreeBuilder(ET.TreeBuilder):
    """Stamps each element with the line where it starts (for problems)."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            element.set(_LINE, str(self.parser.parser.CurrentLineNumber))
        return element


def _parse(data: bytes) -> ET.Element:
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    parser.feed(data)
    root: ET.Element = parser.close()
    return root


def _line(element: ET.Element) -> int | None:
    raw = element.get(_LINE)
    return int(raw) if raw and raw.isdigit() else None


def _child_text(element: ET.Element | None, path: str, default: str = "") -> str:
    if element is None:
        return default
    found = element.find(path)
    return (found.text or "") if found is not None else default


def _flag(element: ET.Element, name: str, *, default: bool) -> bool:
    found = element.find(name)
    if found is None or found.text is None:
        return default
    return found.text.strip().lower() in {"1", "true", "yes"}


def _formatted(element: ET.Element | None, *, inline: bool = False) -> str:
    """The text of a <…text format="…"><text>…</text></…> element as safe HTML."""
    if element is None:
        return ""
    raw = _child_text(element, "text")
    fmt = (element.get("format") or "html").strip().lower()
    if fmt == "plain_text":
        html = h.plain_block(raw)
    elif fmt == "markdown":
        html = h.markdown_block(raw)
    elif fmt == "moodle_auto_format" and not h.has_markup(raw):
        html = h.plain_block(raw)
    else:
        html = h.clean_html(raw)
    return h.to_inline(html) if inline else h.to_block(html)


def _images(question: ET.Element, result: ImportResult) -> list[ParsedImage]:
    images: list[ParsedImage] = []
    seen: set[str] = set()
    for file in question.iter("file"):
        name = (file.get("name") or "").strip().replace("/", "_")
        if not name or name in seen:
            continue
        if (file.get("encoding") or "base64").lower() != "base64":
            continue
        try:
            content = base64.b64decode((file.text or "").strip(), validate=False)
        except (binascii.Error, ValueError):
            result.problems.append(
                problem(_line(file), _("The picture %(name)s is damaged.") % {"name": name},
                        name, warning=True)
            )  # fmt: skip
            continue
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        images.append(ParsedImage(name=name, content=content, mime_type=mime))
        seen.add(name)
    return images


def _fraction(raw: str | None) -> Decimal | None:
    value = parse_decimal(raw or "0")
    return None if value is None else value / _HUNDRED


def _tags(question: ET.Element) -> list[str]:
    return [
        t.strip()
        for t in (tag.findtext("text") or "" for tag in question.findall("tags/tag"))
        if t.strip()
    ]


def read(data: bytes) -> ImportResult:
    result = ImportResult()
    try:
        root = _parse(data)
    except DefusedXmlException:
        result.problems.append(
            problem(None, _("The XML file declares entities or a DTD, which is refused."))
        )
        return result
    except ET.ParseError as error:
        line = error.position[0]
        result.problems.append(
            problem(line, _("This is not a readable Moodle XML file: %(error)s") % {
                "error": str(error)})
        )  # fmt: skip
        return result
    if root.tag != "quiz":
        result.problems.append(
            problem(_line(root),
                    _("This is not a Moodle XML file: the root element is not <quiz>."),
                    f"<{root.tag}>")
        )  # fmt: skip
        return result
    category = ""
    for element in root.findall("question"):
        qtype = (element.get("type") or "").strip().lower()
        if qtype == "category":
            category = category_path(_child_text(element, "category/text"))
            continue
        if len(result.questions) >= MAX_QUESTIONS:
            result.problems.append(too_many_questions(MAX_QUESTIONS))
            break
        question = _read_question(element, qtype, result)
        if question is not None:
            question.category = category
            result.questions.append(question)
    return result


def _read_question(  # noqa: PLR0912, PLR0915 - one branch per Moodle type, read top to bottom
    element: ET.Element, qtype: str, result: ImportResult
) -> ParsedQuestion | None:
    line = _line(element)
    name = " ".join(_child_text(element, "name/text").split())
    if qtype == "description":
        result.problems.append(
            problem(line, _("A description is not a question; it was skipped."), name,
                    warning=True)
        )  # fmt: skip
        return None
    kinds = {
        "multichoice": QuestionType.SINGLE,
        "truefalse": QuestionType.TRUE_FALSE,
        "shortanswer": QuestionType.SHORT,
        "numerical": QuestionType.NUMERIC,
        "matching": QuestionType.MATCHING,
        "ordering": QuestionType.ORDERING,
        "essay": QuestionType.ESSAY,
    }
    if qtype not in kinds:
        result.problems.append(
            problem(line, _("The question type “%(type)s” is not supported; the question was "
                            "skipped.") % {"type": qtype}, name)
        )  # fmt: skip
        return None
    points = parse_decimal(_child_text(element, "defaultgrade", "1"))
    question = ParsedQuestion(
        qtype=kinds[qtype],
        text=_formatted(element.find("questiontext")),
        name=name,
        tags=_tags(element),
        points=points if points is not None and points >= 0 else Decimal(1),
        shuffle=_flag(element, "shuffleanswers", default=True),
        general_feedback=_formatted(element.find("generalfeedback")),
        line=line,
    )
    question.images = _images(element, result)
    if not question.text.strip():
        result.problems.append(problem(line, _("The question has no text."), name))
        return None
    answers = element.findall("answer")
    bad = False
    if qtype == "multichoice":
        question.qtype = (
            QuestionType.SINGLE if _flag(element, "single", default=True) else QuestionType.MULTIPLE
        )
        for answer in answers:
            fraction = _fraction(answer.get("fraction"))
            bad = bad or fraction is None
            question.choices.append(
                ParsedChoice(
                    text=_formatted(answer, inline=True),
                    fraction=fraction or Decimal(0),
                    feedback=_formatted(answer.find("feedback")),
                )
            )
    elif qtype == "truefalse":
        values: dict[str, ParsedChoice] = {}
        for answer in answers:
            text = h.html_to_text(_formatted(answer, inline=True)).strip().lower()
            key = "true" if text in {"true", "1", "yes"} else "false"
            fraction = _fraction(answer.get("fraction"))
            bad = bad or fraction is None
            values[key] = ParsedChoice(
                text=key,
                fraction=fraction or Decimal(0),
                feedback=_formatted(answer.find("feedback")),
            )
        question.choices = [values.get(k, ParsedChoice(text=k)) for k in ("true", "false")]
    elif qtype == "shortanswer":
        case_sensitive = _flag(element, "usecase", default=False)
        for answer in answers:
            fraction = _fraction(answer.get("fraction"))
            bad = bad or fraction is None
            question.choices.append(
                ParsedChoice(
                    text=(answer.findtext("text") or "").strip(),
                    fraction=fraction or Decimal(0),
                    feedback=_formatted(answer.find("feedback")),
                    case_sensitive=case_sensitive,
                )
            )
    elif qtype == "numerical":
        for answer in answers:
            fraction = _fraction(answer.get("fraction"))
            value = parse_decimal(answer.findtext("text") or "")
            tolerance = parse_decimal(answer.findtext("tolerance") or "0")
            if value is None or fraction is None or tolerance is None:
                bad = True
                continue
            question.numeric.append(
                ParsedNumeric(
                    value=value,
                    tolerance=abs(tolerance),
                    fraction=fraction,
                    feedback=_formatted(answer.find("feedback")),
                )
            )
    elif qtype == "matching":
        for sub in element.findall("subquestion"):
            question.pairs.append(
                ParsedPair(
                    prompt=_formatted(sub, inline=True),
                    answer=(_child_text(sub, "answer/text")).strip(),
                )
            )
    elif qtype == "ordering":
        ranked = []
        for index, answer in enumerate(answers):
            position = parse_decimal(answer.get("fraction") or "") or Decimal(index + 1)
            ranked.append((position, index, _formatted(answer, inline=True)))
        question.order = [text for _pos, _idx, text in sorted(ranked)]
    if bad:
        result.problems.append(problem(line, _("An answer has an unreadable grade."), name))
        return None
    empty = _empty_part(question)
    if empty:
        result.problems.append(problem(line, empty, name))
        return None
    return question


def _empty_part(question: ParsedQuestion) -> str:  # noqa: PLR0911 - one rule per type
    """Why a read question cannot be used, or ""."""
    qtype = question.qtype
    if qtype in {QuestionType.SINGLE, QuestionType.MULTIPLE}:
        if len(question.choices) < 2:
            return _("A choice question needs at least two choices.")
        if any(not c.text.strip() for c in question.choices):
            return _("A choice is empty.")
        if max(c.fraction for c in question.choices) <= 0:
            return _("No choice is marked correct.")
    if qtype == QuestionType.SHORT and not any(c.text and c.fraction > 0 for c in question.choices):
        return _("A short-answer question needs an accepted answer.")
    if qtype == QuestionType.NUMERIC and not question.numeric:
        return _("A numeric question needs a correct number.")
    if qtype == QuestionType.MATCHING and len([p for p in question.pairs if p.prompt]) < 2:
        return _("A matching question needs at least two pairs.")
    if qtype == QuestionType.ORDERING and len(question.order) < 2:
        return _("An ordering question needs at least two items.")
    return ""


# --- writer ----------------------------------------------------------------------------


def _text_element(parent: ET.Element, tag: str, html: str, fmt: str = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt})
    ET.SubElement(element, "text").text = html
    return element


def _percent(fraction: Decimal) -> str:
    return decimal_str(fraction * _HUNDRED)


def write(questions: list[ParsedQuestion]) -> bytes:
    quiz = ET.Element("quiz")
    category: str | None = None
    for question in questions:
        if question.category != category:
            category = question.category
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            path = "$course$/top" + (f"/{category}" if category else "")
            ET.SubElement(ET.SubElement(cat, "category"), "text").text = path
        quiz.append(_write_question(question))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


_MOODLE_TYPE = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
    QuestionType.NUMERIC: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ORDERING: "ordering",
    QuestionType.ESSAY: "essay",
}


def _write_question(q: ParsedQuestion) -> ET.Element:  # noqa: PLR0912 - one branch per type
    element = ET.Element("question", {"type": _MOODLE_TYPE[q.qtype]})
    ET.SubElement(ET.SubElement(element, "name"), "text").text = q.name
    text = _text_element(element, "questiontext", q.text)
    for image in q.images:
        file = ET.SubElement(text, "file", {"name": image.name, "path": "/", "encoding": "base64"})
        file.text = base64.b64encode(image.content).decode("ascii")
    _text_element(element, "generalfeedback", q.general_feedback)
    ET.SubElement(element, "defaultgrade").text = decimal_str(q.points)
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "shuffleanswers").text = "true" if q.shuffle else "false"
    if q.qtype in {QuestionType.SINGLE, QuestionType.MULTIPLE}:
        single = "true" if q.qtype == QuestionType.SINGLE else "false"
        ET.SubElement(element, "single").text = single
        ET.SubElement(element, "answernumbering").text = "abc"
        for choice in q.choices:
            answer = _text_element(element, "answer", choice.text)
            answer.set("fraction", _percent(choice.fraction))
            _text_element(answer, "feedback", choice.feedback)
    elif q.qtype == QuestionType.TRUE_FALSE:
        for choice in q.choices:
            answer = _text_element(element, "answer", choice.text, "moodle_auto_format")
            answer.set("fraction", _percent(choice.fraction))
            _text_element(answer, "feedback", choice.feedback)
    elif q.qtype == QuestionType.SHORT:
        case = any(c.case_sensitive for c in q.choices)
        ET.SubElement(element, "usecase").text = "1" if case else "0"
        for choice in q.choices:
            answer = _text_element(element, "answer", choice.text, "moodle_auto_format")
            answer.set("fraction", _percent(choice.fraction))
            _text_element(answer, "feedback", choice.feedback)
    elif q.qtype == QuestionType.NUMERIC:
        for number in q.numeric:
            answer = _text_element(
                element, "answer", decimal_str(number.value), "moodle_auto_format"
            )
            answer.set("fraction", _percent(number.fraction))
            ET.SubElement(answer, "tolerance").text = decimal_str(number.tolerance)
            _text_element(answer, "feedback", number.feedback)
    elif q.qtype == QuestionType.MATCHING:
        for pair in q.pairs:
            sub = _text_element(element, "subquestion", pair.prompt)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = pair.answer
    elif q.qtype == QuestionType.ORDERING:
        ET.SubElement(element, "layouttype").text = "VERTICAL"
        ET.SubElement(element, "selecttype").text = "ALL"
        ET.SubElement(element, "selectcount").text = "0"
        ET.SubElement(element, "gradingtype").text = "ABSOLUTE_POSITION"
        for position, item in enumerate(q.order, start=1):
            answer = _text_element(element, "answer", item)
            answer.set("fraction", str(position))
    elif q.qtype == QuestionType.ESSAY:
        ET.SubElement(element, "responseformat").text = "editor"
        ET.SubElement(element, "responsefieldlines").text = "15"
    if q.tags:
        tags = ET.SubElement(element, "tags")
        for tag in q.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element
