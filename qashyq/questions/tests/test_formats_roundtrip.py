"""Write then read gives the same questions, for every type each format can express."""

from __future__ import annotations

import base64
import dataclasses
from decimal import Decimal

import pytest

from qashyq.questions import formats
from qashyq.questions.formats import (
    ParsedChoice,
    ParsedImage,
    ParsedNumeric,
    ParsedPair,
    ParsedQuestion,
    QuestionType,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
KAZAKH = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"


def bank() -> list[ParsedQuestion]:
    """One question of each type, Kazakh letters and GIFT's special characters everywhere."""
    return [
        ParsedQuestion(
            qtype=QuestionType.SINGLE,
            name="Бір жауап: {~=#:}",
            text=f'<p>{KAZAKH} — \\(x^2\\) {{~=#:}} &lt;tag&gt;</p><p><img src="@@PLUGINFILE@@/'
            'a.png" alt=""></p>',
            category="Математика/Туынды",
            tags=["LO-1", "қиын"],
            points=Decimal(2),
            shuffle=False,
            choices=[
                ParsedChoice(
                    text="<strong>Дұрыс</strong> ә",
                    fraction=Decimal(1),
                    feedback="<p>Жарайсың!</p>",
                ),
                ParsedChoice(text="Жартылай ғ", fraction=Decimal("0.5")),
                ParsedChoice(text="Қате қ", fraction=Decimal(0), feedback="<p>Жоқ</p>"),
            ],
            general_feedback="<p>Түсіндірме ү</p>",
            images=[ParsedImage(name="a.png", content=PNG, mime_type="image/png")],
        ),
        ParsedQuestion(
            qtype=QuestionType.MULTIPLE,
            text="<p>Жай сандар? ң</p>",
            category="Математика/Туынды",
            choices=[
                ParsedChoice(text="2", fraction=Decimal("0.5")),
                ParsedChoice(text="3", fraction=Decimal("0.5")),
                ParsedChoice(text="4 ө", fraction=Decimal(-1)),
            ],
        ),
        ParsedQuestion(
            qtype=QuestionType.TRUE_FALSE,
            name="Абай",
            text="<p>Абай 1845 жылы туған. һ</p>",
            category="Жалпы",
            choices=[
                ParsedChoice(text="true", fraction=Decimal(1), feedback="<p>Иә</p>"),
                ParsedChoice(text="false", fraction=Decimal(0), feedback="<p>Жоқ</p>"),
            ],
        ),
        ParsedQuestion(
            qtype=QuestionType.SHORT,
            text="<p>Астана? і</p>",
            category="Жалпы",
            choices=[
                ParsedChoice(text="Астана", fraction=Decimal(1)),
                ParsedChoice(
                    text="Ақмола #1 = {old}", fraction=Decimal("0.5"), feedback="<p>Ескі атауы</p>"
                ),
            ],
        ),
        ParsedQuestion(
            qtype=QuestionType.NUMERIC,
            text="<p>π ≈ ?</p>",
            category="Жалпы",
            numeric=[
                ParsedNumeric(value=Decimal("3.14"), tolerance=Decimal("0.01")),
                ParsedNumeric(
                    value=Decimal(-3),
                    tolerance=Decimal("0.5"),
                    fraction=Decimal("0.25"),
                    feedback="<p>Шамамен ұ</p>",
                ),
            ],
        ),
        ParsedQuestion(
            qtype=QuestionType.MATCHING,
            text="<p>Сәйкестендіріңіз ү</p>",
            category="Жалпы",
            pairs=[
                ParsedPair(prompt="Атырау", answer="Жайық"),
                ParsedPair(prompt="Семей -", answer="Ертіс"),
                ParsedPair(prompt="", answer="Сырдария"),
            ],
        ),
        ParsedQuestion(
            qtype=QuestionType.ORDERING,
            text="<p>Ретке келтіріңіз</p>",
            order=["Бірінші ә", "Екінші", "Үшінші"],
        ),
        ParsedQuestion(qtype=QuestionType.ESSAY, text="<p>Эссе жазыңыз қ</p>", points=Decimal(10)),
    ]


def normal(question: ParsedQuestion, fmt: str) -> ParsedQuestion:
    """What the format keeps of a question."""
    q = dataclasses.replace(question, line=None)
    if fmt == "gift":
        q.points, q.shuffle, q.images = Decimal(1), True, []
    if fmt in {"aiken", "platonus"}:
        q = dataclasses.replace(
            q, name="", category="", tags=[], shuffle=True, images=[], general_feedback="",
            choices=[dataclasses.replace(c, feedback="") for c in q.choices],
        )  # fmt: skip
    if fmt == "aiken":
        q.points = Decimal(1)
    return q


@pytest.mark.parametrize("fmt", ["moodle_xml", "gift"])
def test_round_trip_rich_formats(fmt):
    questions = [q for q in bank() if formats.writable(fmt, q.qtype)]
    data = formats.write(fmt, questions)
    assert KAZAKH in data.decode("utf-8")
    result = formats.read(fmt, data)
    assert result.problems == []
    assert [normal(q, fmt) for q in result.questions] == [normal(q, fmt) for q in questions]


def plain_bank() -> list[ParsedQuestion]:
    return [
        ParsedQuestion(
            qtype=QuestionType.SINGLE,
            text=f"<p>{KAZAKH}: a &lt; b?</p>",
            choices=[
                ParsedChoice(text="Қате", fraction=Decimal(0)),
                ParsedChoice(text="Дұрыс ә", fraction=Decimal(1)),
                ParsedChoice(text="Мүмкін", fraction=Decimal(0)),
            ],
        ),
        ParsedQuestion(
            qtype=QuestionType.MULTIPLE,
            text="<p>Жұп сандар?</p>",
            points=Decimal(3),
            tags=["difficulty:3"],
            choices=[
                ParsedChoice(text="2", fraction=Decimal("0.5")),
                ParsedChoice(text="3", fraction=Decimal(0)),
                ParsedChoice(text="4", fraction=Decimal("0.5")),
            ],
        ),
    ]


def test_round_trip_aiken_single_choice():
    questions = plain_bank()[:1]
    data = formats.write("aiken", questions)
    assert data.decode() == (f"{KAZAKH}: a < b?\nA. Қате\nB. Дұрыс ә\nC. Мүмкін\nANSWER: B\n")
    result = formats.read("aiken", data)
    assert result.problems == []
    assert [normal(q, "aiken") for q in result.questions] == [normal(q, "aiken") for q in questions]


def test_round_trip_platonus_correct_variant_first_and_multiple():
    questions = plain_bank()
    data = formats.write("platonus", questions)
    assert data.decode() == (
        f"<question>{KAZAKH}: a < b?\n<variant>Дұрыс ә\n<variant>Қате\n<variant>Мүмкін\n\n"
        "<question3>Жұп сандар?\n<variantright>2\n<variant>3\n<variantright>4\n"
    )
    result = formats.read("platonus", data)
    assert result.problems == []
    single, multiple = (normal(q, "platonus") for q in result.questions)
    expected_single = normal(questions[0], "platonus")
    expected_single.choices = [expected_single.choices[i] for i in (1, 0, 2)]
    assert single == expected_single
    assert multiple == normal(questions[1], "platonus")
    assert (result.questions[1].points, result.questions[1].tags) == (Decimal(3), ["difficulty:3"])


@pytest.mark.parametrize(
    ("fmt", "writable"),
    [
        ("moodle_xml", set(QuestionType)),
        ("gift", set(QuestionType) - {QuestionType.ORDERING}),
        ("aiken", {QuestionType.SINGLE}),
        ("platonus", {QuestionType.SINGLE, QuestionType.MULTIPLE}),
    ],
)
def test_writable(fmt, writable):
    assert {t for t in QuestionType if formats.writable(fmt, t)} == writable
    assert not formats.writable("csv", QuestionType.SINGLE)


def test_writers_skip_what_they_cannot_express():
    data = formats.write("aiken", bank())
    assert data.decode().count("ANSWER:") == 1
    assert formats.read("gift", formats.write("gift", bank())).questions[-1].qtype == "essay"


def test_moodle_xml_writes_categories_tags_and_images():
    text = formats.write("moodle_xml", bank()[:3]).decode()
    assert text.count('<question type="category">') == 2
    assert "<text>$course$/top/Математика/Туынды</text>" in text
    assert "<text>қиын</text>" in text
    assert f'<file name="a.png" path="/" encoding="base64">{base64.b64encode(PNG).decode()}' in text
