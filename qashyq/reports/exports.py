"""A report as a file: XLSX (openpyxl), CSV (UTF-8 with a byte-order mark, so that
spreadsheet programs read Kazakh letters) and PDF (reportlab with the bundled DejaVu
fonts of core.pdf). Pure functions of `data.Report` (FP-3: exportable reports)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qashyq.core import pdf
from qashyq.reports.data import Cell, Report

FORMATS = ("xlsx", "csv", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_value(value: Cell) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def report_xlsx(report: Report, *, subtitle: str) -> bytes:
    """One sheet: the title, the filters in words, the header, the rows, the totals."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = report.key[:31]
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([subtitle])
    sheet.append([c.label for c in report.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append([_xlsx_value(v) for v in row])
    if report.totals is not None:
        sheet.append([_xlsx_value(v) for v in report.totals])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "B4"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_csv(report: Report) -> bytes:
    """The header and the rows (no title, no totals: a table to read back)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.key for c in report.columns])
    for row in report.rows:
        writer.writerow([cell_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_pdf(report: Report, *, subtitle: str, max_rows: int = 2000) -> bytes:
    """The report on landscape A4 pages: title, filters, the table with its totals."""
    style = pdf.styles()
    small = style["small"]
    t = pdf.text
    story: list[Flowable] = [
        Paragraph(t(report.title), style["title"]),
        Paragraph(t(subtitle), style["center"]),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[object]] = [[Paragraph(t(c.label), small) for c in report.columns]]
    for row in report.rows[:max_rows]:
        rows.append([Paragraph(t(cell_text(v)), small) for v in row])
    if report.totals is not None:
        rows.append([Paragraph(t(cell_text(v)), style["small"]) for v in report.totals])
    page_width = landscape(A4)[0] - 30 * mm
    table = Table(rows, colWidths=[page_width / len(report.columns)] * len(report.columns),
                  repeatRows=1)  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    if len(report.rows) > max_rows:
        story.append(Paragraph(t(f"… {len(report.rows) - max_rows}"), small))
    pdf.fonts_register()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=report.title,
        creator="Qashyq",
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()
