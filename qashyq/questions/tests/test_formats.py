"""The readers of the exchange formats on real-looking files (TST-1, TST-2)."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from qashyq.questions import formats
from qashyq.questions.formats import QuestionType, Severity, common

DATA = Path(__file__).parent / "formats_data"
KAZAKH = "әғқңөұүһі"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def messages(result) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.message, p.severity) for p in result.problems]


# --- Moodle XML ---------------------------------------------------------------------


def test_moodle_xml_reads_every_type_with_categories_images_and_formulas():
    result = formats.read("moodle_xml", sample("moodle_all.xml"))
    kinds = [(q.qtype, q.line, q.category) for q in result.questions]
    assert kinds == [
        (QuestionType.SINGLE, 7, "Математика/Туынды"),
        (QuestionType.MULTIPLE, 25, "Математика/Туынды"),
        (QuestionType.TRUE_FALSE, 39, "Жалпы"),
        (QuestionType.SHORT, 45, "Жалпы"),
        (QuestionType.NUMERIC, 52, "Жалпы"),
        (QuestionType.MATCHING, 58, "Жалпы"),
        (QuestionType.ORDERING, 66, "Жалпы"),
        (QuestionType.ESSAY, 76, "Жалпы"),
    ]
    single, multiple, truefalse, short, numeric, matching, ordering, essay = result.questions
    assert single.name == "Туынды 1"
    assert single.text == (
        '<p>\\(f(x) = x^2\\) функциясының туындысы қандай?</p><p><img src="@@PLUGINFILE@@/'
        'graph.png" alt="график"></p>'
    )  # the script is gone, the TeX and the picture stay
    assert single.points == Decimal(2)
    assert single.shuffle is False
    assert single.tags == ["LO-1", "туынды"]
    assert single.general_feedback == "<p>Дәреженің туындысы.</p>"
    assert [(c.text, c.fraction, c.feedback) for c in single.choices] == [
        ("\\(2x\\)", Decimal(1), "<p>Дұрыс!</p>"),
        ("\\(x\\)", Decimal(0), ""),
        ("\\(x^3\\)", Decimal(0), ""),
    ]
    [image] = single.images
    assert (image.name, image.mime_type, image.content[:4]) == (
        "graph.png",
        "image/png",
        b"\x89PNG",
    )
    assert multiple.text == "<p>Какие из чисел простые?<br>Выберите все.</p>"
    assert [c.fraction for c in multiple.choices] == [Decimal("0.5"), Decimal("0.5"), Decimal(-1)]
    assert [(c.text, c.fraction, c.feedback) for c in truefalse.choices] == [
        ("true", Decimal(1), "<p>Иә.</p>"),
        ("false", Decimal(0), "<p>Жоқ, 1845.</p>"),
    ]
    assert truefalse.text == "<p>Абай Құнанбайұлы 1845 жылы туған.</p>"
    assert short.text == "<p>What is the <strong>capital</strong> of Kazakhstan?</p>"
    assert [(c.text, c.fraction, c.case_sensitive) for c in short.choices] == [
        ("Astana", Decimal(1), False),
        ("Астана", Decimal("0.5"), False),
    ]
    assert [(n.value, n.tolerance, n.fraction) for n in numeric.numeric] == [
        (Decimal("3.14"), Decimal("0.01"), Decimal(1)),
        (Decimal(3), Decimal("0.2"), Decimal("0.5")),
    ]
    assert [(p.prompt, p.answer) for p in matching.pairs] == [
        ("Атырау", "Атырау облысы"),
        ("Өскемен", "Шығыс Қазақстан облысы"),
        ("", "Ұлытау облысы"),
    ]
    assert ordering.order == ["First", "Second", "Third"]
    assert essay.points == Decimal(10)
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"><mfrac><mn>1</mn>' in essay.text
    assert messages(result) == [
        (82, "A description is not a question; it was skipped.", Severity.WARNING),
        (86, "The question type “calculated” is not supported; the question was skipped.",
         Severity.ERROR),
    ]  # fmt: skip


def test_moodle_xml_problems_have_lines():
    data = b"""<?xml version="1.0"?>
