"""Grading of every question type on a snapshot (contract 1; TST-1): pure, no database.

An attempt stores a snapshot of each drawn question when it starts and grades the
student's responses with `grade`; the browser gets only `public_view`; the autosave
endpoint checks shapes with `response_is_valid`. None of them raises on a bad snapshot
value or a garbage response: such a response grades 0 and is not valid.

Rules (Moodle's, which teachers know):
- single / true-false: the fraction of the chosen choice, never below 0;
- multiple: the sum of the chosen choices' fractions, clamped to 0..1;
- short answer: the best fraction among the accepted answers that match; `*` is a
  wildcard; case-insensitive unless the answer says otherwise, compared after Unicode NFC
  and casefold (Kazakh and Russian letters: "ӘЛІППЕ" = "әліппе"); spaces trimmed;
- numeric: the best fraction among answers with |x − value| ≤ tolerance; a comma is a
  decimal separator ("3,14");
- matching: the share of prompts answered right;
- ordering: the share of items in their right absolute position;
- essay: None (graded by hand); an empty essay grades 0.
Results are Decimals with 4 places, within 0..1.
"""

from __future__ import annotations

import functools
import html
import random
import re
import unicodedata
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from latex2mathml.converter import convert as latex_to_mathml

ZERO = Decimal(0)
ONE = Decimal(1)
PLACES = Decimal("0.0001")
MAX_TEXT = 1000  # a short answer, a numeric answer, a matching answer
MAX_ESSAY = 50_000
MAX_NUMERIC = 100


def _fraction(value: object) -> Decimal:
    """A Decimal from a snapshot value ("0.5", 1, "-1"); anything else counts 0."""
    if isinstance(value, bool):
        return ZERO
    if isinstance(value, (int, str, Decimal)):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            return ZERO
        return result if result.is_finite() else ZERO
    return ZERO


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, ZERO), ONE).quantize(PLACES, rounding=ROUND_HALF_UP)


def _list(snapshot: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = snapshot.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def normalize(text: str) -> str:
    """NFC, trimmed, inner runs of spaces as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", normalize(text).casefold())


@functools.lru_cache(maxsize=4096)
def _pattern(answer: str, case_sensitive: bool) -> re.Pattern[str]:
    """Moodle's short-answer wildcard: `*` matches any run of characters."""
    text = normalize(answer) if case_sensitive else _fold(answer)
    return re.compile(
        "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", text)),
        re.DOTALL,
    )


def parse_number(text: str) -> Decimal | None:
    """A number as a student types it: "3,14", " -2.5 ", "1 000,5"; None if it is not."""
    compact = "".join(text.split()).replace(",", ".")
    if not compact or len(compact) > MAX_NUMERIC:
        return None
    try:
        value = Decimal(compact)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


# ---------------------------------------------------------------- grade


def _qtype(snapshot: object) -> str | None:
    value = snapshot.get("qtype") if isinstance(snapshot, Mapping) else None
    return value if isinstance(value, str) else None


def grade(snapshot: dict[str, Any], response: object) -> Decimal | None:
    """Fraction of the points earned, 0..1 (Decimal, 4 places); None = graded by hand
    (a non-empty essay). An empty or invalid response grades 0; never raises."""
    qtype = _qtype(snapshot)
    if qtype == "essay":
        return None if isinstance(response, str) and response.strip() else _clamp(ZERO)
    grader = _GRADERS.get(qtype) if qtype is not None else None
    if grader is None:
        return _clamp(ZERO)
    try:
        return _clamp(grader(snapshot, response))
    except (ArithmeticError, TypeError, ValueError, AttributeError, KeyError):
        return _clamp(ZERO)


def _grade_choice(snapshot: dict[str, Any], response: object) -> Decimal:
    if not isinstance(response, str):
        return ZERO
    for choice in _list(snapshot, "choices"):
        if choice.get("id") == response:
            return max(_fraction(choice.get("fraction")), ZERO)
    return ZERO


def _grade_multiple(snapshot: dict[str, Any], response: object) -> Decimal:
    if not isinstance(response, list):
        return ZERO
    chosen = {r for r in response if isinstance(r, str)}
    return sum(
        (_fraction(c.get("fraction")) for c in _list(snapshot, "choices") if c.get("id") in chosen),
        ZERO,
    )


