"""Storing statements other platforms send (the LRS's statements resource, FP-1)."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q

from qashyq.footprint import xapi
from qashyq.footprint.errors import StatementConflict, VoidingTargetInvalid
from qashyq.footprint.models import Statement
from qashyq.footprint.selectors import statement_render
from qashyq.footprint.services.chains import chains_append, links_store


def statements_store(
    *, statements: list[dict[str, Any]], stream_key: str, authority: dict[str, Any]
) -> list[UUID]:
    """Store already-validated xAPI statements, in the order given, chained in the stream
    `stream_key` (`client:<id>`), in one transaction; return their ids in that order.

    The store completes each statement: `id` when missing, `stored` (now, to the
    millisecond), `timestamp` (= stored) when missing, `authority`, `version` 1.0.0 when
    missing. A statement whose id is already stored with the same content (xAPI 1.0.3
    §2.3: ignoring authority, stored, version and the form of the timestamp) is skipped;
    with a different content it raises `StatementConflict` and nothing is stored. A voiding
    statement marks its target voided; one that targets a voiding statement raises
    `VoidingTargetInvalid`.
    """
    stored = xapi.format_time(xapi.stored_now())
    completed: dict[UUID, dict[str, Any]] = {}
    undated: set[UUID] = set()  # sent without a timestamp: the store's is not compared
    order: list[UUID] = []
    for received in statements:
        statement = dict(received)
        statement_id = UUID(str(statement["id"])) if "id" in statement else uuid.uuid4()
        statement["id"] = str(statement_id)
        statement["stored"] = stored
        if "timestamp" not in statement:
            statement["timestamp"] = stored
            undated.add(statement_id)
        statement["authority"] = authority
        statement.setdefault("version", xapi.VERSION)
        order.append(statement_id)
        if statement_id in completed:
            if not xapi.same_statement(completed[statement_id], statement):
                raise StatementConflict(statement_id)
            continue
        completed[statement_id] = statement
    # One probe for what the store must know of the rows already stored: the statements
    # sent again, the targets of the voiding statements received (a voiding statement may
    # not be voided), and earlier voiding statements that target one of these.
    targets = {t for t in map(xapi.voiding_target, completed.values()) if t is not None}
    with transaction.atomic():
        found = list(
            Statement.objects.filter(
                Q(statement_id__in=[*completed, *targets]) | Q(voids__in=list(completed))
            ).values_list("statement_id", "voids")
        )
        again = [statement_id for statement_id, _v in found if statement_id in completed]
        for row in Statement.objects.filter(statement_id__in=again) if again else ():
            existing, received = statement_render(row=row), completed[row.statement_id]
            if row.statement_id in undated:
                received = {**received, "timestamp": existing.get("timestamp")}
            if not xapi.same_statement(existing, received):
                raise StatementConflict(row.statement_id)
            del completed[row.statement_id]
        if completed:
            _store_new(list(completed.values()), stream_key=stream_key, found=found)
    return order


def _store_new(
    statements: list[dict[str, Any]],
    *,
    stream_key: str,
    found: list[tuple[UUID, UUID | None]],
) -> None:
    columns = [xapi.received_columns(s) for s in statements]
    new_ids = {c["statement_id"] for c in columns}
    voiding = {c["statement_id"] for c in columns if c["voids"] is not None}
    targets = {c["voids"] for c in columns if c["voids"] is not None}
    # A voiding statement may not target a voiding statement (xAPI 1.0.3 §2.2).
    for c in columns:
        if c["voids"] in voiding:
            raise VoidingTargetInvalid(c["statement_id"])
    stored_voiding = {sid: v for sid, v in found if sid in targets and v is not None}
    if stored_voiding:
        raise VoidingTargetInvalid(
            next(c["statement_id"] for c in columns if c["voids"] in stored_voiding)
        )
    pks = chains_append(rows=[(stream_key, c) for c in columns])
    links_store(
        [
            (pk, kind, key[:500])
            for pk, statement in zip(pks, statements, strict=True)
            for kind, key in sorted(set(xapi.related_keys(statement)))
        ]
    )
    # `voided` is derived: a statement is voided when a voiding statement targets it,
    # whichever of the two was stored first (verify re-derives it the same way).
    already_targeted = {v for _sid, v in found if v is not None and v in new_ids}
    if targets or already_targeted:
        Statement.objects.filter(
            statement_id__in=targets | already_targeted, voids__isnull=True
        ).update(voided=True)
