"""Errors of the statement store: stable codes for machines, translated messages for people."""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _

from qashyq.core.errors import DomainError


class StatementConflict(DomainError):
    """A statement with this id is stored with a different content (xAPI 1.0.3: 409)."""

    code = "statement_conflict"
    status = 409

    def __init__(self, statement_id: UUID) -> None:
        super().__init__(
            _("A different statement with the id %(id)s is already stored.") % {"id": statement_id},
            statement_id=str(statement_id),
        )
        self.statement_id = statement_id


class VoidingTargetInvalid(DomainError):
    """A voiding statement targets a voiding statement (xAPI 1.0.3: not allowed)."""

    code = "voiding_target_invalid"
    status = 400

    def __init__(self, statement_id: UUID) -> None:
        super().__init__(
            _("The statement %(id)s voids a voiding statement, which is not allowed.")
            % {"id": statement_id},
            statement_id=str(statement_id),
        )
        self.statement_id = statement_id
