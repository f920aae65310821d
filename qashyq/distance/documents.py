"""The rector's order (бұйрық / приказ) as PDF, in Kazakh and in Russian (ELIG-6).

The wording of an official document is data, written here in both languages
(not gettext: an order reads the same whatever the interface language of whoever
approved it). Names of the institution, programs and disciplines come from their
trilingual columns (ADR 0004); citations from the rule engine run in that language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from qashyq.core import pdf
from qashyq.core.models import localized

ORDER_LANGUAGES = ("kk", "ru")

WORDS: Mapping[str, Mapping[str, str]] = {
    "kk": {
        "order": "БҰЙРЫҚ",
        "number": "№ %(number)s",
        "city": "%(city)s қаласы",
        "preamble": (
            "Нормативтік құқықтық актілерге (%(acts)s) сәйкес, білім алушылардың (олардың "
            "ата-аналарының немесе заңды өкілдерінің) өтініштері мен ұсынылған құжаттары негізінде"
        ),
        "order_verb": "БҰЙЫРАМЫН:",
        "item": (
            "Төменде аталған білім алушылар %(start)s бастап %(end)s дейін көрсетілген "
            "пәндер бойынша қашықтықтан оқыту технологияларымен оқуға ауыстырылсын:"
        ),
        "student": "Білім алушы",
        "group": "Топ",
        "program": "Бағдарлама",
        "ground": "Негіз",
        "disciplines": "Пәндер",
        "period": "Мерзімі",
        "access": (
            "Тіркеу офисі білім алушыларға цифрлық жүйеге, электрондық кестеге, "
            "электрондық журналға және электрондық ресурстарға қолжетімділік берсін."
        ),
        "control": "Бұйрықтың орындалуын бақылау оқу ісі жөніндегі проректорға жүктелсін.",
        "rector": "Ректор",
        "verify": "Бұйрықтың түпнұсқалығын тексеру: %(url)s",
        "hash": "SHA-256: %(hash)s",
        "act": "%(title)s, %(clause)s-тармақ (%(wording)s)",
    },
    "ru": {
        "order": "ПРИКАЗ",
        "number": "№ %(number)s",
        "city": "г. %(city)s",
        "preamble": (
            "В соответствии с нормативными правовыми актами (%(acts)s), на основании заявлений "
            "обучающихся (их родителей или законных представителей) и представленных документов"
        ),
        "order_verb": "ПРИКАЗЫВАЮ:",
        "item": (
            "Перевести на обучение с применением дистанционных образовательных технологий "
            "с %(start)s по %(end)s по указанным дисциплинам следующих обучающихся:"
        ),
        "student": "Обучающийся",
        "group": "Группа",
        "program": "Программа",
        "ground": "Основание",
        "disciplines": "Дисциплины",
        "period": "Срок",
        "access": (
            "Офису регистратора предоставить обучающимся доступ к цифровой системе, "
            "электронному расписанию, электронному журналу и электронным ресурсам."
        ),
        "control": "Контроль за исполнением приказа возложить на проректора по учебной работе.",
        "rector": "Ректор",
        "verify": "Проверка подлинности приказа: %(url)s",
        "hash": "SHA-256: %(hash)s",
        "act": "%(title)s, п. %(clause)s (%(wording)s)",
    },
}

# The grounds of ELIG-1…ELIG-4 as an order names them (values of regulations Ground).
GROUND_WORDING: Mapping[str, Mapping[str, str]] = {
    "special_needs": {
        "kk": "ерекше білім берілуіне қажеттілігі бар адам (мүгедектігі бар)",
        "ru": "лицо с особыми образовательными потребностями (с инвалидностью)",
    },
    "temporary_health": {
        "kk": "денсаулық жағдайының уақытша шектелуі (ДКК қорытындысы)",
        "ru": "временное ограничение здоровья (заключение ВКК)",
    },
    "convict": {
        "kk": "қылмыстық-атқару жүйесі мекемесінде жазасын өтеуде",
        "ru": "отбывание наказания в учреждении уголовно-исполнительной системы",
    },
    "working_tvet": {
        "kk": "техникалық және кәсіптік білім алатын жұмыс істейтін адам",
        "ru": "работающее лицо, получающее техническое и профессиональное образование",
    },
    "shortened_or_mba": {
        "kk": "қысқартылған бағдарлама, MBA/EMBA/DBA",
        "ru": "сокращённая программа, MBA/EMBA/DBA",
    },
    "blended": {"kk": "аралас оқыту", "ru": "смешанное обучение"},
    "exchange_abroad": {
        "kk": "шетелде алмасу бағдарламасы бойынша оқу",
        "ru": "обучение за рубежом по программе обмена",
    },
    "business_trip": {
        "kk": "ұзақ мерзімді шетелдік іссапар (2 айдан астам)",
        "ru": "длительная зарубежная командировка (более 2 месяцев)",
    },
    "academic_mobility": {"kk": "академиялық ұтқырлық", "ru": "академическая мобильность"},
    "foreigner_abroad": {
        "kk": "шетелде тұратын шетел азаматы немесе қандас",
        "ru": "иностранец или кандас, проживающий за рубежом",
    },
    "restrictive_measures": {
        "kk": "шектеу іс-шаралары (карантин, төтенше жағдай)",
        "ru": "ограничительные мероприятия (карантин, чрезвычайная ситуация)",
    },
    "competition": {
        "kk": "оқу-жаттығу жиындарына, жарыстарға, байқауларға, фестивальдарға қатысу",
        "ru": "участие в учебно-тренировочных сборах, соревнованиях, конкурсах, фестивалях",
    },
    "disabled_child_pmpk": {
        "kk": "мүгедектігі бар бала (ПМПК ұсынымы)",
        "ru": "ребёнок с инвалидностью (рекомендация ПМПК)",
    },
}


@dataclass(frozen=True)
class OrderLine:
    """One student of the order, in the document's language."""

    full_name: str
    group: str
    program: str
    ground: str
    disciplines: tuple[str, ...]
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class OrderDocument:
    language: str
    institution: str
    city: str
    number: str
    issued_on: dt.date
    acts: tuple[str, ...]
    lines: tuple[OrderLine, ...]
    signer: str
    verify_url: str
    content_hash: str


