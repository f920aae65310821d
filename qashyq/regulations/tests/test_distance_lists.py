"""LIM-6 (S2 §5.4.3, S3 §7.7): the list of disciplines open to distance learning, set
by the university and approved by the rector's order. The evaluator at its boundaries
(pure facts), the list in force by date and scope, check() and check_students() with
lists (bulk = single, queries per program not per student), the services' permission
matrix and refusals, the pages and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from qashyq.accounts.models import User
from qashyq.core.scope import ActorScope
from qashyq.institutions.models import Department, Discipline, Institution, Program
from qashyq.institutions.tests.factories import (
    DepartmentFactory,
    DisciplineFactory,
    FacultyFactory,
    InstitutionFactory,
)
from qashyq.people import selectors as people
from qashyq.people.models import Student
from qashyq.regulations import engine, selectors, services
from qashyq.regulations.data import (
    DistanceListFacts,
    EligibilityRequest,
    Outcome,
    PlanFacts,
    ProgramProfile,
    Report,
    SubjectKind,
    Verdict,
)
from qashyq.regulations.errors import (
    DistanceListApproved,
    DistanceListInvalid,
    RegulationsChangeForbidden,
    SubjectNotFound,
)
from qashyq.regulations.models import DistanceDisciplineList
from qashyq.regulations.selectors import _Entry, _spec
from qashyq.regulations.tests.factories import StudentFactory, plan_make, program_with

pytestmark = pytest.mark.django_db

Make = Callable[..., User]
EnClient = Callable[[User | None], Client]
TokenClient = Callable[[User | None], Client]

D2026 = dt.date(2026, 8, 1)
ATYRAU = "atyrau-066-2024/5.4.3"
SHAKARIM = "shakarim-e042-2023/7.7"
SYSTEM = ActorScope(user_id=None, is_superuser=True)
ICT = ProgramProfile(level="bachelor", direction_code="6B061", study_form="full_time")


def actor(user: User) -> ActorScope:
    return people.actor_scope(user=user)


# ---------------------------------------------------------------- the evaluator (pure)


def rule_verdict(code: str, facts: PlanFacts, on: dt.date = D2026) -> Verdict:
    from qashyq.regulations.models import Rule

    rule = Rule.objects.select_related("act").get(code=code)
    spec = _spec(_Entry(rule, None, in_pack=True), on)
    (found,) = engine.evaluate(kind=SubjectKind.STUDENT_PLAN, rules=[spec], facts=facts, as_of=on)
    return found


LISTED = DistanceListFacts(
    list_id=7,
    order_number="45-ҚО",
    order_date=dt.date(2025, 8, 28),
    effective_from=dt.date(2025, 9, 1),
    effective_until=None,
    program_id=None,
    discipline_ids=frozenset({1, 2, 3, 4}),
)


def facts(*distance: tuple[int, str], listed: DistanceListFacts | None = LISTED) -> PlanFacts:
    return PlanFacts(
        student_id=1,
        label="Student",
        profile=ICT,
        program_credits=240,
        prior_education="higher",
        disciplines_total=40,
        disciplines_distance=len(distance),
        distance_credits={"regular": 5 * len(distance)} if distance else {},
        basis_credits={"regular": 200},
        distance_disciplines=tuple(distance),
        distance_list=listed,
    )


def test_lim6_all_distance_disciplines_on_the_list_is_allowed() -> None:
    """LIM-6 (Atyrau 066 §5.4.3): 3 of 3 on the list approved by the order."""
    v = rule_verdict(ATYRAU, facts((1, "ALG 1101"), (2, "DB 1102"), (4, "NET 1104")))
    assert v.outcome is Outcome.ALLOWED
    assert v.requirement == "LIM-6"
    assert v.title == (
        "Only disciplines on the list approved by the rector's order are studied at a distance"
    )
    assert v.figures == (
        "3 of 3 distance disciplines are on the list approved by order No. 45-ҚО of 28.08.2025"
    )
    assert v.explanation == ""
    assert dict(v.values) == {
        "count": 3,
        "total": 3,
        "not_listed": [],
        "list_id": 7,
        "order_number": "45-ҚО",
        "order_date": "2025-08-28",
        "program_list": False,
    }
    assert (v.citation.act_code, v.citation.clause) == ("atyrau-066-2024", "5.4.3")
    assert v.citation.original_kk.startswith(
        "3. Қашықтықтан оқыту үшін жіберілетін пәндердің және (немесе) модульдердің тізбесін"
    )


def test_lim6_one_discipline_off_the_list_is_violated() -> None:
    """LIM-6: a single discipline at a distance that is not on the list breaks the rule."""
    v = rule_verdict(ATYRAU, facts((1, "ALG 1101"), (2, "DB 1102"), (9, "SPT 1109")))
    assert v.outcome is Outcome.VIOLATED
    assert v.figures == (
        "2 of 3 distance disciplines are on the list approved by order No. 45-ҚО of 28.08.2025"
    )
    assert v.explanation == (
        "Not on the list: SPT 1109. Only the disciplines on the approved list may be studied "
        "at a distance."
    )
    assert v.values["not_listed"] == ["SPT 1109"]


def test_lim6_single_discipline_and_no_discipline_at_a_distance() -> None:
    one = rule_verdict(SHAKARIM, facts((3, "OS 1103")))
    assert one.outcome is Outcome.ALLOWED
    assert one.figures == (
        "1 of 1 distance discipline is on the list approved by order No. 45-ҚО of 28.08.2025"
    )
    assert (one.citation.act_code, one.citation.clause) == ("shakarim-e042-2023", "7.7")
    assert one.citation.original_kk.startswith("7.7 Қашықтықтан оқыту үшін жіберілетін")
    none = rule_verdict(SHAKARIM, facts())
    assert none.outcome is Outcome.ALLOWED
    assert none.figures == (
        "No discipline at a distance; the list approved by order No. 45-ҚО of 28.08.2025 is "
        "in force."
    )


def test_lim6_not_applicable_without_an_approved_list() -> None:
    v = rule_verdict(ATYRAU, facts((9, "SPT 1109"), listed=None))
    assert v.outcome is Outcome.NOT_APPLICABLE
    assert v.explanation == (
        "No list of disciplines open to distance learning approved by the rector's order is "
        "in force on 01.08.2026 for this program or the whole institution."
    )


def test_lim6_not_in_force_before_the_regulation() -> None:
    """Atyrau 066 is in force from 28.08.2024: on 01.03.2024 its LIM-6 rule does not apply."""
    v = rule_verdict(ATYRAU, facts((9, "SPT 1109")), on=dt.date(2024, 3, 1))
    assert v.outcome is Outcome.NOT_APPLICABLE
    assert v.explanation == "The act was not yet in force on 01.03.2024 (in force from 28.08.2024)."


# ---------------------------------------------------------------- the list in force


@pytest.fixture
def preset(institution: Institution) -> Institution:
    services.rule_pack_apply_preset(actor=SYSTEM, institution=institution, preset="atyrau-066")
    return institution


def list_make(
    institution: Institution,
    disciplines: list[Discipline],
    *,
    starts: dt.date = dt.date(2025, 9, 1),
    ends: dt.date | None = None,
    program: Program | None = None,
    number: str = "45-ҚО",
    approve: bool = True,
) -> DistanceDisciplineList:
    made = services.distance_list_create(
        actor=SYSTEM,
        institution=institution,
        program=program,
        effective_from=starts,
        effective_until=ends,
        discipline_ids=[d.pk for d in disciplines],
    )
    if approve:
        made = services.distance_list_approve(
            actor=SYSTEM, distance_list=made, order_number=number, order_date=starts
        )
    return made


def test_list_in_force_by_date_scope_and_newest(
    institution: Institution, department: Department
) -> None:
    ict = program_with("6B061", department=department)
    law = program_with("6B042", department=department)
    a, b, c = (DisciplineFactory.create(department=department) for _ in range(3))
    whole = list_make(
        institution, [a, b], starts=dt.date(2025, 9, 1), ends=dt.date(2026, 8, 31), number="1"
    )
    newer = list_make(institution, [a], starts=dt.date(2026, 2, 1), number="2")
    own = list_make(institution, [c], starts=dt.date(2026, 1, 10), program=ict, number="3")
    list_make(institution, [a, b, c], starts=dt.date(2025, 1, 1), approve=False)  # a draft

    def found(program: Program, on: dt.date) -> int | None:
        listed = selectors.distance_list_in_force(
            institution=institution, program_id=program.pk, on=on
        )
        return listed.list_id if listed is not None else None

    assert found(law, dt.date(2025, 8, 31)) is None  # before any; the draft binds nobody
    assert found(law, dt.date(2025, 9, 1)) == whole.pk
    assert found(law, dt.date(2026, 1, 31)) == whole.pk
    assert found(law, dt.date(2026, 2, 1)) == newer.pk  # a newer list replaces it
    assert found(ict, dt.date(2026, 1, 9)) == whole.pk
    assert found(ict, dt.date(2026, 1, 10)) == own.pk  # the program's own list wins
    assert found(ict, dt.date(2027, 1, 1)) == own.pk
    facts_ = selectors.distance_list_in_force(
        institution=institution, program_id=ict.pk, on=dt.date(2026, 3, 1)
    )
    assert facts_ == DistanceListFacts(
        list_id=own.pk,
        order_number="3",
        order_date=dt.date(2026, 1, 10),
        effective_from=dt.date(2026, 1, 10),
        effective_until=None,
        program_id=ict.pk,
        discipline_ids=frozenset({c.pk}),
    )
    assert selectors.distance_list_ids_in_force(
        institution=institution, on=dt.date(2026, 3, 1)
    ) == {newer.pk, own.pk}


# ---------------------------------------------------------------- check and bulk


def outcome(report: Report, code: str = ATYRAU) -> Verdict:
    return next(v for v in report.verdicts if v.rule_code == code)


@pytest.fixture
def student(preset: Institution, department: Department) -> Student:
    program = program_with("6B061", department=department, total_credits=240)
    student = StudentFactory.create(program=program, prior_education="higher")
    plan_make(student, disciplines=10, distance=3)
    return student


def test_check_plan_against_the_list_on_dates(student: Student, preset: Institution) -> None:
    items = list(student.plan_items.order_by("pk").select_related("discipline"))
    distance = [i.discipline for i in items if i.delivery == "distance"]
    before = selectors.check(student, as_of=D2026)
    assert outcome(before).outcome is Outcome.NOT_APPLICABLE
    list_make(preset, [*distance[:2], items[5].discipline], starts=dt.date(2026, 6, 1))
    report = selectors.check(student, as_of=D2026)
    lim6 = outcome(report)
    assert lim6.outcome is Outcome.VIOLATED
    assert lim6.values["not_listed"] == [distance[2].code]
    assert [v.requirement for v in report.violated] == ["LIM-6"]
    assert outcome(selectors.check(student, as_of=dt.date(2026, 5, 31))).outcome is (
        Outcome.NOT_APPLICABLE
    )
    # What-if: exactly the listed disciplines at a distance.
    what_if = selectors.check(
        student,
        as_of=D2026,
        distance_discipline_ids=frozenset({distance[0].pk, items[5].discipline_id}),
    )
    assert outcome(what_if).figures == (
        "2 of 2 distance disciplines are on the list approved by order No. 45-ҚО of 01.06.2026"
    )


def test_eligibility_request_with_a_discipline_off_the_list(
    student: Student, preset: Institution
) -> None:
    items = list(student.plan_items.order_by("pk"))
    listed = [i.discipline for i in items if i.delivery == "distance"] + [items[5].discipline]
    list_make(preset, listed)
    ok = selectors.check(
        EligibilityRequest(
            student_id=student.pk,
            ground="competition",
            starts_on=D2026,
            ends_on=D2026 + dt.timedelta(days=20),
            discipline_ids=frozenset({items[5].discipline_id}),
            evidence_kinds=frozenset({"invitation"}),
        ),
        as_of=D2026,
    )
    assert outcome(ok).outcome is Outcome.ALLOWED
    assert outcome(ok).values["total"] == 4
    bad = selectors.check(
        EligibilityRequest(
            student_id=student.pk,
            ground="competition",
            starts_on=D2026,
            ends_on=D2026 + dt.timedelta(days=20),
            discipline_ids=frozenset({items[6].discipline_id}),
            evidence_kinds=frozenset({"invitation"}),
        ),
        as_of=D2026,
    )
    assert outcome(bad).outcome is Outcome.VIOLATED
    assert outcome(bad).values["not_listed"] == [items[6].discipline.code]


def test_bulk_check_equals_single_with_lists(
    student: Student, preset: Institution, department: Department
) -> None:
    law = program_with("6B042", department=department)
    others = [StudentFactory.create(program=student.program) for _ in range(3)]
    others.append(StudentFactory.create(program=law))
    for s in others:
        plan_make(s, disciplines=6, distance=2)
    empty = StudentFactory.create(program=law)
    everyone = [student, *others, empty]
    distance = [i.discipline for s in everyone for i in s.plan_items.filter(delivery="distance")]
    # The institution's list holds all but the last student's disciplines; the ICT
    # program's own list, from 2026-07-01, leaves one of the first student's out.
    list_make(preset, distance[:-1], starts=dt.date(2025, 9, 1))
    list_make(preset, distance[1:], starts=dt.date(2026, 7, 1), program=student.program, number="9")
    ids = [s.pk for s in everyone]
    for on in (dt.date(2025, 8, 1), dt.date(2026, 3, 1), D2026):
        bulk = selectors.check_students(institution=preset, as_of=on, student_ids=ids)
        for s in everyone:
            assert bulk[s.pk] == selectors.check(Student.objects.get(pk=s.pk), as_of=on), (s, on)
    bulk = selectors.check_students(institution=preset, as_of=D2026, student_ids=ids)
    assert outcome(bulk[student.pk]).outcome is Outcome.VIOLATED  # its program's list
    assert outcome(bulk[others[0].pk]).outcome is Outcome.ALLOWED
    assert outcome(bulk[others[3].pk]).outcome is Outcome.VIOLATED  # law: the whole list
    assert outcome(bulk[empty.pk]).figures.startswith("No discipline at a distance")


def test_bulk_check_with_lists_stays_a_few_queries(
    student: Student, preset: Institution, django_assert_num_queries: Any
) -> None:
    more = [StudentFactory.create(program=student.program) for _ in range(6)]
    for s in more:
        plan_make(s, disciplines=4, distance=1)
    list_make(preset, [i.discipline for i in student.plan_items.all()])
    ids = [student.pk, *(s.pk for s in more)]
    selectors.check_students(institution=preset, as_of=D2026, student_ids=ids)  # warm caches
    # Students, programs, plan aggregates, LIM-5 disciplines, the plans' distance
    # disciplines (LIM-6): the same number for 7 students as for 30,000.
    with django_assert_num_queries(6):
        reports = selectors.check_students(institution=preset, as_of=D2026, student_ids=ids)
    assert len(reports) == 7


# ---------------------------------------------------------------- services: who and what


@pytest.fixture
def other_institution(db: None) -> Institution:
    return InstitutionFactory.create(code="other-uni")


@pytest.mark.parametrize(
    ("role", "error"),
    [
        ("registrar", None),
        ("admin", None),
        ("superuser", None),
        ("rector_office", RegulationsChangeForbidden),
        ("dean", RegulationsChangeForbidden),
        ("distance_unit", RegulationsChangeForbidden),
        ("teacher", SubjectNotFound),
        ("student", SubjectNotFound),
        ("other registrar", SubjectNotFound),
    ],
)
def test_who_draws_up_a_list(
    role: str,
    error: type[Exception] | None,
    make_user: Make,
    institution: Institution,
    other_institution: Institution,
) -> None:
    user = (
        make_user("registrar", other_institution) if role == "other registrar" else make_user(role)
    )
    call = lambda: services.distance_list_create(  # noqa: E731
        actor=actor(user), institution=institution, effective_from=dt.date(2026, 9, 1)
    )
    if error is None:
        assert call().status == "draft"
    else:
        with pytest.raises(error):
            call()
        assert not DistanceDisciplineList.objects.exists()


@pytest.mark.parametrize(
    ("role", "error"),
    [
        ("rector_office", None),
        ("superuser", None),
        ("registrar", RegulationsChangeForbidden),
        ("admin", RegulationsChangeForbidden),
        ("teacher", SubjectNotFound),
    ],
)
def test_who_approves_a_list(
    role: str,
    error: type[Exception] | None,
    make_user: Make,
    institution: Institution,
    department: Department,
) -> None:
    draft = list_make(institution, [DisciplineFactory.create(department=department)], approve=False)
    call = lambda: services.distance_list_approve(  # noqa: E731
        actor=actor(make_user(role)),
        distance_list=draft,
        order_number="12-ҚО",
        order_date=dt.date(2026, 8, 20),
    )
    if error is None:
        approved = call()
        assert (approved.status, approved.order_number) == ("approved", "12-ҚО")
        assert approved.approved_at is not None
    else:
        with pytest.raises(error):
            call()
        draft.refresh_from_db()
        assert draft.status == "draft"


def test_list_refusals(
    institution: Institution, other_institution: Institution, department: Department
) -> None:
    foreign = DisciplineFactory.create(
        department=DepartmentFactory.create(
            faculty=FacultyFactory.create(institution=other_institution)
        )
    )
    with pytest.raises(DistanceListInvalid) as period:
        services.distance_list_create(
            actor=SYSTEM,
            institution=institution,
            effective_from=dt.date(2026, 9, 1),
            effective_until=dt.date(2026, 8, 31),
        )
    assert period.value.message == "The list's period ends before it starts."
    with pytest.raises(DistanceListInvalid) as stray:
        services.distance_list_create(
            actor=SYSTEM,
            institution=institution,
            effective_from=dt.date(2026, 9, 1),
            discipline_ids=[foreign.pk],
        )
    assert stray.value.extra["field"] == "disciplines"
    empty = list_make(institution, [], approve=False)
    with pytest.raises(DistanceListInvalid) as no_disciplines:
        services.distance_list_approve(
            actor=SYSTEM, distance_list=empty, order_number="1", order_date=dt.date(2026, 8, 1)
        )
    assert no_disciplines.value.extra["field"] == "disciplines"
    with pytest.raises(DistanceListInvalid) as no_number:
        services.distance_list_approve(
            actor=SYSTEM, distance_list=empty, order_number=" ", order_date=dt.date(2026, 8, 1)
        )
    assert no_number.value.extra["field"] == "order_number"
    approved = list_make(institution, [DisciplineFactory.create(department=department)])
    with pytest.raises(DistanceListApproved):
        services.distance_list_disciplines_change(
            actor=SYSTEM, distance_list=approved, add=[foreign.pk]
        )
    with pytest.raises(DistanceListApproved):
        services.distance_list_delete(actor=SYSTEM, distance_list=approved)


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize(
    ("role", "status", "can_create"),
    [
        ("registrar", 200, True),
        ("admin", 200, True),
        ("rector_office", 200, False),
        ("dean", 200, False),
        ("department_head", 200, False),
        ("distance_unit", 200, False),
        ("teacher", 404, False),
        ("student", 404, False),
    ],
)
def test_list_pages_by_role(  # noqa: PLR0917
    role: str,
    status: int,
    can_create: bool,
    make_user: Make,
    en_client: EnClient,
    institution: Institution,
    department: Department,
) -> None:
    approved = list_make(institution, [DisciplineFactory.create(department=department)])
    client = en_client(make_user(role))
    index = client.get("/regulations/distance-lists/")
    detail = client.get(f"/regulations/distance-lists/{approved.pk}/")
    assert (index.status_code, detail.status_code) == (status, status)
    if status == 200:
        html = index.content.decode()
        assert "approved by order No. 45-ҚО of 01.09.2025" in html
        assert ("Draw up a new list" in html) is can_create
    created = client.post(
        "/regulations/distance-lists/",
        {"effective_from": "2026-09-01", "institution": institution.pk},
    )
    assert created.status_code == (302 if can_create else 404)
    assert DistanceDisciplineList.objects.count() == (2 if can_create else 1)


def test_list_pages_are_404_for_another_institution(
    make_user: Make, en_client: EnClient, institution: Institution, other_institution: Institution
) -> None:
    draft = list_make(institution, [], approve=False)
    client = en_client(make_user("registrar", other_institution))
    assert client.get(f"/regulations/distance-lists/{draft.pk}/").status_code == 404
    assert client.get(f"/regulations/distance-lists/?institution={institution.pk}").status_code == (
        404
    )
    assert (
        client.post(f"/regulations/distance-lists/{draft.pk}/", {"action": "delete"}).status_code
        == 404
    )
    assert DistanceDisciplineList.objects.filter(pk=draft.pk).exists()
    assert en_client(None).get("/regulations/distance-lists/").status_code == 302


def test_draw_up_search_add_remove_and_approve_on_the_pages(
    make_user: Make, en_client: EnClient, institution: Institution, department: Department
) -> None:
    algebra = DisciplineFactory.create(department=department, code="ALG 1101", name_en="Algebra")
    databases = DisciplineFactory.create(department=department, code="DB 1102", name_en="Databases")
    sport = DisciplineFactory.create(department=department, code="SPT 1109", name_en="Sport")
    registrar = en_client(make_user("registrar"))
    response = registrar.post(
        "/regulations/distance-lists/",
        {
            "effective_from": "2026-09-01",
            "note": "2026–2027 оқу жылы",
            "institution": institution.pk,
        },
    )
    made = DistanceDisciplineList.objects.get()
    assert response["Location"] == f"/regulations/distance-lists/{made.pk}/"
    url = response["Location"]
    # The search is a plain GET: it works without JavaScript.
    found = registrar.get(url, {"q": "db"})
    assert [d.code for d in found.context["candidates"]] == ["DB 1102"]
    everything = registrar.get(url)
    assert [d.code for d in everything.context["candidates"]] == ["ALG 1101", "DB 1102", "SPT 1109"]
    back = registrar.post(url, {"action": "add", "add": [algebra.pk, sport.pk], "q": "1"})
    assert back["Location"] == f"{url}?q=1"
    registrar.post(url, {"action": "add_all", "q": "DB"})
    assert set(made.disciplines.values_list("code", flat=True)) == {
        "ALG 1101",
        "DB 1102",
        "SPT 1109",
    }
    registrar.post(url, {"action": "remove", "remove": [sport.pk]})
    assert set(made.disciplines.values_list("pk", flat=True)) == {algebra.pk, databases.pk}
    page = registrar.get(url)
    assert "2 disciplines on the list" in page.content.decode()
    assert "Approve by the rector&#x27;s order" not in page.content.decode()
    # The registrar may not approve; the rector's office does.
    assert (
        registrar.post(
            url, {"action": "approve", "order_number": "1", "order_date": "2026-08-25"}
        ).status_code
        == 404
    )
    rector = en_client(make_user("rector_office"))
    assert rector.post(url, {"action": "add", "add": [sport.pk]}).status_code == 404
    missing = rector.post(
        url, {"action": "approve", "order_number": "", "order_date": "2026-08-25"}
    )
    assert missing.status_code == 422
    assert missing.context["approve_form"].errors == {"order_number": ["This field is required."]}
    rector.post(url, {"action": "approve", "order_number": "77-ҚО", "order_date": "2026-08-25"})
    made.refresh_from_db()
    assert (made.status, made.order_number, made.order_date) == (
        "approved",
        "77-ҚО",
        dt.date(2026, 8, 25),
    )
    # Approved: nobody edits it any more.
    after = registrar.get(url)
    assert after.context["editor"] is False
    assert "candidates" not in after.context
    assert registrar.post(url, {"action": "remove", "remove": [algebra.pk]}).status_code == 404


def test_menu_link_for_list_readers(make_user: Make, en_client: EnClient) -> None:
    link = 'href="/regulations/distance-lists/"'
    assert link in en_client(make_user("registrar")).get("/regulations/rules/").content.decode()
    assert link not in en_client(make_user("teacher")).get("/regulations/rules/").content.decode()


# ---------------------------------------------------------------- API


def test_api_create_detail_list_and_approve(
    make_user: Make, token_client: TokenClient, institution: Institution, department: Department
) -> None:
    a = DisciplineFactory.create(department=department, code="ALG 1101")
    b = DisciplineFactory.create(department=department, code="DB 1102")
    program = program_with("6B061", department=department)
    registrar = token_client(make_user("registrar"))
    created = registrar.post(
        "/api/v1/distance-discipline-lists",
        {
            "institution_id": institution.pk,
            "program_id": program.pk,
            "effective_from": "2026-09-01",
            "discipline_ids": [b.pk, a.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert (body["program_id"], body["discipline_count"]) == (program.pk, 2)
    assert [d["code"] for d in body["disciplines"]] == ["ALG 1101", "DB 1102"]
    list_id = body["id"]
    rector = token_client(make_user("rector_office"))
    approved = rector.post(
        f"/api/v1/distance-discipline-lists/{list_id}/approve",
        {"order_number": "45-ҚО", "order_date": "2026-08-28"},
        content_type="application/json",
    )
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["order_number"]) == ("approved", "45-ҚО")
    again = rector.post(
        f"/api/v1/distance-discipline-lists/{list_id}/approve",
        {"order_number": "46-ҚО", "order_date": "2026-08-29"},
        content_type="application/json",
    )
    assert (again.status_code, again.json()["code"]) == (409, "distance_list_approved")
    listed = registrar.get("/api/v1/distance-discipline-lists", {"in_force_on": "2026-09-01"})
    assert [row["id"] for row in listed.json()["items"]] == [list_id]
    assert (
        registrar.get("/api/v1/distance-discipline-lists", {"in_force_on": "2026-08-31"}).json()[
            "items"
        ]
        == []
    )


@pytest.mark.parametrize(
    ("role", "read", "create", "approve"),
    [
        ("registrar", 200, 201, 403),
        ("admin", 200, 201, 403),
        ("rector_office", 200, 403, 200),
        ("dean", 200, 403, 403),
        ("teacher", 404, 404, 404),
        ("student", 404, 404, 404),
        ("other registrar", 404, 404, 404),
        ("anonymous", 401, 401, 401),
    ],
)
def test_api_permission_matrix(  # noqa: PLR0917
    role: str,
    read: int,
    create: int,
    approve: int,
    make_user: Make,
    token_client: TokenClient,
    institution: Institution,
    other_institution: Institution,
    department: Department,
) -> None:
    draft = list_make(institution, [DisciplineFactory.create(department=department)], approve=False)
    if role == "anonymous":
        user = None
    elif role == "other registrar":
        user = make_user("registrar", other_institution)
    else:
        user = make_user(role)
    client = token_client(user)
    detail = client.get(f"/api/v1/distance-discipline-lists/{draft.pk}")
    assert detail.status_code == read
    if read != 200:
        assert "disciplines" not in detail.json()
    listing = client.get("/api/v1/distance-discipline-lists")
    if role != "anonymous":
        ids = [row["id"] for row in listing.json()["items"]]
        assert ids == ([draft.pk] if read == 200 else [])
    made = client.post(
        "/api/v1/distance-discipline-lists",
        {"institution_id": institution.pk, "effective_from": "2026-09-01"},
        content_type="application/json",
    )
    assert made.status_code == create
    approved = client.post(
        f"/api/v1/distance-discipline-lists/{draft.pk}/approve",
        {"order_number": "1", "order_date": "2026-08-28"},
        content_type="application/json",
    )
    assert approved.status_code == approve
    draft.refresh_from_db()
    assert draft.status == ("approved" if approve == 200 else "draft")
    assert DistanceDisciplineList.objects.count() == (2 if create == 201 else 1)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_list_pages_render_in_kazakh_and_russian(
    make_user: Make,
    en_client: EnClient,
    language: str,
    institution: Institution,
    department: Department,
) -> None:
    draft = list_make(institution, [DisciplineFactory.create(department=department)], approve=False)
    client = en_client(make_user("registrar"))
    client.cookies["qashyq_language"] = language
    assert client.get("/regulations/distance-lists/").status_code == 200
    page = client.get(f"/regulations/distance-lists/{draft.pk}/")
    assert page.status_code == 200
    assert page.context["editor"] is True
