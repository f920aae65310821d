"""People pages: the permission matrix of the personal file (SEC-2, SIS-6), forms that
keep input and show translated errors, the home page per role, electives (SIS-3)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from qashyq.accounts.models import User
from qashyq.core.identifiers import iin_with_control_digit
from qashyq.institutions.models import (
    AcademicPeriod,
    Component,
    Curriculum,
    Department,
    Faculty,
    Institution,
    Program,
    StudentGroup,
    StudyForm,
)
from qashyq.institutions.tests.factories import (
    AcademicPeriodFactory,
    AcademicYearFactory,
    CurriculumFactory,
    CurriculumItemFactory,
    DisciplineFactory,
    ProgramFactory,
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

MASKED = "••••••••0007"

FILE_MATRIX = [
    ("anonymous", 302),
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


def client_for(user: User | None) -> Client:
    """A signed-in client reading the pages in English (the language cookie wins)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("case", "status"), FILE_MATRIX)
def test_personal_file_page_matrix(
    matrix_user: Callable[[str], User | None], student: Student, case: str, status: int
) -> None:  # SEC-2, SIS-6
    response = client_for(matrix_user(case)).get(
        reverse("people:student_detail", args=[student.pk])
    )
    assert response.status_code == status
    body = response.content.decode()
    if status == 200:
        assert "Сәрсенова Айгерім" in body
        assert "2500001" in body
        if case in SEES_WHOLE_IIN:
            assert VALID_IIN in body
        else:
            assert MASKED in body
            assert VALID_IIN not in body
    else:
        assert "Сәрсенова" not in body
        assert "2500001" not in body
        assert "0007" not in body


STATUS_MATRIX = [
    ("anonymous", 302),
    ("the student", 404),
    ("another student", 404),
    ("advisor of the group", 404),
    ("dean of the faculty", 404),
    ("dean of another faculty", 404),
    ("registrar of another institution", 404),
    ("registrar", 302),
    ("administrator", 302),
]


@pytest.mark.parametrize(("case", "status"), STATUS_MATRIX)
def test_status_change_page_matrix(
    matrix_user: Callable[[str], User | None], student: Student, case: str, status: int
) -> None:  # SEC-2: no side effect for anyone but the registrar and administrators
    response = client_for(matrix_user(case)).post(
        reverse("people:student_status", args=[student.pk]),
        {"status": "academic_leave", "effective_on": "2025-10-01", "order_number": "9-С"},
    )
    assert response.status_code == status
    student.refresh_from_db()
    changed = status == 302 and case != "anonymous"
    assert student.status == ("academic_leave" if changed else "enrolled")
    assert StudentStatusChange.objects.filter(student=student).count() == (2 if changed else 1)
    if status == 404:
        assert "Сәрсенова" not in response.content.decode()


