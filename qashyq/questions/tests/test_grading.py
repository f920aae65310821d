"""Grading of every type at its edges (contract 1, TST-1): pure, no database."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from qashyq.questions.grading import grade, public_view, render_text, response_is_valid


def snap(qtype: str, **parts: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 7,
        "qtype": qtype,
        "text": "<p>?</p>",
        "points": "2.00",
        "shuffle": True,
        "choices": [],
        "answers": [],
        "numeric": [],
        "pairs": [],
        "items": [],
        "general_feedback": "",
    }
    base.update(parts)
    return base


SINGLE = snap(
    "single",
    choices=[
        {"id": "c1", "text": "Астана", "fraction": "1", "feedback": "иә"},
        {"id": "c2", "text": "Алматы", "fraction": "0", "feedback": ""},
        {"id": "c3", "text": "Атырау", "fraction": "-0.5", "feedback": ""},
    ],
)
MULTIPLE = snap(
    "multiple",
    choices=[
        {"id": "c1", "text": "2", "fraction": "0.5", "feedback": ""},
        {"id": "c2", "text": "3", "fraction": "0.5", "feedback": ""},
        {"id": "c3", "text": "4", "fraction": "-1", "feedback": ""},
        {"id": "c4", "text": "9", "fraction": "-0.25", "feedback": ""},
    ],
)
TRUEFALSE = snap(
    "truefalse",
    choices=[
        {"id": "true", "text": "", "fraction": "0", "feedback": ""},
        {"id": "false", "text": "", "fraction": "1", "feedback": ""},
    ],
)
SHORT = snap(
    "short",
    answers=[
        {"text": "Әл-Фараби", "fraction": "1", "case_sensitive": False},
        {"text": "Фараби*", "fraction": "0.5", "case_sensitive": False},
        {"text": "NaCl", "fraction": "0.8", "case_sensitive": True},
    ],
)
NUMERIC = snap(
    "numeric",
    numeric=[
        {"value": "3.14", "tolerance": "0.01", "fraction": "1"},
        {"value": "3", "tolerance": "0.5", "fraction": "0.5"},
    ],
)
MATCHING = snap(
    "matching",
    pairs=[
        {"id": "p1", "prompt": "Абай", "answer": "Қара сөздер"},
        {"id": "p2", "prompt": "Мұхтар Әуезов", "answer": "Абай жолы"},
        {"id": "p3", "prompt": "Ахмет Байтұрсынұлы", "answer": "Маса"},
        {"id": "p4", "prompt": "", "answer": "Евгений Онегин"},
    ],
)
ORDERING = snap(
    "ordering",
    items=[
        {"id": "o1", "text": "бір"},
        {"id": "o2", "text": "екі"},
        {"id": "o3", "text": "үш"},
        {"id": "o4", "text": "төрт"},
    ],
)
ESSAY = snap("essay")


@pytest.mark.parametrize(
    ("response", "expected"),
    [("c1", "1.0000"), ("c2", "0.0000"), ("c3", "0.0000"), ("c9", "0.0000"), (["c1"], "0.0000")],
)
def test_tst1_single_choice_fraction_never_below_zero(response: object, expected: str) -> None:
    assert grade(SINGLE, response) == Decimal(expected)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (["c1", "c2"], "1.0000"),
        (["c1"], "0.5000"),
        (["c1", "c2", "c4"], "0.7500"),
        (["c1", "c3"], "0.0000"),  # -0.5 clamped to 0
        (["c1", "c2", "c3", "c4"], "0.0000"),
        (["c1", "c1", "c1"], "0.5000"),  # a repeated id counts once
        ([], "0.0000"),
        ("c1", "0.0000"),
    ],
)
def test_tst1_multiple_choice_sums_and_clamps(response: object, expected: str) -> None:
    assert grade(MULTIPLE, response) == Decimal(expected)


def test_tst1_true_false() -> None:
    assert grade(TRUEFALSE, "false") == Decimal(1)
    assert grade(TRUEFALSE, "true") == Decimal(0)
    assert grade(TRUEFALSE, True) == Decimal(0)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Әл-Фараби", "1.0000"),
        ("  ӘЛ-ФАРАБИ ", "1.0000"),  # Kazakh capitals fold
        ("әл-фараби", "1.0000"),
        ("А\u0306л-Фараби", "0.0000"),  # not the same letters
        ("Фараби", "0.5000"),  # wildcard matches nothing after it
        ("фараби абу насыр", "0.5000"),
        ("nacl", "0.0000"),  # case matters for that answer
        ("NaCl", "0.8000"),
        ("", "0.0000"),
        ("x" * 2000, "0.0000"),
        (None, "0.0000"),
    ],
)
def test_tst1_short_answer_wildcard_and_case_folding(response: object, expected: str) -> None:
    assert grade(SHORT, response) == Decimal(expected)


def test_tst1_short_answer_after_nfc() -> None:
    decomposed = snap("short", answers=[{"text": "Йод", "fraction": "1", "case_sensitive": False}])
    assert grade(decomposed, "И\u0306ОД") == Decimal(1)  # Й typed as И + combining breve
    russian = snap("short", answers=[{"text": "Ёлка", "fraction": "1", "case_sensitive": False}])
    assert grade(russian, "ЁЛКА") == Decimal(1)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("3.14", "1.0000"),
        ("3,14", "1.0000"),
        ("3.15", "1.0000"),  # the upper bound is in
        ("3.13", "1.0000"),  # the lower bound is in
        ("3.151", "0.5000"),  # out of the first, within the second
        ("2.5", "0.5000"),
        ("2.49", "0.0000"),
        (" 3,140 ", "1.0000"),
        ("pi", "0.0000"),
        ("NaN", "0.0000"),
        ("Infinity", "0.0000"),
        ("", "0.0000"),
        (3, "0.5000"),
        (True, "0.0000"),
    ],
)
def test_tst1_numeric_tolerance_bounds_and_comma(response: object, expected: str) -> None:
    assert grade(NUMERIC, response) == Decimal(expected)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"p1": "Қара сөздер", "p2": "Абай жолы", "p3": "Маса"}, "1.0000"),
        ({"p1": "Қара сөздер", "p2": "Маса", "p3": "Абай жолы"}, "0.3333"),
        ({"p1": "Евгений Онегин", "p2": "Абай жолы"}, "0.3333"),  # a distractor is wrong
        ({"p4": "Евгений Онегин"}, "0.0000"),  # the distractor is no prompt
        ({"p1": 5}, "0.0000"),
        (["Қара сөздер"], "0.0000"),
    ],
)
def test_tst1_matching_share_of_prompts(response: object, expected: str) -> None:
    assert grade(MATCHING, response) == Decimal(expected)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (["o1", "o2", "o3", "o4"], "1.0000"),
        (["o2", "o3", "o4", "o1"], "0.0000"),  # relative order right, absolute positions wrong
        (["o1", "o3", "o2", "o4"], "0.5000"),
        (["o1"], "0.2500"),
        ("o1", "0.0000"),
    ],
)
def test_tst1_ordering_absolute_position(response: object, expected: str) -> None:
    assert grade(ORDERING, response) == Decimal(expected)


def test_tst1_essay_graded_by_hand() -> None:
    assert grade(ESSAY, "<p>Менің ойымша…</p>") is None
    assert grade(ESSAY, "   ") == Decimal(0)
    assert grade(ESSAY, None) == Decimal(0)


@pytest.mark.parametrize(
    "snapshot", [SINGLE, MULTIPLE, TRUEFALSE, SHORT, NUMERIC, MATCHING, ORDERING, ESSAY]
)
@pytest.mark.parametrize(
    "garbage", [None, 0, 1.5, [], {}, [[1]], {"a": {"b": 1}}, object(), "x" * 60_000, b"c1"]
)
def test_garbage_responses_grade_zero_never_raise(
    snapshot: dict[str, Any], garbage: object
) -> None:
    result = grade(snapshot, garbage)
    assert result is None or result == Decimal(0)
    assert isinstance(response_is_valid(snapshot, garbage), bool)


BROKEN = [
    {},
    {"qtype": "single", "choices": "c1"},
    {"qtype": "numeric", "numeric": [{"value": "x"}]},
    {"qtype": "short", "answers": [None, {"text": 5}]},
]


@pytest.mark.parametrize("broken", BROKEN)
def test_broken_snapshot_grades_zero(broken: dict[str, Any]) -> None:
    assert grade(broken, "c1") == Decimal(0)


@pytest.mark.parametrize(
    "snapshot", [SINGLE, MULTIPLE, TRUEFALSE, SHORT, NUMERIC, MATCHING, ORDERING, ESSAY]
)
def test_public_view_leaks_no_answer(snapshot: dict[str, Any]) -> None:
    view = public_view(snapshot, seed=42)
    text = json.dumps(view, ensure_ascii=False)
    assert '"fraction"' not in text
    assert '"feedback"' not in text
    assert "Әл-Фараби" not in text
    assert "3.14" not in text
    assert "answers" not in view
    assert "numeric" not in view
    for pair in view["pairs"]:
        assert set(pair) == {"id", "prompt"}
    assert public_view(snapshot, seed=42) == view  # deterministic per seed


def test_public_view_shuffles_by_seed_and_hides_the_order() -> None:
    orders = {tuple(c["id"] for c in public_view(SINGLE, seed=s)["choices"]) for s in range(30)}
    assert len(orders) > 1
    fixed = {**SINGLE, "shuffle": False}
    assert [c["id"] for c in public_view(fixed, seed=5)["choices"]] == ["c1", "c2", "c3"]
    for seed in range(50):
        items = [i["id"] for i in public_view(ORDERING, seed=seed)["items"]]
        assert items != ["o1", "o2", "o3", "o4"]  # never in the right order
        assert sorted(items) == ["o1", "o2", "o3", "o4"]
    view = public_view(MATCHING, seed=3)
    assert sorted(view["answer_options"]) == sorted(
        ["Қара сөздер", "Абай жолы", "Маса", "Евгений Онегин"]
    )
    assert [p["id"] for p in view["pairs"]] != []
    assert "p4" not in [p["id"] for p in view["pairs"]]
    assert [c["text"] for c in public_view(TRUEFALSE, seed=1)["choices"]] == ["True", "False"]


@pytest.mark.parametrize(
    ("snapshot", "response", "valid"),
    [
        (SINGLE, "c1", True),
        (SINGLE, "c9", False),
        (SINGLE, None, True),
        (MULTIPLE, ["c1", "c3"], True),
        (MULTIPLE, ["c1", "c1"], False),
        (MULTIPLE, ["c1", 2], False),
        (MULTIPLE, [], True),
        (SHORT, "Абай", True),
        (SHORT, "x" * 1001, False),
        (NUMERIC, "3,14", True),
        (NUMERIC, 3.14, False),
        (MATCHING, {"p1": "Маса"}, True),
        (MATCHING, {"p1": "something else"}, False),
        (MATCHING, {"p4": "Маса"}, False),
        (MATCHING, {"p1": ""}, True),
        (ORDERING, ["o3", "o1", "o2", "o4"], True),
        (ORDERING, ["o3", "o1", "o2"], False),
        (ORDERING, ["o1", "o1", "o2", "o4"], False),
        (ESSAY, "<p>ok</p>", True),
        (ESSAY, "x" * 50_001, False),
        (TRUEFALSE, "true", True),
        (TRUEFALSE, "yes", False),
    ],
)
def test_response_is_valid_shapes(snapshot: dict[str, Any], response: object, valid: bool) -> None:
    assert response_is_valid(snapshot, response) is valid


def test_render_text_tex_to_mathml_and_mathml_kept() -> None:
    html = render_text(r"<p>\(x^2 &lt; 1\) және \[\frac{a}{b}\]</p>")
    assert html.count("<math") == 2
    assert 'display="block"' in html
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in html
    existing = "<p><math><mi>y</mi></math> \\(z\\)</p>"
    out = render_text(existing)
    assert out.startswith("<p><math><mi>y</mi></math> <math")
    assert render_text("<p>no formula</p>") == "<p>no formula</p>"
    assert render_text(r"<p>\(\frac{\)</p>").startswith("<p>")  # a bad formula never raises
