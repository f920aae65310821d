"""GIFT, Moodle's text format for questions, read and written.

The syntax as Moodle's qformat_gift reads it: questions separated by blank lines, `//`
comment lines (a comment line `// [tag:name]` before a question gives it a tag, as Moodle
4 writes), `::title::`, `$CATEGORY: path`, a text format `[html]` `[moodle]` `[plain]`
`[markdown]`, escapes `\\~ \\= \\# \\{ \\} \\: \\n \\\\`. In the braces: `=` right and `~`
wrong answers, `%50%` weights, `#feedback`, `####general feedback`; T/F/TRUE/FALSE;
numbers `#3.14:0.01`, `#1..5` and several `=%w%number:tolerance`; matching `=a -> b`;
short answers (only `=` answers); an essay `{}`; text after the braces (the missing-word
form, the gap shown as "_____"). A block without braces is a description: skipped with a
warning. Points, shuffling and the ordering type cannot be written in GIFT.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from qashyq.questions.formats import html as h
from qashyq.questions.formats.base import (
    ImportResult,
    ParsedChoice,
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

WRITABLE = frozenset(QuestionType) - {QuestionType.ORDERING}
GAP = "_____"
_SPECIAL = "~=#{}:"
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TAG_COMMENT = re.compile(r"\[tag:([^\]]+)\]")
_WEIGHT = re.compile(r"^\s*%(-?[0-9]+(?:[.,][0-9]*)?)%")
_HUNDRED = Decimal(100)


def _find(text: str, sub: str, start: int = 0) -> int:
    """The index of the first `sub` at or after `start` that is not escaped, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(sub, i):
            return i
        i += 1
    return -1


find_unescaped = _find


def _rfind(text: str, sub: str) -> int:
    found, i = -1, _find(text, sub)
    while i != -1:
        found = i
        i = _find(text, sub, i + 1)
    return found


def _split(text: str, markers: str) -> list[tuple[str, str]]:
    """Split at unescaped marker characters: [(marker, the text after it)]; the text
    before the first marker comes with the marker ""."""
    parts: list[tuple[str, str]] = []
    marker, start, i = "", 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in markers:
            parts.append((marker, text[start:i]))
            marker, start = text[i], i + 1
        i += 1
    parts.append((marker, text[start:]))
    return parts


def unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _SPECIAL or nxt == "\\":
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _formatted(raw: str, fmt: str, *, inline: bool = False) -> str:
    text = unescape(raw).strip()
    if fmt == "html":
        html = h.clean_html(text)
    elif fmt == "markdown":
        html = h.markdown_block(text)
    elif fmt == "moodle" and h.has_markup(text):
        html = h.clean_html(text)
    else:
        html = h.plain_block(text)
    return h.to_inline(html) if inline else h.to_block(html)


def _feedback(raw: str) -> tuple[str, str]:
    """An answer's text and its feedback (after an unescaped #)."""
    at = _find(raw, "#")
    if at == -1:
        return raw, ""
    return raw[:at], raw[at + 1 :]


def _weight(raw: str) -> tuple[Decimal | None, str]:
    match = _WEIGHT.match(raw)
    if not match:
        return None, raw
    value = parse_decimal(match.group(1))
    return (None if value is None else value / _HUNDRED), raw[match.end() :]


class _Bad(ValueError):
    pass


def _blocks(text: str) -> list[tuple[int, list[str], list[str]]]:
    """(first line number, the lines, the tags of the comments before) of each block."""
    blocks: list[tuple[int, list[str], list[str]]] = []
    current: list[str] = []
    tags: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            tags.extend(t.strip() for t in _TAG_COMMENT.findall(stripped) if t.strip())
            continue
        if not stripped:
            if current:
                blocks.append((start, current, tags))
                current, tags = [], []
            continue
        if not current:
            start = number
        current.append(line.rstrip())
    if current:
        blocks.append((start, current, tags))
    return blocks


