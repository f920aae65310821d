"""Writes of the lrs app: issuing and revoking client credentials, storing attachments."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from qashyq.lrs.models import Attachment, Client, ReadScope
from qashyq.lrs.selectors import credential_digest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Credentials:
    """What a client calls /xapi/ with; shown once, when issued, and never stored."""

    key: str
    secret: str
    token: str


@dataclass(frozen=True)
class AttachmentIn:
    """The bytes of one attachment part of a multipart/mixed request."""

    sha2: str
    content_type: str
    content: bytes


def client_create(
    *,
    name: str,
    can_write_statements: bool = True,
    read_scope: str = ReadScope.OWN,
    can_documents: bool = True,
    created_by: AbstractBaseUser | None = None,
) -> tuple[Client, Credentials]:
    """Issue credentials to a new LRS client (FP-1: other platforms send their statements
    with credentials the administrator issues). The returned secret and token are the only
    copies: the client keeps their digests."""
    credentials = Credentials(
        key=secrets.token_hex(10),
        secret=secrets.token_urlsafe(32),
        token=secrets.token_urlsafe(32),
    )
    client = Client.objects.create(
        name=name,
        key=credentials.key,
        secret_hash=credential_digest(credentials.secret),
        token_hash=credential_digest(credentials.token),
        can_write_statements=can_write_statements,
        read_scope=ReadScope(read_scope),
        can_documents=can_documents,
        created_by_id=created_by.pk if created_by is not None else None,
    )
    return client, credentials


def client_revoke(*, client: Client) -> Client:
    """Revoke a client's credentials: from now on every request with them gets 401.
    Its statements stay (they are part of the chained record)."""
    Client.objects.filter(pk=client.pk, active=True).update(active=False, revoked_at=timezone.now())
    client.refresh_from_db(fields=["active", "revoked_at"])
    return client


@transaction.atomic
def attachments_store(*, attachments: Iterable[AttachmentIn]) -> None:
    """Keep the bytes of these attachments; a hash already stored is skipped (the same
    hash names the same bytes)."""
    by_sha2 = {a.sha2: a for a in attachments}
    if not by_sha2:
        return
    existing = set(Attachment.objects.filter(sha2__in=by_sha2).values_list("sha2", flat=True))
    Attachment.objects.bulk_create(
        [
            Attachment(
                sha2=a.sha2,
                content_type=a.content_type,
                length=len(a.content),
                content=a.content,
            )
            for sha2, a in by_sha2.items()
            if sha2 not in existing
        ],
        ignore_conflicts=True,
    )