<quiz>
  <question type="multichoice">
    <name><text>No right</text></name>
    <questiontext><text>Q?</text></questiontext>
    <answer fraction="0"><text>a</text></answer>
    <answer fraction="0"><text>b</text></answer>
  </question>
  <question type="numerical">
    <questiontext><text>N?</text></questiontext>
    <answer fraction="100"><text>abc</text></answer>
  </question>
  <question type="shortanswer">
    <questiontext><text></text></questiontext>
  </question>
</quiz>"""
    result = formats.read("moodle_xml", data)
    assert result.questions == []
    assert [(p.line, p.message) for p in result.problems] == [
        (3, "No choice is marked correct."),
        (9, "An answer has an unreadable grade."),
        (13, "The question has no text."),
    ]
    assert result.problems[0].excerpt == "No right"


def test_moodle_xml_not_xml_and_wrong_root_give_one_problem():
    broken = formats.read("moodle_xml", b"<quiz>\n<question type='essay'>\n</quiz>")
    assert len(broken.problems) == 1
    assert broken.problems[0].line == 3
    assert broken.problems[0].message.startswith("This is not a readable Moodle XML file")
    other = formats.read("moodle_xml", b"<html><body/></html>")
    assert [(p.line, p.message) for p in other.problems] == [
        (1, "This is not a Moodle XML file: the root element is not <quiz>.")
    ]


def test_moodle_xml_entity_bomb_is_refused():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<quiz><question type="essay"><questiontext><text>&lol3;</text></questiontext></question></quiz>"""
    result = formats.read("moodle_xml", bomb)
    assert result.questions == []
    assert [p.message for p in result.problems] == [
        "The XML file declares entities or a DTD, which is refused."
    ]
    external = b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz/>'
    assert len(formats.read("moodle_xml", external).problems) == 1


# --- GIFT ---------------------------------------------------------------------------


