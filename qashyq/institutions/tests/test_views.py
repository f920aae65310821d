"""The registrar's pages: who sees and edits what (SEC-2), forms, query counts."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from qashyq.accounts.tests.factories import PASSWORD
from qashyq.institutions.models import CurriculumItem, Program
from qashyq.institutions.tests.factories import (
    CurriculumFactory,
    DisciplineFactory,
    ProgramFactory,
    direction,
)

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("_case", "role", "where", "read", "edit"),
    [
        ("anonymous", None, "same", 302, 302),
        ("student", "student", "same", 200, 404),
        ("dean", "dean", "same", 200, 404),
        ("registrar of another institution", "registrar", "other", 404, 404),
        ("registrar", "registrar", "same", 200, 200),
    ],
)
def test_program_pages_matrix(  # noqa: PLR0917
    make_user, institution, other_institution, faculty, program, _case, role, where, read, edit
):
    target = institution if where == "same" else other_institution
    scope = {"faculty": faculty} if role == "dean" else {}
    client = signed_in(make_user(role, target, **scope))
    detail = client.get(reverse("institutions:program_detail", args=[program.pk]))
    assert detail.status_code == read
    if read == 302:
        assert detail["Location"].startswith(reverse("accounts:login"))
    response = client.get(reverse("institutions:program_edit", args=[program.pk]))
    assert response.status_code == edit
    posted = client.post(
        reverse("institutions:program_edit", args=[program.pk]),
        {
            "department": program.department_id,
            "code": "HACK",
            "level": "bachelor",
            "name_kk": "X",
            "study_form": "full_time",
            "language": "kk",
            "total_credits": 240,
            "duration_years": "4",
        },
    )
    assert posted.status_code in {302, 404}
    program.refresh_from_db()
    assert (program.code == "HACK") is (edit == 200)


def test_program_form_keeps_input_and_shows_translated_error(make_user, institution, department):
    client = signed_in(make_user("registrar", institution))
    client.cookies["qashyq_language"] = "en"  # the assertion reads English
    response = client.post(
        reverse("institutions:program_create"),
        {
            "department": department.pk,
            "code": "6B01199",
            "level": "bachelor",
            "direction": direction("7M011").pk,
            "name_kk": "Педагогика",
            "study_form": "full_time",
            "language": "kk",
            "total_credits": 240,
            "duration_years": "4",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "does not belong to the level" in html
    assert 'value="6B01199"' in html
    assert not Program.objects.filter(code="6B01199").exists()


def test_program_list_filters_and_query_count(
    make_user, institution, department, django_assert_num_queries
):
    ProgramFactory.create_batch(4, department=department)
    ProgramFactory.create(
        department=department, code="7M06199", level="master", direction=direction("7M061")
    )
    client = signed_in(make_user("dean", institution))
    url = reverse("institutions:program_list")
    client.get(url)  # warm caches
    # the session, the user and the actor scope come from the cache after the warm-up
    # (ADR 0014); filter choices (2), count (1), page (1)
    with django_assert_num_queries(4):
        response = client.get(url + "?level=master")
    assert [p.code for p in response.context["page"].object_list] == ["7M06199"]


def test_overview_query_count(make_user, institution, department, django_assert_num_queries):
    ProgramFactory.create_batch(3, department=department)
    client = signed_in(make_user("student", institution))
    client.get(reverse("institutions:overview"))
    # session, user and actor scope cached; faculties, departments, programs,
    # institutions (4)
    with django_assert_num_queries(4):
        response = client.get(reverse("institutions:overview"))
    assert len(re.findall(r'href="/structure/programs/\d+/"', response.content.decode())) == 3


def test_curriculum_editor_add_move_remove(make_user, institution, program):
    curriculum = CurriculumFactory.create(program=program)
    discipline = DisciplineFactory.create(department=program.department, code="PY101")
    client = signed_in(make_user("registrar", institution))
    url = reverse("institutions:curriculum_detail", args=[curriculum.pk])
    response = client.post(
        url,
        {"discipline": discipline.pk, "semester": 9, "component": "general", "elective_choose": 1},
    )
    assert response.status_code == 422
    response = client.post(
        url,
        {"discipline": discipline.pk, "semester": 2, "component": "general", "elective_choose": 1},
    )
    assert response.status_code == 302
    item = CurriculumItem.objects.get(curriculum=curriculum)
    assert item.semester == 2
    client.post(reverse("institutions:curriculum_item_move", args=[item.pk]), {"semester": 3})
    item.refresh_from_db()
    assert item.semester == 3
    page = client.get(url)
    assert page.context["summary"].total_credits == 5
    client.post(reverse("institutions:curriculum_item_remove", args=[item.pk]))
    assert not CurriculumItem.objects.filter(curriculum=curriculum).exists()


def test_calendar_default_periods_page(make_user, institution):
    client = signed_in(make_user("registrar", institution))
    response = client.post(
        reverse("institutions:academic_year_create"),
        {"start_year": 2026, "starts_on": "2026-09-01", "ends_on": "2027-08-31"},
    )
    assert response.status_code == 302
    year = institution.academic_years.get()
    client.post(
        reverse("institutions:academic_year_default_periods", args=[year.pk]), {"summer": "on"}
    )
    assert [p.kind for p in year.periods.order_by("starts_on")] == [
        "semester",
        "semester",
        "summer",
    ]
    assert client.get(reverse("institutions:calendar")).status_code == 200


def test_student_cannot_create_a_faculty(make_user, institution):
    client = signed_in(make_user("student", institution))
    assert client.get(reverse("institutions:faculty_create")).status_code == 404


@pytest.mark.parametrize(("role", "shown"), [("registrar", True), ("student", False)])
def test_structure_link_in_menu_for_registrar_only(make_user, institution, role, shown):
    client = signed_in(make_user(role, institution))
    html = client.get(reverse("institutions:calendar")).content.decode()
    nav = html.split('class="mainnav"')[1].split("</nav>")[0]
    assert ('href="/structure/"' in nav) is shown
