"""People services: personal files (SIS-6, IIN-1/IIN-2), status history, staff, roles
(SEC-2), study plans and electives (SIS-4, SIS-3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from qashyq.accounts.models import User
from qashyq.core.identifiers import FIRST_WEIGHTS, control_digit, iin_date_warning
from qashyq.core.identifiers import iin_with_control_digit as complete
from qashyq.core.scope import ActorScope
from qashyq.institutions.models import (
    Component,
    Curriculum,
    CurriculumItem,
    Department,
    Faculty,
    Institution,
    Program,
    StudentGroup,
)
from qashyq.institutions.tests.factories import (
    CurriculumFactory,
    CurriculumItemFactory,
    DisciplineFactory,
    ProgramFactory,
    StudentGroupFactory,
)
from qashyq.people import selectors, services
from qashyq.people.errors import (
    CurriculumMissing,
    DuplicatePerson,
    ElectiveChoiceInvalid,
    PeopleChangeForbidden,
    PersonInvalid,
    PersonNotFound,
    RoleScopeInvalid,
    StatusTransitionInvalid,
)
from qashyq.people.models import (
    RoleAssignment,
    Staff,
    Student,
    StudentStatus,
    StudentStatusChange,
    StudyPlanItem,
)
from qashyq.people.tests.conftest import student_make

pytestmark = pytest.mark.django_db

Actor = Callable[[User], ActorScope]


def _first_pass(prefix: str) -> int:
    return sum(int(c) * w for c, w in zip(prefix, FIRST_WEIGHTS, strict=True)) % 11


def _prefix(*, never_issued: bool) -> str:
    """An 11-digit prefix (born 2005-01-15, female) whose first pass gives 10 (IIN-1): the
    second pass decides; `never_issued` → the second pass gives 10 too."""
    for n in range(10000):
        prefix = f"0501156{n:04d}"
        if _first_pass(prefix) == 10 and (control_digit(prefix) is None) == never_issued:
            return prefix
    raise AssertionError


@pytest.fixture
def registrar(make_user: Callable[..., User | None], actor_of: Actor) -> ActorScope:
    user = make_user("registrar")
    assert user is not None
    return actor_of(user)


def _create(actor: ActorScope, program: Program, **fields: object) -> Student:
    data: dict[str, object] = {
        "first_name": "Ерлан",
        "last_name": "Жұмабаев",
        "admission_year": 2025,
    }
    data.update(fields)
    return services.student_create(actor=actor, program=program, **data)  # type: ignore[arg-type]


# ---------------------------------------------------------------- student_create (SIS-6)


def test_student_create_opens_the_file_account_role_and_history(
    registrar: ActorScope, program: Program, group: StudentGroup
) -> None:
    student = _create(
        registrar,
        program,
        group=group,
        iin="900101300007",
        birth_date=dt.date(1990, 1, 1),
        email="Erlan@Example.kz",
        enrolled_on=dt.date(2025, 8, 25),
        order_number="125-С",
    )
    student.refresh_from_db()
    assert (student.student_number, student.user.username, student.user.email) == (
        "2500001",
        "2500001",
        "erlan@example.kz",
    )
    assert student.user.has_usable_password() is False
    assert (student.institution_id, student.status, student.study_form, student.language) == (
        program.institution_id,
        "enrolled",
        program.study_form,
        program.language,
    )
    history = list(
        StudentStatusChange.objects.filter(student=student).values_list(
            "status", "effective_on", "order_number", "recorded_by_id"
        )
    )
    assert history == [("enrolled", dt.date(2025, 8, 25), "125-С", registrar.user_id)]
    assert list(
        RoleAssignment.objects.filter(user=student.user).values_list("role", flat=True)
    ) == ["student"]
    second = _create(registrar, program, first_name="Дана")
    assert second.student_number == "2500002"


def test_student_numbers_follow_the_intake_year(registrar: ActorScope, program: Program) -> None:
    assert _create(registrar, program, admission_year=2024).student_number == "2400001"
    assert _create(registrar, program, admission_year=2025).student_number == "2500001"
    assert _create(registrar, program, admission_year=2024).student_number == "2400002"


@pytest.mark.parametrize(
    ("case", "iin", "ok"),
    [
        ("valid, first pass", complete("90010130000"), True),
        ("valid, second pass (weights 3..11,1,2)", complete(_prefix(never_issued=False)), True),
        ("wrong control digit", "900101300001", False),
        ("second-pass prefix with a wrong digit", _prefix(never_issued=False) + "9", False),
        ("never issued", _prefix(never_issued=True) + "0", False),
        ("too short", "90010130000", False),
        ("letters", "90010130000A", False),
    ],
)
def test_iin_validation(
    registrar: ActorScope, program: Program, case: str, iin: str, ok: bool
) -> None:  # IIN-1
    if ok:
        assert _create(registrar, program, iin=iin).iin == iin
        return
    assert complete(_prefix(never_issued=False)) != _prefix(never_issued=False) + "9"
    with pytest.raises(PersonInvalid) as error:
        _create(registrar, program, iin=iin)
    assert error.value.extra["field"] == "iin"
    assert Student.objects.count() == 0
    assert User.objects.filter(first_name="Ерлан").count() == 0


def test_never_issued_iin_message(registrar: ActorScope, program: Program) -> None:
    with pytest.raises(PersonInvalid) as error:
        _create(registrar, program, iin=_prefix(never_issued=True) + "0")
    assert error.value.message == "This IIN cannot exist: its control digit is undefined."


def test_iin_date_part_differing_from_birth_date_only_warns(
    registrar: ActorScope, program: Program
) -> None:  # IIN-2
    iin = complete("90010130000")
    assert iin is not None
    student = _create(registrar, program, iin=iin, birth_date=dt.date(1995, 5, 5))
    assert (student.iin, student.birth_date) == (iin, dt.date(1995, 5, 5))
    assert iin_date_warning(iin, dt.date(1995, 5, 5)) is not None
    assert iin_date_warning(iin, dt.date(1990, 1, 1)) is None


def test_iin_unique_per_institution_only(
    registrar: ActorScope,
    program: Program,
    other_institution: Institution,
    make_user: Callable[..., User | None],
    actor_of: Actor,
) -> None:
    _create(registrar, program, iin="900101300007")
    with pytest.raises(DuplicatePerson) as error:
        _create(registrar, program, iin="900101300007", first_name="Басқа")
    assert error.value.extra["field"] == "iin"
    other_registrar = make_user("registrar", other_institution)
    assert other_registrar is not None
    other_program = ProgramFactory.create(
        department__faculty__institution=other_institution, code="6B06102"
    )
    assert _create(actor_of(other_registrar), other_program, iin="900101300007").iin == (
        "900101300007"
    )


def test_student_create_checks_group_program_and_email(
    registrar: ActorScope, program: Program, student: Student
) -> None:
    foreign_group = StudentGroupFactory.create(
        program=ProgramFactory.create(department=program.department, code="6B06199")
    )
    with pytest.raises(PersonInvalid) as error:
        _create(registrar, program, group=foreign_group)
    assert error.value.extra["field"] == "group"
    with pytest.raises(DuplicatePerson) as duplicate:
        _create(registrar, program, email=student.user.email.upper())
    assert duplicate.value.extra["field"] == "email"
    with pytest.raises(PersonInvalid) as future:
        _create(registrar, program, birth_date=timezone.localdate() + dt.timedelta(days=1))
    assert future.value.extra["field"] == "birth_date"


@pytest.mark.parametrize(
    ("role", "error"),
    [("dean", PeopleChangeForbidden), ("teacher", PeopleChangeForbidden)],
)
def test_only_registrar_or_admin_create_students(  # noqa: PLR0917
    make_user: Callable[..., User | None],
    actor_of: Actor,
    program: Program,
    faculty: Faculty,
    department: Department,
    role: str,
    error: type[Exception],
) -> None:
    scope: dict[str, Any] = {"faculty": faculty} if role == "dean" else {"department": department}
    user = make_user(role, **scope)
    assert user is not None
    with pytest.raises(error):
        _create(actor_of(user), program)
    assert Student.objects.count() == 0


def test_registrar_of_another_institution_gets_not_found(
    make_user: Callable[..., User | None],
    actor_of: Actor,
    program: Program,
    other_institution: Institution,
) -> None:
    user = make_user("registrar", other_institution)
    assert user is not None
    with pytest.raises(PersonNotFound):
        _create(actor_of(user), program)


def test_student_update_changes_contacts_and_keeps_status(
    registrar: ActorScope, student: Student, other_group: StudentGroup
) -> None:
    updated = services.student_update(
        actor=registrar,
        student=student,
        first_name="Айгерім",
        last_name="Омарова",
        middle_name="Серікқызы",
        email="aigerim.o@example.kz",
        program=student.program,
        group=other_group,
        iin="900101300007",
        birth_date=dt.date(1990, 1, 1),
        sex="f",
        citizenship="kz",
        phone="+7 777 000 11 22",
        contact_email="a@mail.kz",
        address="Атырау, Сәтбаев к-сі 1",
        study_form="online",
        language="ru",
        funding="paid",
        admission_year=2025,
        course_year=2,
    )
    updated.refresh_from_db()
    assert (
        updated.user.last_name,
        updated.user.email,
        updated.group_id,
        updated.phone,
        updated.citizenship,
        updated.study_form,
        updated.course_year,
        updated.status,
    ) == (
        "Омарова",
        "aigerim.o@example.kz",
        other_group.pk,
        "+7 777 000 11 22",
        "KZ",
        "online",
        2,
        "enrolled",
    )


def test_student_update_rejects_bad_phone(registrar: ActorScope, student: Student) -> None:
    with pytest.raises(PersonInvalid) as error:
        services.student_update(
            actor=registrar,
            student=student,
            first_name="А",
            last_name="Б",
            middle_name="",
            email="",
            program=student.program,
            group=student.group,
            iin=None,
            birth_date=None,
            sex="",
            citizenship="KZ",
            phone="call me",
            contact_email="",
            address="",
            study_form="full_time",
            language="kk",
            funding="grant",
            admission_year=2025,
            course_year=1,
        )
    assert error.value.extra["field"] == "phone"
    student.refresh_from_db()
    assert student.phone == "+7 701 234 56 78"


# ---------------------------------------------------------------- status history (SIS-6)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["academic_leave"], True),
        (["academic_leave", "enrolled"], True),
        (["academic_leave", "expelled"], True),
        (["expelled"], True),
        (["expelled", "enrolled"], True),  # reinstatement
        (["graduated"], True),
        (["enrolled"], False),
        (["academic_leave", "graduated"], False),
        (["expelled", "graduated"], False),
        (["expelled", "academic_leave"], False),
        (["graduated", "enrolled"], False),
        (["graduated", "expelled"], False),
    ],
)
def test_status_transitions(
    registrar: ActorScope, student: Student, path: list[str], allowed: bool
) -> None:
    day = dt.date(2025, 10, 1)
    *before, last = path
    for status in before:
        services.student_status_change(
            actor=registrar, student=student, status=status, effective_on=day
        )
    if allowed:
        change = services.student_status_change(
            actor=registrar,
            student=student,
            status=last,
            effective_on=day,
            reason="өтініш",
            order_number="77-С",
        )
        assert (change.status, change.order_number, change.recorded_by_id) == (
            last,
            "77-С",
            registrar.user_id,
        )
    else:
        with pytest.raises(StatusTransitionInvalid):
            services.student_status_change(
                actor=registrar, student=student, status=last, effective_on=day
            )
    student.refresh_from_db()
    expected = path if allowed else before
    assert student.status == (expected[-1] if expected else "enrolled")
    assert list(
        StudentStatusChange.objects.filter(student=student)
        .order_by("id")
        .values_list("status", flat=True)
    ) == ["enrolled", *expected]


def test_status_change_cannot_predate_the_last_one(registrar: ActorScope, student: Student) -> None:
    services.student_status_change(
        actor=registrar,
        student=student,
        status="academic_leave",
        effective_on=dt.date(2025, 11, 1),
    )
    with pytest.raises(StatusTransitionInvalid) as error:
        services.student_status_change(
            actor=registrar, student=student, status="enrolled", effective_on=dt.date(2025, 10, 1)
        )
    assert error.value.extra["field"] == "effective_on"
    student.refresh_from_db()
    assert student.status == StudentStatus.ACADEMIC_LEAVE


def test_dean_sees_but_cannot_change_status(
    make_user: Callable[..., User | None], actor_of: Actor, student: Student, faculty: Faculty
) -> None:
    dean = make_user("dean", faculty=faculty)
    assert dean is not None
    with pytest.raises(PeopleChangeForbidden):
        services.student_status_change(
            actor=actor_of(dean),
            student=student,
            status="expelled",
            effective_on=dt.date(2025, 10, 1),
        )
    assert StudentStatusChange.objects.filter(student=student).count() == 1


# ---------------------------------------------------------------- staff


def test_staff_create_and_update(
    registrar: ActorScope,
    institution: Institution,
    department: Department,
    other_institution: Institution,
) -> None:
    staff = services.staff_create(
        actor=registrar,
        institution=institution,
        username="b.serik",
        first_name="Болат",
        last_name="Серіков",
        email="b.serik@example.kz",
        department=department,
        position="доцент",
        academic_degree="PhD",
    )
    assert (staff.user.username, staff.department_id, staff.position) == (
        "b.serik",
        department.pk,
        "доцент",
    )
    with pytest.raises(DuplicatePerson):
        services.staff_create(
            actor=registrar,
            institution=institution,
            username="B.Serik",
            first_name="Х",
            last_name="Ы",
        )
    services.staff_update(
        actor=registrar,
        staff=staff,
        first_name="Болат",
        last_name="Серіков",
        middle_name="Ержанұлы",
        email="b.serik@example.kz",
        department=None,
        position="профессор",
        academic_degree="PhD",
        academic_title="профессор",
        phone="+7 701 000 00 00",
    )
    staff.refresh_from_db()
    assert (staff.department_id, staff.position, staff.user.middle_name) == (
        None,
        "профессор",
        "Ержанұлы",
    )
    foreign = ProgramFactory.create(department__faculty__institution=other_institution).department
    with pytest.raises(PersonInvalid) as error:
        services.staff_update(
            actor=registrar,
            staff=staff,
            first_name="Болат",
            last_name="Серіков",
            middle_name="",
            email="",
            department=foreign,
            position="",
            academic_degree="",
            academic_title="",
            phone="",
        )
    assert error.value.extra["field"] == "department"
    assert Staff.objects.count() == 1


# ---------------------------------------------------------------- roles (SEC-2)


@pytest.fixture
def admin(make_user: Callable[..., User | None], actor_of: Actor) -> ActorScope:
    user = make_user("admin")
    assert user is not None
    return actor_of(user)


@pytest.mark.parametrize(
    ("role", "scope", "ok"),
    [
        ("dean", "faculty", True),
        ("dean", "department", False),
        ("dean", "", False),
        ("department_head", "department", True),
        ("department_head", "faculty", False),
        ("teacher", "department", True),
        ("teacher", "", False),
        ("advisor", "group", True),
        ("advisor", "department", False),
        ("tutor", "group", True),
        ("tutor", "department", True),  # department-wide tutor
        ("tutor", "faculty", False),
        ("tutor", "", False),
        ("registrar", "", True),
        ("registrar", "faculty", False),
        ("rector_office", "", True),
        ("distance_unit", "", True),
        ("proctor", "", True),
        ("proctor", "group", False),
        ("admin", "", True),
    ],
)
def test_role_scope_fits_the_role(  # noqa: PLR0917
    admin: ActorScope,
    institution: Institution,
    faculty: Faculty,
    department: Department,
    group: StudentGroup,
    role: str,
    scope: str,
    ok: bool,
) -> None:
    person = Staff.objects.create(
        user=User.objects.create(username="person"), institution=institution
    ).user
    kwargs: dict[str, Any] = {"faculty": faculty, "department": department, "group": group}
    given: dict[str, Any] = {scope: kwargs[scope]} if scope else {}
    if ok:
        assignment = services.role_assign(
            actor=admin, user=person, role=role, institution=institution, **given
        )
        assert (
            assignment.role,
            assignment.faculty_id,
            assignment.department_id,
            assignment.group_id,
        ) == (
            role,
            faculty.pk if scope == "faculty" else None,
            department.pk if scope == "department" else None,
            group.pk if scope == "group" else None,
        )
    else:
        with pytest.raises(RoleScopeInvalid):
            services.role_assign(
                actor=admin, user=person, role=role, institution=institution, **given
            )
        assert RoleAssignment.objects.filter(user=person).count() == 0


def test_role_scope_of_another_institution_rejected(
    admin: ActorScope, institution: Institution, other_institution: Institution, student: Student
) -> None:
    foreign = ProgramFactory.create(department__faculty__institution=other_institution)
    with pytest.raises(RoleScopeInvalid) as error:
        services.role_assign(
            actor=admin,
            user=student.user,
            role="department_head",
            institution=institution,
            department=foreign.department,
        )
    assert error.value.extra["field"] == "department"


def test_only_administrators_assign_roles(  # noqa: PLR0917
    registrar: ActorScope,
    admin: ActorScope,
    make_user: Callable[..., User | None],
    actor_of: Actor,
    institution: Institution,
    other_institution: Institution,
    student: Student,
) -> None:
    with pytest.raises(PeopleChangeForbidden):
        services.role_assign(
            actor=registrar, user=student.user, role="proctor", institution=institution
        )
    other_admin = make_user("admin", other_institution)
    assert other_admin is not None
    with pytest.raises(PersonNotFound):
        services.role_assign(
            actor=actor_of(other_admin), user=student.user, role="proctor", institution=institution
        )
    services.role_assign(actor=admin, user=student.user, role="proctor", institution=institution)
    with pytest.raises(DuplicatePerson):
        services.role_assign(
            actor=admin, user=student.user, role="proctor", institution=institution
        )
    assert sorted(
        RoleAssignment.objects.filter(user=student.user).values_list("role", flat=True)
    ) == [
        "proctor",
        "student",
    ]


def test_student_role_needs_a_personal_file(admin: ActorScope, institution: Institution) -> None:
    person = User.objects.create(username="nobody")
    with pytest.raises(RoleScopeInvalid):
        services.role_assign(actor=admin, user=person, role="student", institution=institution)


def test_role_revoke(admin: ActorScope, institution: Institution, student: Student) -> None:
    assignment = services.role_assign(
        actor=admin, user=student.user, role="proctor", institution=institution
    )
    services.role_revoke(actor=admin, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert admin.user_id is not None
    own = RoleAssignment.objects.get(user_id=admin.user_id, role="admin")
    with pytest.raises(PeopleChangeForbidden):
        services.role_revoke(actor=admin, assignment=own)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


# ---------------------------------------------------------------- study plans (SIS-4, SIS-3)


@pytest.fixture
def curriculum(program: Program, department: Department) -> Curriculum:
    """Semester 1: A 5, B 5 (general), C 3 (university); group KV1 choose 1 of D/E/F (5).
    Semester 2: G 6 (general), K 2 (elective outside a group); group KV2 choose 2 of
    H/I/J (4)."""
    curriculum = CurriculumFactory.create(program=program, admission_year=2025)

    def item(  # noqa: PLR0917
        code: str,
        credits: int,
        semester: int,
        component: str = Component.GENERAL_MANDATORY,
        group: str = "",
        choose: int = 1,
    ) -> CurriculumItem:
        return CurriculumItemFactory.create(
            curriculum=curriculum,
            discipline=DisciplineFactory.create(department=department, code=code, credits=credits),
            semester=semester,
            component=component,
            elective_group=group,
            elective_choose=choose,
        )

    item("A", 5, 1)
    item("B", 5, 1)
    item("C", 3, 1, Component.UNIVERSITY)
    for code in "DEF":
        item(code, 5, 1, Component.ELECTIVE, "KV1", 1)
    item("G", 6, 2)
    item("K", 2, 2, Component.ELECTIVE)
    for code in "HIJ":
        item(code, 4, 2, Component.ELECTIVE, "KV2", 2)
    return curriculum


def _option(curriculum: Curriculum, code: str) -> CurriculumItem:
    return CurriculumItem.objects.select_related("discipline").get(
        curriculum=curriculum, discipline__code=code
    )


def _plan(student: Student) -> tuple[list[tuple[int, int]], int]:
    summary = selectors.study_plan_summary(student=student)
    return [(s.semester, s.credits) for s in summary.semesters], summary.total_credits


def test_study_plan_generate_is_idempotent(
    registrar: ActorScope, student: Student, curriculum: Curriculum
) -> None:
    assert services.study_plan_generate(actor=registrar, student=student) == 5
    assert sorted(
        StudyPlanItem.objects.filter(student=student).values_list("discipline__code", flat=True)
    ) == ["A", "B", "C", "G", "K"]
    assert _plan(student) == ([(1, 13), (2, 8)], 21)
    assert services.study_plan_generate(actor=registrar, student=student) == 0
    assert StudyPlanItem.objects.filter(student=student).count() == 5
    summary = selectors.study_plan_summary(student=student)
    assert (summary.program_credits, summary.missing_credits) == (240, 219)


def test_study_plan_generate_without_curriculum(registrar: ActorScope, student: Student) -> None:
    with pytest.raises(CurriculumMissing):
        services.study_plan_generate(actor=registrar, student=student)


def test_electives_within_limits(
    registrar: ActorScope, actor_of: Actor, student: Student, curriculum: Curriculum
) -> None:  # SIS-3
    services.study_plan_generate(actor=registrar, student=student)
    me = actor_of(student.user)
    services.study_plan_choose_elective(
        actor=me, student=student, curriculum_item=_option(curriculum, "D")
    )
    with pytest.raises(ElectiveChoiceInvalid) as error:
        services.study_plan_choose_elective(
            actor=me, student=student, curriculum_item=_option(curriculum, "E")
        )
    assert error.value.message == (
        "In semester 1 you may choose 1 from the group KV1 and have already chosen 1; "
        "drop one first."
    )
    services.study_plan_choose_elective(
        actor=me, student=student, curriculum_item=_option(curriculum, "H")
    )
    services.study_plan_choose_elective(
        actor=me, student=student, curriculum_item=_option(curriculum, "I")
    )
    with pytest.raises(ElectiveChoiceInvalid):
        services.study_plan_choose_elective(
            actor=me, student=student, curriculum_item=_option(curriculum, "J")
        )
    assert _plan(student) == ([(1, 18), (2, 16)], 34)
    with pytest.raises(ElectiveChoiceInvalid):  # already chosen
        services.study_plan_choose_elective(
            actor=me, student=student, curriculum_item=_option(curriculum, "H")
        )
    h = StudyPlanItem.objects.get(student=student, discipline__code="H")
    services.study_plan_drop_elective(actor=me, student=student, item=h)
    assert _plan(student) == ([(1, 18), (2, 12)], 30)
    services.study_plan_choose_elective(
        actor=me, student=student, curriculum_item=_option(curriculum, "J")
    )
    assert _plan(student) == ([(1, 18), (2, 16)], 34)
    groups = selectors.elective_groups(student=student)
    assert [(g.semester, g.name, g.choose, g.chosen_count) for g in groups] == [
        (1, "KV1", 1, 1),
        (2, "KV2", 2, 2),
    ]


def test_electives_only_from_the_curriculums_groups(
    registrar: ActorScope,
    actor_of: Actor,
    student: Student,
    curriculum: Curriculum,
    department: Department,
) -> None:
    services.study_plan_generate(actor=registrar, student=student)
    me = actor_of(student.user)
    for code in ("A", "K"):  # mandatory; elective outside a group (already in the plan)
        with pytest.raises(ElectiveChoiceInvalid):
            services.study_plan_choose_elective(
                actor=me, student=student, curriculum_item=_option(curriculum, code)
            )
    foreign = CurriculumItemFactory.create(
        curriculum=CurriculumFactory.create(program=student.program, admission_year=2024),
        discipline=DisciplineFactory.create(department=department, code="Z"),
        component=Component.ELECTIVE,
        elective_group="KV1",
    )
    with pytest.raises(ElectiveChoiceInvalid) as error:
        services.study_plan_choose_elective(actor=me, student=student, curriculum_item=foreign)
    assert error.value.message == "This discipline is not an elective of your curriculum."
    a = StudyPlanItem.objects.get(student=student, discipline__code="A")
    with pytest.raises(ElectiveChoiceInvalid):
        services.study_plan_drop_elective(actor=me, student=student, item=a)
    assert _plan(student) == ([(1, 13), (2, 8)], 21)


def test_another_student_cannot_choose_for_me(
    actor_of: Actor,
    student: Student,
    curriculum: Curriculum,
    program: Program,
    other_group: StudentGroup,
) -> None:
    other = student_make(program, other_group)
    with pytest.raises(PersonNotFound):
        services.study_plan_choose_elective(
            actor=actor_of(other.user), student=student, curriculum_item=_option(curriculum, "D")
        )
    assert StudyPlanItem.objects.count() == 0


def test_electives_closed_while_on_leave(
    registrar: ActorScope, actor_of: Actor, student: Student, curriculum: Curriculum
) -> None:
    services.student_status_change(
        actor=registrar, student=student, status="academic_leave", effective_on=dt.date(2025, 10, 1)
    )
    with pytest.raises(ElectiveChoiceInvalid):
        services.study_plan_choose_elective(
            actor=actor_of(student.user), student=student, curriculum_item=_option(curriculum, "D")
        )


# --- SEC-2: scopes in force, one grant once ------------------------------------------


def test_roles_in_core_scope_are_roles_of_people():
    from qashyq.core.scope import INSTITUTION_WIDE_ROLES, STRUCTURE_MANAGERS
    from qashyq.people.models import Role

    assert set(Role.values) >= (INSTITUTION_WIDE_ROLES | STRUCTURE_MANAGERS)


def test_an_assignment_not_in_force_grants_nothing(db):
    import datetime as dt

    from django.utils import timezone

    from qashyq.accounts.tests.factories import UserFactory
    from qashyq.institutions.tests.factories import InstitutionFactory
    from qashyq.people import selectors
    from qashyq.people.models import RoleAssignment

    user = UserFactory.create()
    institution = InstitutionFactory.create()
    today = timezone.localdate()
    RoleAssignment.objects.create(
        user=user, role="registrar", institution=institution, ends_on=today - dt.timedelta(days=1)
    )
    RoleAssignment.objects.create(
        user=user, role="admin", institution=institution, starts_on=today + dt.timedelta(days=1)
    )
    RoleAssignment.objects.create(
        user=user, role="rector_office", institution=institution, starts_on=today, ends_on=today
    )
    assert selectors.actor_scope(user=user).roles == frozenset({"rector_office"})


def test_the_same_institution_wide_role_cannot_be_given_twice(db):
    from django.db import IntegrityError, transaction

    from qashyq.accounts.tests.factories import UserFactory
    from qashyq.institutions.tests.factories import InstitutionFactory
    from qashyq.people.models import RoleAssignment

    user = UserFactory.create()
    institution = InstitutionFactory.create()
    RoleAssignment.objects.create(user=user, role="registrar", institution=institution)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="registrar", institution=institution)
