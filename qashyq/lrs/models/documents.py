"""The documents of the xAPI state, activity profile and agent profile resources."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    STATE = "state", _("state")
    ACTIVITY_PROFILE = "activity", _("activity profile")
    AGENT_PROFILE = "agent", _("agent profile")


class Document(models.Model):
    """One stored document. A document is addressed by (kind, activity IRI, agent key,
    registration, document id); IRIs can be longer than a B-tree index entry, so the
    address is kept as `address` = SHA-256 of it (unique) and the collection it lists
    in (the same without the document id) as `collection`."""

    kind = models.CharField(_("resource"), max_length=8, choices=DocumentKind.choices)
    activity_iri = models.TextField(_("activity"), blank=True)
    agent_key = models.TextField(_("agent"), blank=True)
    registration = models.UUIDField(_("registration"), null=True, blank=True)
    document_id = models.TextField(_("document id"))
    address = models.CharField(max_length=64, unique=True)
    collection = models.CharField(max_length=64)
    content_type = models.CharField(_("content type"), max_length=255)
    content = models.BinaryField(_("content"))
    etag = models.CharField(_("ETag"), max_length=40)
    updated = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("xAPI document")
        verbose_name_plural = _("xAPI documents")
        ordering = ["id"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(fields=["collection", "updated"], name="lrs_document_collection"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.document_id}"

    @property
    def is_json(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() == "application/json"
