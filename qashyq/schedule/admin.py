"""Django admin for the schedule: classes (editable), and read-only views of room entries,
attendance marks with their history, and recordings. Marks change only through the
services, which keep the history (SIS-1, FP-2)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from qashyq.schedule.models import (
    Attendance,
    AttendanceChange,
    ClassSession,
    Recording,
    SessionJoin,
)

HTTPS_LINKS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class _ReadOnly:
    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ClassSession)
class ClassSessionAdmin(admin.ModelAdmin[ClassSession]):
    list_display = ("course", "starts_at", "ends_at", "kind", "delivery", "group", "is_cancelled")
    list_filter = ("delivery", "kind", "is_cancelled")
    search_fields = ("course__code", "topic", "room", "bbb_meeting_id")
    raw_id_fields = ("course", "group", "teacher", "material")
    date_hierarchy = "starts_at"
    readonly_fields = ("bbb_meeting_id", "conference_ended_at", "settled_at")
    formfield_overrides = HTTPS_LINKS


class AttendanceChangeInline(_ReadOnly, admin.TabularInline[AttendanceChange, Attendance]):
    model = AttendanceChange
    extra = 0
    fields = ("changed_at", "from_status", "to_status", "source", "changed_by", "reason")
    readonly_fields = fields


@admin.register(Attendance)
class AttendanceAdmin(_ReadOnly, admin.ModelAdmin[Attendance]):
    list_display = ("session", "student", "status", "source", "marked_at")
    list_filter = ("status", "source")
    search_fields = ("student__student_number", "student__user__last_name", "course__code")
    raw_id_fields = ("session", "course", "student", "marked_by")
    inlines = (AttendanceChangeInline,)


@admin.register(SessionJoin)
class SessionJoinAdmin(_ReadOnly, admin.ModelAdmin[SessionJoin]):
    list_display = ("session", "user", "role", "joined_at", "left_at", "left_via")
    list_filter = ("role", "left_via")
    raw_id_fields = ("session", "user", "student")


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin[Recording]):
    list_display = ("record_id", "session", "started_at", "length_minutes", "published")
    raw_id_fields = ("session",)
    formfield_overrides = HTTPS_LINKS
