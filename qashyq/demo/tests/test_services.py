"""The demo university generator: exact facts about a small generated university."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError

from qashyq.accounts.models import User
from qashyq.core.identifiers import validate_bin, validate_iin
from qashyq.demo import services
from qashyq.demo.builder import DEMO_PASSWORD, FIXED_ACCOUNTS
from qashyq.demo.data import DemoSummary
from qashyq.demo.errors import DemoAccountsTaken, DemoInstitutionExists, DemoInvalidOptions
from qashyq.institutions.models import (
    AcademicPeriod,
    AcademicYear,
    CurriculumItem,
    Discipline,
    Institution,
    PeriodKind,
    Program,
)
from qashyq.people import selectors as people_selectors
from qashyq.people.models import (
    RoleAssignment,
    Staff,
    Student,
    StudentStatus,
    StudentStatusChange,
    StudyPlanItem,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)  # the current academic year is 2026–2027
N = 120
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def generate(**kwargs: object) -> DemoSummary:
    # The foundation only: each later capability's demo is tested in its own module, and
    # the whole demo once below (test_whole_demo_with_every_capability_and_its_reset).
    options: dict[str, object] = {
        "students": N,
        "seed": 2026,
        "today": TODAY,
        "capabilities": False,
    }
    options.update(kwargs)
    return services.demo_university_generate(**options)  # type: ignore[arg-type]


@pytest.fixture
def summary() -> DemoSummary:
    return generate()


def fingerprint(code: str) -> list[tuple[object, ...]]:
    students = Student.objects.filter(institution__code=code).order_by("student_number")
    plans = defaultdict(list)
    for student_number, discipline in StudyPlanItem.objects.filter(
        student__institution__code=code
    ).values_list("student__student_number", "discipline__code"):
        plans[student_number].append(discipline)
    return [
        (
            s.student_number,
            s.user.last_name,
            s.user.first_name,
            s.user.middle_name,
            s.iin,
            s.birth_date,
            s.group.code if s.group else None,
            s.status,
            s.funding,
            tuple(sorted(plans[s.student_number])),
        )
        for s in students.select_related("user", "group")
    ]


def test_counts_equal_n_and_every_iin_is_valid(summary: DemoSummary) -> None:  # IIN-1
    institution = Institution.objects.get(code="demo")
    students = Student.objects.filter(institution=institution)
    assert summary.students == N
    assert students.count() == N
    assert User.objects.count() == N + Staff.objects.filter(institution=institution).count()
    assert summary.staff == Staff.objects.filter(institution=institution).count()
    assert summary.plan_items == StudyPlanItem.objects.count()
    validate_bin(institution.bin)  # BIN-1
    for iin, citizenship in students.values_list("iin", "citizenship"):
        if citizenship == "KZ":
            assert iin is not None
            validate_iin(iin)
        else:  # foreign students have no IIN
            assert iin is None
    iins = [iin for iin in students.values_list("iin", flat=True) if iin]
    assert len(iins) == len(set(iins))
    with pytest.raises(ValidationError):
        validate_iin(iins[0][:11] + str((int(iins[0][11]) + 1) % 10))


def test_every_student_is_in_a_group_of_their_program_and_intake(summary: DemoSummary) -> None:
    for student in Student.objects.select_related("group"):
        assert student.group is not None
        assert student.group.program_id == student.program_id
        assert student.group.admission_year == student.admission_year
        assert student.group.language == student.language


def test_plan_credits_per_semester_equal_the_curriculum(summary: DemoSummary) -> None:  # SIS-4
    # The curriculum's credits per semester: mandatory items plus one option per group.
    curriculum_credits: dict[tuple[int, int], dict[int, int]] = defaultdict(
        lambda: defaultdict(int)
    )
    seen_groups: set[tuple[int, str]] = set()
    items = CurriculumItem.objects.select_related("curriculum", "discipline")
    for item in items:
        key = (item.curriculum.program_id, item.curriculum.admission_year)
        if item.elective_group:
            if (item.curriculum_id, item.elective_group) in seen_groups:
                continue
            seen_groups.add((item.curriculum_id, item.elective_group))
        curriculum_credits[key][item.semester] += item.discipline.credits
    plan_credits: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    groups_taken: dict[int, list[str]] = defaultdict(list)
    for student_id, semester, credits, group in StudyPlanItem.objects.values_list(
        "student_id", "semester", "credits", "curriculum_item__elective_group"
    ):
        plan_credits[student_id][semester] += credits
        if group:
            groups_taken[student_id].append(group)
    students = list(Student.objects.select_related("program"))
    assert len(plan_credits) == N
    for student in students:
        expected = curriculum_credits[(student.program_id, student.admission_year)]
        assert dict(plan_credits[student.pk]) == dict(expected)
        # One discipline chosen from each elective group, never two.
        assert len(groups_taken[student.pk]) == len(set(groups_taken[student.pk]))
        assert sum(expected.values()) == student.program.total_credits
        assert set(expected.values()) == {30}  # 30 credits every semester


def test_programs_disciplines_and_calendar(summary: DemoSummary) -> None:
    programs = {p.code: p for p in Program.objects.select_related("direction")}
    assert summary.programs == len(programs) == 23
    assert programs["6B06101"].direction is not None
    assert programs["6B06101"].direction.code == "6B061"
    assert programs["6B01101"].is_pedagogical
    mba, dba = programs["7M04102"], programs["8D04101"]
    assert (mba.level, mba.direction.code if mba.direction else None) == ("mba", "7M041")
    assert (dba.level, dba.direction.code if dba.direction else None) == ("dba", "8D041")
    credits = {
        level: {p.total_credits for p in programs.values() if p.level == level}
        for level in ("bachelor", "master", "doctorate", "mba", "emba", "dba")
    }
    assert credits == {
        "bachelor": {240},
        "master": {120},
        "doctorate": {180},
        "mba": {90},
        "emba": {60},
        "dba": {180},
    }  # CRD-2
    assert sorted(p.code for p in programs.values() if p.study_form == "online") == [
        "6B04104",
        "6B06103",
        "7M04103",
    ]
    for discipline in Discipline.objects.all():  # CRD-1: one credit = 30 hours
        assert discipline.total_hours == 30 * discipline.credits
    assert Discipline.objects.filter(is_mooc_based=True).exists()
    # CAL-6: years from the oldest intake (2022) to 2026–2027, two 15-week semesters and
    # a summer semester of 6 weeks.
    years = list(AcademicYear.objects.order_by("start_year"))
    assert [y.start_year for y in years] == [2022, 2023, 2024, 2025, 2026]
    assert (years[-1].starts_on, years[-1].ends_on) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    for period in AcademicPeriod.objects.filter(academic_year=years[-1]):
        assert period.exam_session_starts_on is not None
        if period.kind == PeriodKind.SEMESTER:
            assert (period.exam_session_starts_on - period.starts_on).days == 15 * 7
        else:
            assert (period.ends_on - period.starts_on).days + 1 == 6 * 7
    assert AcademicPeriod.objects.filter(academic_year=years[-1]).count() == 3


def test_names_are_kazakh_russian_and_gendered(summary: DemoSummary) -> None:
    people = list(Student.objects.values_list("sex", "user__last_name", "user__middle_name"))
    with_kazakh_letters = [p for p in people if KAZAKH_LETTERS & set(p[1] + p[2])]
    assert 2 * len(with_kazakh_letters) > len(people)  # Kazakh names are the majority
    for sex, last, middle in people:
        if sex == "f":
            assert not last.endswith(("ов", "ев", "ин", "ұлы")), last
            assert middle == "" or middle.endswith(("қызы", "овна", "евна")), middle
        else:
            assert not last.endswith(("ова", "ева", "қызы")), last
            assert middle == "" or middle.endswith(("ұлы", "ович", "евич")), middle


def test_status_history_ends_in_the_current_status(summary: DemoSummary) -> None:  # SIS-6
    history = defaultdict(list)
    for student_id, status in StudentStatusChange.objects.order_by(
        "student_id", "effective_on", "id"
    ).values_list("student_id", "status"):
        history[student_id].append(status)
    for student in Student.objects.all():
        assert history[student.pk][0] == StudentStatus.ENROLLED
        assert history[student.pk][-1] == student.status
    statuses = set(Student.objects.values_list("status", flat=True))
    assert {StudentStatus.ENROLLED, StudentStatus.GRADUATED} <= statuses


def test_fixed_accounts_have_the_right_scopes(summary: DemoSummary) -> None:  # SEC-2
    users = {u.username: u for u in User.objects.filter(username__in=FIXED_ACCOUNTS)}
    assert set(users) == set(FIXED_ACCOUNTS)
    assert [a.username for a in summary.accounts] == list(FIXED_ACCOUNTS)
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
    student = Student.objects.select_related("program__department", "group").get(
        user=users["student"]
    )
    assert student.status == StudentStatus.ENROLLED
    assert student.group is not None
    assert student.group.code == "АЖ-25-1"
    assert StudyPlanItem.objects.filter(student=student).count() > 0
    department = student.program.department
    faculty_id = department.faculty_id

    def grants(username: str) -> set[tuple[str, int | None, int | None, int | None]]:
        return set(
            RoleAssignment.objects.filter(user=users[username]).values_list(
                "role", "faculty_id", "department_id", "group_id"
            )
        )

    assert ("advisor", None, None, student.group_id) in grants("advisor")
    assert ("tutor", None, None, student.group_id) in grants("tutor")
    assert ("teacher", None, department.pk, None) in grants("teacher")
    assert Staff.objects.get(user=users["teacher"]).department_id == department.pk
    assert grants("head") == {
        ("department_head", None, department.pk, None),
        ("teacher", None, department.pk, None),
    }
    assert grants("dean") == {("dean", faculty_id, None, None)}
    for username, role in (
        ("registrar", "registrar"),
        ("dlu", "distance_unit"),
        ("proctor", "proctor"),
        ("rector", "rector_office"),
        ("admin", "admin"),
    ):
        assert grants(username) == {(role, None, None, None)}
    assert users["admin"].is_superuser
    assert users["admin"].is_staff
    assert not users["registrar"].is_superuser
    # The people app reads the same scopes: the dean's faculty holds the student's program.
    dean = people_selectors.actor_scope(user=users["dean"])
    assert dean.faculties_with("dean") == frozenset({faculty_id})
    advisor = people_selectors.actor_scope(user=users["advisor"])
    assert student.group_id in advisor.groups_with("advisor")
    me = people_selectors.actor_scope(user=users["student"])
    assert me.student_id == student.pk


def test_same_seed_same_university_and_reset_replaces_it() -> None:
    generate(institution_code="a", seed=7, students=60)
    first = fingerprint("a")
    with pytest.raises(DemoInstitutionExists):
        generate(institution_code="a", seed=7, students=60)
    generate(institution_code="a", seed=7, students=60, reset=True)
    assert fingerprint("a") == first
    assert Student.objects.count() == 60  # the old one is gone, people included
    assert User.objects.filter(username="student.a").count() == 1
    generate(institution_code="a", seed=8, students=60, reset=True)
    assert fingerprint("a") != first


def test_refuses_bad_options_and_taken_user_names() -> None:
    with pytest.raises(DemoInvalidOptions):
        generate(students=0)
    with pytest.raises(DemoInvalidOptions):
        generate(institution_code="no spaces")
    User.objects.create(username="registrar")
    with pytest.raises(DemoAccountsTaken) as refused:
        generate()
    assert refused.value.extra == {"usernames": ["registrar"]}
    assert not Institution.objects.exists()


def test_whole_demo_with_every_capability_and_its_reset() -> None:
    """`qashyq demo` builds the foundation and every capability on it (issues 3 to 6),
    and --reset removes all of it before building it again."""
    from qashyq.courses.models import Course, Enrolment
    from qashyq.demo.lrs import CLIENT_NAME
    from qashyq.distance.models import RectorOrder, TransferApplication
    from qashyq.footprint.models import Statement
    from qashyq.lrs.models import Client
    from qashyq.regulations.models import RulePack
    from qashyq.reports.models import CourseDay
    from qashyq.schedule.models import ClassSession

    def counts() -> tuple[int, ...]:
        return (
            RulePack.objects.filter(institution__code="demo").count(),
            Course.objects.filter(institution__code="demo").count(),
            Enrolment.objects.filter(course__institution__code="demo").count(),
            ClassSession.objects.filter(course__institution__code="demo").count(),
            TransferApplication.objects.filter(institution__code="demo").count(),
            RectorOrder.objects.filter(institution__code="demo").count(),
            Statement.objects.filter(
                stream__key=Client.objects.get(name=CLIENT_NAME).stream_key,
                actor__student__institution__code="demo",
            ).count(),
            CourseDay.objects.filter(course_id__in=demo_courses()).count(),
        )

    def demo_courses() -> list[int]:
        return list(Course.objects.filter(institution__code="demo").values_list("pk", flat=True))

    generate(capabilities=True)
    first = counts()
    assert first[0] == 1
    assert all(n > 0 for n in first)
    generate(capabilities=True, reset=True)
    again = counts()
    # The same again, but the timetable: its random draws are seeded by the period's
    # primary key, which a reset changes (on PostgreSQL; SQLite reuses the keys), and the
    # rollups' course days, which count the days with classes among the others.
    assert again[:3] + again[4:7] == first[:3] + first[4:7]
    assert again[3] > 0
    assert again[7] > 0
