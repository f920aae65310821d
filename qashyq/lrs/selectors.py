"""Reads of the lrs app: clients by their credentials, attachments, documents."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from qashyq.lrs.data import DocumentAddress, DocumentCollection
from qashyq.lrs.models import Attachment, Client, Document


def credential_digest(value: str) -> str:
    """The SHA-256 hex digest a secret or token is kept as (models.Client)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def client_for_basic(*, key: str, secret: str) -> Client | None:
    """The active client with this key and secret, or None."""
    client = Client.objects.filter(key=key, active=True).first()
    if client is None:
        return None
    if not hmac.compare_digest(client.secret_hash, credential_digest(secret)):
        return None
    return client


def client_for_token(*, token: str) -> Client | None:
    """The active client holding this bearer token, or None."""
    return Client.objects.filter(token_hash=credential_digest(token), active=True).first()


def client_list() -> QuerySet[Client]:
    """Every client, newest first, with the administrator who issued it."""
    return Client.objects.select_related("created_by").order_by("-id")


def attachments_by_sha2(*, sha2s: Iterable[str]) -> dict[str, Attachment]:
    """The stored attachments among these hashes, by hash (for `attachments=true`)."""
    wanted = set(sha2s)
    if not wanted:
        return {}
    return {a.sha2: a for a in Attachment.objects.filter(sha2__in=wanted)}


def document_get(*, address: DocumentAddress) -> Document | None:
    """The document at this address, or None."""
    return Document.objects.filter(address=address.digest).first()


def document_ids(*, collection: DocumentCollection, since: datetime | None = None) -> list[str]:
    """The ids of the collection's documents, those updated after `since` when given
    (xAPI 1.0.3 Communication 2.3, 2.6, 2.7: GET without stateId / profileId)."""
    documents = Document.objects.filter(collection=collection.digest)
    if since is not None:
        documents = documents.filter(updated__gt=since)
    return list(documents.order_by("updated", "id").values_list("document_id", flat=True))