def read(text: str) -> ImportResult:
    result = ImportResult()
    category = ""
    for line, lines, tags in _blocks(text):
        block = "\n".join(lines).strip()
        if block.upper().startswith("$CATEGORY:"):
            first, _sep, rest = block.partition("\n")
            category = category_path(first[len("$CATEGORY:") :])
            if not rest.strip():
                continue
            block = rest.strip()
        if len(result.questions) >= MAX_QUESTIONS:
            result.problems.append(too_many_questions(MAX_QUESTIONS))
            break
        try:
            question = _read_block(block, line, result)
        except _Bad as error:
            result.problems.append(problem(line, str(error), block))
            continue
        if question is not None:
            question.category = category
            question.tags = tags
            result.questions.append(question)
    return result


def _read_block(  # noqa: PLR0912 - the GIFT grammar, step by step
    block: str, line: int, result: ImportResult
) -> ParsedQuestion | None:
    name = ""
    if block.startswith("::"):
        end = _find(block, "::", 2)
        if end == -1:
            raise _Bad(_("The title is not closed with “::”."))
        name = " ".join(unescape(block[2:end]).split())
        block = block[end + 2 :]
    fmt = "moodle"
    match = _FORMAT.match(block)
    if match:
        fmt = match.group(1).lower()
        block = block[match.end() :]
    opening = _find(block, "{")
    if opening == -1:
        if _find(block, "}") != -1:
            raise _Bad(_("A “}” without the “{” before it."))
        result.problems.append(
            problem(line, _("A text without answers is a description, not a question; it was "
                            "skipped."), block, warning=True)
        )  # fmt: skip
        return None
    closing = _rfind(block, "}")
    if closing < opening:
        raise _Bad(_("The answers are not closed with “}”."))
    before, answers, after = block[:opening], block[opening + 1 : closing], block[closing + 1 :]
    if _find(answers, "{") != -1:
        raise _Bad(_("A “{” inside the answers; write it as “\\{”."))
    raw_text = before.strip()
    if after.strip():
        raw_text = f"{before.rstrip()} {GAP} {after.lstrip()}"
    if not raw_text.strip() and not name:
        raise _Bad(_("The question has no text."))
    general = ""
    at = _find(answers, "####")
    if at != -1:
        answers, general = answers[:at], answers[at + 4 :]
    question = ParsedQuestion(
        qtype=QuestionType.ESSAY,
        text=_formatted(raw_text or name, fmt),
        name=name,
        general_feedback=_formatted(general, fmt) if general.strip() else "",
        line=line,
    )
    body = answers.strip()
    if not body:
        return question
    if body.startswith("#"):
        _read_numeric(question, body[1:], fmt)
    elif _find(body, "~") != -1:
        _read_choices(question, body, fmt)
    elif _find(body, "=") != -1 and "->" in body:
        _read_matching(question, body, fmt)
    elif _feedback(body)[0].strip().upper() in {"T", "F", "TRUE", "FALSE"}:
        _read_truefalse(question, body, fmt)
    else:
        _read_short(question, body, fmt)
    return question


def _read_choices(question: ParsedQuestion, body: str, fmt: str) -> None:
    parts = _split(body, "~=")
    if parts[0][1].strip():
        raise _Bad(_("Text before the first answer; every answer starts with “=” or “~”."))
    question.qtype = (
        QuestionType.SINGLE if any(m == "=" for m, _r in parts) else QuestionType.MULTIPLE
    )
    for marker, raw in parts[1:]:
        weight, rest = _weight(raw)
        text, feedback = _feedback(rest)
        fraction = weight if weight is not None else Decimal(1 if marker == "=" else 0)
        if not text.strip():
            raise _Bad(_("An answer is empty."))
        question.choices.append(
            ParsedChoice(
                text=_formatted(text, fmt, inline=True),
                fraction=fraction,
                feedback=_formatted(feedback, fmt) if feedback.strip() else "",
            )
        )
    if len(question.choices) < 2:
        raise _Bad(_("A choice question needs at least two choices."))
    if max(c.fraction for c in question.choices) <= 0:
        raise _Bad(_("No answer is marked correct."))


