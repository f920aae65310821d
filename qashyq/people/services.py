"""Writes of people: personal files (SIS-6), status history, staff, roles (SEC-2) and
individual study plans (SIS-4, SIS-3). The only place that changes people's data."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.cache import invalidates
from qashyq.core.identifiers import validate_iin
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
    Delivery,
    Funding,
    PlanItemStatus,
    PriorEducation,
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
    can_choose_electives,
    can_manage_students,
    student_scope,
)
from qashyq.people.selectors import student_curriculum

# SIS-6: the status changes that can happen. Reinstatement after expulsion
# (восстановление) is allowed; nothing follows graduation.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    StudentStatus.ENROLLED: frozenset(
        {StudentStatus.ACADEMIC_LEAVE, StudentStatus.EXPELLED, StudentStatus.GRADUATED}
    ),
    StudentStatus.ACADEMIC_LEAVE: frozenset({StudentStatus.ENROLLED, StudentStatus.EXPELLED}),
    StudentStatus.EXPELLED: frozenset({StudentStatus.ENROLLED}),
    StudentStatus.GRADUATED: frozenset(),
}

# SEC-2: the scope each role needs. "institution" = institution-wide (no narrower scope).
# A tutor accompanies a group, or (department-wide) every group of a department's
# programs: exactly one of the two.
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    Role.STUDENT: ("institution",),
    Role.TEACHER: ("department",),
    Role.TUTOR: ("group", "department"),
    Role.ADVISOR: ("group",),
    Role.DEPARTMENT_HEAD: ("department",),
    Role.DEAN: ("faculty",),
    Role.REGISTRAR: ("institution",),
    Role.DISTANCE_UNIT: ("institution",),
    Role.PROCTOR: ("institution",),
    Role.RECTOR_OFFICE: ("institution",),
    Role.ADMIN: ("institution",),
}


# ---------------------------------------------------------------- checks


def _not_found() -> PersonNotFound:
    return PersonNotFound(_("Not found."))


def _require_student_manager(actor: ActorScope, institution_id: int, *, visible: bool) -> None:
    """Registrar/admin may change; one who only sees gets 403; anyone else 404 (SEC-2)."""
    if can_manage_students(actor, institution_id):
        return
    if visible:
        raise PeopleChangeForbidden(
            _("Only the Office Registrar or an administrator may change personal files.")
        )
    raise _not_found()


def _member(actor: ActorScope, institution_id: int) -> bool:
    """Whether the actor holds any role in the institution (then "no" is 403, not 404)."""
    return any(g.institution_id == institution_id for g in actor.grants)


def _student_visible(actor: ActorScope, student: Student) -> bool:
    return Student.objects.filter(student_scope(actor), pk=student.pk).exists()


def _clean(instance: Model, *, exclude: list[str] | None = None) -> None:
    """Model validation (field validators, choices) as a PersonInvalid on the first field."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise PersonInvalid(
            messages[0],
            field=None if field == "__all__" else field,
            errors=error.message_dict,
        ) from None


def _iin(value: str | None) -> str | None:
    """IIN-1: 12 digits with a correct control digit. IIN-2: the date part is never checked."""
    iin = (value or "").strip()
    if not iin:
        return None
    try:
        validate_iin(iin)
    except ValidationError as error:
        raise PersonInvalid(error.messages[0], field="iin") from None
    return iin


def _check_iin_free(iin: str | None, *, institution_id: int, exclude_pk: int | None) -> None:
    if iin is None:
        return
    taken = Student.objects.filter(institution_id=institution_id, iin=iin)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DuplicatePerson(
            _("A student with this IIN is already registered in this institution."), field="iin"
        )


