"""Errors of the transfer workflow: stable codes for machines, translated messages for people.

`extra["field"]` names the form field a message belongs to, when there is one.
"""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class ApplicationNotFound(NotFound):
    """An application that is absent or not yours (SEC-2: the same answer)."""

    code = "application_not_found"


class OrderNotFound(NotFound):
    code = "order_not_found"


class ApplicationInvalid(DomainError):
    """A value breaks a rule: a period in the past, a discipline outside the plan …"""

    code = "application_invalid"
    status = 422


class ApplicationIncomplete(ApplicationInvalid):
    """Something the submission needs is missing: the ground, the dates, an attachment."""

    code = "application_incomplete"


class EvidenceInvalid(ApplicationInvalid):
    """An upload too large or of a type we do not keep."""

    code = "evidence_invalid"


class TransferNotAllowed(DomainError):
    """ELIG-1…ELIG-6, LIM-*: the engine says no; `extra["verdicts"]` has the citations."""

    code = "transfer_not_allowed"
    status = 409


class ApplicationStateInvalid(DomainError):
    """The application is not in a state that allows this (e.g. editing after submission)."""

    code = "application_state_invalid"
    status = 409


class DecisionForbidden(DomainError):
    """The actor sees the application but does not hold the role of its current step."""

    code = "decision_forbidden"
    status = 403


class DecisionInvalid(DomainError):
    """A rejection or a return without a reason."""

    code = "decision_invalid"
    status = 422


class RouteInvalid(DomainError):
    code = "route_invalid"
    status = 422


class DistanceChangeForbidden(DomainError):
    """The actor sees the record but may not change it (route settings, registrar tasks)."""

    code = "distance_change_forbidden"
    status = 403
