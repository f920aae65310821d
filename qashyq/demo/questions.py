"""Demo question banks (TST-1): for every published course of the demo period, two
categories ("Module 1", "Module 2" in the course's language) with one question of each of
the eight types, a few with formulas. Inserted with bulk_create: two statements for the
categories and questions of all courses (a 30,000-student demo stays at seconds).
Call `demo_questions(institution=…, today=…)` after `demo_courses`; it does nothing when
the institution's courses already have banks. `demo_questions_delete` removes them
before the courses go."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from qashyq.courses.models import Course, CourseStatus
from qashyq.demo.courses import demo_period
from qashyq.institutions.models import Institution
from qashyq.questions.models import Category, Question

TEXTS: dict[str, dict[str, Any]] = {
    "kk": {
        "modules": ["1-модуль", "2-модуль"],
        "single": ("Қазақстанның астанасы қай қала?", ["Астана", "Алматы", "Шымкент"]),
        "multiple": ("Жай сандарды белгілеңіз.", ["2", "3", "4", "9"]),
        "truefalse": "Функцияның туындысы \\(f(x)=x^2\\) үшін \\(2x\\) болады.",
        "short": ("«Қара сөздердің» авторы кім?", "Абай*"),
        "numeric": "\\(\\pi\\) санын екі ондық таңбаға дейін жазыңыз.",
        "matching": ("Ақын мен шығармасын сәйкестендіріңіз.",
                     [("Абай", "Қара сөздер"), ("М. Әуезов", "Абай жолы"), ("", "Маса")]),
        "ordering": ("Алгоритм қадамдарын ретке келтіріңіз.",
                     ["Деректерді енгізу", "Өңдеу", "Нәтижені шығару"]),
        "essay": "Сұрыптау алгоритмдерінің айырмашылығын түсіндіріңіз.",
    },
    "ru": {
        "modules": ["Модуль 1", "Модуль 2"],
        "single": ("Какой город — столица Казахстана?", ["Астана", "Алматы", "Шымкент"]),
        "multiple": ("Отметьте простые числа.", ["2", "3", "4", "9"]),
        "truefalse": "Производная функции \\(f(x)=x^2\\) равна \\(2x\\).",
        "short": ("Кто автор «Слов назидания»?", "Абай*"),
        "numeric": "Запишите число \\(\\pi\\) с точностью до двух знаков.",
        "matching": ("Сопоставьте автора и произведение.",
                     [("Абай", "Слова назидания"), ("М. Ауэзов", "Путь Абая"), ("", "Комар")]),
        "ordering": ("Расположите шаги алгоритма по порядку.",
                     ["Ввод данных", "Обработка", "Вывод результата"]),
        "essay": "Объясните различия алгоритмов сортировки.",
    },
    "en": {
        "modules": ["Module 1", "Module 2"],
        "single": ("Which city is the capital of Kazakhstan?", ["Astana", "Almaty", "Shymkent"]),
        "multiple": ("Mark the prime numbers.", ["2", "3", "4", "9"]),
        "truefalse": "The derivative of \\(f(x)=x^2\\) is \\(2x\\).",
        "short": ("Who wrote the Book of Words?", "Abai*"),
        "numeric": "Write \\(\\pi\\) to two decimal places.",
        "matching": ("Match the author and the work.",
                     [("Abai", "Book of Words"), ("M. Auezov", "The Path of Abai"), ("", "Gnat")]),
        "ordering": ("Put the steps of the algorithm in order.",
                     ["Input the data", "Process", "Output the result"]),
        "essay": "Explain how sorting algorithms differ.",
    },
}  # fmt: skip


@dataclass(frozen=True)
class DemoQuestionsSummary:
    courses: int = 0
    categories: int = 0
    questions: int = 0


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def _questions(course: Course, first: Category, second: Category) -> list[Question]:
    t = TEXTS.get(course.language, TEXTS["kk"])
    text, options = t["single"]
    short_text, short_answer = t["short"]
    match_text, pairs = t["matching"]
    order_text, items = t["ordering"]
    multiple_text, numbers = t["multiple"]
    rows: list[tuple[Category, str, str, dict[str, list[Any]]]] = [
        (first, "single", _p(text), {"choices": [
            {"id": f"c{n}", "text": o, "fraction": "1" if n == 1 else "0", "feedback": ""}
            for n, o in enumerate(options, 1)]}),
        (first, "multiple", _p(multiple_text), {"choices": [
            {"id": f"c{n}", "text": o, "fraction": "0.5" if n < 3 else "-1", "feedback": ""}
            for n, o in enumerate(numbers, 1)]}),
        (first, "truefalse", _p(t["truefalse"]), {"choices": [
            {"id": "true", "text": "", "fraction": "1", "feedback": ""},
            {"id": "false", "text": "", "fraction": "0", "feedback": ""}]}),
        (first, "short", _p(short_text), {"answers": [
            {"text": short_answer, "fraction": "1", "case_sensitive": False}]}),
        (second, "numeric", _p(t["numeric"]), {"numeric": [
            {"value": "3.14", "tolerance": "0.005", "fraction": "1"}]}),
        (second, "matching", _p(match_text), {"pairs": [
            {"id": f"p{n}", "prompt": p, "answer": a} for n, (p, a) in enumerate(pairs, 1)]}),
        (second, "ordering", _p(order_text), {"items": [
            {"id": f"o{n}", "text": i} for n, i in enumerate(items, 1)]}),
        (second, "essay", _p(t["essay"]), {}),
    ]  # fmt: skip
    made = []
    for category, qtype, html, parts in rows:
        data: dict[str, list[Any]] = {
            "choices": [], "answers": [], "numeric": [], "pairs": [], "items": [], **parts
        }  # fmt: skip
        made.append(
            Question(
                course_id=course.pk,
                category=category,
                qtype=qtype,
                name=f"{category.name}: {qtype}",
                text=html,
                points=Decimal(5) if qtype == "essay" else Decimal(1),
                data=data,
            )
        )
    return made


@transaction.atomic
def demo_questions(*, institution: Institution, today: dt.date) -> DemoQuestionsSummary:
    """A bank for each published course of the demo period (see the module doc)."""
    period = demo_period(institution, today)
    if period is None:
        return DemoQuestionsSummary()
    courses = list(
        Course.objects.filter(
            institution=institution, period=period, status=CourseStatus.PUBLISHED
        ).order_by("pk")
    )
    if not courses or Category.objects.filter(course__institution=institution).exists():
        return DemoQuestionsSummary()
    categories = Category.objects.bulk_create(
        [
            Category(course_id=c.pk, name=name, position=n)
            for c in courses
            for n, name in enumerate(TEXTS.get(c.language, TEXTS["kk"])["modules"])
        ]
    )
    questions: list[Question] = []
    for index, course in enumerate(courses):
        first, second = categories[2 * index], categories[2 * index + 1]
        questions += _questions(course, first, second)
    Question.objects.bulk_create(questions, batch_size=2000)
    return DemoQuestionsSummary(
        courses=len(courses), categories=len(categories), questions=len(questions)
    )


def demo_questions_delete(*, institution: Institution) -> int:
    """Remove the institution's banks (questions, then categories children first);
    returns the questions removed."""
    removed, _ = Question.objects.filter(course__institution=institution).delete()
    categories = Category.objects.filter(course__institution=institution)
    while categories.exists():
        categories.filter(children__isnull=True).delete()
    return removed