def _read_matching(question: ParsedQuestion, body: str, fmt: str) -> None:
    question.qtype = QuestionType.MATCHING
    parts = _split(body, "=")
    if parts[0][1].strip():
        raise _Bad(_("Text before the first pair; every pair starts with “=”."))
    for _marker, raw in parts[1:]:
        arrow = raw.find("->")
        if arrow == -1:
            raise _Bad(_("A pair without “->”."))
        prompt, answer = raw[:arrow], unescape(raw[arrow + 2 :]).strip()
        if not answer:
            raise _Bad(_("A pair without an answer after “->”."))
        question.pairs.append(
            ParsedPair(prompt=_formatted(prompt, fmt, inline=True) if prompt.strip() else "",
                       answer=answer)
        )  # fmt: skip
    if len([p for p in question.pairs if p.prompt]) < 2:
        raise _Bad(_("A matching question needs at least two pairs."))


def _read_truefalse(question: ParsedQuestion, body: str, fmt: str) -> None:
    question.qtype = QuestionType.TRUE_FALSE
    pieces = [p for _m, p in _split(body, "#")]
    value = pieces[0].strip().upper() in {"T", "TRUE"}
    wrong = _formatted(pieces[1], fmt) if len(pieces) > 1 and pieces[1].strip() else ""
    right = _formatted(pieces[2], fmt) if len(pieces) > 2 and pieces[2].strip() else ""
    question.choices = [
        ParsedChoice(text="true", fraction=Decimal(1 if value else 0),
                     feedback=right if value else wrong),
        ParsedChoice(text="false", fraction=Decimal(0 if value else 1),
                     feedback=wrong if value else right),
    ]  # fmt: skip


def _read_short(question: ParsedQuestion, body: str, fmt: str) -> None:
    question.qtype = QuestionType.SHORT
    parts = _split(body, "=")
    if parts[0][1].strip():
        raise _Bad(_("Text before the first answer; every answer starts with “=” or “~”."))
    for _marker, raw in parts[1:]:
        weight, rest = _weight(raw)
        text, feedback = _feedback(rest)
        answer = unescape(text).strip()
        if not answer:
            raise _Bad(_("An answer is empty."))
        question.choices.append(
            ParsedChoice(
                text=answer,
                fraction=weight if weight is not None else Decimal(1),
                feedback=_formatted(feedback, fmt) if feedback.strip() else "",
            )
        )


def _number(raw: str) -> tuple[Decimal, Decimal]:
    """`3.14:0.01`, `1..5` or `42` as (value, tolerance)."""
    raw = unescape(raw).strip()
    if ".." in raw:
        low_raw, _sep, high_raw = raw.partition("..")
        low, high = parse_decimal(low_raw), parse_decimal(high_raw)
        if low is None or high is None:
            raise _Bad(_("“%(value)s” is not a number range.") % {"value": raw})
        return (low + high) / 2, abs(high - low) / 2
    value_raw, _sep, tolerance_raw = raw.partition(":")
    value = parse_decimal(value_raw)
    tolerance = parse_decimal(tolerance_raw) if tolerance_raw.strip() else Decimal(0)
    if value is None or tolerance is None:
        raise _Bad(_("“%(value)s” is not a number.") % {"value": raw})
    return value, abs(tolerance)