def ground_wording(ground: str, language: str, fallback: str) -> str:
    return GROUND_WORDING.get(ground, {}).get(language) or fallback


def name_in(language: str, *, kk: str, ru: str, en: str) -> str:
    return localized(kk=kk, ru=ru, en=en, language=language)


def act_wording(language: str, *, title: str, clause: str, wording: str) -> str:
    return WORDS[language]["act"] % {"title": title, "clause": clause, "wording": wording}


def _date(value: dt.date) -> str:
    return f"{value:%d.%m.%Y}"


def order_pdf(document: OrderDocument) -> bytes:
    """The order as a one- or two-page A4 PDF."""
    words = WORDS[document.language]
    style = pdf.styles()
    t = pdf.text
    story: list[Flowable] = [
        Paragraph(t(document.institution), style["heading"]),
        Spacer(1, 6 * mm),
        Paragraph(t(words["order"]), style["title"]),
        Spacer(1, 4 * mm),
    ]
    header = Table(
        [
            [
                Paragraph(t(_date(document.issued_on)), style["left"]),
                Paragraph(t(words["city"] % {"city": document.city}), style["center"]),
                Paragraph(t(words["number"] % {"number": document.number}), style["right"]),
            ]
        ],
        colWidths=[55 * mm, 60 * mm, 55 * mm],
    )
    story += [header, Spacer(1, 6 * mm)]
    acts = "; ".join(document.acts)
    story.append(Paragraph(t(words["preamble"] % {"acts": acts}), style["body"]))
    story += [Spacer(1, 4 * mm), Paragraph(t(words["order_verb"]), style["bold"])]
    starts = min(line.starts_on for line in document.lines)
    ends = max(line.ends_on for line in document.lines)
    story.append(
        Paragraph(
            t("1. " + words["item"] % {"start": _date(starts), "end": _date(ends)}), style["body"]
        )
    )
    story.append(Spacer(1, 3 * mm))
    rows: list[list[object]] = [
        [
            Paragraph(t(words["student"]), style["small"]),
            Paragraph(t(words["group"]), style["small"]),
            Paragraph(t(words["program"]), style["small"]),
            Paragraph(t(words["ground"]), style["small"]),
            Paragraph(t(words["disciplines"]), style["small"]),
            Paragraph(t(words["period"]), style["small"]),
        ]
    ]
    for line in document.lines:
        rows.append(
            [
                Paragraph(t(line.full_name), style["small"]),
                Paragraph(t(line.group), style["small"]),
                Paragraph(t(line.program), style["small"]),
                Paragraph(t(line.ground), style["small"]),
                Paragraph("<br/>".join(t(d) for d in line.disciplines), style["small"]),
                Paragraph(t(f"{_date(line.starts_on)} – {_date(line.ends_on)}"), style["small"]),
            ]
        )
    table = Table(rows, colWidths=[30 * mm, 17 * mm, 31 * mm, 28 * mm, 40 * mm, 24 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#555555"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm)]
    story.append(Paragraph(t("2. " + words["access"]), style["body"]))
    story.append(Paragraph(t("3. " + words["control"]), style["body"]))
    story.append(Spacer(1, 12 * mm))
    signature = Table(
        [
            [
                Paragraph(t(words["rector"]), style["bold"]),
                Paragraph("_______________", style["center"]),
                Paragraph(t(document.signer), style["right"]),
            ]
        ],
        colWidths=[50 * mm, 60 * mm, 60 * mm],
    )
    story += [signature, Spacer(1, 10 * mm)]
    verification = Table(
        [
            [
                pdf.qr_code(document.verify_url),
                [
                    Paragraph(t(words["verify"] % {"url": document.verify_url}), style["small"]),
                    Paragraph(t(words["hash"] % {"hash": document.content_hash}), style["small"]),
                ],
            ]
        ],
        colWidths=[32 * mm, 138 * mm],
    )
    verification.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(verification)
    return pdf.pdf_build(
        story, title=f"{words['order']} {words['number'] % {'number': document.number}}"
    )


def canonical_lines(lines: Sequence[OrderLine]) -> list[dict[str, object]]:
    """What the content hash covers, language-independent enough to be stable."""
    return [
        {
            "name": line.full_name,
            "group": line.group,
            "disciplines": list(line.disciplines),
            "starts_on": line.starts_on.isoformat(),
            "ends_on": line.ends_on.isoformat(),
        }
        for line in lines
    ]