def test_status_change_page_shows_a_translated_error_and_keeps_input(
    matrix_user: Callable[[str], User | None], student: Student
) -> None:
    client = client_for(matrix_user("registrar"))
    response = client.post(
        reverse("people:student_status", args=[student.pk]),
        {"status": "enrolled", "effective_on": "2025-10-01", "order_number": "77-С"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "A student who is enrolled cannot become enrolled." in body
    assert 'value="77-С"' in body


def test_student_create_form_keeps_input_on_a_wrong_iin(
    matrix_user: Callable[[str], User | None], program: Program, group: StudentGroup
) -> None:  # IIN-1
    client = client_for(matrix_user("registrar"))
    form = {
        "last_name": "Жұмабаев",
        "first_name": "Ерлан",
        "program": program.pk,
        "group": group.pk,
        "admission_year": 2025,
        "course_year": 1,
        "iin": "900101300001",
        "citizenship": "KZ",
        "study_form": "full_time",
        "language": "kk",
        "funding": "grant",
        "prior_education": "secondary",
    }
    response = client.post(reverse("people:student_create"), form)
    assert response.status_code == 422
    body = response.content.decode()
    assert "This IIN has a wrong control digit; please check it for a typing error." in body
    assert 'value="Жұмабаев"' in body
    assert 'value="900101300001"' in body
    assert Student.objects.filter(user__last_name="Жұмабаев").count() == 0

    iin = iin_with_control_digit("88020240001")
    form["iin"] = iin
    form["birth_date"] = "1995-05-05"  # IIN-2: a different date part only warns
    response = client.post(reverse("people:student_create"), form, follow=True)
    created = Student.objects.get(user__last_name="Жұмабаев")
    assert response.redirect_chain[-1][0] == reverse("people:student_detail", args=[created.pk])
    assert "The first digits of this IIN differ from the date of birth." in (
        response.content.decode()
    )
    assert (created.iin, created.group_id, created.student_number) == (
        iin,
        group.pk,
        "2500002",  # the fixture's student holds 2500001
    )


@pytest.mark.parametrize(
    ("case", "status"),
    [("dean of the faculty", 404), ("teacher", 404), ("registrar", 200), ("administrator", 200)],
)
def test_student_create_page_only_for_registrar_and_admin(
    matrix_user: Callable[[str], User | None], case: str, status: int
) -> None:
    response = client_for(matrix_user(case)).get(reverse("people:student_create"))
    assert response.status_code == status


def test_student_edit_page_saves(
    matrix_user: Callable[[str], User | None], student: Student
) -> None:
    client = client_for(matrix_user("registrar"))
    url = reverse("people:student_edit", args=[student.pk])
    page = client.get(url)
    assert 'value="+7 701 234 56 78"' in page.content.decode()
    data = {
        "last_name": "Сәрсенова",
        "first_name": "Айгерім",
        "program": student.program_id,
        "group": student.group_id,
        "admission_year": 2025,
        "course_year": 2,
        "iin": VALID_IIN,
        "citizenship": "KZ",
        "phone": "+7 777 111 22 33",
        "study_form": "online",
        "language": "kk",
        "funding": "paid",
        "prior_education": "tvet",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.phone, student.course_year, student.study_form, student.funding) == (
        "+7 777 111 22 33",
        2,
        "online",
        "paid",
    )


def test_student_list_is_scoped_and_filtered(
    matrix_user: Callable[[str], User | None],
    student: Student,
    program: Program,
    other_group: StudentGroup,
    group: StudentGroup,
) -> None:
    other = student_make(
        program,
        other_group,
        user=User.objects.create(username="b", last_name="Бекова", first_name="Дана"),
        study_form=StudyForm.ONLINE,
        student_number="2500002",
    )
    advisor = client_for(matrix_user("advisor of the group"))
    body = advisor.get(reverse("people:student_list")).content.decode()
    assert "Сәрсенова" in body
    assert "Бекова" not in body
    registrar = client_for(matrix_user("registrar"))
    body = registrar.get(reverse("people:student_list"), {"study_form": "online"}).content.decode()
    assert ("Бекова" in body, "Сәрсенова" in body) == (True, False)
    body = registrar.get(reverse("people:student_list"), {"q": "2500001"}).content.decode()
    assert ("Бекова" in body, "Сәрсенова" in body) == (False, True)
    body = registrar.get(reverse("people:student_list"), {"q": VALID_IIN}).content.decode()
    assert ("Бекова" in body, "Сәрсенова" in body) == (False, True)
    body = registrar.get(reverse("people:student_list"), {"group": other_group.pk}).content.decode()
    assert ("Бекова" in body, "Сәрсенова" in body) == (True, False)
    assert other.pk != student.pk


def test_student_list_query_count_does_not_grow(
    matrix_user: Callable[[str], User | None],
    student: Student,
    program: Program,
    group: StudentGroup,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(matrix_user("registrar"))
    client.get(reverse("people:student_list"))
    for n in range(5):
        student_make(program, group, student_number=f"24000{n}")
    # the session, the user and the actor scope are cached after the warm-up (ADR 0014);
    # programs and faculties of the filter form; count; page
    with django_assert_num_queries(4):
        response = client.get(reverse("people:student_list"))
    assert response.content.decode().count("/students/") >= 6


# ---------------------------------------------------------------- the home page per role


SECTIONS = [
    "role-student",
    "role-teacher",
    "role-groups",
    "role-department-head",
    "role-dean",
    "role-registrar",
    "role-distance-unit",
    "role-proctor",
    "role-rector-office",
    "role-admin",
    "no-role",
]


@pytest.mark.parametrize(
    ("case", "sections"),
    [
        ("the student", {"role-student"}),
        ("teacher", {"role-teacher"}),
        ("advisor of the group", {"role-groups"}),
        ("tutor of the department", {"role-groups"}),
        ("head of the department", {"role-department-head"}),
        ("dean of the faculty", {"role-dean"}),
        ("registrar", {"role-registrar"}),
        ("administrator", {"role-admin"}),
        ("superuser", {"no-role"}),
    ],
)
def test_home_page_sections_per_role(
    matrix_user: Callable[[str], User | None], case: str, sections: set[str]
) -> None:
    body = client_for(matrix_user(case)).get("/").content.decode()
    assert {s for s in SECTIONS if f'id="{s}"' in body} == sections


@pytest.mark.parametrize(
    ("role", "section"),
    [
        ("distance_unit", "role-distance-unit"),
        ("proctor", "role-proctor"),
        ("rector_office", "role-rector-office"),
    ],
)
def test_home_page_institution_roles(
    make_user: Callable[..., User | None], student: Student, role: str, section: str
) -> None:
    body = client_for(make_user(role)).get("/").content.decode()
    assert {s for s in SECTIONS if f'id="{s}"' in body} == {section}


def test_home_page_of_a_person_with_several_roles(
    make_user: Callable[..., User | None],
    faculty: Faculty,
    department: Department,
    student: Student,
) -> None:
    user = make_user("dean", faculty=faculty)
    assert user is not None
    RoleAssignment.objects.create(
        user=user, role="teacher", institution=faculty.institution, department=department
    )
    body = client_for(user).get("/").content.decode()
    assert {s for s in SECTIONS if f'id="{s}"' in body} == {"role-dean", "role-teacher"}


def test_home_without_a_role_explains(db: None) -> None:
    user = User.objects.create(username="new", first_name="Жаңа")
    response = client_for(user).get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "You have no role yet" in body
    assert "no role has been given to it" in body


def test_home_requires_sign_in(db: None) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dean_home_counts_by_status_and_study_form(
    make_user: Callable[..., User | None],
    faculty: Faculty,
    student: Student,
    program: Program,
    group: StudentGroup,
) -> None:
    student_make(program, group, status="academic_leave", study_form=StudyForm.ONLINE)
    student_make(program, group, status="academic_leave", study_form=StudyForm.ONLINE)
    ProgramFactory.create(department__faculty=faculty, code="6B01101")
    response = client_for(make_user("dean", faculty=faculty)).get("/")
    home = response.context["home"]
    (section,) = home.faculties
    rows = {r.label.split()[0]: r.cells for r in section.programs.rows}
    # columns: enrolled, academic leave, expelled, graduated
    assert rows == {"6B01101": [0, 0, 0, 0], "6B06101": [1, 2, 0, 0]}
    forms = {r.key: r.cells for r in section.by_study_form.rows}
    assert forms == {"full_time": [1, 0, 0, 0], "online": [0, 2, 0, 0]}


def test_registrar_and_rector_homes_count(
    make_user: Callable[..., User | None],
    student: Student,
    program: Program,
    group: StudentGroup,
    institution: Institution,
) -> None:
    student_make(program, group, status="graduated")
    user = make_user("registrar")
    assert user is not None
    RoleAssignment.objects.create(user=user, role="rector_office", institution=institution)
    Staff.objects.create(user=User.objects.create(username="t"), institution=institution)
    home = client_for(user).get("/").context["home"]
    (registrar,) = home.registrar
    assert (registrar.by_status.total, registrar.programs, registrar.groups, registrar.staff) == (
        2,
        1,
        1,
        1,
    )
    assert registrar.by_status.rows[0].cells == [1, 0, 0, 1]
    (rector,) = home.rector
    assert [(r.key, r.label, r.cells) for r in rector.by_level.rows] == [
        ("bachelor", "bachelor's (6B)", [1, 0, 0, 1])
    ]
    assert [r.cells for r in rector.by_faculty.rows] == [[1, 0, 0, 1]]


def test_advisor_home_lists_group_with_counts(
    matrix_user: Callable[[str], User | None],
    student: Student,
    program: Program,
    group: StudentGroup,
) -> None:
    student_make(program, group, status="expelled")
    home = client_for(matrix_user("advisor of the group")).get("/").context["home"]
    assert [(g.group.code, g.role, g.students, g.enrolled) for g in home.groups] == [
        ("ИС-25-1", "advisor", 2, 1)
    ]


@pytest.fixture
def planned_student(student: Student, program: Program, department: Department) -> Student:
    """The student in year 1 with two disciplines in semester 1 and one in semester 2."""
    curriculum: Curriculum = CurriculumFactory.create(program=program, admission_year=2025)
    for code, credits, semester in [("MAT", 5, 1), ("KAZ", 5, 1), ("PHY", 6, 2)]:
        item = CurriculumItemFactory.create(
            curriculum=curriculum,
            discipline=DisciplineFactory.create(department=department, code=code, credits=credits),
            semester=semester,
        )
        StudyPlanItem.objects.create(
            student=student,
            curriculum_item=item,
            discipline=item.discipline,
            semester=semester,
            credits=credits,
        )
    period: AcademicPeriod = AcademicPeriodFactory.create(
        academic_year=AcademicYearFactory.create(
            institution=program.institution,
            start_year=2000,
            starts_on=dt.date(2000, 1, 1),
            ends_on=dt.date(2099, 12, 31),
        ),
        number=1,
        starts_on=dt.date(2000, 1, 1),
        ends_on=dt.date(2099, 12, 31),
    )
    assert period.pk
    return student


def test_student_home_shows_current_semester_in_few_queries(
    planned_student: Student,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(planned_student.user)
    # user (the session was cached at sign-in); the actor: roles, student id, staff; then
    # the student, the period, the plan (SIS-4); all of it cached afterwards, the user too
    with django_assert_num_queries(7):
        response = client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    body = response.content.decode()
    home = response.context["home"]
    assert home.student.semester == 1
    assert [i.discipline.code for i in home.student.semester_items] == ["KAZ", "MAT"]
    assert home.student.semester_credits == 10
    assert (home.student.summary.total_credits, home.student.summary.program_credits) == (16, 240)
    assert "Semester 1: 10 credits" in body
    assert "The whole plan: 16 of the program's 240 credits." in body


def test_personal_file_shows_history_and_plan_by_semester(
    matrix_user: Callable[[str], User | None], planned_student: Student
) -> None:
    response = client_for(matrix_user("registrar")).get(
        reverse("people:student_detail", args=[planned_student.pk])
    )
    body = response.content.decode()
    assert "Semester 1: 10 credits" in body
    assert "Semester 2: 6 credits" in body
    assert "01.09.2025" in body
    assert [s.semester for s, _items in response.context["semesters"]] == [1, 2]


def test_generate_plan_button(
    matrix_user: Callable[[str], User | None],
    student: Student,
    program: Program,
    department: Department,
) -> None:
    curriculum = CurriculumFactory.create(program=program, admission_year=2025)
    CurriculumItemFactory.create(
        curriculum=curriculum, discipline=DisciplineFactory.create(department=department)
    )
    url = reverse("people:student_plan_generate", args=[student.pk])
    assert client_for(matrix_user("dean of the faculty")).post(url).status_code == 404
    assert StudyPlanItem.objects.count() == 0
    response = client_for(matrix_user("registrar")).post(url, follow=True)
    assert "1 discipline added to the study plan." in response.content.decode()
    assert StudyPlanItem.objects.filter(student=student).count() == 1


# ---------------------------------------------------------------- electives (SIS-3)


def test_electives_page(
    matrix_user: Callable[[str], User | None],
    student: Student,
    program: Program,
    department: Department,
) -> None:
    curriculum = CurriculumFactory.create(program=program, admission_year=2025)
    options = [
        CurriculumItemFactory.create(
            curriculum=curriculum,
            discipline=DisciplineFactory.create(department=department, code=code, credits=5),
            semester=3,
            component=Component.ELECTIVE,
            elective_group="KV3",
            elective_choose=1,
        )
        for code in ("ELA", "ELB")
    ]
    url = reverse("people:electives", args=[student.pk])
    assert client_for(matrix_user("another student")).get(url).status_code == 404
    assert client_for(matrix_user("dean of the faculty")).get(url).status_code == 404
    client = client_for(student.user)
    page = client.get(url)
    assert "Semester 3, group KV3" in page.content.decode()
    assert client.post(url, {"action": "choose", "item": options[0].pk}).status_code == 302
    response = client.post(url, {"action": "choose", "item": options[1].pk})
    assert response.status_code == 409
    assert "In semester 3 you may choose 1 from the group KV3" in response.content.decode()
    assert list(
        StudyPlanItem.objects.filter(student=student).values_list("discipline__code", flat=True)
    ) == ["ELA"]
    chosen = StudyPlanItem.objects.get(student=student)
    assert client.post(url, {"action": "drop", "item": chosen.pk}).status_code == 302
    assert StudyPlanItem.objects.filter(student=student).count() == 0


# ---------------------------------------------------------------- staff and roles


def test_staff_pages(matrix_user: Callable[[str], User | None], department: Department) -> None:
    registrar = client_for(matrix_user("registrar"))
    response = registrar.post(
        reverse("people:staff_create"),
        {
            "username": "g.nur",
            "last_name": "Нұрланова",
            "first_name": "Гүлнар",
            "department": department.pk,
            "position": "доцент",
        },
    )
    assert response.status_code == 302
    staff = Staff.objects.get(user__username="g.nur")
    assert "Нұрланова" in registrar.get(reverse("people:staff_list")).content.decode()
    dean_of_other = client_for(matrix_user("dean of another faculty"))
    assert "Нұрланова" not in dean_of_other.get(reverse("people:staff_list")).content.decode()
    assert dean_of_other.get(reverse("people:staff_edit", args=[staff.pk])).status_code == 404


def test_role_page(
    matrix_user: Callable[[str], User | None], student: Student, group: StudentGroup
) -> None:
    assert client_for(matrix_user("registrar")).get(reverse("people:role_list")).status_code == 404
    admin = client_for(matrix_user("administrator"))
    response = admin.post(
        reverse("people:role_list"),
        {"login": "aigerim", "role": "advisor", "department": ""},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "The role advisor needs a group, and nothing else." in body
    assert 'value="aigerim"' in body
    response = admin.post(
        reverse("people:role_list"), {"login": "aigerim", "role": "advisor", "group": group.pk}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=student.user, role="advisor")
    assert assignment.group_id == group.pk
    assert admin.post(reverse("people:role_revoke", args=[assignment.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize(
    ("case", "labels"),
    [
        (
            "the student",
            [
                "Home",
                "My personal file",
                "Electives",
                ("Regulations", ["Rules", "Compliance"]),
                ("Learning", ["My courses", "Schedule", "My attendance", "Grades", "Assignments"]),
                "Study at a distance",
                "My footprint",
            ],
        ),
        ("teacher", ["Home", "Rules", "Readiness"]),
        (
            "dean of the faculty",
            [
                "Home",
                "Students",
                "Staff",
                ("Regulations", ["Rules", "Distance disciplines", "Compliance"]),
                ("Learning", ["Courses", "Readiness", "Grades summary", "Question banks"]),
                "Transfer applications",
                "Reports",
            ],
        ),
        (
            "registrar",
            [
                "Home",
                "Structure",
                "Students",
                "Staff",
                ("Regulations", ["Rules", "Emergency mode", "Distance disciplines", "Compliance"]),
                ("Learning", ["Courses", "Readiness", "Grades summary", "Question banks"]),
                ("Distance learning", ["Transfer applications", "Orders", "Registrar's tasks"]),
                "Reports",
            ],
        ),
        (
            "administrator",
            [
                "Home",
                "Structure",
                "Students",
                "Staff",
                "Roles",
                (
                    "Regulations",
                    ["Rules", "Rule pack", "Emergency mode", "Distance disciplines", "Compliance"],
                ),
                ("Learning", ["Courses", "Readiness", "Question banks"]),
                (
                    "Distance learning",
                    ["Transfer applications", "Orders", "Registrar's tasks", "Transfer route"],
                ),
                "Reports",
            ],
        ),
    ],
)
def test_menu_per_role(
    matrix_user: Callable[[str], User | None], case: str, labels: list[object]
) -> None:
    """Each role sees its links; the higher apps' links come in sections (core.nav),
    a section of one link as that link, of more as a drop-down."""
    client = client_for(matrix_user(case))
    client.cookies["qashyq_language"] = "en"
    body = html.unescape(client.get("/").content.decode())
    nav = body.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    found: list[object] = []
    for group, summary, inner, link in re.findall(
        r'(<details class="navgroup"><summary>([^<]+)</summary>(.*?)</details>)'
        r"|<a [^>]*>([^<]+)</a>",
        nav,
        flags=re.S,
    ):
        found.append((summary, re.findall(r">([^<>]+)</a>", inner)) if group else link)
    assert found == labels


# --- ADR 0014: cached reads never outlive a write through the services -----------------


def test_student_home_shows_a_renamed_discipline_at_once(
    planned_student: Student, make_user: Callable[..., User | None]
) -> None:
    from qashyq.institutions import services as structure
    from qashyq.people import selectors

    client = client_for(planned_student.user)
    client.cookies["qashyq_language"] = "kk"
    assert "Математика-1" not in client.get("/").content.decode()  # now cached
    registrar = make_user("registrar")
    assert registrar is not None
    discipline = planned_student.plan_items.get(discipline__code="MAT").discipline
    structure.discipline_update(
        actor=selectors.actor_scope(user=registrar),
        discipline=discipline,
        code="MAT",
        name_kk="Математика-1",
        name_ru=discipline.name_ru,
        name_en=discipline.name_en,
        credits=discipline.credits,
        hours_lecture=discipline.hours_lecture,
        hours_practice=discipline.hours_practice,
        hours_lab=discipline.hours_lab,
        hours_independent=discipline.hours_independent,
        control_form=discipline.control_form,
        is_mooc_based=discipline.is_mooc_based,
    )
    assert "Математика-1" in client.get("/").content.decode()


def test_a_revoked_role_stops_at_the_next_request(
    student: Student, make_user: Callable[..., User | None], institution: Institution
) -> None:
    from qashyq.people import selectors, services

    registrar = make_user("registrar")
    admin = make_user("admin")
    assert registrar is not None
    assert admin is not None
    client = client_for(registrar)
    assert client.get(f"/students/{student.pk}/").status_code == 200  # scope now cached
    assignment = registrar.roles.get(role="registrar")
    services.role_revoke(actor=selectors.actor_scope(user=admin), assignment=assignment)
    assert client.get(f"/students/{student.pk}/").status_code == 404
