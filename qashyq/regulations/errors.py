"""Errors of regulations: stable codes for machines, translated messages for people."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class RuleNotFound(NotFound):
    """A rule or act code that is not in the catalogue."""

    code = "rule_not_found"


class SubjectNotFound(NotFound):
    """The subject of a check is absent or not visible to the actor (SEC-2)."""

    code = "subject_not_found"


class RulePackInvalid(DomainError):
    """A pack would loosen a rule, or names a rule that cannot be in a pack.

    `extra["rule"]` names the rule, `extra["parameters"]` the offending parameters.
    """

    code = "rule_pack_invalid"
    status = 422


class RegulationsChangeForbidden(DomainError):
    """The actor may see the institution but not manage its rules or emergency mode."""

    code = "regulations_change_forbidden"
    status = 403


class EmergencyPeriodInvalid(DomainError):
    """An emergency period that ends before it starts, or overlaps another."""

    code = "emergency_period_invalid"
    status = 422


class DistanceListNotFound(NotFound):
    """A list of disciplines open to distance learning that is absent or not visible."""

    code = "distance_list_not_found"


class DistanceListInvalid(DomainError):
    """A list with a period that ends before it starts, a program or disciplines of
    another institution, or an approval without the order's number and date.

    `extra["field"]` names the field to correct.
    """

    code = "distance_list_invalid"
    status = 422


class DistanceListApproved(DomainError):
    """An approved list no longer changes: draw up a new one to replace it."""

    code = "distance_list_approved"
    status = 409
