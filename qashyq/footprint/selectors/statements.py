"""Reading statements: the LRS's statements and activities resources and the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from qashyq.footprint import xapi
from qashyq.footprint.data import ActivityType
from qashyq.footprint.models import Statement, StatementLink, Stream

QUERY_LIMIT = 100


def statement_render(*, row: Statement) -> dict[str, Any]:
    """The full xAPI statement of a row, exact form: a received statement exactly as stored
    (with its id, stored, timestamp, authority, version), one of Qashyq's own rendered from
    its columns."""
    if row.raw is not None:
        return dict(row.raw)
    return xapi.own_statement(
        statement_id=row.statement_id,
        actor_key=row.actor_key,
        verb=row.verb,
        object_type=row.object_type,
        object_iri=row.object_iri,
        object_name=row.object_name,
        course_id=row.course_id,
        registration=row.registration,
        result=row.result,
        context=row.context,
        timestamp=row.timestamp,
        stored=row.stored,
    )


def statement_get(*, statement_id: UUID, voided: bool) -> dict[str, Any] | None:
    """The statement with this id: with voided=False only if it is not voided (a voiding
    statement is returned), with voided=True only if it is (xAPI 1.0.3 GET
    statementId / voidedStatementId)."""
    row = Statement.objects.filter(statement_id=statement_id, voided=voided).first()
    return statement_render(row=row) if row is not None else None


def statements_query(
    *,
    agent_key: str | None = None,
    verb_iri: str | None = None,
    activity_iri: str | None = None,
    registration: UUID | None = None,
    related_activities: bool = False,
    related_agents: bool = False,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    ascending: bool = False,
    limit: int = QUERY_LIMIT,
    after: tuple[dt.datetime, int] | None = None,
    stream_key: str | None = None,
) -> list[Statement]:
    """Statements that are not voided, matching the xAPI 1.0.3 filters, ordered by
    (stored, id) newest first (oldest first with `ascending`), at most `limit` rows (ask
    for one more to know whether there is a `more` page), after the cursor `after` = the
    (stored, id) of the last row of the previous page.

    since/until compare `stored` (since exclusive, until inclusive). A statement whose
    object is a StatementRef meets the other filters when the statement it targets does
    (§2.1.3 "Filter Conditions for StatementRefs"), voided or not.

    `stream_key` limits the answer to one stream (a client that may read only its own
    statements: `client:<id>`), before the limit is applied.
    """
    matching = _matching(
        agent_key=agent_key,
        verb_iri=verb_iri,
        activity_iri=activity_iri,
        registration=registration,
        related_activities=related_activities,
        related_agents=related_agents,
    )
    window = Q(voided=False)
    if stream_key is not None:
        window &= Q(stream_id=Subquery(Stream.objects.filter(key=stream_key).values("pk")[:1]))
    if since is not None:
        window &= Q(stored__gt=since)
    if until is not None:
        window &= Q(stored__lte=until)
    if after is not None:
        stored, pk = after
        window &= (
            Q(stored__gt=stored) | Q(stored=stored, id__gt=pk)
            if ascending
            else Q(stored__lt=stored) | Q(stored=stored, id__lt=pk)
        )
    ordering = ["stored", "id"] if ascending else ["-stored", "-id"]
    rows = list(Statement.objects.filter(window, matching).order_by(*ordering)[:limit])
    if matching == Q():
        return rows
    # Statements about statements that match (one more, narrow query on object_ref).
    targets = Statement.objects.filter(matching, statement_id=OuterRef("object_ref"))
    referring = list(
        Statement.objects.filter(window, object_ref__isnull=False)
        .filter(Exists(targets))
        .order_by(*ordering)[:limit]
    )
    seen = {r.id for r in rows}
    extra = [r for r in referring if r.id not in seen]
    if not extra:
        return rows
    merged = sorted(rows + extra, key=lambda r: (r.stored, r.id), reverse=not ascending)
    return merged[:limit]


def _matching(
    *,
    agent_key: str | None,
    verb_iri: str | None,
    activity_iri: str | None,
    registration: UUID | None,
    related_activities: bool,
    related_agents: bool,
) -> Q:
    matching = Q()
    if agent_key is not None:
        agent = Q(actor_key=agent_key) | Q(object_kind__in=["Agent", "Group"], object_iri=agent_key)
        if related_agents:
            agent |= Q(id__in=_linked(StatementLink.Kind.AGENT, agent_key))
            if agent_key == xapi.agent_key(xapi.authority_own()):
                agent |= Q(raw__isnull=True)  # the authority of every own statement
        matching &= agent
    if verb_iri is not None:
        matching &= Q(verb_iri=verb_iri)
    if activity_iri is not None:
        activity = Q(object_kind="Activity", object_iri=activity_iri)
        if related_activities:
            activity |= Q(id__in=_linked(StatementLink.Kind.ACTIVITY, activity_iri))
            own = xapi.own_activity(activity_iri)
            if own is not None and own[0] == ActivityType.COURSE and own[1].isdigit():
                activity |= Q(raw__isnull=True, course_id=int(own[1]))  # its parent course
        matching &= activity
    if registration is not None:
        matching &= Q(registration=registration)
    return matching


def _linked(kind: str, key: str) -> QuerySet[StatementLink, int]:
    return StatementLink.objects.filter(kind=kind, key=key).values_list("statement_pk", flat=True)


def activity_definition(*, activity_iri: str) -> dict[str, Any] | None:
    """The Activity object (objectType, id, definition) GET /xapi/activities returns: the
    definitions the statements give for this IRI merged in the order stored (language maps
    merged, other properties replaced by the newer), or None when no statement names it."""
    rows = Statement.objects.filter(
        Q(object_kind="Activity", object_iri=activity_iri)
        | Q(id__in=_linked(StatementLink.Kind.ACTIVITY, activity_iri))
    ).order_by("stored", "id")
    definition: dict[str, Any] = {}
    found = False
    for row in rows.iterator(chunk_size=500):
        for activity in _activities(statement_render(row=row)):
            if activity.get("id") != activity_iri:
                continue
            found = True
            for name, value in (activity.get("definition") or {}).items():
                if isinstance(value, Mapping) and name in ("name", "description"):
                    definition[name] = {**definition.get(name, {}), **value}
                else:
                    definition[name] = value
    if not found:
        return None
    merged: dict[str, Any] = {"objectType": "Activity", "id": activity_iri}
    if definition:
        merged["definition"] = definition
    return merged


def _activities(statement: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every Activity a statement contains: object, context activities, SubStatement's."""
    target = statement.get("object") or {}
    if target.get("objectType", "Activity") == "Activity":
        yield target
    for group in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        yield from group if isinstance(group, list) else [group]
    if target.get("objectType") == "SubStatement":
        yield from _activities(target)


def statements_between(*, since: dt.datetime, until: dt.datetime) -> Iterator[Statement]:
    """Every statement stored in [since, until), voided ones included, ordered by
    (stored, id), read in chunks (the reports' rollups, FP-2…FP-4)."""
    return (
        Statement.objects.filter(stored__gte=since, stored__lt=until)
        .order_by("stored", "id")
        .iterator(chunk_size=5000)
    )
