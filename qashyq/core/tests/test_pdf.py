"""core.pdf: documents render Kazakh letters with the bundled fonts."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from qashyq.core import pdf
from qashyq.core.tests.pdftext import pdf_text


def test_bundled_fonts_are_package_data() -> None:
    """A fresh install has the fonts and their licence (pyproject package-data)."""
    names = sorted(p.name for p in pdf.FONTS_DIR.iterdir())
    assert names == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "LICENSE"]


def test_kazakh_letters_survive_into_the_pdf_text() -> None:
    style = pdf.styles()
    data = pdf.pdf_build(
        [
            Paragraph(pdf.text("БҰЙРЫҚ"), style["title"]),
            Paragraph(pdf.text("Әріп: ә ғ қ ң ө ұ ү һ і — Ә Ғ Қ Ң Ө Ұ Ү Һ І"), style["body"]),
            pdf.qr_code("https://qashyq.example/verify/abc"),
        ],
        title="Test",
    )

    text = pdf_text(data)

    assert data.startswith(b"%PDF-")
    assert text.splitlines() == ["БҰЙРЫҚ", "Әріп: ә ғ қ ң ө ұ ү һ і — Ә Ғ Қ Ң Ө Ұ Ү Һ І"]
    assert b"+DejaVuSans-Bold" in data  # the bundled font, embedded as a subset


def test_the_same_content_gives_the_same_bytes() -> None:
    """Invariant output: the hash of a document can be published for verification."""
    style = pdf.styles()

    def build() -> bytes:
        return pdf.pdf_build([Paragraph(pdf.text("Қазақстан"), style["body"])], title="T")

    assert build() == build()
