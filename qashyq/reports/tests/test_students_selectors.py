"""Figures and at-risk signals of students against the hand-computed world (FP-2, FP-4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from qashyq.assessment.models import Test
from qashyq.assignments.models import Assignment
from qashyq.people import selectors as people_selectors
from qashyq.people.errors import PersonNotFound
from qashyq.reports import selectors_students as sel
from qashyq.reports.models.risk import RiskPolicy, RiskReason
from qashyq.reports.tests.test_students_world import World, build_world

ALMATY = ZoneInfo("Asia/Almaty")
NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=ALMATY)  # a Wednesday
TODAY = dt.date(2026, 3, 11)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None) -> World:
    return build_world(NOW)


def _figures(world: World, *students: object, **kwargs: object) -> list[sel.StudentFigures]:
    return sel.student_figures_many(
        students=list(students),  # type: ignore[arg-type]
        period=sel.DateRange.ending(TODAY),
        now=NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def test_date_range_is_whole_local_days() -> None:
    period = sel.DateRange.ending(TODAY)
    assert period.first == dt.date(2026, 2, 12)
    assert period.since == dt.datetime(2026, 2, 12, tzinfo=ALMATY)
    assert period.until == dt.datetime(2026, 3, 12, tzinfo=ALMATY)


def test_aigerims_figures(world: World) -> None:
    (f,) = _figures(world, world.aigerim, with_rows=True)
    assert f.signins == 3
    assert f.last_signin == NOW - dt.timedelta(days=1)
    assert [c.course.code for c in f.courses] == ["ALG2105-S", "DBS2201-S"]
    alg, db = f.courses
    assert alg.attendance == sel.AttendanceFigures(present=4, late=1, absent=1, excused=0)
    assert alg.attendance.percent == 83
    assert db.attendance == sel.AttendanceFigures(excused=1)
    assert db.attendance.percent == 0
    assert (f.attendance.marked, f.attendance.attended, f.attendance.percent) == (7, 5, 71)
    assert alg.materials == sel.MaterialFigures(required=2, completed=1, opened=2)
    assert db.materials == sel.MaterialFigures(required=1, completed=0, opened=0)
    assert (f.materials.completed, f.materials.required, f.materials.percent) == (1, 3, 33)
    assert alg.tasks == sel.TaskFigures(on_time=2, late=1, overdue=2, pending=2)
    assert db.tasks == sel.TaskFigures(on_time=1)
    assert f.tasks == sel.TaskFigures(on_time=3, late=1, overdue=2, pending=2)
    assert f.tasks.on_time_percent == 50
    states = {(r.title, r.state.value) for r in alg.task_rows}
    assert states == {
        ("A1", "on_time"),
        ("A2", "late"),
        ("A3", "overdue"),
        ("A4", "pending"),
        ("T1", "on_time"),
        ("T2", "overdue"),
        ("T3", "pending"),
    }
    a2 = next(r for r in alg.task_rows if r.title == "A2")
    assert a2.handed_in_at == NOW - dt.timedelta(days=2)
    assert a2.late_seconds == 86_400
    # Soonest deadline first, tasks without one last.
    assert [r.title for r in alg.task_rows] == ["A1", "A2", "T1", "A3", "T2", "A4", "T3"]


def test_bolat_and_dana(world: World) -> None:
    bolat, dana = _figures(world, world.bolat, world.dana)
    assert (bolat.signins, bolat.last_signin) == (1, NOW - dt.timedelta(days=9))
    assert bolat.attendance.percent is None
    assert bolat.materials == sel.MaterialFigures(required=2, completed=0, opened=0)
    assert bolat.tasks == sel.TaskFigures(overdue=5, pending=2)
    assert (dana.signins, dana.last_signin) == (0, None)
    assert dana.tasks == sel.TaskFigures(overdue=1)


def test_a_shorter_range(world: World) -> None:
    """The last 7 days: sign-ins 1 and 3 days ago; ALG present (2 days ago) and late
    (5 days ago), DB excused (6 days ago): 2 of 3 = 67 %."""
    (f,) = sel.student_figures_many(
        students=[world.aigerim], period=sel.DateRange.ending(TODAY, days=7), now=NOW
    )
    assert f.signins == 2
    assert (f.attendance.marked, f.attendance.attended, f.attendance.percent) == (3, 2, 67)


def test_a_teachers_figures_are_their_courses_only(world: World) -> None:
    (f,) = _figures(world, world.aigerim, limits={world.aigerim.pk: frozenset({world.db.pk})})
    assert [c.course.code for c in f.courses] == ["DBS2201-S"]
    assert f.attendance == sel.AttendanceFigures(excused=1)
    assert f.tasks == sel.TaskFigures(on_time=1)
    assert f.signins == 3  # sign-ins are the platform's, not a course's


def test_queries_do_not_grow_with_students(
    world: World, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    """Enrolments, courses, attendance, 3 for materials, 5 for tasks (assignments, tests,
    teams, submissions, attempts), 3 for sign-ins (counts, recent last, older last)."""
    students = [world.aigerim, world.bolat, world.dana, world.timur]
    with django_assert_num_queries(14):  # type: ignore[operator]
        _figures(world, *students)


def _signals(risks: list[sel.StudentRisk]) -> dict[str, list[tuple[str, dict[str, object]]]]:
    return {
        r.student.user.first_name: [(s.reason.value, s.detail) for s in r.signals] for r in risks
    }


def test_signals_with_the_default_thresholds(world: World) -> None:
    risks = sel.risk_signals_many(
        students=[world.aigerim, world.bolat, world.dana, world.timur], now=NOW
    )
    assert _signals(risks) == {
        "Айгерім": [
            ("attendance_falling", {"before": 100, "recent": 50, "window": 14}),
            ("attendance_low", {"recent": 50, "window": 14, "floor": 60}),
            ("overdue", {"count": 2, "tasks": _overdue_ids("A3", "T2")}),
        ],
        "Болат": [
            ("no_signin", {"days": 9}),
            ("overdue", {"count": 5, "tasks": _overdue_ids("A1", "A2", "T1", "A3", "T2")}),
        ],
        "Дана": [
            ("no_signin", {"days": None}),
            ("overdue", {"count": 1, "tasks": _overdue_ids("B1")}),
        ],
        "Тимур": [],
    }


def _overdue_ids(*titles: str) -> list[str]:
    """The tasks' keys in the signal's detail ("assignment:12", "test:3")."""
    keys = []
    for title in titles:
        if title.startswith("T"):
            keys.append(f"test:{Test.objects.get(title=title).pk}")
        else:
            keys.append(f"assignment:{Assignment.objects.get(title=title).pk}")
    return keys


def test_signal_texts(world: World) -> None:
    (risk,) = sel.risk_signals_many(students=[world.aigerim], now=NOW)
    assert [s.text for s in risk.signals] == [
        "Attendance fell from 100 % to 50 % in the last 14 days.",
        "Attendance 50 % in the last 14 days, below 60 %.",
        "2 tasks overdue.",
    ]
    assert sel.risk_reason_text(reason=RiskReason.NO_SIGNIN, detail={"days": 1}) == (
        "No sign-in for 1 day."
    )
    assert sel.risk_reason_text(reason=RiskReason.NO_SIGNIN, detail={"days": None}) == (
        "Has never signed in."
    )


def test_an_institutions_thresholds(world: World) -> None:
    """No sign-in after 10 days (Bolat's 9 do not count), the floor at 50 % (Aigerim's 50
    is not below it), a fall of 60 points (hers is 50) and 6 overdue tasks (Bolat has 5)."""
    RiskPolicy.objects.create(
        institution=world.institution,
        no_signin_days=10,
        attendance_floor_percent=50,
        attendance_drop_points=60,
        overdue_min=6,
    )
    policies = sel.risk_policies(institution_ids=[world.institution.pk])
    risks = sel.risk_signals_many(
        students=[world.aigerim, world.bolat, world.dana], now=NOW, policies=policies
    )
    assert _signals(risks) == {"Айгерім": [], "Болат": [], "Дана": [("no_signin", {"days": None})]}


def test_signals_seen_by_a_teacher_are_of_their_course(world: World) -> None:
    """DB's teacher: Aigerim's DB has one excused class and B1 on time: nothing; Dana has
    never signed in and B1 is overdue."""
    limits = {world.aigerim.pk: frozenset({world.db.pk}), world.dana.pk: frozenset({world.db.pk})}
    risks = sel.risk_signals_many(students=[world.aigerim, world.dana], now=NOW, limits=limits)
    assert [(r.student.pk, [s.reason.value for s in r.signals]) for r in risks] == [
        (world.aigerim.pk, []),
        (world.dana.pk, ["no_signin", "overdue"]),
    ]


def test_no_signin_counts_from_the_account_when_never_signed_in(world: World) -> None:
    """A student whose account is 3 days old and who never signed in is not at risk yet."""
    user = world.dana.user
    type(user).objects.filter(pk=user.pk).update(date_joined=NOW - dt.timedelta(days=3))
    world.dana.user.refresh_from_db()
    (risk,) = sel.risk_signals_many(students=[world.dana], now=NOW)
    assert [s.reason.value for s in risk.signals] == ["overdue"]


def test_notification_periods() -> None:
    assert sel.notification_period_start(today=dt.date(2026, 3, 11), every_days=7) == dt.date(
        2026, 3, 9
    )
    assert sel.notification_period_start(today=dt.date(2026, 3, 15), every_days=7) == dt.date(
        2026, 3, 9
    )
    assert sel.notification_period_start(today=dt.date(2026, 3, 16), every_days=7) == dt.date(
        2026, 3, 16
    )
    assert sel.notification_period_start(today=dt.date(2026, 3, 11), every_days=1) == dt.date(
        2026, 3, 11
    )


# ---------------------------------------------------------------- who sees whom


def _actor(user: object) -> object:
    return people_selectors.actor_scope(user=user)  # type: ignore[arg-type]


def _names(world: World, user: object) -> list[str]:
    actor = _actor(user)
    return [
        s.user.first_name
        for s in sel.monitored_students(actor=actor)  # type: ignore[arg-type]
    ]


def test_who_monitors_whom(world: World) -> None:
    assert _names(world, world.advisor_a) == ["Болат", "Айгерім"]
    assert _names(world, world.advisor_b) == ["Дана"]
    assert _names(world, world.department_tutor) == ["Дана", "Болат", "Тимур", "Айгерім"]
    assert _names(world, world.alg_tutor.user) == ["Болат", "Айгерім"]
    assert _names(world, world.db_teacher.user) == ["Дана", "Айгерім"]
    assert _names(world, world.other_teacher.user) == []
    assert _names(world, world.registrar) == []
    assert _names(world, world.aigerim.user) == []


def test_course_limits(world: World) -> None:
    teacher = sel.monitoring_of(actor=_actor(world.db_teacher.user))  # type: ignore[arg-type]
    assert sel.course_limits(
        monitoring=teacher, student_ids=[world.aigerim.pk, world.dana.pk, world.bolat.pk]
    ) == {
        world.aigerim.pk: frozenset({world.db.pk}),
        world.dana.pk: frozenset({world.db.pk}),
        world.bolat.pk: frozenset(),
    }
    advisor = sel.monitoring_of(actor=_actor(world.advisor_a))  # type: ignore[arg-type]
    assert sel.course_limits(monitoring=advisor, student_ids=[world.aigerim.pk]) == {
        world.aigerim.pk: None
    }


@pytest.mark.parametrize(
    ("case", "visible", "limited"),
    [
        ("advisor of her group", True, False),
        ("advisor of another group", False, False),
        ("tutor of the department", True, False),
        ("tutor of her course", True, True),
        ("teacher of her course", True, True),
        ("teacher of no course", False, False),
        ("registrar", False, False),
        ("another student", False, False),
        ("herself", True, False),
    ],
)
def test_the_drill_down_of_aigerim(world: World, case: str, visible: bool, limited: bool) -> None:
    user = {
        "advisor of her group": world.advisor_a,
        "advisor of another group": world.advisor_b,
        "tutor of the department": world.department_tutor,
        "tutor of her course": world.alg_tutor.user,
        "teacher of her course": world.db_teacher.user,
        "teacher of no course": world.other_teacher.user,
        "registrar": world.registrar,
        "another student": world.bolat.user,
        "herself": world.aigerim.user,
    }[case]
    actor = _actor(user)
    if not visible:
        with pytest.raises(PersonNotFound):
            sel.student_view_for(actor=actor, student_id=world.aigerim.pk)  # type: ignore[arg-type]
        return
    view = sel.student_view_for(actor=actor, student_id=world.aigerim.pk)  # type: ignore[arg-type]
    assert (view.course_ids is not None) is limited
    assert view.is_self is (case == "herself")


def test_an_absent_student_is_not_found(world: World) -> None:
    actor = _actor(world.advisor_a)
    for bad in (999_999, "x", None):
        with pytest.raises(PersonNotFound):
            sel.student_view_for(actor=actor, student_id=bad)  # type: ignore[arg-type]


def test_the_weekly_series_of_the_charts(world: World) -> None:
    """Weeks from Monday 9 February (the range starts Thursday 12th) to Monday 9 March.
    Sign-ins: 1 March (week of 23 Feb), 8 March (week of 2 March), 10 March (9 March).
    Marks: 16 and 19 Feb present (100 %); 23 Feb present (100 %); 2 March absent, 5 March
    excused, 6 March late (1 of 3 = 33 %); 9 March present (100 %)."""
    footprint = sel.student_footprint(
        student=world.aigerim, period=sel.DateRange.ending(TODAY), now=NOW
    )
    assert [(w.monday.isoformat(), w.signins, w.attendance.percent) for w in footprint.weeks] == [
        ("2026-02-09", 0, None),
        ("2026-02-16", 0, 100),
        ("2026-02-23", 1, 100),
        ("2026-03-02", 1, 33),
        ("2026-03-09", 1, 100),
    ]
    assert footprint.max_signins == 1


def test_the_latest_recorded_actions(world: World) -> None:
    period = sel.DateRange.ending(TODAY)
    actions = sel.recent_actions(user_id=world.aigerim.user_id, period=period, language="en")
    assert [(a.at, a.verb, a.object_name, a.course_code) for a in actions] == [
        (NOW - dt.timedelta(days=2), "viewed", "DBS2201-S", "DBS2201-S"),
        (NOW - dt.timedelta(days=3, hours=-1), "completed", "L1", "ALG2105-S"),
        (NOW - dt.timedelta(days=3), "viewed", "L1", "ALG2105-S"),
    ]
    kk = sel.recent_actions(user_id=world.aigerim.user_id, period=period, language="kk")
    assert [a.verb for a in kk] == ["қарады", "аяқтады", "қарады"]
    only_db = sel.recent_actions(
        user_id=world.aigerim.user_id, period=period, course_ids=frozenset({world.db.pk})
    )
    assert [a.course_code for a in only_db] == ["DBS2201-S"]
