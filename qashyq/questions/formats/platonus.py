"""The Platonus test convention (TST-1, TST-2), from .txt and .docx, and .txt written.

Each question starts with the literal tag `<question>` and each answer option with
`<variant>`; tags are case-insensitive and whitespace inside them is ignored (`< Variant >`),
and a tag may sit at the start of a line or inside it. The option "the first variant is
correct" (on by default) marks the first variant of each question correct; the test
shuffles the variants later, not the importer.

The tags are data (`PLATONUS_TAGS`) so that the variants of the convention can be added
without touching the parser (TST-2). Our choices, documented here and in docs:
- `<question2>` … `<question99>`: a weight or difficulty. The question gets that many points
  and the tag "difficulty:2", so a test can draw by difficulty.
- multiple-answer items: variants written `<variantright>` (also `<variant right>`,
  `<variant+>`, `<variantcorrect>`) are the correct ones. When a question marks any, the
  marks decide and the "first variant" option is ignored for it: one mark is a single
  choice, several a multiple choice with equal shares of the credit.
- with the option off and no marks, the question is read with no correct variant and a
  warning asks the teacher to mark it.

Problems: text before the first question (warning), a question without text, without
variants or with one variant only, an empty variant, two variants with the same text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from qashyq.questions.formats import html as h
from qashyq.questions.formats.base import (
    ImportResult,
    ParsedChoice,
    ParsedImage,
    ParsedQuestion,
    QuestionType,
)
from qashyq.questions.formats.common import (
    MAX_QUESTIONS,
    problem,
    too_many_questions,
)

WRITABLE = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE})


@dataclass(frozen=True)
class PlatonusTag:
    """One tag of the convention: `pattern` matches the tag's name (lower case, no
    whitespace); a question tag may capture a weight, a variant tag may mark it correct."""

    pattern: str
    starts: str  # "question" or "variant"
    correct: bool = False
    weighted: bool = False  # the pattern's first group is the weight


PLATONUS_TAGS: tuple[PlatonusTag, ...] = (
    PlatonusTag(r"question", "question"),
    PlatonusTag(r"question(\d{1,2})", "question", weighted=True),
    PlatonusTag(r"variant", "variant"),
    PlatonusTag(r"variant(?:right|correct|\+)", "variant", correct=True),
)
_TAG = re.compile(r"&lt;((?:[^&<\n]|<[^>\n]*>){1,60}?)&gt;")
_MARKUP = re.compile(r"<[^>]*>")
_HOIST = re.compile(r"((?:<(?:strong|em|u|sub|sup)>)+)(&lt;(?:[^&<\n]|<[^>\n]*>){1,60}?&gt;)")
_IMG = re.compile(r'@@PLUGINFILE@@/([^"\s<>]+)')


def _rule(raw_name: str) -> tuple[PlatonusTag, re.Match[str]] | None:
    name = re.sub(r"\s+", "", _MARKUP.sub("", raw_name)).lower()
    for rule in PLATONUS_TAGS:
        match = re.fullmatch(rule.pattern, name)
        if match:
            return rule, match
    return None


@dataclass
class _Part:
    rule: PlatonusTag
    weight: int | None
    line: int
    content: list[str]  # html lines


def read_lines(
    lines: list[tuple[int, str]],
    images: list[ParsedImage],
    *,
    first_variant_correct: bool = True,
) -> ImportResult:
    """`lines`: (line number, HTML) — a .txt's escaped lines or a .docx's paragraphs."""
    result = ImportResult()
    # a formatted tag (<strong>&lt;variant&gt;…) leaves its formatting to the text after it
    joined = _HOIST.sub(_hoist, "\n".join(html for _n, html in lines))
    starts: list[int] = []
    offset = 0
    for _n, html in lines:
        starts.append(offset)
        offset += len(html) + 1

    def line_at(position: int) -> int:
        return lines[max(0, bisect.bisect_right(starts, position) - 1)][0] if lines else 1

    parts: list[_Part] = []
    preamble: list[str] = []
    cursor = 0
    for match in _TAG.finditer(joined):
        found = _rule(match.group(1))
        if found is None:
            continue
        rule, name_match = found
        text = joined[cursor : match.start()]
        (parts[-1].content if parts else preamble).append(text)
        weight = int(name_match.group(1)) if rule.weighted else None
        parts.append(_Part(rule=rule, weight=weight, line=line_at(match.start()), content=[]))
        cursor = match.end()
    (parts[-1].content if parts else preamble).append(joined[cursor:])
    before = h.html_to_text("".join(preamble)).strip()
    if not parts:
        result.problems.append(
            problem(lines[0][0] if lines else None,
                    _("No “<question>” tag was found: this is not a Platonus test file."),
                    before)
        )  # fmt: skip
        return result
    if before:
        result.problems.append(
            problem(lines[0][0] if lines else 1,
                    _("Text before the first question was ignored."), before, warning=True)
        )  # fmt: skip
    questions: list[list[_Part]] = []
    for part in parts:
        if part.rule.starts == "question":
            questions.append([part])
        elif questions:
            questions[-1].append(part)
    by_name = {image.name: image for image in images}
    for group in questions:
        if len(result.questions) >= MAX_QUESTIONS:
            result.problems.append(too_many_questions(MAX_QUESTIONS))
            break
        question = _question(group, by_name, result, first_variant_correct=first_variant_correct)
        if question is not None:
            result.questions.append(question)
    return result


def _hoist(match: re.Match[str]) -> str:
    if _rule(match.group(2)[4:-4]) is None:
        return match.group(0)
    return match.group(2) + match.group(1)


def _lines_of(content: list[str]) -> list[str]:
    lines = [h.clean_html(line) for line in "".join(content).split("\n")]
    return [
        line for line in lines if h.html_to_text(line).strip() or "<img" in line or "<math" in line
    ]


def _key(html: str) -> str:
    text = h.html_to_text(html)
    return " ".join(text.casefold().split()) or html


def _question(
    group: list[_Part],
    images: dict[str, ParsedImage],
    result: ImportResult,
    *,
    first_variant_correct: bool,
) -> ParsedQuestion | None:
    head, variants = group[0], group[1:]
    text_lines = _lines_of(head.content)
    text = h.clean_html("".join(f"<p>{line}</p>" for line in text_lines))
    shown = h.html_to_text(text)
    if not h.html_to_text(text).strip() and "<img" not in text and "<math" not in text:
        result.problems.append(problem(head.line, _("The question has no text.")))
        return None
    if not variants:
        result.problems.append(problem(head.line, _("The question has no variants."), shown))
        return None
    choices: list[ParsedChoice] = []
    seen: dict[str, int] = {}
    for variant in variants:
        html = h.clean_html("<br>".join(_lines_of(variant.content)))
        if not html:
            result.problems.append(problem(variant.line, _("A variant is empty."), shown))
            return None
        key = _key(html)
        if key in seen:
            result.problems.append(
                problem(variant.line, _("Two variants are the same (the first is on line "
                                        "%(line)s).") % {"line": seen[key]}, h.html_to_text(html))
            )  # fmt: skip
            return None
        seen[key] = variant.line
        choices.append(ParsedChoice(text=html, fraction=Decimal(0)))
    if len(choices) < 2:
        result.problems.append(problem(head.line, _("The question has only one variant."), shown))
        return None
    marked = [i for i, v in enumerate(variants) if v.rule.correct]
    qtype = QuestionType.SINGLE
    if marked:
        share = (Decimal(1) / len(marked)).quantize(Decimal("0.0000001"))
        for i in marked:
            choices[i].fraction = Decimal(1) if len(marked) == 1 else share
        if len(marked) > 1:
            qtype = QuestionType.MULTIPLE
    elif first_variant_correct:
        choices[0].fraction = Decimal(1)
    else:
        result.problems.append(
            problem(head.line, _("No variant is marked correct; mark it before saving."),
                    shown, warning=True)
        )  # fmt: skip
    question = ParsedQuestion(qtype=qtype, text=text, choices=choices, line=head.line)
    if head.weight is not None and head.weight > 0:
        question.points = Decimal(head.weight)
        question.tags = [f"difficulty:{head.weight}"]
    used = _IMG.findall(text + "".join(c.text for c in choices))
    question.images = [images[name] for name in dict.fromkeys(used) if name in images]
    return question


def read_text(text: str, *, first_variant_correct: bool = True) -> ImportResult:
    lines = [(n, escape(line, quote=False)) for n, line in enumerate(text.split("\n"), start=1)]
    return read_lines(lines, [], first_variant_correct=first_variant_correct)


def write(questions: list[ParsedQuestion]) -> bytes:
    """Platonus .txt: the correct variant first for a single choice (the convention's
    default); a multiple choice marks its correct variants `<variantright>`."""
    out: list[str] = []
    for q in questions:
        if q.qtype not in WRITABLE or len(q.choices) < 2:
            continue
        weight = ""
        if q.points != 1 and q.points == q.points.to_integral_value() and 1 < q.points < 100:
            weight = str(int(q.points))
        lines = [f"<question{weight}>" + " ".join(h.html_to_text(q.text).split("\n"))]
        if q.qtype == QuestionType.SINGLE:
            best = max(c.fraction for c in q.choices)
            first = next(c for c in q.choices if c.fraction == best)
            ordered = [first] + [c for c in q.choices if c is not first]
            lines += [f"<variant>{_one_line(c.text)}" for c in ordered]
        else:
            lines += [
                f"<variant{'right' if c.fraction > 0 else ''}>{_one_line(c.text)}"
                for c in q.choices
            ]
        out.append("\n".join(lines))
    return ("\n\n".join(out) + "\n").encode("utf-8")


def _one_line(html: str) -> str:
    return " ".join(h.html_to_text(html).split("\n"))
