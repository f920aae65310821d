"""Platonus tests from Word documents: text, formatting, pictures, equations (TST-1)."""

from __future__ import annotations

import base64
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation

from qashyq.questions import formats
from qashyq.questions.formats import QuestionType, Severity

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


def run(text: str, *, bold: bool = False, italic: bool = False, vert: str = "") -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += f'<w:vertAlign w:val="{vert}"/>' if vert else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def mrun(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


def picture(rel_id: str = "rIdImg1") -> str:
    return (
        "<w:r><w:drawing><wp:inline><wp:docPr id='1' name='Picture 1'/><a:graphic>"
        "<a:graphicData><pic:pic><pic:blipFill>"
        f'<a:blip r:embed="{rel_id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )


def make_docx(body: str, *, media: dict[str, bytes] | None = None) -> bytes:
    """A minimal valid .docx: content types, package rels, the document and its rels."""
    media = {"image1.png": PNG} if media is None else media
    rels = "".join(
        f'<Relationship Id="rIdImg{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/image" Target="media/{name}"/>'
        for i, name in enumerate(media, start=1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Default Extension="png" ContentType="image/png"/><Override '
            'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>'
            f"{body}<w:sectPr/></w:body></w:document>",
        )
        archive.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for name, content in media.items():
            archive.writestr(f"word/media/{name}", content)
    return buffer.getvalue()


FRACTION = (
    "<m:oMath><m:f><m:num>" + mrun("1") + "</m:num><m:den>" + mrun("2") + "</m:den></m:f>"
    + "</m:oMath>"
)  # fmt: skip
SQUARE = (
    "<m:oMath><m:sSup><m:e>" + mrun("x") + "</m:e><m:sup>" + mrun("2") + "</m:sup></m:sSup>"
    + mrun("+1") + "</m:oMath>"
)  # fmt: skip


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def platonus_docx() -> bytes:
    body = "".join(
        [
            para(run("Физика пәні бойынша тест")),
            para(run("&lt;question&gt;"), run("Функцияның туындысы: "), f"<w:r/>{SQUARE}"),
            para(run("&lt;variant&gt;2"), run("x", italic=True)),
            para(run("&lt;variant&gt;"), f"{FRACTION}"),
            para(run("&lt;Variant&gt;"), run("H"), run("2", vert="subscript"), run("O")),
            para(run("&lt;"), run("question", bold=True), run("&gt;Суретте не бейнеленген?")),
            para(picture()),
            para(run("&lt;variant&gt;Нүкте"), "<w:r><w:br/></w:r>", run("(қара)")),
            para(run("&lt;variant&gt;Шеңбер")),
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>&lt;question&gt;Кестедегі сұрақ</w:t></w:r></w:p>'
            "</w:tc><w:tc>" + para(run("&lt;variant&gt;", bold=True), run("бір", bold=True))
            + para(run("&lt;variant&gt;екі")) + "</w:tc></w:tr></w:tbl>",
        ]
    )  # fmt: skip
    return make_docx(body)


def test_platonus_docx_keeps_formatting_pictures_and_equations():
    data = platonus_docx()
    assert formats.detect("тест.docx", data) == "platonus"
    result = formats.read("platonus", data, filename="тест.docx")
    assert [(p.line, p.message, p.severity) for p in result.problems] == [
        (1, "Text before the first question was ignored.", Severity.WARNING)
    ]
    first, second, third = result.questions
    assert first.line == 2
    assert first.text == (
        '<p>Функцияның туындысы: <math xmlns="http://www.w3.org/1998/Math/MathML"><mrow>'
        "<msup><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></msup><mo>+</mo><mn>1</mn>"
        "</mrow></math></p>"
    )
    assert [(c.text, c.fraction) for c in first.choices] == [
        ("2<em>x</em>", Decimal(1)),
        (
            '<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow><mfrac><mrow><mn>1</mn>'
            "</mrow><mrow><mn>2</mn></mrow></mfrac></mrow></math>",
            Decimal(0),
        ),
        ("H<sub>2</sub>O", Decimal(0)),
    ]
    assert second.line == 6
    assert second.text == (
        '<p>Суретте не бейнеленген?</p><p><img src="@@PLUGINFILE@@/image1.png" alt=""></p>'
    )
    assert [(i.name, i.mime_type, i.content) for i in second.images] == [
        ("image1.png", "image/png", PNG)
    ]
    assert [c.text for c in second.choices] == ["Нүкте<br>(қара)", "Шеңбер"]
    assert third.text == "<p>Кестедегі сұрақ</p>"
    assert [c.text for c in third.choices] == ["<strong>бір</strong>", "екі"]
    assert third.images == []


def test_platonus_docx_problems_point_at_paragraphs():
    body = (
        para(run("&lt;question&gt;Бос"))
        + para(run("&lt;question&gt;Q"))
        + para(run("&lt;variant&gt;a"))
        + para(run("&lt;variant&gt; A "))
    )
    result = formats.read("platonus", make_docx(body, media={}))
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "The question has no variants."),
        (4, "Two variants are the same (the first is on line 3)."),
    ]


def test_aiken_and_gift_from_docx_text():
    aiken = make_docx(
        para(run("Астанада қай өзен ағады?")) + para(run("A) Есіл")) + para(run("B) Нұра"))
        + para(run("ANSWER: A")), media={}
    )  # fmt: skip
    assert formats.detect("a.docx", aiken) == "aiken"
    [question] = formats.read("aiken", aiken).questions
    assert [(c.text, c.fraction) for c in question.choices] == [
        ("Есіл", Decimal(1)),
        ("Нұра", Decimal(0)),
    ]
    gift = make_docx(para(run("::Ө::Өзен? {=Есіл ~Нұра}")), media={})
    assert formats.detect("g.docx", gift) == "gift"
    [question] = formats.read("gift", gift).questions
    assert (question.name, question.qtype) == ("Ө", QuestionType.SINGLE)


def omml(inner: str) -> str:
    body = (
        para(run("&lt;question&gt;"), f"<m:oMath>{inner}</m:oMath>")
        + para(run("&lt;variant&gt;a"))
        + para(run("&lt;variant&gt;b"))
    )
    result = formats.read("platonus", make_docx(body, media={}))
    text = result.questions[0].text
    start = text.index("<mrow>") + len("<mrow>")
    return text[start : text.rindex("</mrow></math>")]


@pytest.mark.parametrize(
    ("inner", "mathml"),
    [
        (mrun("a+12.5"), "<mi>a</mi><mo>+</mo><mn>12.5</mn>"),
        ("<m:sSub><m:e>" + mrun("a") + "</m:e><m:sub>" + mrun("n") + "</m:sub></m:sSub>",
         "<msub><mrow><mi>a</mi></mrow><mrow><mi>n</mi></mrow></msub>"),
        ("<m:sSubSup><m:e>" + mrun("x") + "</m:e><m:sub>" + mrun("i") + "</m:sub><m:sup>"
         + mrun("2") + "</m:sup></m:sSubSup>",
         "<msubsup><mrow><mi>x</mi></mrow><mrow><mi>i</mi></mrow><mrow><mn>2</mn></mrow>"
         "</msubsup>"),
        ("<m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e>" + mrun("2")
         + "</m:e></m:rad>", "<msqrt><mrow><mn>2</mn></mrow></msqrt>"),
        ("<m:rad><m:deg>" + mrun("3") + "</m:deg><m:e>" + mrun("8") + "</m:e></m:rad>",
         "<mroot><mrow><mn>8</mn></mrow><mrow><mn>3</mn></mrow></mroot>"),
        ("<m:d><m:dPr><m:begChr m:val=\"[\"/><m:endChr m:val=\"]\"/></m:dPr><m:e>" + mrun("a")
         + "</m:e><m:e>" + mrun("b") + "</m:e></m:d>",
         '<mrow><mo fence="true">[</mo><mrow><mi>a</mi></mrow><mo>|</mo><mrow><mi>b</mi></mrow>'
         '<mo fence="true">]</mo></mrow>'),
        ("<m:nary><m:naryPr><m:chr m:val=\"∑\"/></m:naryPr><m:sub>" + mrun("i=1") + "</m:sub>"
         "<m:sup>" + mrun("n") + "</m:sup><m:e>" + mrun("i") + "</m:e></m:nary>",
         "<mrow><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mrow><mi>n"
         "</mi></mrow></munderover><mrow><mi>i</mi></mrow></mrow>"),
        ("<m:nary><m:sub>" + mrun("0") + "</m:sub><m:sup>" + mrun("1") + "</m:sup><m:e>"
         + mrun("x") + "</m:e></m:nary>",
         "<mrow><msubsup><mo>∫</mo><mrow><mn>0</mn></mrow><mrow><mn>1</mn></mrow></msubsup>"
         "<mrow><mi>x</mi></mrow></mrow>"),
        ("<m:func><m:fName>" + mrun("sin") + "</m:fName><m:e>" + mrun("x") + "</m:e></m:func>",
         "<mrow><mrow><mi>s</mi><mi>i</mi><mi>n</mi></mrow><mo>\u2061</mo><mrow><mi>x</mi>"
         "</mrow></mrow>"),
        ("<m:acc><m:accPr><m:chr m:val=\"→\"/></m:accPr><m:e>" + mrun("v") + "</m:e></m:acc>",
         '<mover accent="true"><mrow><mi>v</mi></mrow><mo>→</mo></mover>'),
        ("<m:bar><m:barPr><m:pos m:val=\"top\"/></m:barPr><m:e>" + mrun("z") + "</m:e></m:bar>",
         '<mover accent="true"><mrow><mi>z</mi></mrow><mo>¯</mo></mover>'),
        ("<m:unknownThing>" + mrun("ә") + "</m:unknownThing>", "<mtext>ә</mtext>"),
    ],
)  # fmt: skip
def test_omml_to_mathml(inner, mathml):
    assert omml(inner) == mathml


def test_unknown_equation_element_warns():
    body = para(run("&lt;question&gt;Q "), "<m:oMath><m:foo>" + mrun("қ") + "</m:foo></m:oMath>")
    body += para(run("&lt;variant&gt;a")) + para(run("&lt;variant&gt;b"))
    result = formats.read("platonus", make_docx(body, media={}))
    assert [(p.line, p.message, p.severity, p.excerpt) for p in result.problems] == [
        (1, "A part of an equation (foo) could not be converted; its text was kept.",
         Severity.WARNING, "қ")
    ]  # fmt: skip


def test_docx_zip_bomb_member_is_refused(monkeypatch):
    monkeypatch.setattr("qashyq.questions.formats.docx.MAX_XML_BYTES", 1000)
    body = para(run("&lt;question&gt;" + "қ" * 2000)) + para(run("&lt;variant&gt;a"))
    result = formats.read("platonus", make_docx(body, media={}))
    assert [p.message for p in result.problems] == ["This is not a readable Word (.docx) document."]


def test_docx_entity_bomb_is_refused():
    data = make_docx("", media={}).replace(b"", b"")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = (
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document '
                    + NS.encode()
                    + b"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body>"
                    b"</w:document>"
                )
            target.writestr(item, content)
    result = formats.read("platonus", buffer.getvalue(), filename="bomb.docx")
    assert [p.message for p in result.problems] == ["This is not a readable Word (.docx) document."]
