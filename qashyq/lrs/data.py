"""Values the lrs app passes between its layers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import UUID

from qashyq.lrs.models import DocumentKind


@dataclass(frozen=True)
class DocumentCollection:
    """The documents of one resource for one activity / agent / registration: what a GET
    without a document id lists and a DELETE of the state resource without one clears."""

    kind: DocumentKind
    activity_iri: str = ""
    agent_key: str = ""
    registration: UUID | None = None

    @property
    def digest(self) -> str:
        """`Document.collection`: a hash, as IRIs can exceed an index entry."""
        parts = (self.kind, self.activity_iri, self.agent_key, str(self.registration or ""))
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()

    def document(self, document_id: str) -> DocumentAddress:
        return DocumentAddress(collection=self, document_id=document_id)


@dataclass(frozen=True)
class DocumentAddress:
    """One document: its collection and its id (stateId or profileId)."""

    collection: DocumentCollection
    document_id: str

    @property
    def digest(self) -> str:
        """`Document.address`, unique."""
        raw = f"{self.collection.digest}\x00{self.document_id}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Preconditions:
    """The request's If-Match and If-None-Match headers (None when absent)."""

    if_match: str | None = None
    if_none_match: str | None = None

    @property
    def given(self) -> bool:
        return self.if_match is not None or self.if_none_match is not None
