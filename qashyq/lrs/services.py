"""Writes of the lrs app: issuing and revoking client credentials, storing attachments,
and the documents of the state, activity profile and agent profile resources."""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.lrs.data import DocumentAddress, DocumentCollection, Preconditions
from qashyq.lrs.errors import XapiError
from qashyq.lrs.models import Attachment, Client, Document, ReadScope
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


# --- documents (xAPI 1.0.3 Communication 2.2, 2.3, 2.6, 2.7, 3.1) -------------------

JSON_MEDIA_TYPE = "application/json"


def media_type(content_type: str) -> str:
    return content_type.split(";", maxsplit=1)[0].strip().lower()


def document_etag(content: bytes) -> str:
    """The entity tag of a document: the SHA-1 of its bytes in hexadecimal (Communication
    3.1); the header carries it in quotes."""
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _etag_matches(header: str, etag: str) -> bool:
    header = header.strip()
    if header == "*":
        return True
    tags = (t.strip().removeprefix("W/").strip('"').lower() for t in header.split(","))
    return etag.lower() in tags


def _preconditions_check(document: Document | None, preconditions: Preconditions) -> None:
    """If-Match and If-None-Match as RFC 2616 says: 412 when either fails (Communication
    3.1); nothing is changed then."""
    if preconditions.if_match is not None and (
        document is None or not _etag_matches(preconditions.if_match, document.etag)
    ):
        raise XapiError(412, _("The document has changed: If-Match does not match it."))
    if (
        preconditions.if_none_match is not None
        and document is not None
        and _etag_matches(preconditions.if_none_match, document.etag)
    ):
        raise XapiError(412, _("The document exists: If-None-Match matches it."))


def _json_object(content: bytes) -> dict[str, object]:
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise XapiError(400, _("The document is not valid JSON.")) from error
    if not isinstance(value, dict):
        raise XapiError(400, _("The document must be a JSON object to be merged."))
    return value


class _CreatedMeanwhile(Exception):
    """Another request created the same document between our read and our write."""


def _raced(write: Callable[[], Document]) -> Document:
    """Run a document write in its own transaction; when another request created the
    document meanwhile, run it once more: it then finds the document, locks it and
    decides against it (If-None-Match: * fails with 412, a plain state PUT replaces it)."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return write()
        except _CreatedMeanwhile:
            continue
    raise XapiError(409, _("The document was changed by another request at the same time."))


def _document_locked(address: DocumentAddress) -> Document | None:
    return Document.objects.select_for_update().filter(address=address.digest).first()


def _document_write(
    *, address: DocumentAddress, existing: Document | None, content: bytes, content_type: str
) -> Document:
    now = timezone.now()
    etag = document_etag(content)
    if existing is not None:
        existing.content, existing.content_type = content, content_type
        existing.etag, existing.updated = etag, now
        existing.save(update_fields=["content", "content_type", "etag", "updated"])
        return existing
    collection = address.collection
    try:
        with transaction.atomic():
            return Document.objects.create(
                kind=collection.kind,
                activity_iri=collection.activity_iri,
                agent_key=collection.agent_key,
                registration=collection.registration,
                document_id=address.document_id,
                address=address.digest,
                collection=collection.digest,
                content_type=content_type,
                content=content,
                etag=etag,
                updated=now,
            )
    except IntegrityError as error:
        raise _CreatedMeanwhile from error


def document_put(
    *,
    address: DocumentAddress,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
    preconditions_required: bool,
) -> Document:
    """Store a document, replacing the one at its address (PUT). The profile resources
    require If-Match or If-None-Match (`preconditions_required`): without either, 409
    when the document exists (Communication 3.1) and 400 when it does not."""
    return _raced(
        functools.partial(
            _document_put,
            address=address,
            content=content,
            content_type=content_type,
            preconditions=preconditions,
            preconditions_required=preconditions_required,
        )
    )


def _document_put(
    *,
    address: DocumentAddress,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
    preconditions_required: bool,
) -> Document:
    existing = _document_locked(address)
    if preconditions_required and not preconditions.given:
        if existing is not None:
            raise XapiError(
                409,
                _(
                    "The document exists: send If-Match with its ETag to replace it, "
                    "or If-None-Match: * to create a new one."
                ),
            )
        raise XapiError(400, _("A PUT of a profile document needs If-Match or If-None-Match."))
    _preconditions_check(existing, preconditions)
    return _document_write(
        address=address,
        existing=existing,
        content=content,
        content_type=content_type or "application/octet-stream",
    )


def document_post(
    *, address: DocumentAddress, content: bytes, content_type: str, preconditions: Preconditions
) -> Document:
    """Store a document, or merge it into the existing one (POST, Communication 2.2):
    when both are JSON objects the new one's top-level properties replace the old ones'
    (one level deep); any other combination is 400 and changes nothing."""
    incoming_is_json = media_type(content_type) == JSON_MEDIA_TYPE
    incoming = _json_object(content) if incoming_is_json else None
    return _raced(
        functools.partial(
            _document_post,
            address=address,
            content=content,
            content_type=content_type,
            preconditions=preconditions,
            incoming=incoming,
        )
    )


def _document_post(
    *,
    address: DocumentAddress,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
    incoming: dict[str, object] | None,
) -> Document:
    existing = _document_locked(address)
    _preconditions_check(existing, preconditions)
    if existing is None:
        return _document_write(
            address=address,
            existing=None,
            content=content,
            content_type=content_type or "application/octet-stream",
        )
    if incoming is None or not existing.is_json:
        raise XapiError(400, _("Only a JSON object can be posted onto a JSON object document."))
    merged = {**_json_object(bytes(existing.content)), **incoming}
    return _document_write(
        address=address,
        existing=existing,
        content=json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        content_type=JSON_MEDIA_TYPE,
    )


@transaction.atomic
def document_delete(*, address: DocumentAddress, preconditions: Preconditions) -> None:
    """Delete one document (204 whether it existed or not); If-Match is honoured."""
    existing = _document_locked(address)
    _preconditions_check(existing, preconditions)
    if existing is not None:
        existing.delete()


def documents_delete(*, collection: DocumentCollection) -> int:
    """Delete every document of a collection (the state resource without a stateId)."""
    deleted, _by_model = Document.objects.filter(collection=collection.digest).delete()
    return deleted
