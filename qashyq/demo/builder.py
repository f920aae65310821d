"""The builder behind `services.demo_university_generate`.

Everything is decided in memory from one `random.Random(seed)`, then written with
bulk inserts: no per-row save() and no per-row query. Every user gets the same
password hash, computed once. The ~40 study-plan rows per student (over a
million for 30,000 students), and the users, students, status changes and role
assignments, go through `bulk.Table`: COPY on PostgreSQL, executemany on SQLite,
inside the caller's transaction, with primary keys reserved up front.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.identifiers import control_digit, validate_bin
from qashyq.demo import catalog
from qashyq.demo.bulk import (
    Table,
    db_date,
    foreign_keys_checked_at_end,
    reserve_ids,
    write_rows,
)
from qashyq.demo.catalog import FixedDiscipline, ProgramSpec, Trilingual
from qashyq.demo.data import DemoAccount, DemoSummary
from qashyq.demo.errors import DemoClassifierMissing
from qashyq.demo.names import FOREIGN_CITIZENSHIPS, PersonName, PersonNamer, latin
from qashyq.institutions.models import (
    AcademicPeriod,
    AcademicYear,
    Curriculum,
    CurriculumItem,
    Department,
    Direction,
    Discipline,
    Faculty,
    Institution,
    InstructionLanguage,
    PeriodKind,
    Program,
    StudentGroup,
    StudyForm,
)
from qashyq.people.models import (
    Funding,
    PlanItemStatus,
    Role,
    RoleAssignment,
    Staff,
    Student,
    StudentStatus,
    StudentStatusChange,
    StudyPlanItem,
)

DEMO_PASSWORD = "qashyq-demo"  # noqa: S105 - the documented shared password of demo accounts
DEFAULT_INSTITUTION_CODE = "demo"
# Fixed accounts: user name → role (people.Role value).
FIXED_ACCOUNTS: dict[str, str] = {
    "student": Role.STUDENT,
    "teacher": Role.TEACHER,
    "tutor": Role.TUTOR,
    "advisor": Role.ADVISOR,
    "head": Role.DEPARTMENT_HEAD,
    "dean": Role.DEAN,
    "registrar": Role.REGISTRAR,
    "dlu": Role.DISTANCE_UNIT,
    "proctor": Role.PROCTOR,
    "rector": Role.RECTOR_OFFICE,
    "admin": Role.ADMIN,
}
BATCH = 2000


def fixed_username(name: str, institution_code: str) -> str:
    """`student` for the default institution, `student.<code>` for any other."""
    return name if institution_code == DEFAULT_INSTITUTION_CODE else f"{name}.{institution_code}"


def current_academic_year(today: dt.date) -> int:
    """The academic year starts on 1 September (CAL-6): its first calendar year."""
    return today.year if today.month >= 9 else today.year - 1


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` by `weights` (largest remainder): the parts sum to `total`."""
    whole = sum(weights)
    quotas = [total * w / whole for w in weights]
    parts = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - quotas[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _names(names: Trilingual) -> dict[str, str]:
    kk, ru, en = names
    return {"name_kk": kk, "name_ru": ru, "name_en": en}


def _initials(english: str) -> str:
    small = {"and", "of", "in", "the", "for", "to", "on", "with", "a"}
    words = [w for w in english.replace("-", " ").replace("(", " ").split() if w.isascii()]
    letters = "".join(w[0] for w in words if w.lower() not in small and w[0].isalnum())
    letters = letters.upper()[:4]
    return letters if len(letters) >= 2 else (english[:3].upper() if english.isascii() else "DSC")


# --- In-memory plan of the university -----------------------------------------


@dataclass
class CellPlan:
    """One cell of a program's curriculum: a discipline, or an elective group."""

    semester: int
    credits: int
    component: str
    keys: tuple[tuple[str, ...], ...]  # discipline keys: one, or the group's options
    group_label: str = ""


@dataclass
class CompiledCurriculum:
    """A working curriculum's elective groups, each a list of plan rows ready to copy:
    (curriculum_item_id, discipline_id, semester, credits, component)."""

    curriculum_id: int
    electives: list[list[tuple[int, int, int, int, str]]] = field(default_factory=list)


@dataclass
class GroupPlan:
    group: StudentGroup
    language: str
    size: int


@dataclass
class Cohort:
    spec: ProgramSpec
    program: Program
    intake: int
    years_since: int
    graduated: bool
    weight: float
    size: int = 0
    groups: list[GroupPlan] = field(default_factory=list)


@dataclass
class StaffPlan:
    user: User
    staff: Staff
    name: PersonName


class DemoBuilder:
    """Builds one demo university; call `build()` inside a transaction."""

    def __init__(self, *, students: int, seed: int, institution_code: str, today: dt.date) -> None:
        self.n_students = students
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.namer = PersonNamer(self.rng)
        self.code = institution_code
        self.today = today
        self.year = current_academic_year(today)
        self.now = timezone.now()
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once for every account
        self.domain = f"{institution_code}.qashyq.example"  # a reserved TLD: mail never leaves
        self.usernames: set[str] = set(User.objects.values_list("username", flat=True))
        self.accounts: dict[str, tuple[StaffPlan | None, Role, str]] = {}
        # (user or user id, role, faculty id, department id, group id)
        self.role_rows: list[tuple[User | int, str, int | None, int | None, int | None]] = []
        self.staff_plans: list[StaffPlan] = []

    # -- entry point -----------------------------------------------------------

    def build(self) -> DemoSummary:
        self._institution()
        self._structure()
        self._programs()
        self._calendar()
        self._disciplines_and_curricula()
        self._cohorts()
        self._groups()
        self._staff()
        self._students()
        with foreign_keys_checked_at_end(StudyPlanItem):
            plan_items = self._plans()
        return self._summary(plan_items)

    # -- institution and structure ---------------------------------------------

    def _bin(self) -> str:
        """A BIN (BIN-1): registered in 1996–2005, resident legal entity, head office."""
        while True:
            year = self.rng.randint(1996, 2005) % 100
            month = self.rng.randint(1, 12)
            first_eleven = f"{year:02d}{month:02d}40{self.rng.randint(0, 99999):05d}"
            digit = control_digit(first_eleven)
            if digit is not None:
                value = f"{first_eleven}{digit}"
                validate_bin(value)
                return value

    def _institution(self) -> None:
        names = _names(catalog.INSTITUTION_NAMES)
        if self.code != DEFAULT_INSTITUTION_CODE:
            names = {key: f"{value} ({self.code})" for key, value in names.items()}
        self.institution = Institution.objects.create(
            code=self.code,
            short_name=catalog.INSTITUTION_SHORT_NAME,
            bin=self._bin(),
            city=catalog.INSTITUTION_CITY,
            **names,
        )

    def _structure(self) -> None:
        self.faculties = Faculty.objects.bulk_create(
            [
                Faculty(institution=self.institution, code=spec.code, **_names(spec.names))
                for spec in catalog.FACULTIES
            ]
        )
        departments: list[Department] = []
        self.faculty_of: dict[str, Faculty] = {}
        keys: list[str] = []
        for spec, faculty in zip(catalog.FACULTIES, self.faculties, strict=True):
            for dep in spec.departments:
                departments.append(Department(faculty=faculty, code=dep.code, **_names(dep.names)))
                self.faculty_of[dep.key] = faculty
                keys.append(dep.key)
        Department.objects.bulk_create(departments)
        self.department: dict[str, Department] = dict(zip(keys, departments, strict=True))

    def _programs(self) -> None:
        codes = sorted({spec.direction for spec in catalog.PROGRAMS})
        directions: dict[str, Direction] = {}
        for direction in Direction.objects.filter(code__in=codes).order_by(
            "code", F("valid_until").desc(nulls_first=True), "-classifier_version"
        ):
            directions.setdefault(direction.code, direction)
        missing = [code for code in codes if code not in directions]
        if missing:
            raise DemoClassifierMissing(
                _(
                    "The classifier of directions lacks %(codes)s; run “qashyq migrate” to "
                    "load it, then generate the demo again."
                )
                % {"codes": ", ".join(missing)},
                codes=missing,
            )
        programs = []
        for spec in catalog.PROGRAMS:
            level = catalog.LEVELS[spec.level]
            programs.append(
                Program(
                    institution=self.institution,
                    department=self.department[spec.department],
                    code=spec.code,
                    level=spec.level,
                    direction=directions[spec.direction],
                    study_form=StudyForm.ONLINE if spec.online else StudyForm.FULL_TIME,
                    language=(
                        spec.languages[0]
                        if len(spec.languages) == 1
                        else InstructionLanguage.MULTILINGUAL
                    ),
                    total_credits=level.total_credits,
                    duration_years=Decimal(level.duration_years),
                    **_names(spec.names),
                )
            )
        Program.objects.bulk_create(programs)
        self.program: dict[str, Program] = {p.code: p for p in programs}

    # -- calendar (CAL-6) -------------------------------------------------------

    def _calendar(self) -> None:
        oldest = self.year - max(
            max((*level.studying, level.graduated or 0)) for level in catalog.LEVELS.values()
        )
        years = [
            AcademicYear(
                institution=self.institution,
                start_year=y,
                starts_on=dt.date(y, 9, 1),
                ends_on=dt.date(y + 1, 8, 31),
            )
            for y in range(oldest, self.year + 1)
        ]
        AcademicYear.objects.bulk_create(years)
        periods: list[AcademicPeriod] = []
        # (start year, 1 fall / 2 spring) → (starts_on, ends_on)
        self.semester_dates: dict[tuple[int, int], tuple[dt.date, dt.date]] = {}
        weeks = dt.timedelta(weeks=1)
        day = dt.timedelta(days=1)
        for year in years:
            y = year.start_year
            fall_start = dt.date(y, 9, 1)
            fall_exams = fall_start + 15 * weeks  # 15 weeks of classes, then the session
            fall_end = fall_exams + 3 * weeks - day
            spring_start = monday_on_or_after(fall_end + 2 * weeks)
            spring_exams = spring_start + 15 * weeks
            spring_end = spring_exams + 3 * weeks - day
            summer_start = monday_on_or_after(spring_end + weeks + day)
            summer_end = summer_start + 6 * weeks - day  # at least 6 weeks
            for number, kind, start, exams, end in (
                (1, PeriodKind.SEMESTER, fall_start, fall_exams, fall_end),
                (2, PeriodKind.SEMESTER, spring_start, spring_exams, spring_end),
                (1, PeriodKind.SUMMER, summer_start, summer_end - weeks + day, summer_end),
            ):
                periods.append(
                    AcademicPeriod(
                        academic_year=year,
                        number=number,
                        kind=kind,
                        starts_on=start,
                        ends_on=end,
                        exam_session_starts_on=exams,
                    )
                )
            self.semester_dates[(y, 1)] = (fall_start, fall_end)
            self.semester_dates[(y, 2)] = (spring_start, spring_end)
        AcademicPeriod.objects.bulk_create(periods)
        self.half = 2 if self.today >= self.semester_dates[(self.year, 2)][0] else 1

    def _semester_at(self, intake: int, when: dt.date) -> int:
        """The semester (1-based) a student of `intake` is in on `when`."""
        year = current_academic_year(when)
        spring = self.semester_dates.get((year, 2))
        half = 2 if spring is not None and when >= spring[0] else 1
        return max(1, 2 * (year - intake) + half)

    # -- disciplines and working curricula (SIS-3, SIS-4, CRD-1) ---------------

    def _cells(self, spec: ProgramSpec) -> list[CellPlan]:
        level = catalog.LEVELS[spec.level]
        fieldspec = catalog.FIELDS[spec.field]
        n_majors = sum(1 for sem in level.grid for key, _c in sem if key == "M")
        pool = fieldspec.majors[: n_majors - len(spec.specific)]
        majors: list[tuple[str, ...]] = [("major", spec.field, str(i)) for i in range(len(pool))]
        majors += [("specific", spec.code, str(i)) for i in range(len(spec.specific))]
        if len(majors) != n_majors:
            msg = f"{spec.code}: {len(majors)} majors for {n_majors} slots"
            raise ValueError(msg)
        major_iter = iter(majors)
        elective_index = 0
        cells: list[CellPlan] = []
        for semester, grid_cells in enumerate(level.grid, start=1):
            group_number = 0
            for key, credits in grid_cells:
                if key == "M":
                    cells.append(CellPlan(semester, credits, "university", (next(major_iter),)))
                elif key in {"E", "UE"}:
                    group_number += 1
                    options: tuple[tuple[str, ...], ...]
                    if key == "UE":
                        options = tuple(
                            ("ue", str(i)) for i in range(len(catalog.UNIVERSITY_ELECTIVES))
                        )
                    else:
                        options = tuple(
                            ("elective", spec.field, str(elective_index + i)) for i in range(3)
                        )
                        elective_index += 3
                    label = f"E-{semester}.{group_number}"
                    cells.append(CellPlan(semester, credits, "elective", options, label))
                elif key in catalog.GENERAL:
                    cells.append(
                        CellPlan(
                            semester, credits, catalog.GENERAL[key].component, (("general", key),)
                        )
                    )
                else:
                    item = catalog.DEPARTMENT_ITEMS[key]
                    cells.append(
                        CellPlan(
                            semester, credits, item.component, (("dept", spec.department, key),)
                        )
                    )
        return cells

    def _discipline_spec(self, key: tuple[str, ...], credits: int) -> tuple[str, FixedDiscipline]:
        """Owner department key and description of a discipline key."""
        kind = key[0]
        if kind == "general":
            spec = catalog.GENERAL[key[1]]
            return spec.owner or "", spec
        if kind == "ue":
            spec = catalog.UNIVERSITY_ELECTIVES[int(key[1])]
            return spec.owner or "", spec
        if kind == "dept":
            return key[1], catalog.DEPARTMENT_ITEMS[key[2]]
        if kind == "specific":
            program = next(p for p in catalog.PROGRAMS if p.code == key[1])
            fieldspec = catalog.FIELDS[program.field]
            names = program.specific[int(key[2])]
            return program.department, FixedDiscipline(
                names, credits, fieldspec.kind, "exam", "university"
            )
        fieldspec = catalog.FIELDS[key[1]]
        index = int(key[2])
        if kind == "major":
            # Every sixth a course work, some differentiated credits, one MOOC-based (ONL-2).
            control = {5: "course_work", 2: "diff_credit"}.get(index % 6, "exam")
            return fieldspec.major_owner, FixedDiscipline(
                fieldspec.majors[index],
                credits,
                fieldspec.kind,
                control,
                "university",
                mooc=index == 12,
            )
        return fieldspec.elective_owner, FixedDiscipline(
            fieldspec.electives[index],
            credits,
            fieldspec.kind,
            "exam",
            "elective",
            mooc=index % 9 == 5,
        )

    def _disciplines_and_curricula(self) -> None:
        cells_of: dict[str, list[CellPlan]] = {}
        disciplines: dict[tuple[str, ...], Discipline] = {}
        sequence: dict[str, int] = {}
        for spec in catalog.PROGRAMS:
            digit = catalog.LEVELS[spec.level].code_digit
            cells = self._cells(spec)
            cells_of[spec.code] = cells
            for cell in cells:
                for key in cell.keys:
                    if key in disciplines:
                        if disciplines[key].credits != cell.credits:
                            msg = f"{key}: {disciplines[key].credits} vs {cell.credits} credits"
                            raise ValueError(msg)
                        continue
                    owner, described = self._discipline_spec(key, cell.credits)
                    if described.credits != cell.credits:
                        msg = f"{key}: grid says {cell.credits}, catalogue {described.credits}"
                        raise ValueError(msg)
                    lecture, practice, lab, independent = catalog.HOURS_PER_CREDIT[described.kind]
                    sequence[owner] = sequence.get(owner, 0) + 1
                    disciplines[key] = Discipline(
                        department=self.department[owner],
                        code=f"{_initials(described.names[2])} {digit}{sequence[owner]:03d}",
                        credits=cell.credits,
                        hours_lecture=lecture * cell.credits,
                        hours_practice=practice * cell.credits,
                        hours_lab=lab * cell.credits,
                        hours_independent=independent * cell.credits,
                        control_form=described.control,
                        is_mooc_based=described.mooc,
                        **_names(described.names),
                    )
        Discipline.objects.bulk_create(list(disciplines.values()), batch_size=BATCH)
        self.discipline_count = len(disciplines)

        curricula: list[Curriculum] = []
        for spec in catalog.PROGRAMS:
            level = catalog.LEVELS[spec.level]
            for years_since in sorted(
                (*level.studying, *([level.graduated] if level.graduated else []))
            ):
                intake = self.year - years_since
                curricula.append(
                    Curriculum(
                        program=self.program[spec.code],
                        admission_year=intake,
                        approved_on=dt.date(intake, 6, 20),
                    )
                )
        Curriculum.objects.bulk_create(curricula)
        items: list[CurriculumItem] = []
        placed: list[tuple[Curriculum, CellPlan, tuple[str, ...], CurriculumItem]] = []
        for curriculum in curricula:
            for cell in cells_of[curriculum.program.code]:
                for key in cell.keys:
                    item = CurriculumItem(
                        curriculum=curriculum,
                        discipline=disciplines[key],
                        semester=cell.semester,
                        component=cell.component,
                        elective_group=cell.group_label,
                        elective_choose=1,
                    )
                    items.append(item)
                    placed.append((curriculum, cell, key, item))
        CurriculumItem.objects.bulk_create(items, batch_size=BATCH)
        self.curriculum_count = len(curricula)
        self.curriculum_item_count = len(items)
        self._compile(placed)

    def _compile(
        self, placed: list[tuple[Curriculum, CellPlan, tuple[str, ...], CurriculumItem]]
    ) -> None:
        """Each curriculum's elective groups as plan rows, for drawing students' choices."""
        self.compiled: dict[tuple[str, int], CompiledCurriculum] = {}
        open_groups: dict[tuple[int, int], list[tuple[int, int, int, int, str]]] = {}
        for curriculum, cell, _key, item in placed:
            compiled = self.compiled.setdefault(
                (curriculum.program.code, curriculum.admission_year),
                CompiledCurriculum(curriculum.pk),
            )
            if not cell.group_label:
                continue  # mandatory items are copied by the database (_plans)
            row = (item.pk, item.discipline.pk, cell.semester, cell.credits, cell.component)
            group_key = (curriculum.pk, id(cell))
            if group_key not in open_groups:
                open_groups[group_key] = []
                compiled.electives.append(open_groups[group_key])
            open_groups[group_key].append(row)

    # -- cohorts and groups -----------------------------------------------------

    def _cohorts(self) -> None:
        cohorts: list[Cohort] = []
        for spec in catalog.PROGRAMS:
            level = catalog.LEVELS[spec.level]
            for years_since in level.studying:
                cohorts.append(
                    Cohort(
                        spec,
                        self.program[spec.code],
                        self.year - years_since,
                        years_since,
                        graduated=False,
                        weight=spec.weight * catalog.COHORT_FACTOR[years_since],
                    )
                )
            if level.graduated is not None:
                cohorts.append(
                    Cohort(
                        spec,
                        self.program[spec.code],
                        self.year - level.graduated,
                        level.graduated,
                        graduated=True,
                        weight=spec.weight * catalog.GRADUATE_FACTOR,
                    )
                )
        for cohort, size in zip(
            cohorts, apportion(self.n_students, [c.weight for c in cohorts]), strict=True
        ):
            cohort.size = size
        self.showcase = next(
            c
            for c in cohorts
            if c.spec.code == catalog.SHOWCASE_PROGRAM
            and c.years_since == catalog.SHOWCASE_YEARS_SINCE_INTAKE
            and not c.graduated
        )
        if self.showcase.size == 0:  # a tiny demo: the fixed student still needs a group
            max(cohorts, key=lambda c: c.size).size -= 1
            self.showcase.size = 1
        self.cohorts = cohorts

    def _groups(self) -> None:
        groups: list[StudentGroup] = []
        for cohort in self.cohorts:
            if cohort.size == 0:
                continue
            languages = cohort.spec.languages
            shares = apportion(cohort.size, [catalog.LANGUAGE_SHARE[lang] for lang in languages])
            # A language with too few students for a group of its own joins the first one.
            for i in range(1, len(shares)):
                if shares[i] < catalog.MIN_GROUP_SIZE:
                    shares[0] += shares[i]
                    shares[i] = 0
            if cohort is self.showcase and shares[languages.index(catalog.SHOWCASE_LANGUAGE)] == 0:
                shares[shares.index(max(shares))] -= 1
                shares[languages.index(catalog.SHOWCASE_LANGUAGE)] += 1
            numbers: dict[str, int] = {}
            for language, count in zip(languages, shares, strict=True):
                if count == 0:
                    continue
                n_groups = math.ceil(count / catalog.GROUP_SIZE)
                abbreviation = cohort.spec.abbreviations[language]
                for index in range(n_groups):
                    numbers[abbreviation] = numbers.get(abbreviation, 0) + 1
                    group = StudentGroup(
                        program=cohort.program,
                        code=f"{abbreviation}-{cohort.intake % 100:02d}-{numbers[abbreviation]}",
                        admission_year=cohort.intake,
                        language=language,
                    )
                    size = count // n_groups + (1 if index < count % n_groups else 0)
                    cohort.groups.append(GroupPlan(group, language, size))
                    groups.append(group)
        StudentGroup.objects.bulk_create(groups, batch_size=BATCH)
        self.group_count = len(groups)
        self.showcase_group = next(
            g for g in self.showcase.groups if g.language == catalog.SHOWCASE_LANGUAGE
        )

    # -- people helpers -----------------------------------------------------------

    def _username(self, base: str) -> str:
        base = base if self.code == DEFAULT_INSTITUTION_CODE else f"{base}.{self.code}"
        candidate, n = base, 1
        while candidate in self.usernames:
            n += 1
            candidate = f"{base}{n}"
        self.usernames.add(candidate)
        return candidate

    def _user(self, name: PersonName, username: str, language: str, *, active: bool = True) -> User:
        return User(
            username=username,
            password=self.password_hash,
            first_name=name.first,
            last_name=name.last,
            middle_name=name.middle,
            email=f"{username}@{self.domain}",
            language=language if language in {"kk", "ru", "en"} else "kk",
            is_active=active,
            date_joined=self.now,
        )

    def _origin(self, weights: tuple[float, float, float]) -> str:
        return self.rng.choices(("kazakh", "russian", "english"), weights)[0]

    def _phone(self) -> str:
        operator = self.rng.choice(
            ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778")
        )
        r = self.rng.randint
        return f"+7 {operator} {r(100, 999)} {r(10, 99)} {r(10, 99)}"

    def _role(
        self,
        user: User | int,
        role: str,
        *,
        faculty: Faculty | None = None,
        department: Department | None = None,
        group: StudentGroup | None = None,
    ) -> None:
        self.role_rows.append(
            (
                user,
                role,
                faculty.pk if faculty else None,
                department.pk if department else None,
                group.pk if group else None,
            )
        )

    def _staff_member(
        self,
        *,
        department: Department | None,
        position: str,
        degree: str = "",
        title: str = "",
        fixed: str | None = None,
    ) -> StaffPlan:
        sex = self.rng.choice(("m", "f"))
        name = self.namer.person(origin=self._origin((0.75, 0.22, 0.03)), sex=sex)
        if fixed is not None:
            username = fixed_username(fixed, self.code)
            self.usernames.add(username)
        else:
            username = self._username(f"{latin(name.last)}.{latin(name.first)[:1]}")
        language = {"kazakh": "kk", "russian": "ru", "english": "en"}[name.origin]
        user = self._user(name, username, language)
        staff = Staff(
            user=user,
            institution=self.institution,
            department=department,
            position=position,
            academic_degree=degree,
            academic_title=title,
            phone=self._phone(),
        )
        plan = StaffPlan(user, staff, name)
        self.staff_plans.append(plan)
        return plan

    def _rename(self, plan: StaffPlan, fixed: str) -> None:
        self.usernames.discard(plan.user.username)
        plan.user.username = fixed_username(fixed, self.code)
        plan.user.email = f"{plan.user.username}@{self.domain}"
        self.usernames.add(plan.user.username)

    # -- staff and their roles (SEC-2) ---------------------------------------------

    POSITIONS = (
        ("профессор", 0.08),
        ("қауымдастырылған профессор", 0.2),
        ("аға оқытушы", 0.42),
        ("оқытушы", 0.25),
        ("ассистент", 0.05),
    )

    def _degree_and_title(self, position: str) -> tuple[str, str]:
        rng = self.rng
        if position == "профессор":
            return rng.choice(("ғылым докторы", "PhD")), "профессор"
        if position == "қауымдастырылған профессор":
            return rng.choice(("PhD", "ғылым кандидаты")), rng.choice(
                ("доцент", "қауымдастырылған профессор")
            )
        if position == "аға оқытушы":
            return rng.choices(("PhD", "магистр", "ғылым кандидаты"), (0.3, 0.5, 0.2))[0], ""
        return "магистр", ""

    def _staff(self) -> None:  # noqa: PLR0912, PLR0915 - the staffing plan, read top to bottom
        students_of: dict[str, int] = {}
        groups_of: dict[str, list[StudentGroup]] = {}
        for cohort in self.cohorts:
            if cohort.graduated:
                continue
            key = cohort.spec.department
            students_of[key] = students_of.get(key, 0) + cohort.size
            groups_of.setdefault(key, []).extend(g.group for g in cohort.groups)
        everyone = sum(students_of.values())
        showcase_department = self.showcase.spec.department
        showcase_group = self.showcase_group.group
        positions = [p for p, _w in self.POSITIONS]
        weights = [w for _p, w in self.POSITIONS]

        for faculty_spec, faculty in zip(catalog.FACULTIES, self.faculties, strict=True):
            dean_is_fixed = any(d.key == showcase_department for d in faculty_spec.departments)
            dean = self._staff_member(
                department=None,
                position="декан",
                degree=self.rng.choice(("ғылым докторы", "PhD")),
                title="профессор",
                fixed="dean" if dean_is_fixed else None,
            )
            self._role(dean.user, Role.DEAN, faculty=faculty)
            if dean_is_fixed:
                self.accounts["dean"] = (dean, Role.DEAN, faculty.name)
            for dep in faculty_spec.departments:
                department = self.department[dep.key]
                own = students_of.get(dep.key, 0)
                # Program departments ~1 teacher per 16 students; service departments
                # (languages, history, sport) teach every bachelor a few courses.
                count = max(4, round(own / 16) if own else round(everyone / 250))
                head_is_fixed = dep.key == showcase_department
                head = self._staff_member(
                    department=department,
                    position="кафедра меңгерушісі",
                    degree=self.rng.choice(("ғылым докторы", "PhD", "ғылым кандидаты")),
                    title=self.rng.choice(("профессор", "қауымдастырылған профессор")),
                    fixed="head" if head_is_fixed else None,
                )
                self._role(head.user, Role.DEPARTMENT_HEAD, department=department)
                self._role(head.user, Role.TEACHER, department=department)
                if head_is_fixed:
                    self.accounts["head"] = (head, Role.DEPARTMENT_HEAD, department.name)
                teachers: list[StaffPlan] = []
                for _number in range(count - 1):
                    position = self.rng.choices(positions, weights)[0]
                    degree, title = self._degree_and_title(position)
                    teacher = self._staff_member(
                        department=department, position=position, degree=degree, title=title
                    )
                    self._role(teacher.user, Role.TEACHER, department=department)
                    teachers.append(teacher)
                groups = sorted(groups_of.get(dep.key, []), key=lambda g: g.code)
                advisor_of: dict[int, StaffPlan] = {}
                for index, group in enumerate(groups):  # one advisor per group
                    advisor = teachers[index % len(teachers)]
                    self._role(advisor.user, Role.ADVISOR, group=group)
                    advisor_of[id(group)] = advisor
                tutor_of: dict[int, StaffPlan] = {}
                for start in range(0, len(groups), 4):  # a tutor looks after four groups
                    tutor = self._staff_member(
                        department=department, position="тьютор", degree="магистр"
                    )
                    for group in groups[start : start + 4]:
                        self._role(tutor.user, Role.TUTOR, group=group)
                        tutor_of[id(group)] = tutor
                if head_is_fixed:
                    advisor = advisor_of[id(showcase_group)]
                    self._rename(advisor, "advisor")
                    self.accounts["advisor"] = (advisor, Role.ADVISOR, showcase_group.code)
                    tutor = tutor_of[id(showcase_group)]
                    self._rename(tutor, "tutor")
                    self.accounts["tutor"] = (tutor, Role.TUTOR, showcase_group.code)
                    teacher = next(t for t in teachers if t is not advisor)
                    self._rename(teacher, "teacher")
                    self.accounts["teacher"] = (teacher, Role.TEACHER, department.name)

        institution_name = self.institution.name
        offices: tuple[tuple[str, Role, list[str]], ...] = (
            (
                "rector",
                Role.RECTOR_OFFICE,
                [
                    "ректор",
                    "академиялық мәселелер жөніндегі проректор",
                    "ғылым және инновациялар жөніндегі проректор",
                    "цифрландыру жөніндегі проректор",
                ],
            ),
            (
                "registrar",
                Role.REGISTRAR,
                [
                    "Офис-тіркеушінің басшысы",
                    *["Офис-тіркеушінің маманы"] * (2 + self.n_students // 5000),
                ],
            ),
            (
                "dlu",
                Role.DISTANCE_UNIT,
                [
                    "Қашықтықтан оқыту бөлімінің басшысы",
                    *["Қашықтықтан оқыту бөлімінің маманы"] * (1 + self.n_students // 10000),
                ],
            ),
            ("proctor", Role.PROCTOR, ["проктор"] * (2 + self.n_students // 5000)),
            ("admin", Role.ADMIN, ["жүйелік әкімші", "жүйелік әкімші"]),
        )
        for fixed, role, titles in offices:
            for index, position in enumerate(titles):
                member = self._staff_member(
                    department=None, position=position, fixed=fixed if index == 0 else None
                )
                self._role(member.user, role)
                if index == 0:
                    self.accounts[fixed] = (member, role, institution_name)
                    if role == Role.ADMIN:
                        member.user.is_superuser = True
                        member.user.is_staff = True

    # -- students (SIS-6, IIN-1, IIN-2) --------------------------------------------

    AGES: ClassVar[dict[str, Any]] = {
        "bachelor": ((17, 18, 19), (0.25, 0.6, 0.15)),
        "master": ((21, 22, 23, 25, 28), (0.35, 0.3, 0.15, 0.12, 0.08)),
        "doctorate": ((24, 25, 27, 30, 34), (0.2, 0.3, 0.2, 0.2, 0.1)),
        "mba": ((26, 28, 31, 35, 40), (0.15, 0.25, 0.25, 0.2, 0.15)),
        "emba": ((33, 36, 40, 45, 50), (0.15, 0.25, 0.3, 0.2, 0.1)),
        "dba": ((32, 36, 40, 45, 50), (0.15, 0.25, 0.3, 0.2, 0.1)),
    }
    ORIGINS: ClassVar[dict[str, Any]] = {
        "kk": (0.97, 0.03, 0.0),
        "ru": (0.5, 0.47, 0.03),
        "en": (0.55, 0.15, 0.3),
    }
    GRANT_SHARE: ClassVar[dict[str, Any]] = {"bachelor": 0.55, "master": 0.6, "doctorate": 0.9}
    STREETS = (
        "Абай даңғылы",
        "Әл-Фараби даңғылы",
        "Төле би көшесі",
        "Сәтбаев көшесі",
        "Жібек жолы көшесі",
        "Достық даңғылы",
        "Розыбакиев көшесі",
        "Наурызбай батыр көшесі",
        "Байтұрсынұлы көшесі",
        "Гагарин даңғылы",
    )
    CITIES = (
        "Алматы қ.",
        "Алматы қ.",
        "Алматы қ.",
        "Қонаев қ.",
        "Талдықорған қ.",
        "Тараз қ.",
        "Шымкент қ.",
        "Астана қ.",
    )
    LEAVE_REASONS = (
        "Денсаулық жағдайына байланысты",
        "Әскери қызметке шақырылуына байланысты",
        "Бала күтіміне байланысты",
    )
    EXPULSION_REASONS = (
        "Өз қалауы бойынша",
        "Академиялық берешегі үшін",
        "Оқу ақысын төлемегені үшін",
        "Басқа жоғары оқу орнына ауысуына байланысты",
    )

    def _iin(self, birth: dt.date, sex: str, seen: set[str]) -> str:
        """IIN-2: birth date + century/sex digit + serial; a few older-style mismatches.

        Prefixes whose control digit is undefined are never issued: draw again.
        """
        rng = self.rng
        while True:
            date_part = birth
            if rng.random() < 0.02:  # the date part need not be the birth date (IIN-2)
                date_part = birth + dt.timedelta(days=rng.randint(1, 400))
            century = 3 if date_part.year < 2000 else 5
            digit = century + (1 if sex == "f" else 0)
            first = f"{date_part:%y%m%d}{digit}{rng.randint(0, 9999):04d}"
            check = control_digit(first)
            if check is None:
                continue
            value = f"{first}{check}"
            if value not in seen:
                seen.add(value)
                return value

    USER_FIELDS = (
        "id",
        "password",
        "is_superuser",
        "is_staff",
        "is_active",
        "username",
        "first_name",
        "last_name",
        "middle_name",
        "email",
        "language",
    )

    def _user_row(
        self, user_id: int, name: PersonName, username: str, language: str, *, active: bool
    ) -> tuple[Any, ...]:
        return (
            user_id,
            self.password_hash,
            False,
            False,
            active,
            username,
            name.first,
            name.last,
            name.middle,
            f"{username}@{self.domain}",
            language,
        )

    def _students(self) -> None:  # noqa: PLR0915 - one student's file, read top to bottom
        rng = self.rng
        seen_iins: set[str] = set()
        user_rows: list[tuple[Any, ...]] = []
        student_rows: list[tuple[Any, ...]] = []
        change_rows: list[tuple[Any, ...]] = []
        total = sum(cohort.size for cohort in self.cohorts)
        # One reservation for staff and students: ids are handed out before any insert.
        all_user_ids = reserve_ids(User, len(self.staff_plans) + total)
        staff_ids = all_user_ids[: len(self.staff_plans)]
        user_ids = iter(all_user_ids[len(self.staff_plans) :])
        student_ids = iter(reserve_ids(Student, total))
        # (student id, curriculum, first semester not completed, status of later items)
        self.student_plans: list[tuple[int, CompiledCurriculum, int, str]] = []
        program_index = {spec.code: i for i, spec in enumerate(catalog.PROGRAMS, start=1)}
        institution_id = self.institution.pk
        for cohort in self.cohorts:
            spec = cohort.spec
            level = catalog.LEVELS[spec.level]
            compiled = self.compiled[(spec.code, cohort.intake)]
            ages, age_weights = self.AGES[spec.level]
            enrolled_on = dt.date(cohort.intake, 8, 25)
            serial = 0
            for group_plan in cohort.groups:
                group_id = group_plan.group.pk
                for index in range(group_plan.size):
                    serial += 1
                    number = f"{cohort.intake % 100:02d}{program_index[spec.code]:02d}{serial:05d}"
                    is_showcase = group_plan is self.showcase_group and index == 0
                    sex = "f" if rng.random() < 0.53 else "m"
                    origin = self._origin(self.ORIGINS[group_plan.language])
                    name = self.namer.person(origin=origin, sex=sex)
                    age = rng.choices(ages, age_weights)[0]
                    birth = dt.date(cohort.intake - age, 1, 1) + dt.timedelta(
                        days=rng.randint(0, 364)
                    )
                    foreign = origin == "english"
                    iin = None if foreign else self._iin(birth, sex, seen_iins)
                    # Status (SIS-6) and the semester up to which the plan is done.
                    history = [(StudentStatus.ENROLLED, enrolled_on, "Оқуға қабылданды")]
                    if cohort.graduated:
                        status = StudentStatus.GRADUATED
                        course_year = math.ceil(level.semesters / 2)
                        last = level.semesters
                        y, half = cohort.intake + (last - 1) // 2, 2 - last % 2
                        history.append(
                            (
                                status,
                                self.semester_dates[(y, half)][1],
                                "Оқу бағдарламасын толық меңгеруіне байланысты",
                            )
                        )
                        done_before = last + 1
                    else:
                        roll = 0.5 if is_showcase else rng.random()
                        course_year = cohort.years_since + 1
                        done_before = 2 * cohort.years_since + self.half
                        status = StudentStatus.ENROLLED
                        if roll < 0.03:
                            status = StudentStatus.ACADEMIC_LEAVE
                            start = self.semester_dates[(self.year, self.half)][0]
                            when = min(self.today, start + dt.timedelta(days=rng.randint(7, 60)))
                            history.append((status, when, rng.choice(self.LEAVE_REASONS)))
                        elif roll < 0.05:
                            status = StudentStatus.EXPELLED
                            first_day = dt.date(cohort.intake, 9, 15)
                            span = max(1, (self.today - first_day).days)
                            when = first_day + dt.timedelta(days=rng.randint(0, span))
                            when = max(enrolled_on, min(when, self.today))
                            history.append((status, when, rng.choice(self.EXPULSION_REASONS)))
                            done_before = self._semester_at(cohort.intake, when)
                    if is_showcase:
                        username = fixed_username("student", self.code)
                        self.usernames.add(username)
                    else:
                        username = self._username(number)
                    user_id, student_id = next(user_ids), next(student_ids)
                    user_rows.append(
                        self._user_row(
                            user_id,
                            name,
                            username,
                            group_plan.language,
                            active=status != StudentStatus.EXPELLED,
                        )
                    )
                    paid = foreign or spec.level not in self.GRANT_SHARE
                    funding = (
                        Funding.PAID
                        if paid or rng.random() >= self.GRANT_SHARE[spec.level]
                        else Funding.STATE_GRANT
                    )
                    student_rows.append(
                        (
                            student_id,
                            user_id,
                            institution_id,
                            number,
                            iin,
                            db_date(birth),
                            sex,
                            rng.choice(FOREIGN_CITIZENSHIPS) if foreign else "KZ",
                            self._phone(),
                            f"{latin(name.first)}.{latin(name.last)}{birth:%y}@mail.example",
                            f"{rng.choice(self.CITIES)}, {rng.choice(self.STREETS)}, "
                            f"{rng.randint(1, 180)}, {rng.randint(1, 120)}-пәтер",
                            cohort.program.pk,
                            group_id,
                            cohort.program.study_form,
                            group_plan.language,
                            funding.value,
                            cohort.intake,
                            course_year,
                            status.value,
                        )
                    )
                    self._role(user_id, Role.STUDENT)
                    for change_status, when, reason in history:
                        change_rows.append(
                            (
                                student_id,
                                change_status.value,
                                db_date(when),
                                reason,
                                f"{rng.randint(100, 999)}-с",
                            )
                        )
                    # Items before `done_before` are completed; the rest planned, or
                    # dropped when the student was expelled.
                    later = (
                        PlanItemStatus.DROPPED
                        if status == StudentStatus.EXPELLED
                        else PlanItemStatus.PLANNED
                    )
                    self.student_plans.append((student_id, compiled, done_before, later.value))
                    if is_showcase:
                        self.accounts["student"] = (None, Role.STUDENT, group_plan.group.code)
                        self.showcase_username = username
                        self.showcase_name = name

        # Staff accounts first (ids for their Staff rows and roles), then everyone else.
        for plan, user_id in zip(self.staff_plans, staff_ids, strict=True):
            user = plan.user
            user.pk = user_id
            user_rows.append(
                (
                    user_id,
                    user.password,
                    user.is_superuser,
                    user.is_staff,
                    user.is_active,
                    user.username,
                    user.first_name,
                    user.last_name,
                    user.middle_name,
                    user.email,
                    user.language,
                )
            )
            plan.staff.user_id = user_id
        Table(User, self.USER_FIELDS, now=self.now).insert(user_rows)
        Staff.objects.bulk_create([plan.staff for plan in self.staff_plans], batch_size=BATCH)
        Table(
            Student,
            (
                "id",
                "user",
                "institution",
                "student_number",
                "iin",
                "birth_date",
                "sex",
                "citizenship",
                "phone",
                "contact_email",
                "address",
                "program",
                "group",
                "study_form",
                "language",
                "funding",
                "admission_year",
                "course_year",
                "status",
            ),
            now=self.now,
        ).insert(student_rows)
        Table(
            StudentStatusChange,
            ("student", "status", "effective_on", "reason", "order_number"),
            now=self.now,
        ).insert(change_rows)
        starts_on = db_date(dt.date(self.year, 9, 1))
        Table(
            RoleAssignment,
            ("user", "role", "institution", "faculty", "department", "group", "starts_on"),
            now=self.now,
        ).insert(
            (
                user if isinstance(user, int) else user.pk,
                str(role),
                institution_id,
                faculty_id,
                department_id,
                group_id,
                starts_on,
            )
            for user, role, faculty_id, department_id, group_id in self.role_rows
        )
        self.student_count = len(student_rows)
        self.status_change_count = len(change_rows)

    def _plans(self) -> int:
        """Individual study plans (SIS-4): mandatory items plus one option per elective group.

        The mandatory items follow from the curriculum alone, so the database copies
        them (INSERT … SELECT over a temporary table of student → curriculum); only
        the elective choices are drawn here.
        """
        rng = self.rng
        completed = PlanItemStatus.COMPLETED.value
        quote = connection.ops.quote_name
        owners = quote("demo_plan_owner")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {owners}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {owners} (student_id bigint NOT NULL, "
                "curriculum_id bigint NOT NULL, done_before integer NOT NULL, "
                "later varchar(12) NOT NULL)"
            )
        write_rows(
            owners,
            "student_id, curriculum_id, done_before, later",
            4,
            (
                (student_id, compiled.curriculum_id, done_before, later)
                for student_id, compiled, done_before, later in self.student_plans
            ),
        )
        plan = Table(
            StudyPlanItem,
            (
                "student",
                "curriculum_item",
                "discipline",
                "semester",
                "credits",
                "component",
                "status",
            ),
            now=self.now,
        )
        item_table = quote(CurriculumItem._meta.db_table)
        discipline_table = quote(Discipline._meta.db_table)
        mandatory = plan.insert_select(
            [
                "o.student_id",
                "ci.id",
                "ci.discipline_id",
                "ci.semester",
                "d.credits",
                "ci.component",
                "CASE WHEN ci.semester < o.done_before THEN %s ELSE o.later END",
            ],
            f"FROM {owners} o JOIN {item_table} ci ON ci.curriculum_id = o.curriculum_id "
            f"JOIN {discipline_table} d ON d.id = ci.discipline_id "
            "WHERE ci.elective_group = '' ORDER BY o.student_id, ci.semester, ci.id",
            [completed],
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {owners}")

        def electives() -> Iterator[tuple[Any, ...]]:
            for student_id, compiled, done_before, later in self.student_plans:
                for options in compiled.electives:
                    item_id, discipline_id, semester, credits, component = options[
                        rng.randrange(len(options))
                    ]
                    yield (
                        student_id,
                        item_id,
                        discipline_id,
                        semester,
                        credits,
                        component,
                        completed if semester < done_before else later,
                    )

        return mandatory + plan.insert(electives())

    # -- report ------------------------------------------------------------------

    def _summary(self, plan_items: int) -> DemoSummary:
        accounts = []
        for plan, role, scope in self.accounts.values():
            if plan is None:
                username, name = self.showcase_username, self.showcase_name
            else:
                username, name = plan.user.username, plan.name
            full = " ".join(p for p in (name.last, name.first, name.middle) if p)
            accounts.append(DemoAccount(username, str(role), full, scope))
        order = list(FIXED_ACCOUNTS)
        accounts.sort(key=lambda a: order.index(a.username.split(".")[0]))
        return DemoSummary(
            institution_id=self.institution.pk,
            institution_code=self.code,
            academic_year=self.year,
            faculties=len(self.faculties),
            departments=len(self.department),
            programs=len(self.program),
            disciplines=self.discipline_count,
            curricula=self.curriculum_count,
            curriculum_items=self.curriculum_item_count,
            groups=self.group_count,
            students=self.student_count,
            staff=len(self.staff_plans),
            role_assignments=len(self.role_rows),
            status_changes=self.status_change_count,
            plan_items=plan_items,
            password=DEMO_PASSWORD,
            accounts=tuple(accounts),
        )
