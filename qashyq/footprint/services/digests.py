"""The daily signed digests of the streams (FP-1)."""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qashyq.footprint import signing
from qashyq.footprint.models import Digest, Statement, Stream

BACKFILL_DAYS = 31


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a day in the institution's time zone (settings.TIME_ZONE)."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)


def digest_body(*, day: dt.date) -> bytes:
    """Canonical JSON of the day's digest: for every stream with statements stored that day,
    [key, last sequence number that day, its head (hex)], sorted by key, and the sha256 of
    the previous digest (digests chain too: removing one shows)."""
    start, end = day_bounds(day)
    last = (
        Statement.objects.filter(stored__gte=start, stored__lt=end)
        .values("stream_id")
        .annotate(last=Max("seq"))
        .order_by()
    )
    last_seq = {r["stream_id"]: r["last"] for r in last}
    keys = dict(Stream.objects.filter(pk__in=list(last_seq)).values_list("pk", "key"))
    streams: list[list[object]] = []
    ids = sorted(last_seq)
    for offset in range(0, len(ids), 500):
        chunk = ids[offset : offset + 500]
        rows = Statement.objects.filter(
            stored__gte=start,
            stored__lt=end,
            stream_id__in=chunk,
            seq__in={last_seq[i] for i in chunk},
        ).values_list("stream_id", "seq", "hash")
        streams.extend(
            [keys[stream_id], seq, bytes(digest).hex()]
            for stream_id, seq, digest in rows
            if last_seq[stream_id] == seq
        )
    streams.sort()
    previous = Digest.objects.filter(day__lt=day).order_by("-day").first()
    return json.dumps(
        {
            "day": day.isoformat(),
            "previous": (
                signing.digest_hash(body=previous.body, signature=bytes(previous.signature))
                if previous is not None
                else None
            ),
            "streams": streams,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


@transaction.atomic
def digest_create(*, day: dt.date) -> Digest:
    """Sign the digest of a finished day (idempotent: an existing digest is returned)."""
    existing = Digest.objects.select_for_update().filter(day=day).first()
    if existing is not None:
        return existing
    body = digest_body(day=day)
    signature, public_key = signing.sign(body)
    return Digest.objects.create(
        day=day, body=body.decode(), signature=signature, public_key=public_key
    )


def digests_create_due(*, today: dt.date | None = None) -> list[Digest]:
    """The digests of the finished days since the last one (at most BACKFILL_DAYS back, and
    not before the first statement): the daily task's work, safe to run again."""
    today = today or timezone.localdate()
    last = Digest.objects.order_by("-day").values_list("day", flat=True).first()
    first_stored = Statement.objects.order_by("stored").values_list("stored", flat=True).first()
    if first_stored is None:
        return []
    day = max(
        last + dt.timedelta(days=1) if last else timezone.localdate(first_stored),
        today - dt.timedelta(days=BACKFILL_DAYS),
    )
    created = []
    while day < today:
        created.append(digest_create(day=day))
        day += dt.timedelta(days=1)
    return created