def test_gift_reads_every_construct():
    result = formats.read("gift", sample("gift_all.gift"))
    q = result.questions
    assert [(x.line, x.qtype) for x in q] == [
        (5, QuestionType.SINGLE),
        (12, QuestionType.MULTIPLE),
        (18, QuestionType.TRUE_FALSE),
        (20, QuestionType.TRUE_FALSE),
        (22, QuestionType.SHORT),
        (24, QuestionType.NUMERIC),
        (26, QuestionType.NUMERIC),
        (28, QuestionType.NUMERIC),
        (33, QuestionType.MATCHING),
        (39, QuestionType.SHORT),
        (41, QuestionType.ESSAY),
        (43, QuestionType.SHORT),
        (45, QuestionType.SINGLE),
    ]
    assert {x.category for x in q} == {"Әдебиет"}
    abai = q[0]
    assert (abai.name, abai.text, abai.tags) == ("Абай", "<p>«Қара сөздің» авторы кім?</p>",
                                                 ["LO-2", "ақын"])  # fmt: skip
    assert [(c.text, c.fraction, c.feedback) for c in abai.choices] == [
        ("Абай Құнанбайұлы", Decimal(1), "<p>Дұрыс!</p>"),
        ("Мұхтар Әуезов", Decimal(0), "<p>Жоқ</p>"),
        ("Шоқан Уәлиханов", Decimal(0), ""),
    ]
    assert abai.general_feedback == "<p>Абай — ақын, ойшыл.</p>"
    assert [c.fraction for c in q[1].choices] == [Decimal("0.5"), Decimal("0.5"), Decimal(-1)]
    assert [(c.text, c.fraction) for c in q[2].choices] == [
        ("true", Decimal(1)),
        ("false", Decimal(0)),
    ]
    assert [(c.fraction, c.feedback) for c in q[3].choices] == [
        (Decimal(0), "<p>Қате жауап</p>"),
        (Decimal(1), "<p>Дұрыс, жер шар тәрізді</p>"),
    ]
    assert [(c.text, c.fraction) for c in q[4].choices] == [
        ("Астана", Decimal(1)),
        ("Astana", Decimal("0.5")),
    ]
    assert [(n.value, n.tolerance) for n in q[5].numeric] == [(Decimal("3.14"), Decimal("0.01"))]
    assert [(n.value, n.tolerance) for n in q[6].numeric] == [(Decimal(1943), Decimal(2))]
    assert [(n.value, n.tolerance, n.fraction, n.feedback) for n in q[7].numeric] == [
        (Decimal(1845), Decimal(0), Decimal(1), "<p>Дәл</p>"),
        (Decimal(1845), Decimal(2), Decimal("0.5"), "<p>Шамамен</p>"),
    ]
    assert [(p.prompt, p.answer) for p in q[8].pairs] == [
        ("Атырау", "Жайық"), ("Семей", "Ертіс"), ("", "Сырдария")]  # fmt: skip
    assert q[9].text == "<p>Абай _____ деген әкесінің атымен аталады.</p>"
    assert q[9].choices[0].text == "Құнанбайұлы"
    assert q[10].name == "Эссе"
    assert q[11].text == "<p>Бұл <strong>маңызды</strong> сұрақ: 2 + 2 = ?</p>"
    assert q[12].text == "<p>Екі жол<br>сұрақ {скобки} және : белгісі # ~ = ?</p>"
    assert messages(result) == [
        (50, "A text without answers is a description, not a question; it was skipped.",
         Severity.WARNING)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Q1 {=a ~b}\n\n::t\nQ {=a}", 3, "The title is not closed with “::”."),
        ("\n\nQ {=a ~b", 3, "The answers are not closed with “}”."),
        ("Q {~a ~b}", 1, "No answer is marked correct."),
        ("Q {=a ~}", 1, "An answer is empty."),
        ("Q {#abc}", 1, "“abc” is not a number."),
        ("Q {#1..x}", 1, "“1..x” is not a number range."),
        ("Q {=a -> b}", 1, "A matching question needs at least two pairs."),
        ("Q {=a -> b =c}", 1, "A pair without “->”."),
        ("Q {x =a ~b}", 1, "Text before the first answer; every answer starts with “=” or “~”."),
        ("Q {=a { ~b}", 1, "A “{” inside the answers; write it as “\\{”."),
    ],
)
def test_gift_problems_have_lines(text, line, message):
    result = formats.read("gift", text.encode())
    assert [(p.line, p.message) for p in result.problems if p.severity == Severity.ERROR] == [
        (line, message)
    ]


def test_gift_not_gift_gives_one_problem():
    result = formats.read("gift", "Жай мәтін, сұрақ емес.\nТағы бір жол.".encode())
    assert result.questions == []
    assert [p.message for p in result.problems] == [
        "This is not a GIFT file: no question has its answers in braces { }."
    ]


# --- Aiken --------------------------------------------------------------------------


def test_aiken_reads_latin_and_cyrillic_letters():
    result = formats.read("aiken", sample("aiken_kk.txt"))
    assert result.problems == []
    assert [(q.line, q.text) for q in result.questions] == [
        (1, "<p>Қазақстанның астанасы қай қала?</p>"),
        (7, "<p>Какая река течёт через Атырау?</p>"),
        (13, "<p>Which letter is a Kazakh one?</p>"),
    ]
    assert [[(c.text, c.fraction) for c in q.choices] for q in result.questions] == [
        [("Алматы", Decimal(0)), ("Астана", Decimal(1)), ("Шымкент", Decimal(0))],
        [("Жайык (Урал)", Decimal(1)), ("Иртыш", Decimal(0)), ("Сырдарья", Decimal(0))],
        [
            (KAZAKH[:-1].replace("", " ").strip().replace("  ", " ") + " і", Decimal(1)),
            ("w", Decimal(0)),
        ],
    ]
    assert {q.qtype for q in result.questions} == {QuestionType.SINGLE}


