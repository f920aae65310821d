"""Aiken, the simplest single-choice format, read and written.

A question is its text (one or more lines), its options `A) …` or `A. …`, and a line
`ANSWER: B`. Option letters may be Latin or Cyrillic, including the Cyrillic look-alikes
teachers type on a Russian or Kazakh keyboard (А, В, С, Е … read as A, B, C, E), and
the answer line may say `ОТВЕТ:` or `ЖАУАБЫ:` as a courtesy. Blank lines are ignored.
Only single choice with one correct option can be written.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from qashyq.questions.formats import html as h
from qashyq.questions.formats.base import ImportResult, ParsedChoice, ParsedQuestion, QuestionType
from qashyq.questions.formats.common import MAX_QUESTIONS, problem, too_many_questions

WRITABLE = frozenset({QuestionType.SINGLE})
_LETTERS = "A-Za-zА-ЯЁӘҒҚҢӨҰҮҺІ"
_OPTION = re.compile(rf"^\s*([{_LETTERS}])\s*[).]\s*(.*)$")
_ANSWER = re.compile(r"^\s*(ANSWER|ОТВЕТ|ЖАУАБЫ|ЖАУАП)\s*[:：]\s*(.*)$", re.IGNORECASE)
_LOOKALIKE = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")


def _letter(raw: str) -> str:
    return raw.strip().upper().translate(_LOOKALIKE)


class _Pending:
    def __init__(self, line: int) -> None:
        self.line = line
        self.text: list[str] = []
        self.options: list[tuple[str, str, int]] = []  # letter, text, line


def read(text: str) -> ImportResult:  # noqa: PLR0912 - a line-by-line state machine
    result = ImportResult()
    pending: _Pending | None = None

    def unfinished(item: _Pending) -> None:
        result.problems.append(
            problem(item.line, _("The question has no “ANSWER:” line after its options."),
                    " ".join(item.text))
        )  # fmt: skip

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line) if not answer else None
        if answer:
            if pending is None or not pending.options:
                result.problems.append(
                    problem(number, _("An “ANSWER:” line without a question and options "
                                      "before it."), line)
                )  # fmt: skip
                pending = None
                continue
            if len(result.questions) >= MAX_QUESTIONS:
                result.problems.append(too_many_questions(MAX_QUESTIONS))
                return result
            question = _finish(pending, answer.group(2), number, line, result)
            if question is not None:
                result.questions.append(question)
            pending = None
        elif option and pending is not None and pending.text:
            pending.options.append((_letter(option.group(1)), option.group(2).strip(), number))
        else:
            if pending is not None and pending.options:
                unfinished(pending)
                pending = None
            if pending is None:
                pending = _Pending(number)
            pending.text.append(line)
    if pending is not None:
        if pending.options:
            unfinished(pending)
        else:
            result.problems.append(
                problem(pending.line, _("A text without options and an “ANSWER:” line."),
                        " ".join(pending.text))
            )  # fmt: skip
    return result


def _finish(
    item: _Pending, raw_answer: str, number: int, line: str, result: ImportResult
) -> ParsedQuestion | None:
    letters = [letter for letter, _text, _line in item.options]
    answer = _letter(raw_answer)[:1]
    if not answer or answer not in letters:
        result.problems.append(
            problem(number, _("The answer “%(answer)s” is not one of the options (%(letters)s).")
                    % {"answer": raw_answer.strip(), "letters": ", ".join(letters)}, line)
        )  # fmt: skip
        return None
    if len(set(letters)) != len(letters):
        result.problems.append(
            problem(item.line, _("Two options have the same letter."), " ".join(item.text))
        )
        return None
    for _letter_of, text, option_line in item.options:
        if not text:
            result.problems.append(problem(option_line, _("An option is empty."), text))
            return None
    if len(item.options) < 2:
        result.problems.append(
            problem(item.line, _("A choice question needs at least two choices."),
                    " ".join(item.text))
        )  # fmt: skip
        return None
    return ParsedQuestion(
        qtype=QuestionType.SINGLE,
        text=h.plain_block("\n".join(item.text)),
        choices=[
            ParsedChoice(text=h.plain_inline(text), fraction=Decimal(1 if letter == answer else 0))
            for letter, text, _line in item.options
        ],
        line=item.line,
    )


def write(questions: list[ParsedQuestion]) -> bytes:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out: list[str] = []
    for q in questions:
        if q.qtype not in WRITABLE or not 2 <= len(q.choices) <= len(letters):
            continue
        text = h.html_to_text(q.text)
        lines = [text]
        best = max(c.fraction for c in q.choices)
        correct = letters[[c.fraction for c in q.choices].index(best)]
        for letter, choice in zip(letters, q.choices, strict=False):
            lines.append(f"{letter}. " + " ".join(h.html_to_text(choice.text).split("\n")))
        lines.append(f"ANSWER: {correct}")
        out.append("\n".join(lines))
    return ("\n\n".join(out) + "\n").encode("utf-8")
