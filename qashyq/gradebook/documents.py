"""The documents of the gradebook: the transcript as a PDF in kk, ru or en (reportlab,
the bundled DejaVu fonts of core.pdf) and a course's gradebook as XLSX (openpyxl).

The transcript is an official document in the language asked for, whatever the page's
language, so its words are kept here in the three languages (as the readiness act does)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from qashyq.core import pdf
from qashyq.gradebook.data import Journal, Transcript
from qashyq.gradebook.journal_html import number

TRANSCRIPT_LANGUAGES = ("kk", "ru", "en")

WORDS: dict[str, dict[str, str]] = {
    "kk": {
        "title": "Транскрипт",
        "student": "Білім алушы",
        "number": "Студенттік билет №",
        "program": "Білім беру бағдарламасы",
        "group": "Топ",
        "code": "Коды",
        "discipline": "Пән",
        "credits": "Кредит",
        "letter": "Әріптік баға",
        "points": "Балл",
        "percent": "%",
        "traditional": "Дәстүрлі баға",
        "gpa_period": "Кезеңнің GPA",
        "gpa": "Жалпы GPA",
        "total_credits": "Барлық кредит",
    },
    "ru": {
        "title": "Транскрипт",
        "student": "Обучающийся",
        "number": "Студенческий билет №",
        "program": "Образовательная программа",
        "group": "Группа",
        "code": "Код",
        "discipline": "Дисциплина",
        "credits": "Кредиты",
        "letter": "Буквенная оценка",
        "points": "Баллы",
        "percent": "%",
        "traditional": "Традиционная оценка",
        "gpa_period": "GPA за период",
        "gpa": "Общий GPA",
        "total_credits": "Всего кредитов",
    },
    "en": {
        "title": "Transcript of records",
        "student": "Student",
        "number": "Student ID",
        "program": "Educational program",
        "group": "Group",
        "code": "Code",
        "discipline": "Discipline",
        "credits": "Credits",
        "letter": "Letter grade",
        "points": "Points",
        "percent": "%",
        "traditional": "Traditional grade",
        "gpa_period": "GPA of the period",
        "gpa": "Cumulative GPA",
        "total_credits": "Total credits",
    },
}


def _gpa(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def transcript_pdf(transcript: Transcript, *, language: str) -> bytes:
    """The student's transcript: disciplines by period with credits, letter, points,
    percent and traditional grade, the GPA of each period and the cumulative GPA."""
    words = WORDS[language if language in WORDS else "kk"]
    style = pdf.styles()
    t = pdf.text
    story: list[Flowable] = [
        Paragraph(t(transcript.institution), style["heading"]),
        Spacer(1, 4 * mm),
        Paragraph(t(words["title"]), style["title"]),
        Spacer(1, 4 * mm),
        Paragraph(t(f"{words['student']}: {transcript.full_name}"), style["left"]),
        Paragraph(t(f"{words['number']} {transcript.student_number}"), style["left"]),
        Paragraph(t(f"{words['program']}: {transcript.program}"), style["left"]),
        Paragraph(t(f"{words['group']}: {transcript.group_code}"), style["left"]),
        Spacer(1, 4 * mm),
    ]
    small = style["small"]
    for period in transcript.periods:
        story.append(Paragraph(t(period.title), style["bold"]))
        rows: list[list[object]] = [
            [
                Paragraph(t(words[k]), small)
                for k in ("code", "discipline", "credits", "letter", "points", "percent",
                          "traditional")
            ]
        ]  # fmt: skip
        for line in period.lines:
            rows.append(
                [
                    Paragraph(t(line.discipline_code), small),
                    Paragraph(t(line.discipline_name), small),
                    Paragraph(str(line.credits), small),
                    Paragraph(t(line.letter), small),
                    Paragraph(f"{line.points:.2f}", small),
                    Paragraph(number(line.percent), small),
                    Paragraph(t(line.traditional), small),
                ]
            )
        rows.append(
            [
                Paragraph("", small),
                Paragraph(t(words["gpa_period"]), small),
                Paragraph(str(period.credits), small),
                Paragraph("", small),
                Paragraph(_gpa(period.gpa), small),
                Paragraph("", small),
                Paragraph("", small),
            ]
        )
        table = Table(
            rows,
            colWidths=[20 * mm, 55 * mm, 14 * mm, 16 * mm, 14 * mm, 12 * mm, 35 * mm],
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 4 * mm)]
    story.append(
        Paragraph(
            t(
                f"{words['total_credits']}: {transcript.credits} · "
                f"{words['gpa']}: {_gpa(transcript.gpa)}"
            ),
            style["bold"],
        )
    )
    return pdf.pdf_build(
        story,
        title=f"{words['title']} · {transcript.full_name}",
        subject=transcript.student_number,
    )


def journal_xlsx(journal: Journal, *, title: str, labels: dict[str, str]) -> bytes:
    """A course's gradebook as a workbook: a row per student with the points of every
    item, R1, R2, the admission rating and verdict, the exam, the final and the letter."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Gradebook"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    header = [labels["student"], labels["group"]]
    header += [f"{i.title} (≤ {number(i.max_points)})" for i in journal.items]
    header += [labels["r1"], labels["r2"], labels["admission"], labels["admitted"]]
    header += [labels["exam"], "%", labels["letter"]]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in journal.rows:
        values: list[object] = [row.full_name, row.group_code]
        values += [mark or (None if p is None else float(p)) for p, mark in row.cells]
        r = row.result
        letter = row.final.letter if row.final else r.letter
        values += [
            None if r.r1 is None else float(r.r1),
            None if r.r2 is None else float(r.r2),
            float(r.admission),
            labels["yes"] if r.admitted else labels["no"],
            None if r.exam is None else float(r.exam),
            None if r.percent is None else float(r.percent),
            letter,
        ]
        sheet.append(values)
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["A"].width = 32
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