def test_aiken_problems_have_lines():
    text = (
        "Q1?\nA) a\nB) b\n\nQ2?\nA) a\nB) b\nANSWER: D\n\nQ3?\nA) x\nB) y\nANSWER: A\nANSWER: B\n"
    )
    result = formats.read("aiken", text.encode())
    assert [q.line for q in result.questions] == [10]
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "The question has no “ANSWER:” line after its options."),
        (8, "The answer “D” is not one of the options (A, B)."),
        (14, "An “ANSWER:” line without a question and options before it."),
    ]
    assert result.problems[0].excerpt == "Q1?"


def test_aiken_missing_answer_at_end_and_not_aiken():
    result = formats.read("aiken", b"Q?\nA) a\nB) b\nANSWER: A\n\nQ2?\nA) c\nB) d\n")
    assert [(p.line, p.message) for p in result.problems] == [
        (6, "The question has no “ANSWER:” line after its options.")
    ]
    other = formats.read("aiken", "<question>Сұрақ\n<variant>a".encode())
    assert [p.message for p in other.problems] == [
        "This is not an Aiken file: there is no “ANSWER:” line."
    ]


# --- Platonus .txt ------------------------------------------------------------------


def test_platonus_utf8_reads_tags_in_any_case_weights_and_marked_variants():
    result = formats.read("platonus", sample("platonus_utf8.txt"))
    assert result.problems == []
    q = result.questions
    assert [(x.line, x.qtype, x.text) for x in q] == [
        (1, QuestionType.SINGLE, "<p>Қазақстанның тұңғыш ғарышкері кім?</p>"),
        (6, QuestionType.SINGLE, "<p>Ең ұзын өзен?</p>"),
        (11, QuestionType.SINGLE, "<p>Қай әріптер қазақ әліпбиіне ғана тән?</p>"),
        (14, QuestionType.MULTIPLE, "<p>Какие числа чётные?</p>"),
    ]
    assert [(c.text, c.fraction) for c in q[0].choices] == [
        ("Тоқтар Әубәкіров", Decimal(1)),
        ("Талғат Мұсабаев", Decimal(0)),
        ("Айдын Айымбетов", Decimal(0)),
    ]
    assert [c.text for c in q[1].choices] == ["Ертіс", "Сырдария", "Іле"]
    assert (q[2].points, q[2].tags) == (Decimal(2), ["difficulty:2"])  # TST-2
    assert q[2].choices[0].text == "ә, ғ, қ, ң, ө, ұ, ү, һ, і"
    assert [(c.text, c.fraction) for c in q[3].choices] == [
        ("2", Decimal("0.5")), ("4", Decimal("0.5")), ("3", Decimal(0))]  # fmt: skip


@pytest.mark.parametrize("name", ["platonus_bom.txt", "platonus_utf8.txt"])
def test_platonus_utf8_with_and_without_bom_read_the_same(name):
    assert formats.read("platonus", sample(name)) == formats.read(
        "platonus", sample("platonus_utf8.txt")
    )


def test_platonus_utf16_with_bom():
    text = sample("platonus_utf8.txt").decode("utf-8")
    data = codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le")
    assert formats.read("platonus", data) == formats.read("platonus", sample("platonus_utf8.txt"))


def test_platonus_cp1251_of_older_files():
    result = formats.read("platonus", sample("platonus_cp1251.txt"))
    assert result.problems == []
    assert [(q.text, [c.text for c in q.choices]) for q in result.questions] == [
        ("<p>Столица Казахстана?</p>", ["Астана", "Алматы", "Шымкент"]),
        ("<p>Сколько областей в Казахстане (2023)?</p>", ["20", "17", "14"]),
    ]


def test_platonus_first_variant_option_off():
    result = formats.read(
        "platonus", b"<question>Q?\n<variant>a\n<variant>b", first_variant_correct=False
    )
    [question] = result.questions
    assert [c.fraction for c in question.choices] == [0, 0]
    assert [(p.line, p.message, p.severity) for p in result.problems] == [
        (1, "No variant is marked correct; mark it before saving.", Severity.WARNING)
    ]


