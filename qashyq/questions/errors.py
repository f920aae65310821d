"""Errors of the question banks: stable codes for machines, translated messages for people."""

from __future__ import annotations

from qashyq.core.errors import DomainError, NotFound


class BankNotFound(NotFound):
    """A bank, category, question, file or import that is absent or not visible (SEC-2)."""

    code = "bank_not_found"


class BankChangeForbidden(DomainError):
    """The actor reads the bank but may not change it (a tutor, a dean)."""

    code = "bank_change_forbidden"
    status = 403


class QuestionInvalid(DomainError):
    """A question's values break a rule of its type (TST-1).

    `extra["field"]` names the field the message belongs to, when there is one."""

    code = "question_invalid"
    status = 422


class CategoryInvalid(DomainError):
    """A category cannot be created, moved or deleted so (a cycle, not empty …)."""

    code = "category_invalid"
    status = 422


class ImportInvalid(DomainError):
    """An import file that cannot be taken, or a batch that is no longer waiting."""

    code = "import_invalid"
    status = 422
