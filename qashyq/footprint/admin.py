from typing import TypeVar

from django.contrib import admin

from qashyq.footprint.models import Digest, Statement, Stream

M = TypeVar("M", Statement, Stream, Digest)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """Read-only: the footprint is append-only (FP-1); verification reads what is here."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin[Statement]):
    list_display = ("stored", "timestamp", "actor_key", "verb_iri", "object_iri", "voided")
    list_filter = ("verb", "object_type", "voided")
    search_fields = ("=statement_id", "object_id", "object_name", "actor_key")
    raw_id_fields = ("actor", "stream")
    show_full_result_count = False


@admin.register(Stream)
class StreamAdmin(ReadOnlyAdmin[Stream]):
    list_display = ("key", "seq")
    search_fields = ("key",)


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin[Digest]):
    list_display = ("day", "created")
