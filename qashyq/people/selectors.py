"""Reads of people: every function takes the actor and returns only what the actor may
see (SEC-2), with what the caller renders already fetched (no N+1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.cache import cached, generation
from qashyq.core.scope import ActorScope, Grant
from qashyq.institutions.models import (
    AcademicPeriod,
    Component,
    Curriculum,
    CurriculumItem,
    Department,
    Discipline,
    Faculty,
    Institution,
    Level,
    PeriodKind,
    Program,
    StudentGroup,
    StudyForm,
)
from qashyq.people.data import PlanSummary, SemesterCredits, StudentFilter
from qashyq.people.errors import PersonNotFound
from qashyq.people.models import (
    PlanItemStatus,
    Role,
    RoleAssignment,
    Staff,
    Student,
    StudentStatus,
    StudentStatusChange,
    StudyPlanItem,
)
from qashyq.people.permissions import (
    can_assign_roles,
    can_manage_students,
    can_see_iin,
    role_assignment_scope,
    staff_scope,
    student_scope,
)

# ---------------------------------------------------------------- the actor


def actor_scope(*, user: User | AnonymousUser) -> ActorScope:
    """The roles and scopes of a user (SEC-2): cached until a people service writes
    (ADR 0014), else three small queries.

    Only assignments in force today (Asia/Almaty) count: one that has not started or
    has ended grants nothing.
    """
    if not user.is_authenticated:
        return ActorScope.anonymous()
    today = timezone.localdate()
    user_id, is_superuser = int(user.pk), bool(user.is_superuser)
    key = f"people:scope:{user_id}:{int(is_superuser)}:{today}:{generation('people')}"
    return cached(
        key,
        lambda: _actor_scope(user_id=user_id, is_superuser=is_superuser, today=today),
        local=True,
    )


def _actor_scope(*, user_id: int, is_superuser: bool, today: dt.date) -> ActorScope:
    in_force = (Q(starts_on__isnull=True) | Q(starts_on__lte=today)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    grants = tuple(
        Grant(
            role=r.role,
            institution_id=r.institution_id,
            faculty_id=r.faculty_id,
            department_id=r.department_id,
            group_id=r.group_id,
        )
        for r in RoleAssignment.objects.filter(in_force, user_id=user_id).only(
            "role", "institution_id", "faculty_id", "department_id", "group_id"
        )
    )
    student_id = Student.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
    staff = Staff.objects.filter(user_id=user_id).values("pk", "department_id").first()
    roles = frozenset(g.role for g in grants)
    return ActorScope(
        user_id=user_id,
        is_superuser=is_superuser,
        grants=grants,
        student_id=student_id,
        staff_id=staff["pk"] if staff else None,
        staff_department_id=staff["department_id"] if staff else None,
        roles=roles,
    )


def _not_found() -> PersonNotFound:
    return PersonNotFound(_("Not found."))


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise _not_found() from None


# ---------------------------------------------------------------- students (SIS-6)


def student_list_for(
    *, actor: ActorScope, filters: StudentFilter | None = None
) -> QuerySet[Student]:
    """Students the actor may see, filtered, with user, program, department, faculty and
    group fetched in the same query. Search matches names, the student number and the IIN
    (the IIN only for those who may see it)."""
    f = filters or StudentFilter()
    queryset = Student.objects.filter(student_scope(actor)).select_related(
        "user", "program__department__faculty", "group"
    )
    if f.institution_id is not None:
        queryset = queryset.filter(institution_id=f.institution_id)
    if f.program_id is not None:
        queryset = queryset.filter(program_id=f.program_id)
    if f.group_id is not None:
        queryset = queryset.filter(group_id=f.group_id)
    if f.faculty_id is not None:
        queryset = queryset.filter(program__department__faculty_id=f.faculty_id)
    if f.department_id is not None:
        queryset = queryset.filter(program__department_id=f.department_id)
    if f.status:
        queryset = queryset.filter(status=f.status)
    if f.study_form:
        queryset = queryset.filter(study_form=f.study_form)
    if search := f.search.strip():
        condition = Q(student_number__icontains=search)
        for word in search.split():
            condition |= (
                Q(user__last_name__icontains=word)
                | Q(user__first_name__icontains=word)
                | Q(user__middle_name__icontains=word)
            )
        if search.isdigit() and len(search) == 12:
            # IIN-2: searching by IIN only within the files whose IIN the actor may see.
            iin_institutions = (
                None
                if actor.is_superuser
                else sorted(actor.institutions_with("registrar", "admin"))
            )
            iin_q = Q(iin=search)
            if iin_institutions is not None:
                iin_q &= Q(institution_id__in=iin_institutions)
            condition |= iin_q
        queryset = queryset.filter(condition)
    return queryset.order_by("user__last_name", "user__first_name", "student_number", "pk")


def student_get_for(*, actor: ActorScope, student_id: object) -> Student:
    """One student, or PersonNotFound for absent and not-visible alike (SEC-2)."""
    try:
        return student_list_for(actor=actor).select_related("institution").get(pk=_pk(student_id))
    except ObjectDoesNotExist:
        raise _not_found() from None


def student_file_for(*, actor: ActorScope, student_id: object) -> Student:
    """The personal file (SIS-6): the student with the status history (and who recorded
    each change) and the study plan (with disciplines) prefetched."""
    history = StudentStatusChange.objects.select_related("recorded_by").order_by(
        "effective_on", "id"
    )
    plan = StudyPlanItem.objects.select_related("discipline", "curriculum_item").order_by(
        "semester", "discipline__code"
    )
    queryset = (
        student_list_for(actor=actor)
        .select_related("institution", "program__direction")
        .prefetch_related(
            Prefetch("status_history", queryset=history), Prefetch("plan_items", queryset=plan)
        )
    )
    try:
        return queryset.get(pk=_pk(student_id))
    except ObjectDoesNotExist:
        raise _not_found() from None


def student_curriculum(*, student: Student) -> Curriculum | None:
    """The working curriculum of the student's program and intake year (SIS-4)."""
    return Curriculum.objects.filter(
        program_id=student.program_id, admission_year=student.admission_year
    ).first()


