"""API of regulations: the check endpoint with its permission matrix (SEC-2), the
catalogue endpoints, and rule-pack services' refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from qashyq.accounts.models import User
from qashyq.institutions.models import Department, Institution
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    DisciplineFactory,
    FacultyFactory,
    InstitutionFactory,
)
from qashyq.people import selectors as people
from qashyq.people.models import RoleAssignment, Student
from qashyq.people.tests.factories import StaffFactory
from qashyq.regulations import selectors, services
from qashyq.regulations.errors import (
    RegulationsChangeForbidden,
    RuleNotFound,
    RulePackInvalid,
    SubjectNotFound,
)
from qashyq.regulations.models import RulePack
from qashyq.regulations.tests.factories import StudentFactory, plan_make, program_with

TokenClient = Callable[[User | None], Client]
Make = Callable[..., User]


@pytest.fixture
def student(department: Department) -> Student:
    program = program_with("6B061", department=department, total_credits=240)
    student = StudentFactory.create(program=program, prior_education="higher")
    RoleAssignment.objects.create(
        user=student.user, role="student", institution=program.institution
    )
    plan_make(student, disciplines=20, distance=4, basis={"mobility": 2})
    return student


def check(client: Client, **payload: Any) -> Any:
    client.cookies["qashyq_language"] = "en"
    return client.post("/api/v1/compliance/check", payload, content_type="application/json")


def test_check_student_plan_report(student: Student, token_client: TokenClient) -> None:
    response = check(
        token_client(student.user),
        subject_kind="student_plan",
        subject_id=student.pk,
        as_of="2024-09-01",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["subject_kind"] == "student_plan"
    assert body["as_of"] == "2024-09-01"
    assert body["allowed"] is True
    lim3 = next(v for v in body["verdicts"] if v["rule_code"] == "mon-137-2022/lim-3")
    assert lim3 == {
        "rule_code": "mon-137-2022/lim-3",
        "requirement": "LIM-3",
        "outcome": "allowed",
        "title": "All other directions: at most 50 % of disciplines at a distance",
        "figures": "4 of 20 disciplines = 20 %, limit 50 %",
        "explanation": "",
        "citation": {
            "act_code": "mon-137-2022",
            "act_title": lim3["citation"]["act_title"],
            "clause": "cf. 066 §5.4.7; E042 §7.9",
            "wording": "wording of 06.10.2022",
            "original_kk": lim3["citation"]["original_kk"],
        },
        "values": {"count": 4, "total": 20, "share": 20.0, "limit": 50},
    }
    assert lim3["citation"]["original_kk"].startswith("Кадрларды даярлаудың қалған бағыттары")


def test_check_what_if_and_eligibility(student: Student, token_client: TokenClient) -> None:
    client = token_client(student.user)
    ids = list(student.plan_items.values_list("discipline_id", flat=True)[:11])
    what_if = check(
        client,
        subject_kind="student_plan",
        subject_id=student.pk,
        as_of="2026-08-01",
        discipline_ids=ids,
    ).json()
    lim3 = next(v for v in what_if["verdicts"] if v["requirement"] == "LIM-3")
    assert (lim3["outcome"], lim3["figures"]) == (
        "violated",
        "11 of 20 disciplines = 55 %, limit 50 %",
    )
    eligibility = check(
        client,
        subject_kind="eligibility",
        subject_id=student.pk,
        as_of="2026-08-01",
        ground="competition",
        starts_on="2026-09-01",
        ends_on="2026-09-10",
        evidence_kinds=["invitation"],
        has_application=False,
    ).json()
    by = {v["requirement"]: v["outcome"] for v in eligibility["verdicts"]}
    assert by["ELIG-1"] == "allowed"
    assert by["ELIG-6"] == "violated"
    missing_ground = check(client, subject_kind="eligibility", subject_id=student.pk)
    assert missing_ground.status_code == 422
    assert missing_ground.json()["extra"] == {"field": "ground"}


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("anonymous", 401),
        ("the student", 200),
        ("another student", 404),
        ("teacher", 404),
        ("dean of the faculty", 200),
        ("dean of another faculty", 404),
        ("registrar", 200),
        ("registrar of another institution", 404),
    ],
)
def test_check_student_permission_matrix(  # noqa: PLR0917
    case: str,
    status: int,
    student: Student,
    make_user: Make,
    token_client: TokenClient,
    institution: Institution,
    department: Department,
) -> None:
    other = InstitutionFactory.create()
    users: dict[str, Callable[[], User | None]] = {
        "anonymous": lambda: None,
        "the student": lambda: student.user,
        "another student": lambda: StudentFactory.create(program=student.program).user,
        "teacher": lambda: make_user("teacher", department=department),
        "dean of the faculty": lambda: make_user("dean", faculty=department.faculty),
        "dean of another faculty": lambda: make_user(
            "dean", faculty=FacultyFactory.create(institution=institution)
        ),
        "registrar": lambda: make_user("registrar"),
        "registrar of another institution": lambda: make_user("registrar", other),
    }
    user = users[case]()
    if case == "another student":
        assert user is not None
        RoleAssignment.objects.create(user=user, role="student", institution=institution)
    response = check(token_client(user), subject_kind="student_plan", subject_id=student.pk)
    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "subject_not_found"
        assert student.user.last_name not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("teacher", 200), ("student", 404), ("registrar", 200)]
)
def test_check_structure_permissions(
    role: str, status: int, make_user: Make, token_client: TokenClient, department: Department
) -> None:
    program = program_with("6B061", department=department)
    client = token_client(make_user(role))
    assert check(client, subject_kind="program", subject_id=program.pk).status_code == status
    discipline = DisciplineFactory.create(department=department)
    assert check(client, subject_kind="discipline", subject_id=discipline.pk).status_code == status


def test_teacher_checks_themself_only(
    token_client: TokenClient, department: Department, db: None
) -> None:
    me = StaffFactory.create(department=department)
    other_institution_staff = StaffFactory.create(department=DepartmentFactory.create())
    client = token_client(me.user)
    assert check(client, subject_kind="teacher", subject_id=me.pk).status_code == 200
    assert (
        check(client, subject_kind="teacher", subject_id=other_institution_staff.pk).status_code
        == 404
    )


def test_rules_catalogue_endpoints(make_user: Make, token_client: TokenClient) -> None:
    client = token_client(make_user("teacher"))
    listing = client.get("/api/v1/rules", {"requirement": "LIM-7", "as_of": "2021-03-01"})
    assert listing.status_code == 200
    body = listing.json()
    assert body["count"] == 2
    assert [(r["code"], r["in_force"]) for r in body["items"]] == [
        ("mon-137-2020/26", True),
        ("mon-137-2022/lim-7", False),
    ]
    detail = client.get("/api/v1/rules/mon-137-2022/lim-7").json()
    assert detail["parameters"] == {
        "limit_percent": 20,
        "basis": ["mobility"],
        "distance_only": True,
        "emergency_lifts": True,
    }
    assert detail["replaces_code"] == "mon-137-2020/26"
    assert client.get("/api/v1/rules/mon-137-2022/nope").status_code == 404
    acts = client.get("/api/v1/acts").json()
    assert [(a["code"], a["rule_count"]) for a in acts] == [
        ("mon-404-2006", 4),
        ("shakarim-e042-2023", 6),
        ("atyrau-066-2024", 18),
        ("mon-137-2020", 9),
        ("mon-137-2022", 9),
        ("mon-187-2026", 7),
    ]
    page = client.get("/api/v1/rules", {"limit": 5}).json()
    assert (len(page["items"]), page["count"]) == (5, 53)
    assert client.get("/api/v1/rules", {"limit": 101}).status_code == 422


def test_rules_of_an_institution_with_its_pack(
    make_user: Make, token_client: TokenClient, institution: Institution
) -> None:
    admin = make_user("admin")
    actor = people.actor_scope(user=admin)
    services.rule_pack_rule_set(
        actor=actor,
        institution=institution,
        rule_code="mon-137-2022/lim-3",
        parameters={"limit_percent": 45},
    )
    body = (
        token_client(admin)
        .get("/api/v1/rules", {"institution_id": str(institution.pk), "requirement": "LIM-3"})
        .json()
    )
    assert [
        (r["code"], r["parameters"]["limit_percent"], r["tightened"]) for r in body["items"]
    ] == [("mon-137-2022/lim-3", 45, True)]
    other = InstitutionFactory.create()
    assert token_client(admin).get("/api/v1/rules", {"institution_id": other.pk}).status_code == 404


# ---------------------------------------------------------------- pack services


def test_pack_refuses_to_loosen_and_only_admins_change(
    make_user: Make, institution: Institution
) -> None:
    admin = people.actor_scope(user=make_user("admin"))
    registrar = people.actor_scope(user=make_user("registrar"))
    stranger = people.actor_scope(user=make_user("admin", InstitutionFactory.create()))
    with pytest.raises(RulePackInvalid) as loosened:
        services.rule_pack_rule_set(
            actor=admin,
            institution=institution,
            rule_code="mon-137-2022/lim-7",
            parameters={"limit_percent": 25},
        )
    assert loosened.value.message == (
        "A rule pack may only tighten a rule, never loosen it: limit_percent of "
        "mon-137-2022/lim-7 would be looser than the published limit_percent = 20."
    )
    assert loosened.value.extra == {"rule": "mon-137-2022/lim-7", "parameters": ["limit_percent"]}
    with pytest.raises(RulePackInvalid):
        services.rule_pack_rule_set(
            actor=admin,
            institution=institution,
            rule_code="atyrau-066-2024/5.4.5",
            parameters={"directions": ["6B042"]},
        )
    with pytest.raises(RulePackInvalid):
        services.rule_pack_apply_preset(actor=admin, institution=institution, preset="nope")
    with pytest.raises(RuleNotFound):
        services.rule_pack_rule_set(actor=admin, institution=institution, rule_code="nope")
    with pytest.raises(RegulationsChangeForbidden):
        services.rule_pack_apply_preset(
            actor=registrar, institution=institution, preset="atyrau-066"
        )
    with pytest.raises(SubjectNotFound):
        services.rule_pack_apply_preset(
            actor=stranger, institution=institution, preset="atyrau-066"
        )
    assert not RulePack.objects.exists()


def test_presets_apply_in_one_click_and_replace_each_other(
    make_user: Make, institution: Institution
) -> None:
    admin = people.actor_scope(user=make_user("admin"))
    services.rule_pack_rule_set(
        actor=admin,
        institution=institution,
        rule_code="mon-137-2022/lim-8",
        parameters={"limit_percent": 40},
    )
    pack = services.rule_pack_apply_preset(
        actor=admin, institution=institution, preset="atyrau-066"
    )
    assert pack.items.count() == 19  # Atyrau's 18 rules and the national tightening
    pack = services.rule_pack_apply_preset(
        actor=admin, institution=institution, preset="shakarim-e042"
    )
    codes = sorted(pack.items.values_list("rule__code", flat=True))
    assert codes == [
        "mon-137-2022/lim-8",  # the national tightening stays
        "shakarim-e042-2023/6.1-competition",
        "shakarim-e042-2023/6.1-health",
        "shakarim-e042-2023/7.7",
        "shakarim-e042-2023/7.9-1",
        "shakarim-e042-2023/7.9-2",
        "shakarim-e042-2023/7.9-3",
    ]
    # Tightening Shakarim's 30 days to 20 is allowed; 31 is not.
    services.rule_pack_rule_set(
        actor=admin,
        institution=institution,
        rule_code="shakarim-e042-2023/6.1-health",
        parameters={"max_days": 20},
    )
    assert (
        selectors.ground_rules(institution=institution, as_of=dt.date(2026, 9, 1))[1].max_days == 20
    )
    services.rule_pack_rule_set(
        actor=admin, institution=institution, rule_code="shakarim-e042-2023/7.7", include=False
    )
    assert pack.items.count() == 6
    services.rule_pack_clear(actor=admin, institution=institution)
    assert not RulePack.objects.exists()


def test_openapi_documents_the_endpoints(make_user: Make, token_client: TokenClient) -> None:
    schema = token_client(make_user("teacher")).get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/compliance/check" in paths
    assert "/api/v1/rules/{code}" in paths
    assert paths["/api/v1/acts"]["get"]["description"].startswith("The legal acts of the catalogue")


def test_report_template_renders_a_report(student: Student) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    report = selectors.check(student, as_of=dt.date(2024, 9, 1))
    with translation.override("en"):
        html = render_to_string("regulations/_report.html", {"report": report})
    assert "No rule is violated" in html
    assert "4 of 20 disciplines = 20 %, limit 50 %" in html
    assert 'href="/regulations/rules/mon-137-2022/lim-3/"' in html
