"""FP-1: `qashyq footprint verify` finds an altered and a deleted statement, in the database."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from qashyq.accounts.tests.factories import UserFactory
from qashyq.footprint import chain, selectors, services, signing
from qashyq.footprint.data import Action, ActivityType, ChainProblem, Verb
from qashyq.footprint.models import Digest, Statement, Stream
from qashyq.footprint.services.digests import digest_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signing_key(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "keys" / "footprint.pem"
    with override_settings(FOOTPRINT_SIGNING_KEY=path, FOOTPRINT_RETIRED_KEYS=tmp_path / "old"):
        yield path


def record(user_id: int, count: int) -> list[Statement]:
    for number in range(count):
        services.footprint_record(
            action=Action(
                actor_id=user_id,
                verb=Verb.VIEWED,
                object_type=ActivityType.MATERIAL,
                object_id=str(number),
                result={"seconds": number * 1.5},
            )
        )
    return list(Statement.objects.filter(actor_id=user_id).order_by("seq"))


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("footprint", "verify", stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(str(exit_.code)), out.getvalue()
    return 0, out.getvalue()


def test_intact_chains_verify_and_each_head_is_the_chain_of_its_statements() -> None:
    user = UserFactory.create()
    rows = record(user.pk, 3)
    services.footprint_record_many(
        actions=[
            Action(
                actor_id=None, verb=Verb.PUBLISHED, object_type=ActivityType.COURSE, object_id="1"
            )
        ]
    )
    head = chain.GENESIS
    for row in rows:
        head = chain.link(head, chain.row_digest(row))
        assert bytes(row.hash) == head
    stream = Stream.objects.get(key=f"user:{user.pk}")
    assert (stream.seq, bytes(stream.head)) == (3, head)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert verify() == (0, "footprint verify: every chain, voided mark and digest is intact\n")


def test_an_altered_row_is_named() -> None:
    user = UserFactory.create()
    rows = record(user.pk, 4)
    Statement.objects.filter(pk=rows[1].pk).update(object_id="999")  # behind the app's back
    assert selectors.footprint_verify() == [
        ChainProblem(
            f"user:{user.pk}",
            2,
            str(rows[1].statement_id),
            "altered: its hash does not match its content and the previous statement's hash",
        )
    ]
    status, output = verify()
    assert status == 1
    assert f"user:{user.pk}\t#2\t{rows[1].statement_id}\taltered" in output


def test_a_changed_result_inside_the_json_is_found() -> None:
    user = UserFactory.create()
    rows = record(user.pk, 2)
    Statement.objects.filter(pk=rows[0].pk).update(result={"seconds": 60})
    assert [(p.seq, p.statement_id) for p in selectors.footprint_verify()] == [
        (1, str(rows[0].statement_id))
    ]


def test_a_deleted_row_in_the_middle_and_at_the_end_are_named() -> None:
    user = UserFactory.create()
    rows = record(user.pk, 5)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM footprint_statement WHERE id IN (%s, %s)", [rows[2].pk, rows[4].pk]
        )
    assert selectors.footprint_verify() == [
        ChainProblem(
            f"user:{user.pk}",
            3,
            str(rows[3].statement_id),
            "statement(s) #3 missing (deleted) before this one",
        ),
        ChainProblem(f"user:{user.pk}", 5, "", "statements #5–#5 at the end are missing (deleted)"),
    ]
    assert verify()[0] == 1


def test_a_voided_mark_changed_by_hand_is_found() -> None:
    user = UserFactory.create()
    rows = record(user.pk, 1)
    Statement.objects.filter(pk=rows[0].pk).update(voided=True)
    assert selectors.footprint_verify() == [
        ChainProblem(
            f"user:{user.pk}", 1, str(rows[0].statement_id), "voided without a voiding statement"
        )
    ]


def test_a_day_is_signed_and_its_digest_pins_the_heads(signing_key: Path) -> None:
    user = UserFactory.create()
    rows = record(user.pk, 2)
    today = timezone.localdate()
    digest = services.digest_create(day=timezone.localdate(rows[0].stored))
    assert services.digest_create(day=digest.day) == digest  # idempotent
    assert os.stat(signing_key).st_mode & 0o777 == 0o600
    body = json.loads(digest.body)
    assert body == {
        "day": digest.day.isoformat(),
        "previous": None,
        "streams": [[f"user:{user.pk}", 2, bytes(rows[1].hash).hex()]],
    }
    assert today >= digest.day
    assert verify()[0] == 0
    # Rewriting the last statement and the stream's head together escapes the chain check,
    # not the signed digest.
    Statement.objects.filter(pk=rows[1].pk).update(hash=bytes(32))
    Stream.objects.filter(key=f"user:{user.pk}").update(head=bytes(32))
    problems = selectors.footprint_verify()
    assert (
        ChainProblem(
            f"user:{user.pk}", 2, str(rows[1].statement_id), f"differs from the digest {digest.day}"
        )
        in problems
    )


def test_a_forged_digest_is_found() -> None:
    user = UserFactory.create()
    rows = record(user.pk, 1)
    digest = services.digest_create(day=timezone.localdate(rows[0].stored))
    forged = digest.body.replace('"previous"', '"Previous"')
    Digest.objects.filter(pk=digest.pk).update(body=forged)
    assert selectors.footprint_verify() == [
        ChainProblem(
            f"digest {digest.day}", None, "", "signature invalid for the institution's key"
        )
    ]


def test_due_digests_cover_each_finished_day_once() -> None:
    user = UserFactory.create()
    rows = record(user.pk, 1)
    day = timezone.localdate(rows[0].stored)
    created = services.digests_create_due(today=day + dt.timedelta(days=3))
    assert [d.day for d in created] == [day, day + dt.timedelta(days=1), day + dt.timedelta(days=2)]
    assert json.loads(created[1].body)["streams"] == []
    assert json.loads(created[1].body)["previous"] is not None
    assert services.digests_create_due(today=day + dt.timedelta(days=3)) == []
    out = io.StringIO()
    call_command("footprint", "digest", stdout=out)
    assert verify()[0] == 0


def _digests(user_id: int, days: int) -> list[Digest]:
    rows = record(user_id, 1)
    day = timezone.localdate(rows[0].stored)
    return services.digests_create_due(today=day + dt.timedelta(days=days))


def test_after_a_key_rotation_old_digests_verify_with_the_retired_key() -> None:
    user = UserFactory.create()
    first = _digests(user.pk, 2)
    old_key = bytes(first[0].public_key)
    signing.key_rotate(today=first[-1].day + dt.timedelta(days=1))
    later = services.digest_create(day=first[-1].day + dt.timedelta(days=1))
    assert bytes(later.public_key) != old_key  # signed with the new key
    assert verify() == (0, "footprint verify: every chain, voided mark and digest is intact\n")


def test_rotate_key_keeps_the_public_half_and_makes_a_new_key(tmp_path: Path) -> None:
    old_key = signing.public_bytes(signing.private_key().public_key())
    out = io.StringIO()
    call_command("footprint", "rotate-key", stdout=out)
    today = timezone.localdate()
    assert f"key {signing.fingerprint(old_key)} retired on {today}" in out.getvalue()
    assert signing.public_bytes(signing.private_key().public_key()) != old_key
    assert signing.retired_keys() == {old_key: today}
    (kept,) = (tmp_path / "old").glob("*.pem")
    assert kept.name == f"{today}-{signing.fingerprint(old_key)}.pem"
    assert b"PRIVATE" not in kept.read_bytes()


def test_without_the_retired_public_key_old_digests_do_not_verify(tmp_path: Path) -> None:
    user = UserFactory.create()
    first = _digests(user.pk, 1)
    signing.key_rotate(today=first[0].day + dt.timedelta(days=1))
    for path in (tmp_path / "old").glob("*.pem"):
        path.unlink()
    assert selectors.footprint_verify() == [
        ChainProblem(
            f"digest {first[0].day}", None, "", "signature invalid for the institution's key"
        )
    ]


def test_a_retired_key_cannot_sign_a_day_after_its_retirement(tmp_path: Path) -> None:
    """Whoever kept the old private key signs tomorrow's digest with it: verify says so."""
    user = UserFactory.create()
    (first,) = _digests(user.pk, 1)
    old_private = signing.private_key()
    retired_on = first.day + dt.timedelta(days=1)
    signing.key_rotate(today=retired_on)
    day = first.day + dt.timedelta(days=1)
    body = digest_body(day=day)
    Digest.objects.create(
        day=day,
        body=body.decode(),
        signature=old_private.sign(body),
        public_key=signing.public_bytes(old_private.public_key()),
    )
    assert selectors.footprint_verify() == [
        ChainProblem(f"digest {day}", None, "", f"signed by a key retired on {retired_on}")
    ]
