"""The compliance dashboard's list as a file: CSV (UTF-8 with a byte-order mark, so that
Excel reads Kazakh letters) streamed as it is computed, or XLSX written row by row
(openpyxl's write-only mode) into a temporary file. One line per verdict shown, with the
column headers in the reader's language. Students are checked EXPORT_CHUNK at a time
(selectors_compliance), so a list of 30,000 never sits in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from qashyq.core.scope import ActorScope
from qashyq.institutions.models import Institution, Program
from qashyq.regulations import selectors_compliance
from qashyq.regulations.data import Verdict
from qashyq.regulations.models_compliance import ComplianceRun
from qashyq.regulations.selectors_compliance import OUTCOME_LABELS, ComplianceFilter

FORMATS = ("csv", "xlsx")
BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_BATCH = 200  # lines per chunk of the streamed response
# Text that a spreadsheet would run as a formula (CSV injection) gets a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML (and so XLSX) cannot hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(value: object) -> str:
    """A value as a cell's text: no formula, no control characters."""
    text = _ILLEGAL.sub("", str(value))
    return f"'{text}" if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class Table:
    """A sheet to write: the title, the header, and the rows, computed while written."""

    title: str
    header: list[str]
    rows: Callable[[], Iterator[list[str]]]
    language: str


def _verdict_cells(verdict: Verdict, as_of: str) -> list[str]:
    citation = verdict.citation
    return [
        verdict.requirement,
        str(OUTCOME_LABELS.get(verdict.outcome, verdict.outcome)),
        verdict.rule_code,
        verdict.title,
        verdict.figures,
        verdict.explanation,
        citation.act_title,
        citation.clause,
        citation.wording,
        as_of,
    ]


def _verdict_header() -> list[str]:
    return [
        _("Requirement"),
        _("Outcome"),
        _("Rule"),
        _("Rule statement"),
        _("Figures"),
        _("Explanation"),
        _("Act"),
        _("Clause"),
        _("Wording"),
        _("As of"),
    ]


def student_table(
    *,
    actor: ActorScope,
    institution: Institution,
    run: ComplianceRun,
    filters: ComplianceFilter,
    language: str,
) -> Table:
    """One line per verdict of each listed student that the filters show."""

    def rows() -> Iterator[list[str]]:
        with translation.override(language):
            as_of = date_format(run.as_of, "d.m.Y")
            for line, verdicts in selectors_compliance.compliance_student_lines(
                actor=actor, institution=institution, run=run, filters=filters
            ):
                person = [line.number, line.full_name, line.faculty, line.program, line.group]
                for verdict in verdicts:
                    yield person + _verdict_cells(verdict, as_of)

    with translation.override(language):
        header = [
            _("Student ID number"),
            _("Full name"),
            _("Faculty"),
            _("Program"),
            _("Group"),
            *_verdict_header(),
        ]
        title = _("Students")
    return Table(title=title, header=header, rows=rows, language=language)


def program_table(
    *,
    institution: Institution,
    as_of: dt.date,
    programs: QuerySet[Program],
    filters: ComplianceFilter,
    language: str,
) -> Table:
    """One line per verdict of each listed program that the filters show."""

    def rows() -> Iterator[list[str]]:
        with translation.override(language):
            listed = list(programs)
            day = date_format(as_of, "d.m.Y")
            for found in selectors_compliance.compliance_program_findings(
                institution=institution, as_of=as_of, programs=listed, filters=filters
            ):
                program = found.program
                head = [program.code, program.name, program.department.faculty.code]
                for verdict in found.verdicts:
                    yield head + _verdict_cells(verdict, day)

    with translation.override(language):
        header = [_("Program code"), _("Program"), _("Faculty"), *_verdict_header()]
        title = _("Programs")
    return Table(title=title, header=header, rows=rows, language=language)


class _Echo:
    """A file-like object whose write returns what it was given (csv.writer → string)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(table: Table) -> Iterator[bytes]:
    """The table as UTF-8 CSV with a byte-order mark, CSV_BATCH lines per chunk."""
    writer = csv.writer(_Echo())
    yield (BOM + writer.writerow([cell_text(v) for v in table.header])).encode("utf-8")
    batch: list[str] = []
    for row in table.rows():
        batch.append(writer.writerow([cell_text(v) for v in row]))
        if len(batch) == CSV_BATCH:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def xlsx_file(table: Table) -> IO[bytes]:
    """The table as an XLSX workbook in a temporary file (at its start), written row by
    row: memory stays flat however long the list."""
    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(title=cell_text(table.title)[:31] or "Sheet")
    sheet.freeze_panes = "A2"
    header = []
    for value in table.header:
        cell = WriteOnlyCell(sheet, value=cell_text(value))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in table.rows():
        sheet.append([cell_text(v) for v in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(output)
    output.seek(0)
    return output


def response(table: Table, *, kind: str, filename: str) -> HttpResponseBase:
    """The file as an attachment: CSV streamed, XLSX from its temporary file."""
    if kind == "csv":
        streamed = StreamingHttpResponse(csv_chunks(table), content_type="text/csv; charset=utf-8")
        streamed["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return streamed
    return FileResponse(
        xlsx_file(table), as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
