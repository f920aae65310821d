"""People API: permission matrices (SEC-2), IIN masking (IIN-2), payloads, plans (SIS-4),
electives (SIS-3), role assignments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from qashyq.accounts.models import User
from qashyq.core.identifiers import iin_with_control_digit
from qashyq.institutions.models import Component, Department, Faculty, Program, StudentGroup
from qashyq.institutions.tests.factories import (
    CurriculumFactory,
    CurriculumItemFactory,
    DisciplineFactory,
)
from qashyq.people.models import (
    RoleAssignment,
    Staff,
    Student,
    StudentStatusChange,
    StudyPlanItem,
)
from qashyq.people.tests.conftest import VALID_IIN, student_make

pytestmark = pytest.mark.django_db

Client_ = Callable[[Any], Client]
MASKED = "••••••••0007"

READ_MATRIX = [
    ("anonymous", 401),
    ("the student", 200),
    ("another student", 404),
    ("advisor of the group", 200),
    ("advisor of another group", 404),
    ("tutor of the department", 200),
    ("teacher", 404),
    ("head of the department", 200),
    ("head of another department", 404),
    ("dean of the faculty", 200),
    ("dean of another faculty", 404),
    ("registrar", 200),
    ("registrar of another institution", 404),
    ("administrator", 200),
    ("superuser", 200),
]
SEES_WHOLE_IIN = {"registrar", "administrator", "superuser"}


@pytest.mark.parametrize(("case", "status"), READ_MATRIX)
def test_student_detail_matrix(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    student: Student,
    case: str,
    status: int,
) -> None:  # SEC-2
    response = token_client(matrix_user(case)).get(f"/api/v1/students/{student.pk}")
    assert response.status_code == status
    body = response.content.decode()
    if status == 200:
        data = response.json()
        assert (data["student_number"], data["user"]["last_name"], data["program"]["code"]) == (
            "2500001",
            "Сәрсенова",
            "6B06101",
        )
        assert data["iin"] == (VALID_IIN if case in SEES_WHOLE_IIN else MASKED)  # IIN-2
    else:
        assert "Сәрсенова" not in body
        assert "2500001" not in body
        assert "0007" not in body


WRITE_MATRIX = [
    ("anonymous", 401),
    ("the student", 403),
    ("another student", 404),
    ("advisor of the group", 403),
    ("advisor of another group", 404),
    ("teacher", 404),
    ("head of another department", 404),
    ("dean of the faculty", 403),
    ("dean of another faculty", 404),
    ("registrar of another institution", 404),
    ("registrar", 200),
    ("administrator", 200),
]


@pytest.mark.parametrize(("case", "status"), WRITE_MATRIX)
def test_student_patch_matrix(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    student: Student,
    case: str,
    status: int,
) -> None:  # SEC-2: nothing changes unless allowed
    response = token_client(matrix_user(case)).patch(
        f"/api/v1/students/{student.pk}",
        {"phone": "+7 700 000 00 00", "course_year": 3},
        content_type="application/json",
    )
    assert response.status_code == status
    student.refresh_from_db()
    if status == 200:
        assert (student.phone, student.course_year) == ("+7 700 000 00 00", 3)
        assert response.json()["course_year"] == 3
    else:
        assert (student.phone, student.course_year) == ("+7 701 234 56 78", 1)
        assert "Сәрсенова" not in response.content.decode()


@pytest.mark.parametrize(
    ("case", "status"),
    [(c, s if s != 200 else 201) for c, s in WRITE_MATRIX],
)
def test_status_change_matrix(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    student: Student,
    case: str,
    status: int,
) -> None:
    response = token_client(matrix_user(case)).post(
        f"/api/v1/students/{student.pk}/status",
        {"status": "expelled", "effective_on": "2025-12-01", "order_number": "300-С"},
        content_type="application/json",
    )
    assert response.status_code == status
    student.refresh_from_db()
    count = StudentStatusChange.objects.filter(student=student).count()
    if status == 201:
        assert (student.status, count, response.json()["order_number"]) == (
            "expelled",
            2,
            "300-С",
        )
    else:
        assert (student.status, count) == ("enrolled", 1)


def test_status_impossible_transition_is_409(
    matrix_user: Callable[[str], User | None], token_client: Client_, student: Student
) -> None:
    client = token_client(matrix_user("registrar"))
    url = f"/api/v1/students/{student.pk}/status"
    assert (
        client.post(
            url,
            {"status": "graduated", "effective_on": "2026-06-30"},
            content_type="application/json",
        ).status_code
        == 201
    )
    response = client.post(
        url, {"status": "enrolled", "effective_on": "2026-09-01"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "status_transition_invalid"
    history = client.get(url).json()
    assert [h["status"] for h in history] == ["enrolled", "graduated"]


def test_student_list_scoped_paginated_and_masked(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    student: Student,
    program: Program,
    other_group: StudentGroup,
) -> None:
    for n in range(3):
        student_make(program, other_group, student_number=f"250010{n}")
    advisor = token_client(matrix_user("advisor of the group")).get("/api/v1/students").json()
    assert (advisor["count"], [s["iin"] for s in advisor["items"]]) == (1, [MASKED])
    registrar = token_client(matrix_user("registrar"))
    page = registrar.get("/api/v1/students", {"limit": 2, "offset": 0}).json()
    assert (page["count"], len(page["items"])) == (4, 2)
    by_group = registrar.get("/api/v1/students", {"group": other_group.pk}).json()
    assert sorted(s["student_number"] for s in by_group["items"]) == [
        "2500100",
        "2500101",
        "2500102",
    ]
    assert registrar.get("/api/v1/students", {"limit": 101}).status_code == 422
    by_iin = registrar.get("/api/v1/students", {"search": VALID_IIN}).json()
    assert [s["student_number"] for s in by_iin["items"]] == ["2500001"]
    dean_search = token_client(matrix_user("dean of the faculty")).get(
        "/api/v1/students", {"search": VALID_IIN}
    )
    assert dean_search.json()["count"] == 0  # IIN-2: only who may see IINs searches by them
    assert token_client(None).get("/api/v1/students").status_code == 401


def test_student_create_api(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    program: Program,
    group: StudentGroup,
) -> None:
    registrar = token_client(matrix_user("registrar"))
    payload = {
        "program_id": program.pk,
        "group_id": group.pk,
        "first_name": "Ерлан",
        "last_name": "Жұмабаев",
        "admission_year": 2025,
        "iin": "900101300001",
    }
    bad = registrar.post("/api/v1/students", payload, content_type="application/json")
    assert bad.status_code == 422
    assert (bad.json()["code"], bad.json()["extra"]["field"]) == ("person_invalid", "iin")
    payload["iin"] = _iin("88020240001")
    created = registrar.post("/api/v1/students", payload, content_type="application/json")
    assert created.status_code == 201
    data = created.json()
    assert (data["student_number"], data["group"]["code"], data["status"], data["iin"]) == (
        "2500002",
        "ИС-25-1",
        "enrolled",
        payload["iin"],
    )
    dean = token_client(matrix_user("dean of the faculty"))
    payload["iin"] = None
    assert (
        dean.post("/api/v1/students", payload, content_type="application/json").status_code == 403
    )
    assert Student.objects.filter(user__last_name="Жұмабаев").count() == 1


def _iin(prefix: str) -> str:
    value = iin_with_control_digit(prefix)
    assert value is not None
    return value


@pytest.fixture
def curriculum_items(program: Program, department: Department) -> dict[str, int]:
    curriculum = CurriculumFactory.create(program=program, admission_year=2025)
    ids = {}
    for code, credits, component, group in [
        ("MAT", 5, Component.GENERAL_MANDATORY, ""),
        ("HIS", 3, Component.UNIVERSITY, ""),
        ("EL1", 5, Component.ELECTIVE, "KV1"),
        ("EL2", 5, Component.ELECTIVE, "KV1"),
    ]:
        item = CurriculumItemFactory.create(
            curriculum=curriculum,
            discipline=DisciplineFactory.create(department=department, code=code, credits=credits),
            semester=1,
            component=component,
            elective_group=group,
            elective_choose=1,
        )
        ids[code] = item.pk
    return ids


def test_plan_generate_and_electives_api(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    student: Student,
    curriculum_items: dict[str, int],
) -> None:  # SIS-4, SIS-3
    base = f"/api/v1/students/{student.pk}/plan"
    me = token_client(student.user)
    assert me.post(f"{base}/generate").status_code == 403
    registrar = token_client(matrix_user("registrar"))
    generated = registrar.post(f"{base}/generate").json()
    assert (generated["added"], generated["plan"]["total_credits"]) == (2, 8)
    assert registrar.post(f"{base}/generate").json()["added"] == 0
    chosen = me.post(
        f"{base}/electives",
        {"curriculum_item_id": curriculum_items["EL1"]},
        content_type="application/json",
    )
    assert chosen.status_code == 201
    plan = chosen.json()
    assert (plan["total_credits"], plan["program_credits"], plan["missing_credits"]) == (
        13,
        240,
        227,
    )
    assert plan["semesters"] == [{"semester": 1, "credits": 13, "disciplines": 3}]
    assert [(g["name"], g["choose"], g["chosen"]) for g in plan["elective_groups"]] == [
        ("KV1", 1, 1)
    ]
    over = me.post(
        f"{base}/electives",
        {"curriculum_item_id": curriculum_items["EL2"]},
        content_type="application/json",
    )
    assert (over.status_code, over.json()["code"]) == (409, "elective_choice_invalid")
    not_elective = me.post(
        f"{base}/electives",
        {"curriculum_item_id": curriculum_items["MAT"]},
        content_type="application/json",
    )
    assert not_elective.status_code == 404
    other = token_client(matrix_user("another student"))
    assert other.get(base).status_code == 404
    assert (
        other.post(
            f"{base}/electives",
            {"curriculum_item_id": curriculum_items["EL2"]},
            content_type="application/json",
        ).status_code
        == 404
    )
    el1 = StudyPlanItem.objects.get(student=student, discipline__code="EL1")
    dropped = me.delete(f"{base}/electives/{el1.pk}")
    assert (dropped.status_code, dropped.json()["total_credits"]) == (200, 8)
    assert me.get(base).json()["total_credits"] == 8


def test_staff_list_api(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    department: Department,
    other_department: Department,
) -> None:
    registrar = token_client(matrix_user("registrar"))
    for username, dep in [("s1", department), ("s2", other_department)]:
        Staff.objects.create(
            user=User.objects.create(username=username, last_name=username),
            institution=dep.faculty.institution,
            department=dep,
        )
    assert registrar.get("/api/v1/staff").json()["count"] == 2
    head = token_client(matrix_user("head of the department")).get("/api/v1/staff").json()
    assert [s["user"]["username"] for s in head["items"]] == ["s1"]
    assert token_client(matrix_user("the student")).get("/api/v1/staff").json()["count"] == 0


def test_role_assignments_api(
    matrix_user: Callable[[str], User | None],
    token_client: Client_,
    student: Student,
    faculty: Faculty,
    group: StudentGroup,
) -> None:
    admin_user = matrix_user("administrator")
    admin = token_client(admin_user)
    payload = {
        "user_id": student.user_id,
        "role": "dean",
        "institution_id": student.institution_id,
        "group_id": group.pk,
    }
    wrong = admin.post("/api/v1/role-assignments", payload, content_type="application/json")
    assert (wrong.status_code, wrong.json()["code"]) == (422, "role_scope_invalid")
    del payload["group_id"]
    payload["faculty_id"] = faculty.pk
    created = admin.post("/api/v1/role-assignments", payload, content_type="application/json")
    assert created.status_code == 201
    assert (created.json()["role"], created.json()["faculty_id"]) == ("dean", faculty.pk)
    registrar = token_client(matrix_user("registrar"))
    payload["role"] = "registrar"
    del payload["faculty_id"]
    assert (
        registrar.post(
            "/api/v1/role-assignments", payload, content_type="application/json"
        ).status_code
        == 403
    )
    foreign = token_client(matrix_user("registrar of another institution"))
    assert (
        foreign.post(
            "/api/v1/role-assignments", payload, content_type="application/json"
        ).status_code
        == 404
    )
    listed = admin.get("/api/v1/role-assignments", {"user": student.user_id}).json()
    assert sorted(a["role"] for a in listed["items"]) == ["dean", "student"]
    own = token_client(student.user).get("/api/v1/role-assignments").json()
    assert sorted(a["role"] for a in own["items"]) == ["dean", "student"]
    dean_id = created.json()["id"]
    assert (
        token_client(student.user).delete(f"/api/v1/role-assignments/{dean_id}").status_code == 403
    )
    assert foreign.delete(f"/api/v1/role-assignments/{dean_id}").status_code == 404
    assert admin.delete(f"/api/v1/role-assignments/{dean_id}").status_code == 204
    assert not RoleAssignment.objects.filter(pk=dean_id).exists()
    assert admin_user is not None
    own_admin = RoleAssignment.objects.get(user=admin_user, role="admin")
    assert admin.delete(f"/api/v1/role-assignments/{own_admin.pk}").status_code == 403


def test_openapi_lists_people_endpoints(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/students",
        "/api/v1/students/{student_id}",
        "/api/v1/students/{student_id}/status",
        "/api/v1/students/{student_id}/plan",
        "/api/v1/students/{student_id}/plan/generate",
        "/api/v1/students/{student_id}/plan/electives",
        "/api/v1/staff",
        "/api/v1/role-assignments",
        "/api/v1/role-assignments/{assignment_id}",
    ]:
        assert path in paths
