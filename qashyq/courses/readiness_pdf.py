"""The readiness act of a program's period (ONL-5) as PDF, in Kazakh and in Russian.

The wording of an official document is data written here in both state languages (not
gettext: the act reads the same whatever the interface language of whoever issued it);
names of the institution, program and disciplines come from their trilingual columns
(ADR 0004). The PDF is built with `qashyq.core.pdf` (bundled fonts with Kazakh letters,
invariant output).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from qashyq.core import pdf
from qashyq.core.models import localized

if TYPE_CHECKING:
    from qashyq.courses.selectors.readiness import ProgramReadiness

ACT_LANGUAGES = ("kk", "ru")

WORDS: Mapping[str, Mapping[str, str]] = {
    "kk": {
        "title": "ЦИФРЛЫҚ БІЛІМ БЕРУ КОНТЕНТІНІҢ ДАЙЫНДЫҒЫ ТУРАЛЫ АКТ",
        "number": "№ %(number)s",
        "program": "Білім беру бағдарламасы: %(code)s %(name)s",
        "period": ("Академиялық кезең: %(year)s оқу жылы, %(number)s-%(kind)s, басталуы %(start)s"),
        "deadline": (
            "Дайындық мерзімі: %(deadline)s (кезең басталғанға дейін %(days)s жұмыс күні; "
            "демалыс және мереке күндері есептелмейді)"
        ),
        "body": (
            "Осы актімен төменде аталған пәндердің электрондық оқу-әдістемелік кешендері "
            "жұмыс оқу жоспарына сәйкес порталда толық орналастырылғаны және кафедра "
            "меңгерушісімен бекітілгені расталады."
        ),
        "basis": (
            "Негіз: онлайн-оқытуды ұйымдастыру ережесінің 6.9.2-тармағы — цифрлық контент "
            "академиялық кезең басталғанға дейін кемінде 5 жұмыс күні бұрын порталда "
            "орналастырылады."
        ),
        "no": "№",
        "discipline": "Пән",
        "course": "Курс",
        "language": "Оқыту тілі",
        "teachers": "Оқытушылар",
        "percent": "Толықтығы, %",
        "approved": "Бекітілген күні",
        "department_head": "Кафедра меңгерушісі",
        "distance_unit": "Қашықтықтан оқыту бөлімінің басшысы",
        "verify": "Актінің түпнұсқалығын тексеру: %(url)s",
        "calendar": "Мерзім есептелген күнтізбе: %(version)s",
        "semester": "семестр",
        "trimester": "триместр",
        "quarter": "тоқсан",
        "summer": "жазғы семестр",
    },
    "ru": {
        "title": "АКТ ГОТОВНОСТИ ЦИФРОВОГО ОБРАЗОВАТЕЛЬНОГО КОНТЕНТА",
        "number": "№ %(number)s",
        "program": "Образовательная программа: %(code)s %(name)s",
        "period": (
            "Академический период: %(year)s учебный год, %(kind)s %(number)s, начало %(start)s"
        ),
        "deadline": (
            "Срок готовности: %(deadline)s (%(days)s рабочих дней до начала периода; "
            "выходные и праздничные дни не учитываются)"
        ),
        "body": (
            "Настоящим актом подтверждается, что электронные учебно-методические комплексы "
            "перечисленных ниже дисциплин в полном объёме размещены на портале в соответствии "
            "с рабочим учебным планом и утверждены заведующим кафедрой."
        ),
        "basis": (
            "Основание: пункт 6.9.2 положения об организации онлайн-обучения — цифровой "
            "контент размещается на портале не менее чем за 5 рабочих дней до начала "
            "академического периода."
        ),
        "no": "№",
        "discipline": "Дисциплина",
        "course": "Курс",
        "language": "Язык обучения",
        "teachers": "Преподаватели",
        "percent": "Полнота, %",
        "approved": "Дата утверждения",
        "department_head": "Заведующий кафедрой",
        "distance_unit": "Руководитель отдела дистанционного обучения",
        "verify": "Проверка подлинности акта: %(url)s",
        "calendar": "Календарь, по которому рассчитан срок: %(version)s",
        "semester": "семестр",
        "trimester": "триместр",
        "quarter": "четверть",
        "summer": "летний семестр",
    },
}

LANGUAGE_NAMES: Mapping[str, Mapping[str, str]] = {
    "kk": {"kk": "қазақ", "ru": "орыс", "en": "ағылшын", "multi": "көптілді"},
    "ru": {"kk": "казахский", "ru": "русский", "en": "английский", "multi": "полиязычный"},
}


@dataclass(frozen=True)
class ActLine:
    discipline_code: str
    discipline: Mapping[str, str]  # language → name
    course_code: str
    language: str
    teachers: tuple[str, ...]
    percent: int
    approved_on: dt.date | None


@dataclass(frozen=True)
class ActDocument:
    number: str
    issued_on: dt.date
    institution: Mapping[str, str]
    city: str
    program_code: str
    program: Mapping[str, str]
    academic_year: str
    period_kind: str
    period_number: int
    starts_on: dt.date
    deadline: dt.date
    working_days: int
    calendar_version: str
    lines: tuple[ActLine, ...]
    verify_url: str


def _names(obj: object) -> dict[str, str]:
    return {lang: str(getattr(obj, f"name_{lang}", "") or "") for lang in ("kk", "ru", "en")}


def readiness_act_document(
    *, readiness: ProgramReadiness, number: str, issued_on: dt.date, verify_url: str
) -> ActDocument:
    """What the act states, taken from a program's readiness (no queries)."""
    program, period = readiness.program, readiness.period
    institution = program.institution
    lines = tuple(
        ActLine(
            discipline_code=r.course.discipline.code,
            discipline=_names(r.course.discipline),
            course_code=r.course.code,
            language=r.course.language,
            teachers=r.teachers,
            percent=r.checklist.percent,
            approved_on=(
                r.approval.decided_at.date() if r.approval and r.approval.decided_at else None
            ),
        )
        for r in readiness.rows
    )
    year = period.academic_year.start_year
    return ActDocument(
        number=number,
        issued_on=issued_on,
        institution=_names(institution),
        city=institution.city,
        program_code=program.code,
        program=_names(program),
        academic_year=f"{year}–{year + 1}",
        period_kind=period.kind,
        period_number=period.number,
        starts_on=period.starts_on,
        deadline=readiness.deadline.deadline,
        working_days=readiness.deadline.working_days,
        calendar_version=readiness.deadline.calendar_version,
        lines=lines,
        verify_url=verify_url,
    )


