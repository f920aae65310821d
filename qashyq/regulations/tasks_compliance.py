"""Background recomputation of the compliance dashboard's read model (ADR 0016)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from qashyq.institutions.models import Institution


@shared_task(time_limit=600, ignore_result=True)  # type: ignore[untyped-decorator]
def compliance_run_refresh_task(institution_id: int, as_of: str) -> None:
    """Load the institution, recompute its run as of the date (idempotent; skipped while
    another process computes the same run)."""
    from qashyq.regulations import services_compliance  # noqa: PLC0415 (service ↔ task)

    institution = Institution.objects.filter(pk=institution_id).first()
    if institution is None:
        return
    services_compliance.compliance_run_refresh_locked(
        institution=institution, as_of=dt.date.fromisoformat(as_of)
    )
