"""Why the demo generator refuses to run."""

from __future__ import annotations

from qashyq.core.errors import DomainError


class DemoInstitutionExists(DomainError):
    """The institution code is taken: run with --reset to replace that institution."""

    code = "demo_institution_exists"
    status = 409


class DemoAccountsTaken(DomainError):
    """A fixed demo user name belongs to someone outside the demo institution."""

    code = "demo_accounts_taken"
    status = 409


class DemoClassifierMissing(DomainError):
    """The classifier of directions (CLS-1) lacks codes the demo programs use."""

    code = "demo_classifier_missing"
    status = 409


class DemoInvalidOptions(DomainError):
    code = "demo_invalid_options"
    status = 422