def _date(value: dt.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "—"


def _name(names: Mapping[str, str], language: str) -> str:
    return localized(
        kk=names.get("kk", ""), ru=names.get("ru", ""), en=names.get("en", ""), language=language
    )


def _story(document: ActDocument, language: str) -> list[Flowable]:
    words = WORDS[language]
    style = pdf.styles()
    t = pdf.text
    story: list[Flowable] = [
        Paragraph(t(_name(document.institution, language)), style["heading"]),
        Spacer(1, 6 * mm),
        Paragraph(t(words["title"]), style["title"]),
        Spacer(1, 3 * mm),
    ]
    header = Table(
        [
            [
                Paragraph(t(_date(document.issued_on)), style["left"]),
                Paragraph(t(document.city), style["center"]),
                Paragraph(t(words["number"] % {"number": document.number}), style["right"]),
            ]
        ],
        colWidths=[55 * mm, 60 * mm, 55 * mm],
    )
    story += [header, Spacer(1, 5 * mm)]
    facts = [
        words["program"]
        % {"code": document.program_code, "name": _name(document.program, language)},
        words["period"]
        % {
            "year": document.academic_year,
            "number": document.period_number,
            "kind": words.get(document.period_kind, document.period_kind),
            "start": _date(document.starts_on),
        },
        words["deadline"] % {"deadline": _date(document.deadline), "days": document.working_days},
    ]
    story += [Paragraph(t(line), style["left"]) for line in facts]
    story += [Spacer(1, 4 * mm), Paragraph(t(words["body"]), style["body"]), Spacer(1, 3 * mm)]
    rows: list[list[object]] = [
        [
            Paragraph(t(words[key]), style["small"])
            for key in ("no", "discipline", "course", "language", "teachers", "percent", "approved")
        ]
    ]
    for number, line in enumerate(document.lines, start=1):
        rows.append(
            [
                Paragraph(str(number), style["small"]),
                Paragraph(
                    t(f"{line.discipline_code} {_name(line.discipline, language)}"), style["small"]
                ),
                Paragraph(t(line.course_code), style["small"]),
                Paragraph(
                    t(LANGUAGE_NAMES[language].get(line.language, line.language)), style["small"]
                ),
                Paragraph("<br/>".join(t(name) for name in line.teachers) or "—", style["small"]),
                Paragraph(str(line.percent), style["small"]),
                Paragraph(t(_date(line.approved_on)), style["small"]),
            ]
        )
    table = Table(
        rows,
        colWidths=[8 * mm, 50 * mm, 24 * mm, 18 * mm, 34 * mm, 16 * mm, 20 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#555555"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm), Paragraph(t(words["basis"]), style["body"])]
    story.append(Spacer(1, 12 * mm))
    signatures = Table(
        [
            [Paragraph(t(words[role]), style["left"]), Paragraph("_______________", style["right"])]
            for role in ("department_head", "distance_unit")
        ],
        colWidths=[110 * mm, 60 * mm],
        rowHeights=[12 * mm, 12 * mm],
    )
    story += [signatures, Spacer(1, 8 * mm)]
    verification = Table(
        [
            [
                pdf.qr_code(document.verify_url),
                [
                    Paragraph(t(words["verify"] % {"url": document.verify_url}), style["small"]),
                    Paragraph(
                        t(words["calendar"] % {"version": document.calendar_version}),
                        style["small"],
                    ),
                ],
            ]
        ],
        colWidths=[32 * mm, 138 * mm],
    )
    verification.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(verification)
    return story


def readiness_act_pdf(document: ActDocument) -> bytes:
    """The act in Kazakh, then in Russian on a new page (A4, invariant output)."""
    story: list[Flowable] = []
    for index, language in enumerate(ACT_LANGUAGES):
        if index:
            story.append(PageBreak())
        story += _story(document, language)
    return pdf.pdf_build(
        story,
        title=f"{WORDS['kk']['title']} {WORDS['kk']['number'] % {'number': document.number}}",
    )