def iin_visible(*, actor: ActorScope, student: Student) -> bool:
    """IIN-2: the whole IIN only for the registrar and administrators."""
    return can_see_iin(actor, student.institution_id)


def student_status_history(*, student: Student) -> list[StudentStatusChange]:
    return list(
        StudentStatusChange.objects.filter(student=student)
        .select_related("recorded_by")
        .order_by("effective_on", "id")
    )


# ---------------------------------------------------------------- study plans (SIS-4)


def plan_summary(*, items: Iterable[StudyPlanItem], program_credits: int) -> PlanSummary:
    """Credits per semester and in total against the program (dropped items left out)."""
    credits: dict[int, int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    for item in items:
        if item.status == PlanItemStatus.DROPPED:
            continue
        credits[item.semester] += item.credits
        counts[item.semester] += 1
    semesters = tuple(
        SemesterCredits(semester=s, credits=credits[s], disciplines=counts[s])
        for s in sorted(credits)
    )
    return PlanSummary(
        semesters=semesters,
        total_credits=sum(credits.values()),
        program_credits=program_credits,
    )


def study_plan_items(*, student: Student) -> list[StudyPlanItem]:
    """The plan's items by semester, with disciplines and curriculum items."""
    return list(
        StudyPlanItem.objects.filter(student=student)
        .select_related("discipline", "curriculum_item")
        .order_by("semester", "discipline__code")
    )


def study_plan_summary(*, student: Student) -> PlanSummary:
    return plan_summary(
        items=study_plan_items(student=student), program_credits=student.program.total_credits
    )


@dataclass(frozen=True)
class ElectiveOption:
    item: CurriculumItem
    chosen: StudyPlanItem | None


@dataclass(frozen=True)
class ElectiveGroup:
    """An elective group of the curriculum (SIS-3): choose `choose` of `options`."""

    semester: int
    name: str
    choose: int
    options: list[ElectiveOption]

    @property
    def chosen_count(self) -> int:
        return sum(1 for o in self.options if o.chosen is not None)

    @property
    def is_full(self) -> bool:
        return self.chosen_count >= self.choose


def elective_groups(*, student: Student) -> list[ElectiveGroup]:
    """The elective groups of the student's curriculum with what the student chose."""
    curriculum = student_curriculum(student=student)
    if curriculum is None:
        return []
    options = (
        CurriculumItem.objects.filter(
            curriculum=curriculum, component=Component.ELECTIVE, elective_group__gt=""
        )
        .select_related("discipline")
        .order_by("semester", "elective_group", "discipline__code")
    )
    chosen = {
        p.curriculum_item_id: p
        for p in StudyPlanItem.objects.filter(
            student=student, curriculum_item__curriculum=curriculum
        ).exclude(status=PlanItemStatus.DROPPED)
    }
    grouped: dict[tuple[int, str], list[CurriculumItem]] = defaultdict(list)
    for item in options:
        grouped[(item.semester, item.elective_group)].append(item)
    return [
        ElectiveGroup(
            semester=semester,
            name=name,
            choose=items[0].elective_choose,
            options=[ElectiveOption(item=i, chosen=chosen.get(i.pk)) for i in items],
        )
        for (semester, name), items in sorted(grouped.items())
    ]


def current_semester(*, student: Student, today: dt.date | None = None) -> int:
    """The semester of the programme the student is in now: from the course year and the
    institution's current semester (CAL-6); without a calendar, autumn = odd, spring = even."""
    today = today or timezone.localdate()
    number = (
        AcademicPeriod.objects.filter(
            academic_year__institution_id=student.institution_id,
            kind=PeriodKind.SEMESTER,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .values_list("number", flat=True)
        .first()
    )
    if number not in {1, 2}:
        number = 1 if today.month >= 8 or today.month == 1 else 2
    return (student.course_year - 1) * 2 + int(number or 1)


# ---------------------------------------------------------------- staff and roles


def staff_list_for(
    *,
    actor: ActorScope,
    institution_id: int | None = None,
    department_id: int | None = None,
    search: str = "",
) -> QuerySet[Staff]:
    """Staff the actor may see, with user, department and faculty fetched."""
    queryset = Staff.objects.filter(staff_scope(actor)).select_related(
        "user", "department__faculty", "institution"
    )
    if institution_id is not None:
        queryset = queryset.filter(institution_id=institution_id)
    if department_id is not None:
        queryset = queryset.filter(department_id=department_id)
    if search := search.strip():
        condition = Q(user__username__icontains=search) | Q(position__icontains=search)
        for word in search.split():
            condition |= Q(user__last_name__icontains=word) | Q(user__first_name__icontains=word)
        queryset = queryset.filter(condition)
    return queryset.order_by("user__last_name", "user__first_name", "pk")


def staff_get_for(*, actor: ActorScope, staff_id: object) -> Staff:
    try:
        return staff_list_for(actor=actor).get(pk=_pk(staff_id))
    except ObjectDoesNotExist:
        raise _not_found() from None


def role_assignment_list_for(
    *,
    actor: ActorScope,
    institution_id: int | None = None,
    user_id: int | None = None,
    role: str = "",
) -> QuerySet[RoleAssignment]:
    """Role assignments: an administrator sees their institutions', everyone their own."""
    queryset = RoleAssignment.objects.filter(role_assignment_scope(actor)).select_related(
        "user", "institution", "faculty", "department", "group"
    )
    if institution_id is not None:
        queryset = queryset.filter(institution_id=institution_id)
    if user_id is not None:
        queryset = queryset.filter(user_id=user_id)
    if role:
        queryset = queryset.filter(role=role)
    return queryset.order_by("user__last_name", "user__first_name", "role", "pk")


def role_assignment_get_for(*, actor: ActorScope, assignment_id: object) -> RoleAssignment:
    try:
        return role_assignment_list_for(actor=actor).get(pk=_pk(assignment_id))
    except ObjectDoesNotExist:
        raise _not_found() from None


def roles_of(*, user_id: int) -> list[RoleAssignment]:
    """The roles a user holds, with their scopes (for their own pages)."""
    return list(
        RoleAssignment.objects.filter(user_id=user_id)
        .select_related("institution", "faculty", "department", "group")
        .order_by("role", "pk")
    )


def role_institutions(*, actor: ActorScope) -> QuerySet[Institution]:
    """Institutions where the actor assigns roles (administrators; superusers: all)."""
    if actor.is_superuser:
        return Institution.objects.order_by("code")
    return Institution.objects.filter(pk__in=sorted(actor.institutions_with("admin"))).order_by(
        "code"
    )


def _role_candidates(*, actor: ActorScope, institution_id: int) -> QuerySet[User]:
    """People an administrator may give a role in the institution (SEC-2): its staff,
    students and role holders; for superusers, anyone."""
    if not can_assign_roles(actor, institution_id):
        return User.objects.none()
    if actor.is_superuser:
        return User.objects.all()
    return User.objects.filter(
        Q(staff__institution_id=institution_id)
        | Q(student__institution_id=institution_id)
        | Q(roles__institution_id=institution_id)
    ).distinct()


def user_find_for_roles(*, actor: ActorScope, institution_id: int, login: str) -> User | None:
    """A person by user name or e-mail, for an administrator giving a role."""
    login = login.strip()
    if not login:
        return None
    return (
        _role_candidates(actor=actor, institution_id=institution_id)
        .filter(Q(username__iexact=login) | Q(email__iexact=login))
        .first()
    )


def user_get_for_roles(*, actor: ActorScope, institution_id: int, user_id: object) -> User:
    """A person by id, for an administrator giving a role; PersonNotFound otherwise."""
    try:
        return _role_candidates(actor=actor, institution_id=institution_id).get(pk=_pk(user_id))
    except ObjectDoesNotExist:
        raise _not_found() from None


def managed_institution_list(*, actor: ActorScope) -> QuerySet[Institution]:
    """Institutions whose personal files and staff the actor manages."""
    if actor.is_superuser:
        return Institution.objects.order_by("code")
    return Institution.objects.filter(
        pk__in=sorted(actor.institutions_with("registrar", "admin"))
    ).order_by("code")


# ---------------------------------------------------------------- counts


@dataclass(frozen=True)
class CountRow:
    label: str
    cells: list[int]
    key: Any = None

    @property
    def total(self) -> int:
        return sum(self.cells)


@dataclass(frozen=True)
class CountTable:
    """Students counted by a row key (program, faculty …) and by status, for the home page."""

    columns: list[str]
    rows: list[CountRow]

    @property
    def totals(self) -> list[int]:
        return [sum(r.cells[i] for r in self.rows) for i in range(len(self.columns))]

    @property
    def total(self) -> int:
        return sum(self.totals)


STATUSES = list(StudentStatus)


def _status_table(
    counts: dict[tuple[Any, str], int], rows: Sequence[tuple[Any, str]]
) -> CountTable:
    return CountTable(
        columns=[str(s.label) for s in STATUSES],
        rows=[
            CountRow(label=label, key=key, cells=[counts.get((key, s.value), 0) for s in STATUSES])
            for key, label in rows
        ],
    )


def _count(queryset: QuerySet[Student], *fields: str) -> dict[tuple[Any, ...], int]:
    """One aggregated query: the number of students per combination of `fields`."""
    return {
        tuple(row[f] for f in fields): row["n"]
        for row in queryset.values(*fields).annotate(n=Count("pk")).order_by()
    }


# ---------------------------------------------------------------- home page per role


@dataclass(frozen=True)
class StudentHome:
    student: Student
    semester: int
    semester_items: list[StudyPlanItem]
    summary: PlanSummary
    # The key this data is cached under: the page caches its rendering with it (ADR 0014).
    cache_key: str = ""

    @property
    def semester_credits(self) -> int:
        return self.summary.semester(self.semester).credits


@dataclass(frozen=True)
class GroupHome:
    group: StudentGroup
    role: str
    students: int
    enrolled: int


@dataclass(frozen=True)
class DepartmentHome:
    department: Department
    programs: CountTable
    staff: list[Staff]


@dataclass(frozen=True)
class FacultyHome:
    faculty: Faculty
    programs: CountTable
    by_study_form: CountTable


@dataclass(frozen=True)
class InstitutionHome:
    institution: Institution
    by_status: CountTable
    programs: int
    groups: int
    staff: int


@dataclass(frozen=True)
class RectorHome:
    institution: Institution
    by_faculty: CountTable
    by_level: CountTable


@dataclass(frozen=True)
class DistanceHome:
    institution: Institution
    programs: CountTable
    online_students: CountTable


@dataclass(frozen=True)
class AdminHome:
    institution: Institution
    people: int
    roles: list[tuple[str, int]]


@dataclass
class HomeData:
    """What the home page shows: one section per role the person holds (a person may
    hold several). Empty sections are left out by the template."""

    roles: list[str] = field(default_factory=list)
    student: StudentHome | None = None
    teacher: list[tuple[Department, list[Discipline]]] = field(default_factory=list)
    groups: list[GroupHome] = field(default_factory=list)
    departments: list[DepartmentHome] = field(default_factory=list)
    faculties: list[FacultyHome] = field(default_factory=list)
    registrar: list[InstitutionHome] = field(default_factory=list)
    distance: list[DistanceHome] = field(default_factory=list)
    proctor: list[Institution] = field(default_factory=list)
    rector: list[RectorHome] = field(default_factory=list)
    admin: list[AdminHome] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.roles

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles]


def _student_home(student_id: int) -> StudentHome | None:
    """Cached until the people or the structure change, or TTL seconds (ADR 0014)."""
    today = timezone.localdate()
    key = f"people:home:{student_id}:{today}:{generation('people', 'structure')}"
    return cached(key, lambda: _student_home_read(student_id, today, key), local=True)


def _student_home_read(student_id: int, today: dt.date, cache_key: str) -> StudentHome | None:
    """Three queries: the student, the current period, the plan items with only the
    columns the page shows (SIS-1, SIS-4)."""
    student = (
        Student.objects.select_related("program__department__faculty", "group")
        .filter(pk=student_id)
        .first()
    )
    if student is None:
        return None
    semester = current_semester(student=student, today=today)
    items = list(
        StudyPlanItem.objects.filter(student=student)
        .select_related("discipline")
        .only(
            "semester",
            "credits",
            "status",
            "component",
            "discipline__code",
            "discipline__name_kk",
            "discipline__name_ru",
            "discipline__name_en",
        )
        .order_by("semester", "discipline__code")
    )
    return StudentHome(
        student=student,
        semester=semester,
        semester_items=[i for i in items if i.semester == semester],
        summary=plan_summary(items=items, program_credits=student.program.total_credits),
        cache_key=cache_key,
    )


def _program_rows(programs: Iterable[Program]) -> list[tuple[Any, str]]:
    return [(p.pk, f"{p.code} {p.name}") for p in programs]


def _group_homes(actor: ActorScope) -> list[GroupHome]:
    by_group = {
        g.group_id: g.role for g in actor.grants if g.group_id and g.role in {"advisor", "tutor"}
    }
    tutor_departments = sorted(
        g.department_id for g in actor.grants if g.role == "tutor" and g.department_id
    )
    if not by_group and not tutor_departments:
        return []
    groups = (
        StudentGroup.objects.filter(
            Q(pk__in=sorted(by_group)) | Q(program__department_id__in=tutor_departments)
        )
        .select_related("program")
        .annotate(
            n_students=Count("students"),
            n_enrolled=Count("students", filter=Q(students__status=StudentStatus.ENROLLED)),
        )
        .order_by("code")
    )
    return [
        GroupHome(
            group=g,
            role=by_group.get(g.pk, "tutor"),
            students=g.n_students,
            enrolled=g.n_enrolled,
        )
        for g in groups
    ]


def _department_homes(department_ids: list[int]) -> list[DepartmentHome]:
    departments = list(
        Department.objects.filter(pk__in=department_ids)
        .select_related("faculty")
        .prefetch_related(
            Prefetch("programs", queryset=Program.objects.order_by("code")),
            Prefetch("staff", queryset=Staff.objects.select_related("user")),
        )
        .order_by("code")
    )
    counts = _count(
        Student.objects.filter(program__department_id__in=department_ids), "program_id", "status"
    )
    return [
        DepartmentHome(
            department=d,
            programs=_status_table(counts, _program_rows(d.programs.all())),
            staff=list(d.staff.all()),
        )
        for d in departments
    ]


def _faculty_homes(faculty_ids: list[int]) -> list[FacultyHome]:
    faculties = list(Faculty.objects.filter(pk__in=faculty_ids).order_by("code"))
    programs = list(
        Program.objects.filter(department__faculty_id__in=faculty_ids)
        .select_related("department")
        .order_by("code")
    )
    students = Student.objects.filter(program__department__faculty_id__in=faculty_ids)
    by_program = _count(students, "program_id", "status")
    by_form = _count(students, "program__department__faculty_id", "study_form", "status")
    homes = []
    for faculty in faculties:
        own = [p for p in programs if p.department.faculty_id == faculty.pk]
        form_counts = {
            (form, status): n for (fac, form, status), n in by_form.items() if fac == faculty.pk
        }
        homes.append(
            FacultyHome(
                faculty=faculty,
                programs=_status_table(by_program, _program_rows(own)),
                by_study_form=_status_table(
                    form_counts, [(f.value, str(f.label)) for f in StudyForm]
                ),
            )
        )
    return homes


def home_data(*, actor: ActorScope) -> HomeData:
    """The home page per role (SEC-2): one section per role held. A student's home takes
    three queries after the actor's two; other sections a few aggregated queries each."""
    data = HomeData(roles=sorted(actor.roles, key=lambda r: list(Role.values).index(r)))
    if actor.student_id is not None and "student" in actor.roles:
        data.student = _student_home(actor.student_id)
    if departments := sorted(actor.departments_with("teacher")):
        disciplines: dict[int, list[Discipline]] = defaultdict(list)
        for discipline in Discipline.objects.filter(department_id__in=departments).order_by("code"):
            disciplines[discipline.department_id].append(discipline)
        data.teacher = [
            (d, disciplines[d.pk])
            for d in Department.objects.filter(pk__in=departments).order_by("code")
        ]
    if actor.roles & {"advisor", "tutor"}:
        data.groups = _group_homes(actor)
    if departments := sorted(actor.departments_with("department_head")):
        data.departments = _department_homes(departments)
    if faculties := sorted(actor.faculties_with("dean")):
        data.faculties = _faculty_homes(faculties)
    wide = sorted(
        actor.institutions_with("registrar", "distance_unit", "proctor", "rector_office", "admin")
    )
    if wide:
        institutions = {i.pk: i for i in Institution.objects.filter(pk__in=wide)}
        data.registrar = _registrar_homes(
            [
                institutions[i]
                for i in sorted(actor.institutions_with("registrar"))
                if i in institutions
            ]
        )
        data.distance = _distance_homes(
            [
                institutions[i]
                for i in sorted(actor.institutions_with("distance_unit"))
                if i in institutions
            ]
        )
        data.proctor = [
            institutions[i] for i in sorted(actor.institutions_with("proctor")) if i in institutions
        ]
        data.rector = _rector_homes(
            [
                institutions[i]
                for i in sorted(actor.institutions_with("rector_office"))
                if i in institutions
            ]
        )
        data.admin = _admin_homes(
            [institutions[i] for i in sorted(actor.institutions_with("admin")) if i in institutions]
        )
    return data


def _registrar_homes(institutions: list[Institution]) -> list[InstitutionHome]:
    if not institutions:
        return []
    ids = [i.pk for i in institutions]
    counts = _count(Student.objects.filter(institution_id__in=ids), "institution_id", "status")
    programs = dict(
        Program.objects.filter(institution_id__in=ids)
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups = dict(
        StudentGroup.objects.filter(program__institution_id__in=ids)
        .values_list("program__institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    staff = dict(
        Staff.objects.filter(institution_id__in=ids)
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        InstitutionHome(
            institution=i,
            by_status=_status_table(counts, [(i.pk, i.name)]),
            programs=programs.get(i.pk, 0),
            groups=groups.get(i.pk, 0),
            staff=staff.get(i.pk, 0),
        )
        for i in institutions
    ]


def _distance_homes(institutions: list[Institution]) -> list[DistanceHome]:
    if not institutions:
        return []
    ids = [i.pk for i in institutions]
    programs = list(
        Program.objects.filter(institution_id__in=ids, study_form=StudyForm.ONLINE).order_by("code")
    )
    online = Student.objects.filter(institution_id__in=ids, study_form=StudyForm.ONLINE)
    by_program = _count(online, "program_id", "status")
    by_institution = _count(online, "institution_id", "status")
    return [
        DistanceHome(
            institution=i,
            programs=_status_table(
                by_program, _program_rows(p for p in programs if p.institution_id == i.pk)
            ),
            online_students=_status_table(by_institution, [(i.pk, i.name)]),
        )
        for i in institutions
    ]


def _rector_homes(institutions: list[Institution]) -> list[RectorHome]:
    if not institutions:
        return []
    ids = [i.pk for i in institutions]
    students = Student.objects.filter(institution_id__in=ids)
    by_faculty = _count(students, "program__department__faculty_id", "status")
    by_level = _count(students, "institution_id", "program__level", "status")
    faculties = list(Faculty.objects.filter(institution_id__in=ids).order_by("code"))
    homes = []
    for i in institutions:
        level_counts = {
            (level, status): n for (inst, level, status), n in by_level.items() if inst == i.pk
        }
        homes.append(
            RectorHome(
                institution=i,
                by_faculty=_status_table(
                    by_faculty, [(f.pk, f.name) for f in faculties if f.institution_id == i.pk]
                ),
                by_level=_status_table(
                    level_counts,
                    [
                        (lv.value, str(lv.label))
                        for lv in Level
                        if any(k[0] == lv.value for k in level_counts)
                    ],
                ),
            )
        )
    return homes


def _admin_homes(institutions: list[Institution]) -> list[AdminHome]:
    if not institutions:
        return []
    ids = [i.pk for i in institutions]
    people = dict(
        RoleAssignment.objects.filter(institution_id__in=ids)
        .values_list("institution_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    roles: dict[int, dict[str, int]] = defaultdict(dict)
    for institution_id, role, n in (
        RoleAssignment.objects.filter(institution_id__in=ids)
        .values_list("institution_id", "role")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        roles[institution_id][role] = n
    return [
        AdminHome(
            institution=i,
            people=people.get(i.pk, 0),
            roles=[(str(r.label), roles[i.pk].get(r.value, 0)) for r in Role],
        )
        for i in institutions
    ]


def can_manage_any_students(*, actor: ActorScope) -> bool:
    return actor.is_superuser or bool(actor.institutions_with("registrar", "admin"))


def can_manage(*, actor: ActorScope, institution_id: int) -> bool:
    return can_manage_students(actor, institution_id)
