"""The pure parts of the reports: filters read from a request, the SVG chart, and the
number of queries a report costs (no query per row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qashyq.accounts.models import User
from qashyq.courses.models import Course, CourseGroup, CourseStaff, CourseStatus, Enrolment
from qashyq.institutions.tests.factories import DisciplineFactory
from qashyq.people import selectors as people_selectors
from qashyq.reports import selectors
from qashyq.reports.charts import chart_svg
from qashyq.reports.data import Chart, Filters, Series
from qashyq.reports.selectors_common import filters_from
from qashyq.reports.tests.conftest import Uni, _student, _teacher

TODAY = dt.date(2026, 3, 18)


def test_the_period_defaults_to_the_last_30_days() -> None:
    assert filters_from({}, today=TODAY) == Filters(dt.date(2026, 2, 17), TODAY)


def test_a_chosen_academic_period_gives_its_days(uni: Uni) -> None:
    filters = filters_from({"term": str(uni.term.pk)}, today=TODAY)
    assert (filters.date_from, filters.date_to) == (dt.date(2026, 1, 12), dt.date(2026, 5, 9))
    narrowed = filters_from({"term": str(uni.term.pk), "to": "2026-02-01"}, today=TODAY)
    assert (narrowed.date_from, narrowed.date_to) == (dt.date(2026, 1, 12), dt.date(2026, 2, 1))


def test_odd_filters_are_read_safely() -> None:
    swapped = filters_from({"from": "2026-03-10", "to": "2026-03-01"}, today=TODAY)
    assert (swapped.date_from, swapped.date_to) == (dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    long = filters_from({"from": "2010-01-01", "to": "2026-03-01"}, today=TODAY)
    assert long.date_from == dt.date(2024, 2, 28)  # 2 × 366 days before the end
    junk = filters_from({"from": "yesterday", "faculty": "x", "group": "-3"}, today=TODAY)
    assert junk == Filters(dt.date(2026, 2, 17), TODAY)


def test_the_chart_is_escaped_svg() -> None:
    chart = Chart("bar", ["<b>ИС-1</b>", "B"], [Series("x & y", [3.0, 7.0])])
    svg = chart_svg(chart, label='Report "one"')
    assert svg.startswith('<svg class="chart"')
    assert 'aria-label="Report &quot;one&quot;"' in svg
    assert "&lt;b&gt;ИС-1&lt;/b&gt;" in svg
    assert "<b>" not in svg
    assert "x &amp; y" in svg
    assert svg.count("<rect") == 2 + 1  # two bars and the legend's swatch
    assert ">10<" in svg  # the axis tops at 10 for a maximum of 7
    assert chart_svg(Chart("line", [], []), label="empty") == ""


@pytest.mark.parametrize("key", ["courses", "access", "teachers", "attendance", "grades"])
def test_a_report_costs_the_same_queries_for_more_rows(
    uni: Uni, office: Callable[..., User], key: str
) -> None:
    actor = people_selectors.actor_scope(user=office("registrar"))
    params = {"from": "2026-03-01", "to": "2026-03-31"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.report_build(actor=actor, key=key, params=params)
        return len(captured)

    before = queries()
    for n in range(3):  # three more courses, each with a teacher, a group and a student
        course = Course.objects.create(
            institution=uni.institution,
            discipline=DisciplineFactory.create(department=uni.is_dept, code=f"X{n}"),
            period=uni.term,
            code=f"X{n}-2026S",
            status=CourseStatus.PUBLISHED,
        )
        teacher = _teacher(uni.is_dept, f"Мұғалім{n}", "Ә")
        CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
        CourseGroup.objects.create(course=course, group=uni.is1)
        student: Any = _student(uni.is_program, uni.is1, f"Студент{n}", "Б")
        Enrolment.objects.create(course=course, student=student)
    assert queries() == before
