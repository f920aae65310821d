"""Each report's numbers against a hand-counted fixture (FP-2…FP-4).

On top of the university of conftest.py:
- content: ALG has module "1-апта" (lecture L1, video V1 of 600 s, practical P1) and a
  hidden module "2-апта" (file F1); PSY has module "Кіріспе" (lecture L2).
- progress: Aigerim opened and completed L1, Bolat opened it only.
- final grades: ALG Aigerim A 95, Bolat B 80, Dana F 30 (fails); PSY Timur C 65.
- attendance: ALG class on 2 March (Aigerim present, Bolat late, Dana absent) and on
  4 March (Aigerim present, Bolat absent, Dana excused); PSY class on 3 March (Timur
  present); an ALG class on 10 April (Aigerim absent) lies outside March.
- statements (March 2026, Almaty): Aigerim signs in at 09:00 and 18:30 on the 2nd, views
  L1 twice and completes it; Bolat signs in at 23:30 on the 2nd and 00:10 on the 3rd;
  Serik publishes L1 on the 1st and grades on the 3rd; Timur views PSY on the 2nd.
- assignment of ALG: Aigerim submitted 2 March 10:00, graded by Serik 3 March 16:00
  (30 h); Bolat submitted 2 March 12:00, graded 2 March 18:00 (6 h): average 18.0 h.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from qashyq.accounts.models import User
from qashyq.people import selectors as people_selectors
from qashyq.reports import selectors
from qashyq.reports.data import Report
from qashyq.reports.tests.conftest import MARCH, Uni

D = Decimal


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def build(user: User, key: str, **params: str) -> Report:
    actor = people_selectors.actor_scope(user=user)
    return selectors.report_build(actor=actor, key=key, params=params, full=True)


# ---------------------------------------------------------------- domain reports


def test_contingent_by_program_and_by_group(world: Uni, office: Any) -> None:
    registrar = office("registrar")
    report = build(registrar, "contingent")
    assert [c.key for c in report.columns] == [
        "unit", "enrolled", "academic_leave", "expelled", "graduated", "online", "total",
    ]  # fmt: skip
    names = {
        world.is_program.pk: world.is_program.name,
        world.psy_program.pk: world.psy_program.name,
    }
    assert report.rows == [
        [f"6B01101 {names[world.psy_program.pk]}", 1, 0, 0, 0, 0, 1],
        [f"6B06101 {names[world.is_program.pk]}", 3, 1, 0, 0, 1, 4],
    ]
    assert report.totals == ["Total", 4, 1, 0, 0, 1, 5]
    by_group = build(registrar, "contingent", program=str(world.is_program.pk))
    assert by_group.rows == [["ИС-1", 2, 0, 0, 0, 0, 2], ["ИС-2", 1, 1, 0, 0, 1, 2]]
    assert by_group.chart.labels == ["ИС-1", "ИС-2"]
    assert [s.values for s in by_group.chart.series] == [[2.0, 1.0], [0.0, 1.0]]


def test_courses(world: Uni, office: Any) -> None:
    report = build(office("rector_office"), "courses", term=str(world.term.pk))
    assert [r[:2] + r[3:] for r in report.rows] == [
        ["ALG-2026S", world.alg.discipline.name, "published", 1, 2, 3, 2, 4],
        ["PSY-2026S", world.psy.discipline.name, "published", 1, 1, 1, 1, 1],
    ]
    assert report.totals == ["Total", "", "", "", 2, 3, 4, 3, 5]
    only_is2 = build(office("rector_office"), "courses", group=str(world.is2.pk))
    assert [r[0] for r in only_is2.rows] == ["ALG-2026S"]


def test_content_units(world: Uni, office: Any) -> None:
    report = build(office("registrar"), "content")
    assert [r[:1] + r[2:] for r in report.rows] == [
        ["ALG-2026S", 1, 1, 1, 1, 0, 4, 1, 10],
        ["PSY-2026S", 1, 0, 0, 0, 0, 1, 0, 0],
    ]
    assert report.totals == ["Total", "", 2, 1, 1, 1, 0, 5, 1, 10]
    chart = dict(zip(report.chart.labels, report.chart.series[0].values, strict=True))
    assert chart["lecture (text)"] == 2.0
    assert chart["video"] == 1.0
    assert sum(chart.values()) == 5.0


def test_grade_distribution(world: Uni, office: Any) -> None:
    report = build(office("registrar"), "grades")
    letters = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F"]
    assert [c.key for c in report.columns][3:-2] == letters
    alg, psy = report.rows
    assert alg[0] == "ALG-2026S"
    assert alg[2] == 3
    assert dict(zip(letters, alg[3:-2], strict=True)) == {
        **dict.fromkeys(letters, 0), "A": 1, "B": 1, "F": 1,
    }  # fmt: skip
    assert alg[-2:] == [D("68.3"), D("66.7")]
    assert psy[2] == 3 - 2
    assert psy[-2:] == [D("65.0"), D("100.0")]
    assert report.totals is not None
    assert report.totals[2] == 4
    assert report.totals[-1] == D("75.0")
    assert report.chart.series[0].values == [1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1]
    group = build(office("registrar"), "grades", group=str(world.is1.pk))
    assert [(r[0], r[2], r[-2], r[-1]) for r in group.rows] == [
        ("ALG-2026S", 2, D("87.5"), D("100.0"))
    ]


def test_attendance_statistics(world: Uni, office: Any) -> None:
    report = build(office("registrar"), "attendance", **MARCH)
    assert [r[:1] + r[2:] for r in report.rows] == [
        ["ALG-2026S", 2, 6, 2, 1, 2, 1, D("50.0")],
        ["PSY-2026S", 1, 1, 1, 0, 0, 0, D("100.0")],
    ]
    assert report.totals == ["Total", "", 3, 7, 3, 1, 2, 1, D("57.1")]
    assert report.chart.labels == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert report.chart.series[0].values == [66.7, 100.0, 33.3]
    april = build(office("registrar"), "attendance", **{"from": "2026-04-01", "to": "2026-04-30"})
    assert [r[:1] + r[2:] for r in april.rows] == [["ALG-2026S", 1, 1, 0, 0, 1, 0, D("0.0")]]


# ---------------------------------------------------------------- footprint reports


def test_access_per_course(world: Uni, office: Any) -> None:
    report = build(office("registrar"), "access", **MARCH)
    assert [r[:1] + r[2:] for r in report.rows] == [
        ["ALG-2026S", 2, 1, 0, 2, 3],  # Aigerim and Serik; 1 + 1 + 1 person-days
        ["PSY-2026S", 1, 0, 0, 1, 1],
    ]
    assert report.totals == ["Total", "", 3, 1, 0, None, 4]
    group = build(office("registrar"), "access", group=str(world.is1.pk), **MARCH)
    assert [r[:1] + r[2:] for r in group.rows] == [["ALG-2026S", 2, 1, 0, 1, 1]]


def test_access_per_material(world: Uni, office: Any) -> None:
    report = build(office("registrar"), "access", course=str(world.alg.pk), **MARCH)
    assert report.rows == [
        ["1-апта", "Жиындар", "lecture (text)", 2, 0, 1, 2, 1],
        ["1-апта", "Бейне", "video", 0, 0, 0, 0, 0],
        ["1-апта", "Есептер", "practical task", 0, 0, 0, 0, 0],
        ["2-апта", "Слайдтар", "file", 0, 0, 0, 0, 0],
    ]
    only_dana = build(office("registrar"), "access", course=str(world.alg.pk),
                      group=str(world.is2.pk), **MARCH)  # fmt: skip
    assert only_dana.rows[0][-2:] == [0, 0]


def test_sign_in_log(world: Uni, office: Any) -> None:
    report = build(office("registrar"), "signins", **MARCH)
    bolat = world.bolat.user.get_full_name()
    aigerim = world.aigerim.user.get_full_name()
    number = {world.aigerim.student_number, world.bolat.student_number}
    assert {r[2].split()[0] for r in report.rows} == number  # type: ignore[union-attr]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in report.rows] == [
        (dt.date(2026, 3, 3), bolat, 1, "00:10", "00:10"),
        (dt.date(2026, 3, 2), bolat, 1, "23:30", "23:30"),
        (dt.date(2026, 3, 2), aigerim, 2, "09:00", "18:30"),
    ]
    assert report.totals == ["Total", "", "", 4, "", ""]
    assert report.chart.labels == ["2026-03-02", "2026-03-03"]
    assert [s.values for s in report.chart.series] == [[3.0, 1.0], [2.0, 1.0]]
    assert build(office("registrar"), "signins", group=str(world.is2.pk), **MARCH).rows == []
    assert build(office("dean", faculty=world.ped), "signins", **MARCH).rows == []
    assert len(build(office("dean", faculty=world.fit), "signins", **MARCH).rows) == 3


def test_activity_dynamics(world: Uni, office: Any) -> None:
    days = {"from": "2026-03-01", "to": "2026-03-04"}
    report = build(office("registrar"), "activity", **days)
    assert report.rows == [
        [dt.date(2026, 3, 1), 1, 1, 0, 0, 0],
        [dt.date(2026, 3, 2), 2, 4, 3, 1, 0],
        [dt.date(2026, 3, 3), 1, 1, 0, 0, 0],
        [dt.date(2026, 3, 4), 0, 0, 0, 0, 0],
    ]
    assert report.totals == ["Total", 4, 6, 3, 1, 0]
    alg = build(office("registrar"), "activity", course=str(world.alg.pk), **days)
    assert [r[1:3] for r in alg.rows] == [[1, 1], [1, 3], [1, 1], [0, 0]]
    learners = build(office("registrar"), "activity", group=str(world.is1.pk), **days)
    assert [r[1:3] for r in learners.rows] == [[0, 0], [1, 3], [0, 0], [0, 0]]


def test_teachers_footprint(world: Uni, office: Any) -> None:
    report = build(office("registrar"), "teachers", **MARCH)
    assert [r[:1] + r[2:] for r in report.rows] == [
        [world.serik.user.get_full_name(), 1, 2, 1, 1, 2, D("18.0")],
        [world.erlan.user.get_full_name(), 1, 0, 0, 0, 0, None],
    ]
    assert report.rows[0][1] == "IS"
    own = build(world.serik.user, "teachers", **MARCH)
    assert [r[0] for r in own.rows] == [world.serik.user.get_full_name()]
    ped = build(office("dean", faculty=world.ped), "teachers", **MARCH)
    assert [r[0] for r in ped.rows] == [world.erlan.user.get_full_name()]