def _read_numeric(question: ParsedQuestion, body: str, fmt: str) -> None:
    question.qtype = QuestionType.NUMERIC
    parts = _split(body, "=~")
    if len(parts) == 1:
        text, feedback = _feedback(body)
        value, tolerance = _number(text)
        question.numeric.append(
            ParsedNumeric(value=value, tolerance=tolerance,
                          feedback=_formatted(feedback, fmt) if feedback.strip() else "")
        )  # fmt: skip
        return
    if parts[0][1].strip():
        raise _Bad(_("Text before the first answer; every answer starts with “=” or “~”."))
    for marker, raw in parts[1:]:
        weight, rest = _weight(raw)
        text, feedback = _feedback(rest)
        if marker == "~" and not text.strip():
            continue  # "~#feedback for any other answer": nothing to grade
        value, tolerance = _number(text)
        fraction = weight if weight is not None else Decimal(1 if marker == "=" else 0)
        question.numeric.append(
            ParsedNumeric(value=value, tolerance=tolerance, fraction=fraction,
                          feedback=_formatted(feedback, fmt) if feedback.strip() else "")
        )  # fmt: skip
    if not question.numeric:
        raise _Bad(_("A numeric question needs a correct number."))


# --- writer ----------------------------------------------------------------------------


def _weighted(marker: str, fraction: Decimal, default: Decimal) -> str:
    if fraction == default:
        return marker
    return f"{marker}%{decimal_str(fraction * _HUNDRED)}%"


def _fb(feedback: str) -> str:
    return f"#{escape(feedback)}" if feedback else ""


def write_question(q: ParsedQuestion) -> str:  # noqa: PLR0912 - one branch per type
    head = "".join(f"[tag:{tag}]" for tag in q.tags)
    lines = [f"// {head}"] if head else []
    title = f"::{escape(q.name)}::" if q.name else ""
    answers: list[str] = []
    if q.qtype in {QuestionType.SINGLE, QuestionType.MULTIPLE}:
        best = max((c.fraction for c in q.choices), default=Decimal(1))
        for c in q.choices:
            if q.qtype == QuestionType.SINGLE and c.fraction == best == 1:
                marker = "="
            else:
                marker = _weighted("~", c.fraction, Decimal(0))
            answers.append(f"{marker}{escape(c.text)}{_fb(c.feedback)}")
        if q.qtype == QuestionType.SINGLE and not any(a.startswith("=") for a in answers):
            answers[0] = "=" + answers[0][1:]  # GIFT: a single choice is one with a "="
    elif q.qtype == QuestionType.TRUE_FALSE:
        true = next((c for c in q.choices if c.text == "true"), ParsedChoice(text="true"))
        false = next((c for c in q.choices if c.text == "false"), ParsedChoice(text="false"))
        value = true.fraction > 0
        right, wrong = (true, false) if value else (false, true)
        answers.append(f"{'TRUE' if value else 'FALSE'}#{escape(wrong.feedback)}"
                       f"#{escape(right.feedback)}")  # fmt: skip
    elif q.qtype == QuestionType.SHORT:
        for c in q.choices:
            marker = _weighted("=", c.fraction, Decimal(1))
            answers.append(f"{marker}{escape(c.text)}{_fb(c.feedback)}")
    elif q.qtype == QuestionType.NUMERIC:
        parts = []
        for n in q.numeric:
            marker = _weighted("=", n.fraction, Decimal(1))
            number = f"{decimal_str(n.value)}:{decimal_str(n.tolerance)}"
            parts.append(f"{marker}{number}{_fb(n.feedback)}")
        answers.append("#" + " ".join(parts))
    elif q.qtype == QuestionType.MATCHING:
        for p in q.pairs:
            answers.append(f"={escape(p.prompt)} -> {escape(p.answer)}")
    if q.general_feedback:
        answers.append(f"####{escape(q.general_feedback)}")
    body = "\n".join(f"    {a}" for a in answers)
    lines.append(f"{title}[html]{escape(q.text)} {{" + (f"\n{body}\n}}" if body else "}"))
    return "\n".join(lines)


def write(questions: list[ParsedQuestion]) -> bytes:
    out: list[str] = []
    category: str | None = None
    for q in questions:
        if q.qtype not in WRITABLE:
            continue
        if q.category != category:
            category = q.category
            out.append("$CATEGORY: $course$/top" + (f"/{category}" if category else ""))
        out.append(write_question(q))
    return ("\n\n".join(out) + "\n").encode("utf-8")