def _name(value: str, *, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise PersonInvalid(message, field=field)
    return value


def _email(value: str, *, exclude_user_id: int | None) -> str:
    email = value.strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise PersonInvalid(_("Enter a valid e-mail address."), field="email") from None
    taken = User.objects.filter(email__iexact=email)
    if exclude_user_id is not None:
        taken = taken.exclude(pk=exclude_user_id)
    if taken.exists():
        raise DuplicatePerson(_("This e-mail address is already in use."), field="email")
    return email


def _username_free(username: str) -> bool:
    return not User.objects.filter(username__iexact=username).exists()


def _user_create(
    *, username: str, email: str, first_name: str, last_name: str, middle_name: str
) -> User:
    """The account of a new person; no password yet: they set one by "forgot password"."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        middle_name=middle_name,
    )
    user.set_unusable_password()
    user.save()
    return user


def _check_birth_date(birth_date: dt.date | None) -> None:
    if birth_date is not None and birth_date > timezone.localdate():
        raise PersonInvalid(_("The date of birth cannot be in the future."), field="birth_date")


def _check_program_group(
    *, institution_id: int, program: Program, group: StudentGroup | None
) -> None:
    if program.institution_id != institution_id:
        raise PersonInvalid(_("Choose a program of this institution."), field="program")
    if group is not None and group.program_id != program.pk:
        raise PersonInvalid(
            _("The group %(group)s belongs to another program.") % {"group": group.code},
            field="group",
        )


def _next_student_number(*, institution_id: int, admission_year: int) -> str:
    """YY + a five-digit sequence per intake: 2500001, 2500002 …"""
    prefix = f"{admission_year % 100:02d}"
    numbers = Student.objects.filter(
        institution_id=institution_id, student_number__regex=rf"^{prefix}[0-9]{{5}}$"
    ).values_list("student_number", flat=True)
    last = max((int(n[2:]) for n in numbers), default=0)
    return f"{prefix}{last + 1:05d}"


# ---------------------------------------------------------------- students (SIS-6)


@invalidates("people")
@transaction.atomic
def student_create(
    *,
    actor: ActorScope,
    program: Program,
    first_name: str,
    last_name: str,
    admission_year: int,
    middle_name: str = "",
    email: str = "",
    username: str = "",
    student_number: str = "",
    group: StudentGroup | None = None,
    iin: str | None = None,
    birth_date: dt.date | None = None,
    sex: str = "",
    citizenship: str = "KZ",
    phone: str = "",
    contact_email: str = "",
    address: str = "",
    study_form: str = "",
    language: str = "",
    funding: str = Funding.STATE_GRANT,
    prior_education: str = PriorEducation.GENERAL_SECONDARY,
    course_year: int = 1,
    enrolled_on: dt.date | None = None,
    order_number: str = "",
) -> Student:
    """Open a personal file: the user account, the student, the role "student", and the
    first line of the status history ("enrolled").

    The IIN is checked by its control digit (IIN-1) and must be unique in the
    institution; its date part is never compared with the birth date (IIN-2).
    The student number is generated (YY + sequence) unless given. Study form and
    language default to the program's.
    """
    institution_id = program.institution_id
    _require_student_manager(actor, institution_id, visible=_member(actor, institution_id))
    _check_program_group(institution_id=institution_id, program=program, group=group)
    first_name = _name(first_name, field="first_name", message=_("Enter the first name."))
    last_name = _name(last_name, field="last_name", message=_("Enter the last name."))
    checked_iin = _iin(iin)
    _check_iin_free(checked_iin, institution_id=institution_id, exclude_pk=None)
    _check_birth_date(birth_date)
    checked_email = _email(email, exclude_user_id=None)

    number = student_number.strip() or _next_student_number(
        institution_id=institution_id, admission_year=admission_year
    )
    if Student.objects.filter(institution_id=institution_id, student_number=number).exists():
        raise DuplicatePerson(
            _("The student number %(number)s is already taken.") % {"number": number},
            field="student_number",
        )
    login = username.strip()
    if login:
        if not _username_free(login):
            raise DuplicatePerson(_("This user name is already taken."), field="username")
    else:
        login = number if _username_free(number) else f"{number}.{program.institution.code}"
        if not _username_free(login):
            raise DuplicatePerson(_("This user name is already taken."), field="username")

    user = _user_create(
        username=login,
        email=checked_email,
        first_name=first_name,
        last_name=last_name,
        middle_name=middle_name.strip(),
    )
    student = Student(
        user=user,
        institution_id=institution_id,
        student_number=number,
        iin=checked_iin,
        birth_date=birth_date,
        sex=sex,
        citizenship=(citizenship or "KZ").strip().upper(),
        phone=phone.strip(),
        contact_email=contact_email.strip(),
        address=address.strip(),
        program=program,
        group=group,
        study_form=study_form or program.study_form,
        language=language or program.language,
        funding=funding,
        prior_education=prior_education,
        admission_year=admission_year,
        course_year=course_year,
        status=StudentStatus.ENROLLED,
    )
    _clean(student, exclude=["user", "institution", "program", "group"])
    try:
        with transaction.atomic():
            student.save()
    except IntegrityError:
        raise DuplicatePerson(
            _("The student number %(number)s is already taken.") % {"number": number},
            field="student_number",
        ) from None
    StudentStatusChange.objects.create(
        student=student,
        status=StudentStatus.ENROLLED,
        effective_on=enrolled_on or timezone.localdate(),
        order_number=order_number.strip(),
        reason="",
        recorded_by_id=actor.user_id,
    )
    RoleAssignment.objects.create(user=user, role=Role.STUDENT, institution_id=institution_id)
    return student


@invalidates("people")
@transaction.atomic
def student_update(
    *,
    actor: ActorScope,
    student: Student,
    first_name: str,
    last_name: str,
    middle_name: str,
    email: str,
    program: Program,
    group: StudentGroup | None,
    iin: str | None,
    birth_date: dt.date | None,
    sex: str,
    citizenship: str,
    phone: str,
    contact_email: str,
    address: str,
    study_form: str,
    language: str,
    funding: str,
    admission_year: int,
    course_year: int,
    prior_education: str | None = None,
) -> Student:
    """Change a personal file's data and contacts (Office Registrar, administrator).

    The status is not changed here: see `student_status_change` (the history).
    """
    _require_student_manager(
        actor, student.institution_id, visible=_student_visible(actor, student)
    )
    _check_program_group(institution_id=student.institution_id, program=program, group=group)
    user = student.user
    user.first_name = _name(first_name, field="first_name", message=_("Enter the first name."))
    user.last_name = _name(last_name, field="last_name", message=_("Enter the last name."))
    user.middle_name = middle_name.strip()
    user.email = _email(email, exclude_user_id=user.pk)
    checked_iin = _iin(iin)
    _check_iin_free(checked_iin, institution_id=student.institution_id, exclude_pk=student.pk)
    _check_birth_date(birth_date)

    student.iin = checked_iin
    student.birth_date = birth_date
    student.sex = sex
    student.citizenship = (citizenship or "KZ").strip().upper()
    student.phone = phone.strip()
    student.contact_email = contact_email.strip()
    student.address = address.strip()
    student.program = program
    student.group = group
    student.study_form = study_form
    student.language = language
    student.funding = funding
    if prior_education is not None:
        student.prior_education = prior_education
    student.admission_year = admission_year
    student.course_year = course_year
    _clean(student, exclude=["user", "institution", "program", "group"])
    user.save(update_fields=["first_name", "last_name", "middle_name", "email"])
    student.save()
    return student


@invalidates("people")
@transaction.atomic
def student_status_change(
    *,
    actor: ActorScope,
    student: Student,
    status: str,
    effective_on: dt.date,
    reason: str = "",
    order_number: str = "",
) -> StudentStatusChange:
    """Record a status change (SIS-6): enrolled ⇄ academic leave, expelled (reinstatement
    allowed), graduated (final). The history is append-only and in date order: a change
    cannot take effect before the last recorded one."""
    _require_student_manager(
        actor, student.institution_id, visible=_student_visible(actor, student)
    )
    locked = Student.objects.select_for_update().get(pk=student.pk)
    if status not in StudentStatus.values:
        raise PersonInvalid(_("Choose a status."), field="status")
    current = StudentStatus(locked.status)
    if status not in STATUS_TRANSITIONS[current]:
        raise StatusTransitionInvalid(
            _("A student who is %(current)s cannot become %(new)s.")
            % {"current": current.label, "new": StudentStatus(status).label},
            field="status",
            current=current.value,
            requested=status,
        )
    last = (
        StudentStatusChange.objects.filter(student=locked)
        .order_by("-effective_on", "-id")
        .values_list("effective_on", flat=True)
        .first()
    )
    if last is not None and effective_on < last:
        raise StatusTransitionInvalid(
            _("The change cannot take effect before the last recorded one (%(date)s).")
            % {"date": last.isoformat()},
            field="effective_on",
        )
    change = StudentStatusChange.objects.create(
        student=locked,
        status=status,
        effective_on=effective_on,
        reason=reason.strip(),
        order_number=order_number.strip(),
        recorded_by_id=actor.user_id,
    )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    student.status = status
    return change


# ---------------------------------------------------------------- staff


def _check_department(institution: Institution, department: Department | None) -> None:
    if department is not None and department.faculty.institution_id != institution.pk:
        raise PersonInvalid(_("Choose a department of this institution."), field="department")


@invalidates("people")
@transaction.atomic
def staff_create(
    *,
    actor: ActorScope,
    institution: Institution,
    username: str,
    first_name: str,
    last_name: str,
    middle_name: str = "",
    email: str = "",
    department: Department | None = None,
    position: str = "",
    academic_degree: str = "",
    academic_title: str = "",
    phone: str = "",
) -> Staff:
    """Register a member of staff and their account (Office Registrar, administrator).
    Roles are given separately (`role_assign`)."""
    _require_student_manager(actor, institution.pk, visible=_member(actor, institution.pk))
    _check_department(institution, department)
    login = _name(username, field="username", message=_("Enter a user name."))
    if not _username_free(login):
        raise DuplicatePerson(_("This user name is already taken."), field="username")
    first = _name(first_name, field="first_name", message=_("Enter the first name."))
    last = _name(last_name, field="last_name", message=_("Enter the last name."))
    user = _user_create(
        username=login,
        email=_email(email, exclude_user_id=None),
        first_name=first,
        last_name=last,
        middle_name=middle_name.strip(),
    )
    staff = Staff(
        user=user,
        institution=institution,
        department=department,
        position=position.strip(),
        academic_degree=academic_degree.strip(),
        academic_title=academic_title.strip(),
        phone=phone.strip(),
    )
    _clean(staff, exclude=["user", "institution", "department"])
    staff.save()
    return staff


@invalidates("people")
@transaction.atomic
def staff_update(
    *,
    actor: ActorScope,
    staff: Staff,
    first_name: str,
    last_name: str,
    middle_name: str,
    email: str,
    department: Department | None,
    position: str,
    academic_degree: str,
    academic_title: str,
    phone: str,
) -> Staff:
    """Change a staff member's data (Office Registrar, administrator)."""
    _require_student_manager(
        actor, staff.institution_id, visible=_member(actor, staff.institution_id)
    )
    _check_department(staff.institution, department)
    user = staff.user
    user.first_name = _name(first_name, field="first_name", message=_("Enter the first name."))
    user.last_name = _name(last_name, field="last_name", message=_("Enter the last name."))
    user.middle_name = middle_name.strip()
    user.email = _email(email, exclude_user_id=user.pk)
    staff.department = department
    staff.position = position.strip()
    staff.academic_degree = academic_degree.strip()
    staff.academic_title = academic_title.strip()
    staff.phone = phone.strip()
    _clean(staff, exclude=["user", "institution", "department"])
    user.save(update_fields=["first_name", "last_name", "middle_name", "email"])
    staff.save()
    return staff


# ---------------------------------------------------------------- roles (SEC-2)


def _role_scope_check(
    *,
    role: str,
    institution: Institution,
    faculty: Faculty | None,
    department: Department | None,
    group: StudentGroup | None,
) -> None:
    """The role's scope is given, and nothing narrower or of another institution."""
    if role not in ROLE_SCOPES:
        raise RoleScopeInvalid(_("Choose a role."), field="role")
    given = {
        "faculty": faculty is not None,
        "department": department is not None,
        "group": group is not None,
    }
    allowed = ROLE_SCOPES[role]
    label = Role(role).label
    if allowed == ("institution",):
        if any(given.values()):
            raise RoleScopeInvalid(
                _(
                    "The role %(role)s covers the whole institution: leave faculty, department "
                    "and group empty."
                )
                % {"role": label},
                field="faculty"
                if given["faculty"]
                else "department"
                if given["department"]
                else "group",
            )
    else:
        chosen = [level for level, present in given.items() if present]
        if len(chosen) != 1 or chosen[0] not in allowed:
            messages = {
                ("faculty",): _("The role %(role)s needs a faculty, and nothing else."),
                ("department",): _("The role %(role)s needs a department, and nothing else."),
                ("group",): _("The role %(role)s needs a group, and nothing else."),
                ("group", "department"): _(
                    "The role %(role)s needs either a group or a whole department."
                ),
            }
            raise RoleScopeInvalid(messages[allowed] % {"role": label}, field=allowed[0])
    if faculty is not None and faculty.institution_id != institution.pk:
        raise RoleScopeInvalid(_("Choose a faculty of this institution."), field="faculty")
    if department is not None and department.faculty.institution_id != institution.pk:
        raise RoleScopeInvalid(_("Choose a department of this institution."), field="department")
    if group is not None and group.program.institution_id != institution.pk:
        raise RoleScopeInvalid(_("Choose a group of this institution."), field="group")


def role_manage_check(*, actor: ActorScope, institution_id: int) -> None:
    """SEC-2: administrators of the institution pass; its other members get 403, anyone
    else 404."""
    if can_assign_roles(actor, institution_id):
        return
    if _member(actor, institution_id):
        raise PeopleChangeForbidden(_("Only an administrator of the institution gives roles."))
    raise _not_found()


@invalidates("people")
@transaction.atomic
def role_assign(
    *,
    actor: ActorScope,
    user: User,
    role: str,
    institution: Institution,
    faculty: Faculty | None = None,
    department: Department | None = None,
    group: StudentGroup | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> RoleAssignment:
    """Give `user` a role with its scope (SEC-2); only administrators of the institution.

    Scopes: dean → faculty; department head, teacher → department; advisor → group;
    tutor → a group or a whole department; student, Office Registrar, rector's office,
    distance-learning unit, proctor, administrator → the institution. The role
    "student" needs the person's personal file in this institution.
    """
    role_manage_check(actor=actor, institution_id=institution.pk)
    _role_scope_check(
        role=role, institution=institution, faculty=faculty, department=department, group=group
    )
    if (
        role == Role.STUDENT
        and not Student.objects.filter(user=user, institution=institution).exists()
    ):
        raise RoleScopeInvalid(
            _("Only a person with a personal file in this institution can be a student."),
            field="role",
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise PersonInvalid(_("The role cannot end before it starts."), field="ends_on")
    duplicate = RoleAssignment.objects.filter(
        user=user,
        role=role,
        institution=institution,
        faculty=faculty,
        department=department,
        group=group,
    ).exists()
    if duplicate:
        raise DuplicatePerson(_("This person already holds this role here."), field="role")
    return RoleAssignment.objects.create(
        user=user,
        role=role,
        institution=institution,
        faculty=faculty,
        department=department,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
    )


@invalidates("people")
@transaction.atomic
def role_revoke(*, actor: ActorScope, assignment: RoleAssignment) -> None:
    """Take a role away (administrators of the institution). An administrator cannot
    revoke their own administrator role, so an institution is never locked out by mistake."""
    role_manage_check(actor=actor, institution_id=assignment.institution_id)
    if assignment.user_id == actor.user_id and assignment.role == Role.ADMIN:
        raise PeopleChangeForbidden(
            _("You cannot revoke your own administrator role; ask another administrator.")
        )
    assignment.delete()


# ---------------------------------------------------------------- study plans (SIS-4, SIS-3)


def _curriculum(student: Student) -> Curriculum:
    curriculum = student_curriculum(student=student)
    if curriculum is None:
        raise CurriculumMissing(
            _("There is no working curriculum of %(program)s for the intake of %(year)s.")
            % {"program": student.program.code, "year": student.admission_year}
        )
    return curriculum


@invalidates("people")
@transaction.atomic
def study_plan_generate(*, actor: ActorScope, student: Student) -> int:
    """Fill the individual study plan (SIS-4) from the working curriculum of the
    student's program and intake year: every mandatory item (general and university
    components) and every elective item outside an elective group (the curriculum
    fixes those). Electives of a group are the student's choice (SIS-3).

    Idempotent: disciplines already in the plan are kept as they are; returns the
    number of items added.
    """
    _require_student_manager(
        actor, student.institution_id, visible=_student_visible(actor, student)
    )
    curriculum = _curriculum(student)
    Student.objects.select_for_update().filter(pk=student.pk).first()
    present = set(
        StudyPlanItem.objects.filter(student=student).values_list("discipline_id", flat=True)
    )
    items = (
        CurriculumItem.objects.filter(curriculum=curriculum)
        .exclude(component=Component.ELECTIVE, elective_group__gt="")
        .select_related("discipline")
        .order_by("semester", "discipline__code")
    )
    new = [
        StudyPlanItem(
            student=student,
            curriculum_item=item,
            discipline=item.discipline,
            semester=item.semester,
            credits=item.discipline.credits,
            component=item.component,
        )
        for item in items
        if item.discipline_id not in present
    ]
    StudyPlanItem.objects.bulk_create(new)
    return len(new)


def _require_elective_actor(actor: ActorScope, student: Student) -> None:
    if can_choose_electives(actor, student_id=student.pk, institution_id=student.institution_id):
        return
    if _student_visible(actor, student):
        raise PeopleChangeForbidden(
            _("Only the student or the Office Registrar chooses electives.")
        )
    raise _not_found()


def _require_enrolled(student: Student) -> None:
    if student.status != StudentStatus.ENROLLED:
        raise ElectiveChoiceInvalid(
            _("Electives can be chosen only while the student is enrolled.")
        )


@invalidates("people")
@transaction.atomic
def study_plan_choose_elective(
    *, actor: ActorScope, student: Student, curriculum_item: CurriculumItem
) -> StudyPlanItem:
    """Add an elective to the plan (SIS-3): only an alternative of an elective group of
    the student's curriculum, and at most the group's `elective_choose` disciplines."""
    _require_elective_actor(actor, student)
    locked = Student.objects.select_for_update().get(pk=student.pk)
    _require_enrolled(locked)
    curriculum = _curriculum(student)
    if (
        curriculum_item.curriculum_id != curriculum.pk
        or curriculum_item.component != Component.ELECTIVE
        or not curriculum_item.elective_group
    ):
        raise ElectiveChoiceInvalid(
            _("This discipline is not an elective of your curriculum."), field="curriculum_item"
        )
    discipline = curriculum_item.discipline
    if StudyPlanItem.objects.filter(student=student, discipline=discipline).exists():
        raise ElectiveChoiceInvalid(
            _("%(discipline)s is already in the study plan.") % {"discipline": discipline.code},
            field="curriculum_item",
        )
    chosen = (
        StudyPlanItem.objects.filter(
            student=student,
            curriculum_item__curriculum=curriculum,
            curriculum_item__elective_group=curriculum_item.elective_group,
            curriculum_item__semester=curriculum_item.semester,
        )
        .exclude(status=PlanItemStatus.DROPPED)
        .count()
    )
    if chosen >= curriculum_item.elective_choose:
        raise ElectiveChoiceInvalid(
            _(
                "In semester %(semester)s you may choose %(limit)s from the group "
                "%(group)s and have already chosen %(chosen)s; drop one first."
            )
            % {
                "semester": curriculum_item.semester,
                "limit": curriculum_item.elective_choose,
                "group": curriculum_item.elective_group,
                "chosen": chosen,
            },
            field="curriculum_item",
            limit=curriculum_item.elective_choose,
        )
    return StudyPlanItem.objects.create(
        student=student,
        curriculum_item=curriculum_item,
        discipline=discipline,
        semester=curriculum_item.semester,
        credits=discipline.credits,
        component=Component.ELECTIVE,
    )


@invalidates("people")
@transaction.atomic
def study_plan_drop_elective(*, actor: ActorScope, student: Student, item: StudyPlanItem) -> None:
    """Remove a chosen elective (SIS-3) that is still only planned. Mandatory items and
    completed disciplines stay."""
    _require_elective_actor(actor, student)
    locked = Student.objects.select_for_update().get(pk=student.pk)
    _require_enrolled(locked)
    if item.student_id != student.pk:
        raise _not_found()
    ci = item.curriculum_item
    if ci is None or ci.component != Component.ELECTIVE or not ci.elective_group:
        raise ElectiveChoiceInvalid(_("Only a chosen elective can be dropped."), field="item")
    if item.status != PlanItemStatus.PLANNED:
        raise ElectiveChoiceInvalid(
            _("A discipline that is completed or already dropped stays in the plan."),
            field="item",
        )
    item.delete()


logger = logging.getLogger(__name__)


@invalidates("people")
@transaction.atomic
def plan_items_delivery_set(
    *,
    actor: ActorScope,
    student: Student,
    discipline_ids: frozenset[int] | set[int] | list[int],
    delivery: str,
    reason: str,
) -> int:
    """Set how the listed disciplines of the student's plan are studied (LIM-1…LIM-6):
    "distance" when a rector's order moves the student to distance learning, back to
    "in_person" when its period ends (SIS-5). Office Registrar, administrator, or the
    system acting on an order.

    Every discipline must be in the student's plan. The `reason` (the order, e.g.
    "order 12-ҚО of 01.03.2026") is required and written to the log; the caller keeps
    the document itself. Returns the number of plan items changed; setting the value
    they already have changes nothing (idempotent).
    """
    _require_student_manager(
        actor, student.institution_id, visible=_student_visible(actor, student)
    )
    if delivery not in Delivery.values:
        raise PersonInvalid(_("Choose how the disciplines are studied."), field="delivery")
    if not reason.strip():
        raise PersonInvalid(_("Give the reason for the change."), field="reason")
    wanted = set(discipline_ids)
    items = StudyPlanItem.objects.select_for_update().filter(
        student=student, discipline_id__in=wanted
    )
    present = set(items.values_list("discipline_id", flat=True))
    if missing := wanted - present:
        raise PersonInvalid(
            _("These disciplines are not in the study plan: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in sorted(missing))},
            field="discipline_ids",
        )
    changed = items.exclude(delivery=delivery).update(delivery=delivery, updated_at=timezone.now())
    logger.info(
        "plan delivery of student %s set to %s for %s disciplines (%s changed): %s",
        student.pk,
        delivery,
        len(wanted),
        changed,
        reason.strip(),
    )
    return changed