def _grade_short(snapshot: dict[str, Any], response: object) -> Decimal:
    if not isinstance(response, str) or len(response) > MAX_TEXT or not response.strip():
        return ZERO
    plain, folded = normalize(response), _fold(response)
    best = ZERO
    for answer in _list(snapshot, "answers"):
        text = answer.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        sensitive = answer.get("case_sensitive") is True
        if _pattern(text, sensitive).fullmatch(plain if sensitive else folded):
            best = max(best, _fraction(answer.get("fraction")))
    return best


def _grade_numeric(snapshot: dict[str, Any], response: object) -> Decimal:
    if isinstance(response, bool):
        return ZERO
    if isinstance(response, (int, Decimal)):
        response = str(response)
    if not isinstance(response, str):
        return ZERO
    number = parse_number(response)
    if number is None:
        return ZERO
    best = ZERO
    for answer in _list(snapshot, "numeric"):
        value = parse_number(str(answer.get("value") or ""))
        if value is None:
            continue
        tolerance = abs(_fraction(answer.get("tolerance")))
        if abs(number - value) <= tolerance:
            best = max(best, _fraction(answer.get("fraction")))
    return best


def _prompts(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [p for p in _list(snapshot, "pairs") if str(p.get("prompt") or "").strip()]


def _grade_matching(snapshot: dict[str, Any], response: object) -> Decimal:
    prompts = _prompts(snapshot)
    if not isinstance(response, dict) or not prompts:
        return ZERO
    right = sum(
        1
        for p in prompts
        if isinstance(response.get(p.get("id")), str)
        and normalize(response[p["id"]]) == normalize(str(p.get("answer") or ""))
    )
    return Decimal(right) / Decimal(len(prompts))


def _grade_ordering(snapshot: dict[str, Any], response: object) -> Decimal:
    items = _list(snapshot, "items")
    if not isinstance(response, list) or not items:
        return ZERO
    right = sum(
        1
        for position, item in enumerate(items)
        if position < len(response) and response[position] == item.get("id")
    )
    return Decimal(right) / Decimal(len(items))


_GRADERS = {
    "single": _grade_choice,
    "truefalse": _grade_choice,
    "multiple": _grade_multiple,
    "short": _grade_short,
    "numeric": _grade_numeric,
    "matching": _grade_matching,
    "ordering": _grade_ordering,
}


# ---------------------------------------------------------------- public view


def _shuffled(items: list[Any], seed: int, salt: str) -> list[Any]:
    result = list(items)
    random.Random(f"{seed}:{salt}").shuffle(result)  # noqa: S311 - an order, not a secret
    return result


def public_view(snapshot: dict[str, Any], seed: int) -> dict[str, Any]:
    """What the student's browser may see: the text and points, the choices without
    fractions or feedback, the matching prompts with the list of answer texts to pick
    from, the ordering items; never an accepted answer, a fraction or the right order.

    Choices and prompts are shuffled by `seed` when snapshot["shuffle"]; the answer
    texts of matching and the ordering items always are (in the given order they would
    tell the answer; an ordering never starts in the right order). The same seed gives
    the same view."""
    qid = snapshot.get("id")
    qtype = str(snapshot.get("qtype") or "")
    shuffle = snapshot.get("shuffle") is not False
    choices = [
        {"id": str(c.get("id") or ""), "text": str(c.get("text") or "")}
        for c in _list(snapshot, "choices")
    ]
    if qtype == "truefalse":
        labels = {"true": _("True"), "false": _("False")}
        choices = [
            {"id": c["id"], "text": c["text"] or labels.get(c["id"], c["id"])} for c in choices
        ]
    elif shuffle and qtype in {"single", "multiple"}:
        choices = _shuffled(choices, seed, f"{qid}:choices")
    if qtype not in {"single", "multiple", "truefalse"}:
        choices = []
    pairs: list[dict[str, str]] = []
    options: list[str] = []
    if qtype == "matching":
        pairs = [
            {"id": str(p.get("id") or ""), "prompt": str(p["prompt"])} for p in _prompts(snapshot)
        ]
        if shuffle:
            pairs = _shuffled(pairs, seed, f"{qid}:prompts")
        texts = {normalize(str(p.get("answer") or "")) for p in _list(snapshot, "pairs")}
        options = _shuffled(sorted(t for t in texts if t), seed, f"{qid}:answers")
    items: list[dict[str, str]] = []
    if qtype == "ordering":
        items = [
            {"id": str(i.get("id") or ""), "text": str(i.get("text") or "")}
            for i in _list(snapshot, "items")
        ]
        right = [i["id"] for i in items]
        items = _shuffled(items, seed, f"{qid}:items")
        if len(items) > 1 and [i["id"] for i in items] == right:
            items = items[1:] + items[:1]
    return {
        "id": qid,
        "qtype": qtype,
        "text": str(snapshot.get("text") or ""),
        "points": str(snapshot.get("points") or "0"),
        "choices": choices,
        "pairs": pairs,
        "answer_options": options,
        "items": items,
    }


# ---------------------------------------------------------------- response shapes


def response_is_valid(snapshot: dict[str, Any], response: object) -> bool:  # noqa: PLR0911
    """Shape check for the autosave endpoint: the type the question takes, only ids it
    knows, bounded sizes. None (no answer, or the answer cleared) is valid for all."""
    if response is None:
        return True
    qtype = _qtype(snapshot)
    choice_ids = {c.get("id") for c in _list(snapshot, "choices")}
    if qtype in {"single", "truefalse"}:
        return isinstance(response, str) and response in choice_ids
    if qtype == "multiple":
        return (
            isinstance(response, list)
            and len(response) <= len(choice_ids)
            and all(isinstance(r, str) and r in choice_ids for r in response)
            and len(set(response)) == len(response)
        )
    if qtype == "short":
        return isinstance(response, str) and len(response) <= MAX_TEXT
    if qtype == "numeric":
        return isinstance(response, str) and len(response) <= MAX_NUMERIC
    if qtype == "matching":
        prompt_ids = {p.get("id") for p in _prompts(snapshot)}
        options = {normalize(str(p.get("answer") or "")) for p in _list(snapshot, "pairs")}
        return (
            isinstance(response, dict)
            and all(key in prompt_ids for key in response)
            and all(
                isinstance(v, str) and len(v) <= MAX_TEXT and (v == "" or normalize(v) in options)
                for v in response.values()
            )
        )
    if qtype == "ordering":
        item_ids = [i.get("id") for i in _list(snapshot, "items")]
        return (
            isinstance(response, list)
            and len(response) == len(item_ids)
            and all(isinstance(r, str) for r in response)
            and sorted(response) == sorted(str(i) for i in item_ids)
        )
    if qtype == "essay":
        return isinstance(response, str) and len(response) <= MAX_ESSAY
    return False


# ---------------------------------------------------------------- formulas

_MATH_BLOCK = re.compile(r"<math\b.*?</math>", re.DOTALL | re.IGNORECASE)
_TEX = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<block>.+?)\\\]", re.DOTALL)


def _tex(match: re.Match[str]) -> str:
    inline = match.group("inline")
    source = html.unescape(inline if inline is not None else match.group("block"))
    try:
        return latex_to_mathml(source, display="inline" if inline is not None else "block")
    except Exception:  # a formula the converter cannot read stays as typed
        return match.group(0)


def _render_part(part: str) -> str:
    return _TEX.sub(_tex, part) if "\\(" in part or "\\[" in part else part


@functools.lru_cache(maxsize=2048)
def render_text(text: str) -> str:
    """HTML with TeX between \\( \\) (inline) or \\[ \\] (display) turned into MathML;
    MathML already in the text is left alone; a formula that does not convert stays as
    typed. Cached: the same text renders once per process."""
    if "\\(" not in text and "\\[" not in text:
        return text
    out: list[str] = []
    last = 0
    for math in _MATH_BLOCK.finditer(text):
        out.append(_render_part(text[last : math.start()]))
        out.append(math.group(0))
        last = math.end()
    out.append(_render_part(text[last:]))
    return "".join(out)
