"""Readiness pages: who sees the checklist (LMS-2), who decides, the dashboard (ONL-5),
the department's quality signals (ONL-6), the program page and the act's PDF (SEC-2:
absent and not-yours answer 404)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from qashyq.courses import services
from qashyq.courses.models import ComplexApproval, ComplexStatus, Course, CourseRole, CourseStaff
from qashyq.courses.tests.test_readiness_support import (
    SPRING_DEADLINE,
    World,
    build_world,
    fill_complete,
)
from qashyq.institutions.models import CurriculumItem


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(db: None) -> World:
    return build_world()


def client_of(w: World, who: str) -> Client:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    user = w.users[who]
    if user is not None:
        client.force_login(user)
    return client


READERS = [
    ("anonymous", 302),
    ("student", 404),
    ("other_teacher", 404),
    ("teacher", 200),
    ("tutor", 200),
    ("department_head", 200),
    ("other_department_head", 404),
    ("dean", 200),
    ("other_dean", 404),
    ("distance_unit", 200),
    ("registrar", 200),
    ("rector_office", 200),
    ("other_registrar", 404),
    ("superuser", 200),
]


@pytest.mark.parametrize(("who", "status"), READERS)
def test_lms2_checklist_page_access(w: World, who: str, status: int) -> None:
    response = client_of(w, who).get(f"/courses/{w.complete.pk}/readiness/")

    assert response.status_code == status
    if status == 200:
        assert response.context["readiness"].checklist.percent == 100
        assert "Calendar-thematic plan" in response.content.decode()
    else:
        assert b"DB2201" not in response.content


def test_lms2_checklist_page_offers_the_actor_their_actions(w: World) -> None:
    teacher = client_of(w, "teacher").get(f"/courses/{w.complete.pk}/readiness/")
    head = client_of(w, "department_head").get(f"/courses/{w.complete.pk}/readiness/")
    dean = client_of(w, "dean").get(f"/courses/{w.complete.pk}/readiness/")

    flags = ("can_submit", "can_approve", "can_return")
    assert [teacher.context[f] for f in flags] == [True, False, False]
    assert [head.context[f] for f in flags] == [True, False, False]
    assert [dean.context[f] for f in flags] == [False, False, False]
    assert b"Submit for approval" in teacher.content
    assert b"Submit for approval" not in dean.content


@pytest.mark.parametrize(
    ("who", "status", "after"),
    [
        ("teacher", 404, ComplexStatus.SUBMITTED),
        ("tutor", 404, ComplexStatus.SUBMITTED),
        ("dean", 404, ComplexStatus.SUBMITTED),
        ("other_department_head", 404, ComplexStatus.SUBMITTED),
        ("student", 404, ComplexStatus.SUBMITTED),
        ("department_head", 302, ComplexStatus.APPROVED),
    ],
)
def test_lms2_approve_page_post(w: World, who: str, status: int, after: str) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)

    response = client_of(w, who).post(f"/courses/{w.complete.pk}/readiness/approve/")

    assert response.status_code == status
    assert ComplexApproval.objects.get(course=w.complete).status == after


def test_lms2_submit_incomplete_shows_what_is_missing(w: World) -> None:
    client = client_of(w, "teacher")

    response = client.post(f"/courses/{w.empty.pk}/readiness/submit/", follow=True)

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("The complex is missing: Working program: content of the")
    assert not ComplexApproval.objects.exists()


def test_lms2_return_from_the_page(w: World) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)

    response = client_of(w, "department_head").post(
        f"/courses/{w.complete.pk}/readiness/return/", {"comment": "Видео қосыңыз"}
    )

    assert response.status_code == 302
    approval = ComplexApproval.objects.get(course=w.complete)
    assert (approval.status, approval.comment) == (ComplexStatus.RETURNED, "Видео қосыңыз")


def test_onl5_dashboard_of_the_department_head(w: World) -> None:
    response = client_of(w, "department_head").get("/courses/readiness/")

    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.period == w.period
    assert [r.course.code for r in dashboard.rows] == ["DB2201-26S", "OS2202-26S"]
    assert [m.item.discipline.code for m in dashboard.missing] == ["NET2203"]
    html = response.content.decode()
    assert "By department" in html
    assert "Curriculum disciplines without a course" in html


def test_onl5_dashboard_of_a_teacher_shows_own_courses_only(w: World) -> None:
    other = Course.objects.create(
        institution=w.institution, discipline=w.unstaffed_discipline, period=w.period, code="X-1"
    )
    CourseStaff.objects.create(course=other, staff=w.other_teacher, role=CourseRole.TEACHER)

    mine = client_of(w, "teacher").get("/courses/readiness/").context["dashboard"]
    theirs = client_of(w, "other_teacher").get("/courses/readiness/").context["dashboard"]

    assert [r.course.code for r in mine.rows] == ["DB2201-26S", "OS2202-26S"]
    assert [r.course.code for r in theirs.rows] == ["X-1"]
    assert (mine.departments, mine.programs, mine.missing) == ((), (), ())


def test_onl5_dashboard_hides_ready_courses_unless_asked(w: World) -> None:
    services.complex_submit(actor=w.actor("teacher"), course=w.complete)
    services.complex_approve(actor=w.actor("department_head"), course=w.complete)
    client = client_of(w, "distance_unit")

    not_ready = client.get("/courses/readiness/").context["dashboard"]
    everything = client.get("/courses/readiness/?all=1").context["dashboard"]

    assert [r.course.code for r in not_ready.rows] == ["OS2202-26S"]
    assert [r.course.code for r in everything.rows] == ["DB2201-26S", "OS2202-26S"]
    assert (not_ready.total.ready, not_ready.total.courses) == (1, 2)


def test_onl5_dashboard_unknown_filters_answer_404(w: World) -> None:
    client = client_of(w, "department_head")

    assert client.get("/courses/readiness/?period=999999").status_code == 404
    assert client.get(f"/courses/readiness/?department={w.other_department.pk}").status_code == 404
    assert client.get("/courses/readiness/?program=abc").status_code == 404


def test_onl5_dashboard_queries_do_not_grow_with_courses(w: World) -> None:
    client = client_of(w, "registrar")
    client.get("/courses/readiness/?all=1")  # warm the session and caches

    with CaptureQueriesContext(connection) as before:
        client.get("/courses/readiness/?all=1")
    for n in range(3):
        course = Course.objects.create(
            institution=w.institution,
            discipline=w.unstaffed_discipline,
            period=w.period,
            code=f"NET-{n}",
            language=["ru", "en", "multi"][n],
        )
        CourseStaff.objects.create(course=course, staff=w.teacher, role=CourseRole.TEACHER)
    with CaptureQueriesContext(connection) as after:
        response = client.get("/courses/readiness/?all=1")

    assert len(response.context["dashboard"].rows) == 5
    assert len(after.captured_queries) == len(before.captured_queries)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("department_head", 200),
        ("dean", 200),
        ("distance_unit", 200),
        ("other_department_head", 404),
        ("other_dean", 404),
        ("teacher", 404),
        ("student", 404),
    ],
)
def test_onl6_department_page_access(w: World, who: str, status: int) -> None:
    response = client_of(w, who).get(
        f"/courses/readiness/departments/{w.department.pk}/?period={w.period.pk}"
    )

    assert response.status_code == status
    if status == 200:
        data = response.context["data"]
        assert [r.course.code for r in data.rows] == ["DB2201-26S", "OS2202-26S"]
        assert (data.total.multimedia, data.total.outcomes_covered) == (1, 1)
        assert "Variety of material types" in response.content.decode()


def test_onl5_program_page_and_act_pdf(w: World) -> None:
    fill_complete(w.empty)
    CurriculumItem.objects.filter(discipline=w.unstaffed_discipline).delete()
    for course in (w.complete, w.empty):
        services.complex_submit(actor=w.actor("teacher"), course=course)
        services.complex_approve(actor=w.actor("department_head"), course=course)
    head = client_of(w, "department_head")
    url = f"/courses/readiness/programs/{w.program.pk}/?period={w.period.pk}"

    page = head.get(url)
    issued = head.post(f"/courses/readiness/programs/{w.program.pk}/act/", {"period": w.period.pk})
    after = head.get(url)

    assert page.status_code == 200
    assert page.context["data"].ready
    assert page.context["can_issue"]
    assert issued.status_code == 302
    act = after.context["data"].act
    assert act.number == "RA-2025-SE2-6B06101"
    pdf = client_of(w, "dean").get(f"/courses/readiness/acts/{act.pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert client_of(w, "teacher").get(f"/courses/readiness/acts/{act.pk}.pdf").status_code == 404
    assert client_of(w, "teacher").get(url).status_code == 404


def test_onl5_act_not_issued_while_not_ready(w: World) -> None:
    response = client_of(w, "distance_unit").post(
        f"/courses/readiness/programs/{w.program.pk}/act/", {"period": w.period.pk}, follow=True
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Not every course is ready: 0 of 2 approved; curriculum disciplines without a course: 1."
    ]


def test_onl5_deadline_shown_with_days_left(w: World) -> None:
    response = client_of(w, "teacher").get(f"/courses/{w.empty.pk}/readiness/")

    due = response.context["due"]
    assert due.deadline.deadline == SPRING_DEADLINE
    assert "5 working days before the period starts on" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "shown"),
    [("teacher", True), ("department_head", True), ("distance_unit", True), ("student", False)],
)
def test_readiness_menu_link(w: World, who: str, shown: bool) -> None:
    response = client_of(w, who).get("/accounts/profile/")

    assert response.status_code == 200
    assert ('href="/courses/readiness/"' in response.content.decode()) is shown


def test_readiness_pages_render_in_kazakh_and_russian(w: World) -> None:
    """The default language (kk) and Russian render every readiness page."""
    for language in ("kk", "ru"):
        client = client_of(w, "department_head")
        client.cookies["qashyq_language"] = language
        urls = [
            "/courses/readiness/?all=1",
            f"/courses/{w.complete.pk}/readiness/",
            f"/courses/readiness/departments/{w.department.pk}/?period={w.period.pk}",
            f"/courses/readiness/programs/{w.program.pk}/?period={w.period.pk}",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in response.content.decode()
