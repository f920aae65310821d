"""The LRS in Django's administration: clients (their rights and revocation; new
credentials are issued on the clients page, which shows the secret once), and the
stored documents and attachments, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qashyq.lrs import services
from qashyq.lrs.models import Attachment, Client, Document


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin[Client]):
    list_display = (
        "name",
        "key",
        "active",
        "can_write_statements",
        "read_scope",
        "can_documents",
        "created_at",
    )
    list_filter = ("active", "read_scope")
    search_fields = ("name", "key")
    fields = (
        "name",
        "key",
        "active",
        "can_write_statements",
        "read_scope",
        "can_documents",
        "created_at",
        "created_by",
        "revoked_at",
    )
    readonly_fields = ("key", "active", "created_at", "created_by", "revoked_at")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued on /xapi/clients/, where the secret is shown once

    def has_delete_permission(self, request: HttpRequest, obj: Client | None = None) -> bool:
        return False  # revoked, never deleted: its statements name it as their authority

    @admin.action(description=_("Revoke the credentials"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Client]) -> None:
        for client in queryset:
            services.client_revoke(client=client)


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(_ReadOnly):
    list_display = ("kind", "document_id", "activity_iri", "agent_key", "registration", "updated")
    list_filter = ("kind",)
    search_fields = ("document_id", "activity_iri", "agent_key")
    exclude = ("content",)


@admin.register(Attachment)
class AttachmentAdmin(_ReadOnly):
    list_display = ("sha2", "content_type", "length", "created_at")
    search_fields = ("sha2",)
    exclude = ("content",)
