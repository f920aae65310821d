"""Verification of the footprint (FP-1): `qashyq footprint verify`.

Recomputes every stream's hash chain from the stored columns, compares each stream's
recorded head, re-derives `voided` from the voiding statements, and checks every daily
digest's signature against the institution's key and the heads it pins. Each problem names
the stream, the sequence number and the statement id (for a deleted statement, the one
after the gap).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from qashyq.footprint import chain, signing
from qashyq.footprint.data import ChainProblem
from qashyq.footprint.models import Digest, Statement, Stream

_COLUMNS = (*chain.HASHED_COLUMNS, "stream_id", "seq", "hash")


def footprint_verify() -> list[ChainProblem]:
    """Everything wrong, first the chains (in stream and sequence order), then `voided`,
    then the digests. An empty list: nothing was altered or deleted."""
    return [*chains_verify(), *voided_verify(), *digests_verify()]


def chains_verify() -> Iterator[ChainProblem]:
    """Recompute each stream's chain: one pass over the statements in (stream, seq) order."""
    streams = {s.pk: s for s in Stream.objects.all()}
    seen: set[int] = set()
    rows = Statement.objects.order_by("stream_id", "seq").values(*_COLUMNS)
    current: Stream | None = None
    expected, previous = 1, chain.GENESIS
    for row in rows.iterator(chunk_size=5000):
        if current is None or row["stream_id"] != current.pk:
            if current is not None:
                yield from _stream_end(current, expected - 1, previous)
            current = streams[row["stream_id"]]
            seen.add(current.pk)
            expected, previous = 1, chain.GENESIS
        yield from _row_check(current.key, row, expected, previous)
        expected, previous = row["seq"] + 1, bytes(row["hash"])
    if current is not None:
        yield from _stream_end(current, expected - 1, previous)
    for stream in streams.values():
        if stream.pk not in seen and stream.seq:
            yield ChainProblem(
                stream.key, 1, "", f"statements #1–#{stream.seq} are missing (deleted)"
            )


def _row_check(
    key: str, row: dict[str, Any], expected: int, previous: bytes
) -> Iterator[ChainProblem]:
    seq, statement_id = int(row["seq"]), str(row["statement_id"])
    if seq > expected:
        missing = f"#{expected}" if seq == expected + 1 else f"#{expected}–#{seq - 1}"
        yield ChainProblem(
            key, expected, statement_id, f"statement(s) {missing} missing (deleted) before this one"
        )
        return  # its link runs through the missing statement: nothing more to compare
    if seq < expected:
        yield ChainProblem(key, seq, statement_id, "sequence number repeated")
        return
    if chain.link(previous, chain.content_digest(row)) != bytes(row["hash"]):
        yield ChainProblem(
            key,
            seq,
            statement_id,
            "altered: its hash does not match its content and the previous statement's hash",
        )


def _stream_end(stream: Stream, last_seq: int, last_hash: bytes) -> Iterator[ChainProblem]:
    if stream.seq > last_seq:
        yield ChainProblem(
            stream.key,
            last_seq + 1,
            "",
            f"statements #{last_seq + 1}–#{stream.seq} at the end are missing (deleted)",
        )
    elif stream.seq < last_seq or bytes(stream.head) != last_hash:
        yield ChainProblem(
            stream.key, last_seq, "", "the stream's recorded head differs from its last statement"
        )


def voided_verify() -> Iterator[ChainProblem]:
    """`voided` is not hashed: it must be exactly "a voiding statement targets it"."""
    targets = Statement.objects.filter(voids__isnull=False).values("voids")
    wrong = Statement.objects.filter(
        Q(voided=True) & ~Q(statement_id__in=targets)
        | Q(voided=False, voids__isnull=True, statement_id__in=targets)
    ).select_related("stream")
    for row in wrong.order_by("stream_id", "seq"):
        state = "voided without a voiding statement" if row.voided else "not marked voided"
        yield ChainProblem(row.stream.key, row.seq, str(row.statement_id), state)


def digests_verify() -> Iterator[ChainProblem]:
    """Each digest: signed by the institution's key (or by a retired key of the institution,
    for a day before its retirement), and the heads it pins still there."""
    digests = Digest.objects.order_by("day")
    if not digests.exists():
        return  # nothing signed yet: no key needed (and none created)
    current = signing.public_bytes(signing.private_key().public_key())
    retired = signing.retired_keys()
    previous: Digest | None = None
    for digest in digests:
        where = f"digest {digest.day}"
        key = bytes(digest.public_key)
        if key != current and key in retired and digest.day >= retired[key]:
            yield ChainProblem(
                where, None, "", f"signed by a key retired on {retired[key].isoformat()}"
            )
        elif (key != current and key not in retired) or not signing.signature_valid(
            data=digest.body.encode(), signature=bytes(digest.signature), public_key=key
        ):
            yield ChainProblem(where, None, "", "signature invalid for the institution's key")
        body = json.loads(digest.body)
        if previous is not None and body.get("previous") != signing.digest_hash(
            body=previous.body, signature=bytes(previous.signature)
        ):
            yield ChainProblem(where, None, "", "does not follow the previous day's digest")
        previous = digest
        yield from _pinned(where, body["streams"])


def _pinned(where: str, streams: list[list[Any]]) -> Iterator[ChainProblem]:
    keys = [str(key) for key, _, _ in streams]
    ids = dict(Stream.objects.filter(key__in=keys).values_list("key", "pk"))
    for offset in range(0, len(streams), 500):
        chunk = streams[offset : offset + 500]
        found: dict[tuple[int | None, Any], tuple[Any, bytes]] = {
            (stream_id, seq): (statement_id, bytes(digest))
            for stream_id, seq, statement_id, digest in Statement.objects.filter(
                stream_id__in=[ids.get(str(key)) for key, _, _ in chunk],
                seq__in=[seq for _, seq, _ in chunk],
            ).values_list("stream_id", "seq", "statement_id", "hash")
        }
        for key, seq, head in chunk:
            row = found.get((ids.get(str(key)), seq))
            if row is None:
                yield ChainProblem(str(key), int(str(seq)), "", f"deleted (pinned by the {where})")
            elif row[1].hex() != head:
                yield ChainProblem(
                    str(key), int(str(seq)), str(row[0]), f"differs from the {where}"
                )