def test_platonus_problems_have_lines():
    text = (
        "Тест: 1 курс\n"
        "<question>Сұрақ жоқ нұсқасыз\n"
        "<question>Бос нұсқа?\n<variant>a\n<variant>\n"
        "<question>Қайталау?\n<variant>Иә\n<variant> иә \n"
        "<question>\n<variant>a\n<variant>b\n"
        "<question>Бір нұсқа\n<variant>a\n"
        "<question>Жақсы? <variant>иә <variant>жоқ\n"
    )
    result = formats.read("platonus", text.encode())
    assert [(q.line, [c.text for c in q.choices]) for q in result.questions] == [
        (14, ["иә", "жоқ"])]  # fmt: skip
    assert [(p.line, p.message, p.severity) for p in result.problems] == [
        (1, "Text before the first question was ignored.", Severity.WARNING),
        (2, "The question has no variants.", Severity.ERROR),
        (5, "A variant is empty.", Severity.ERROR),
        (8, "Two variants are the same (the first is on line 7).", Severity.ERROR),
        (9, "The question has no text.", Severity.ERROR),
        (12, "The question has only one variant.", Severity.ERROR),
    ]
    assert result.problems[0].excerpt == "Тест: 1 курс"


def test_platonus_without_tags_gives_one_problem():
    result = formats.read("platonus", "Қазақ тілі\nA) a\nANSWER: A".encode())
    assert [p.message for p in result.problems] == [
        "No “<question>” tag was found: this is not a Platonus test file."
    ]


# --- detection and hostile input ---------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "name", "fmt"),
    [
        ("bank.xml", "moodle_all.xml", "moodle_xml"),
        ("bank.txt", "moodle_all.xml", "moodle_xml"),
        ("bank.gift", "gift_all.gift", "gift"),
        ("bank.txt", "gift_all.gift", "gift"),
        ("bank.txt", "aiken_kk.txt", "aiken"),
        ("bank.txt", "platonus_utf8.txt", "platonus"),
        ("bank.txt", "platonus_cp1251.txt", "platonus"),
    ],
)
def test_detect(filename, name, fmt):
    assert formats.detect(filename, sample(name)) == fmt


def test_detect_unknown():
    assert formats.detect("x.txt", b"just words") is None
    assert formats.detect("x.bin", bytes(range(256)) * 10) is None
    assert formats.detect("x.docx", b"PK\x03\x04garbage") is None


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_empty_file_is_a_problem(fmt):
    result = formats.read(fmt, b"")
    assert (result.questions, [p.message for p in result.problems]) == ([], ["The file is empty."])


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_binary_garbage_is_a_problem(fmt):
    garbage = bytes((i * 37 + 11) % 256 for i in range(5000))
    result = formats.read(fmt, garbage)
    assert result.questions == []
    assert len(result.problems) == 1
    assert result.problems[0].severity == Severity.ERROR


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_garbage_docx_is_a_problem(fmt):
    result = formats.read(fmt, b"PK\x03\x04" + b"\x00" * 100, filename="test.docx")
    if fmt == "moodle_xml":
        assert len(result.problems) == 1
    else:
        assert [p.message for p in result.problems] == [
            "This is not a readable Word (.docx) document."
        ]


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_huge_file_is_a_problem(fmt):
    result = formats.read(fmt, b"a" * (formats.MAX_FILE_BYTES + 1))
    assert [p.message for p in result.problems] == ["The file is larger than 20 MB."]


def test_question_count_is_limited(monkeypatch):
    monkeypatch.setattr("qashyq.questions.formats.platonus.MAX_QUESTIONS", 3)
    text = "".join(f"<question>Q{i}\n<variant>a\n<variant>b\n" for i in range(5))
    result = formats.read("platonus", text.encode())
    assert len(result.questions) == 3
    assert [p.message for p in result.problems] == [
        "The file has more than 3 questions; only the first 3 were read."
    ]


def test_unknown_format():
    assert [p.message for p in formats.read("csv", b"a").problems] == ["Unknown format “csv”."]


def test_deeply_nested_xml_is_a_problem():
    data = b"<quiz>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</quiz>"
    result = formats.read("moodle_xml", data)
    assert result.questions == []


def test_decode_text_refuses_binary():
    with pytest.raises(common.NotText):
        common.decode_text(b"\x00\x01\x02abc")
