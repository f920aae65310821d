"""Concurrent writers of one document (xAPI 1.0.3 Communication 3.1) on PostgreSQL: two
requests holding the same ETag cannot both win, and two creating one new document with
If-None-Match: * cannot both succeed. SQLite serialises writers, so these need
PostgreSQL (CI runs the suite on both)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from qashyq.lrs import services
from qashyq.lrs.data import DocumentCollection, Preconditions
from qashyq.lrs.errors import XapiError
from qashyq.lrs.models import Document, DocumentKind

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]

ADDRESS = DocumentCollection(
    kind=DocumentKind.ACTIVITY_PROFILE, activity_iri="http://example.com/a"
).document("p")


def race(write: Callable[[int], None], writers: int = 2) -> list[int]:
    """Run `write(i)` in `writers` threads released at once; the status each got."""
    barrier = threading.Barrier(writers)
    statuses = [0] * writers

    def run(i: int) -> None:
        try:
            barrier.wait()
            write(i)
            statuses[i] = 204
        except XapiError as error:
            statuses[i] = error.status
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_two_writers_with_the_same_etag_cannot_both_win() -> None:
    first = services.document_put(
        address=ADDRESS,
        content=b'{"v": 0}',
        content_type="application/json",
        preconditions=Preconditions(if_none_match="*"),
        preconditions_required=True,
    )

    def write(i: int) -> None:
        services.document_put(
            address=ADDRESS,
            content=f'{{"v": {i + 1}}}'.encode(),
            content_type="application/json",
            preconditions=Preconditions(if_match=f'"{first.etag}"'),
            preconditions_required=True,
        )

    assert race(write, writers=4) == [204, 412, 412, 412]
    assert bytes(Document.objects.get().content) in {
        b'{"v": 1}',
        b'{"v": 2}',
        b'{"v": 3}',
        b'{"v": 4}',
    }


def test_two_creators_of_one_new_document_cannot_both_succeed() -> None:
    def write(i: int) -> None:
        services.document_put(
            address=ADDRESS,
            content=f'{{"v": {i}}}'.encode(),
            content_type="application/json",
            preconditions=Preconditions(if_none_match="*"),
            preconditions_required=True,
        )

    assert race(write, writers=4) == [204, 412, 412, 412]
    assert Document.objects.count() == 1


def test_concurrent_merges_lose_no_property() -> None:
    def write(i: int) -> None:
        services.document_post(
            address=ADDRESS,
            content=f'{{"k{i}": {i}}}'.encode(),
            content_type="application/json",
            preconditions=Preconditions(),
        )

    assert race(write, writers=4) == [204, 204, 204, 204]
    assert json.loads(bytes(Document.objects.get().content)) == {
        "k0": 0,
        "k1": 1,
        "k2": 2,
        "k3": 3,
    }
