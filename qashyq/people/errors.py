"""Errors of people: stable codes for machines, translated messages for people."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class PersonNotFound(NotFound):
    """A student, staff member or role assignment that is absent or not visible (SEC-2)."""

    code = "person_not_found"


class PeopleChangeForbidden(DomainError):
    """The actor may see this record but not change it."""

    code = "people_change_forbidden"
    status = 403


class PersonInvalid(DomainError):
    """A value breaks a rule (a wrong IIN, a group of another program …).

    `extra["field"]` names the form field the message belongs to, when there is one.
    """

    code = "person_invalid"
    status = 422


class DuplicatePerson(PersonInvalid):
    """The IIN, student number, user name or e-mail is already taken."""

    code = "duplicate_person"
    status = 409


class StatusTransitionInvalid(PersonInvalid):
    """SIS-6: a status change that cannot happen (e.g. anything after graduation)."""

    code = "status_transition_invalid"
    status = 409


class RoleScopeInvalid(PersonInvalid):
    """SEC-2: the scope does not fit the role (a dean needs a faculty …)."""

    code = "role_scope_invalid"


class CurriculumMissing(PersonInvalid):
    """SIS-4: there is no working curriculum for the student's program and intake year."""

    code = "curriculum_missing"
    status = 409


class ElectiveChoiceInvalid(PersonInvalid):
    """SIS-3: the choice is not among the curriculum's electives or exceeds the limit."""

    code = "elective_choice_invalid"
    status = 409
