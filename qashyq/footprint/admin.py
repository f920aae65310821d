from django.contrib import admin

from qashyq.footprint.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    """Read-only: the footprint is append-only (FP-1)."""

    list_display = ("occurred_at", "actor", "verb", "object_type", "object_id", "course_id")
    list_filter = ("verb", "object_type")
    search_fields = ("object_id", "object_name", "actor__username")
    raw_id_fields = ("actor",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
