"""PDF documents with Kazakh letters (ә ғ қ ң ө ұ ү һ і), a QR code, and nothing else.

ReportLab's built-in fonts (Helvetica, Times) have no Cyrillic at all, so every
document uses the bundled DejaVu Sans (``core/fonts/``, Bitstream Vera licence,
shipped as package data so a fresh ``pip install`` has it). Apps build their own
story of flowables with the styles below and call ``pdf_build``; output is
invariant (no creation time, a fixed document id), so the same content gives the
same bytes and its hash can be published for verification.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, SimpleDocTemplate

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "QashyqSans"
FONT_BOLD = "QashyqSans-Bold"
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


def fonts_register() -> None:
    """Register the bundled fonts with ReportLab (once per process)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles of official documents, all in the bundled font."""
    fonts_register()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, alignment=TA_JUSTIFY)
    return {
        "body": body,
        "left": ParagraphStyle("left", parent=body, alignment=0),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, alignment=0),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER
        ),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16, alignment=TA_CENTER
        ),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD, alignment=0),
    }


def text(value: object) -> str:
    """Plain text made safe for a Paragraph (which reads a little XML)."""
    return escape(str(value))


@functools.lru_cache(maxsize=32)
def _qr_png(url: str) -> bytes:
    png = io.BytesIO()
    qrcode.make(url, border=1).save(png, format="PNG")
    return png.getvalue()


def qr_code(url: str, *, size_mm: float = 26) -> Image:
    """A QR code of `url` as a flowable (e.g. a document's verification link); the image
    is made once per URL (a document in two languages shares it)."""
    return Image(io.BytesIO(_qr_png(url)), width=size_mm * mm, height=size_mm * mm)


def pdf_build(
    story: Sequence[Flowable], *, title: str, author: str = "", subject: str = ""
) -> bytes:
    """Lay out `story` on A4 pages and return the PDF bytes (invariant output)."""
    fonts_register()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Qashyq",
        invariant=True,
    )
    document.build(list(story))
    return buffer.getvalue()
