"""Django admin for transfers: the route per institution (steps inline), representatives,
and read-only views of applications, orders and tasks (their changes go through the
services, which record who and when)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from qashyq.distance.models import (
    ApprovalStep,
    RectorOrder,
    RectorOrderEntry,
    RegistrarTask,
    RouteStep,
    RouteTemplate,
    StudentRepresentative,
    TransferApplication,
)


class RouteStepInline(admin.TabularInline[RouteStep, RouteTemplate]):
    model = RouteStep
    extra = 0
    ordering = ("order",)


@admin.register(RouteTemplate)
class RouteTemplateAdmin(admin.ModelAdmin[RouteTemplate]):
    list_display = ("institution", "reminder_days", "updated_at")
    inlines = (RouteStepInline,)


@admin.register(StudentRepresentative)
class StudentRepresentativeAdmin(admin.ModelAdmin[StudentRepresentative]):
    list_display = ("student", "user", "relation", "document", "created_at")
    raw_id_fields = ("student", "user", "added_by")
    search_fields = ("student__student_number", "user__username", "user__last_name")


class ReadOnly:
    """Shown, never changed here: the workflow writes through its services."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:  # noqa: ANN401
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:  # noqa: ANN401
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:  # noqa: ANN401
        return False


class ApprovalStepInline(ReadOnly, admin.TabularInline[ApprovalStep, TransferApplication]):
    model = ApprovalStep
    extra = 0
    fields = ("round", "order", "role", "decision", "reason", "decided_by", "decided_at")
    readonly_fields = fields


@admin.register(TransferApplication)
class TransferApplicationAdmin(ReadOnly, admin.ModelAdmin[TransferApplication]):
    list_display = ("pk", "student", "ground", "starts_on", "ends_on", "status", "current_role")
    list_filter = ("status", "ground", "institution")
    search_fields = ("student__student_number", "student__user__last_name")
    inlines = (ApprovalStepInline,)


class RectorOrderEntryInline(ReadOnly, admin.TabularInline[RectorOrderEntry, RectorOrder]):
    model = RectorOrderEntry
    extra = 0
    fields = ("student", "ground", "starts_on", "ends_on", "application")
    readonly_fields = fields


@admin.register(RectorOrder)
class RectorOrderAdmin(ReadOnly, admin.ModelAdmin[RectorOrder]):
    list_display = ("number", "issued_on", "institution", "kind", "signer_name")
    list_filter = ("institution", "year", "kind")
    inlines = (RectorOrderEntryInline,)


@admin.register(RegistrarTask)
class RegistrarTaskAdmin(ReadOnly, admin.ModelAdmin[RegistrarTask]):
    list_display = ("student", "due_on", "leave_requested", "status", "resolved_by")
    list_filter = ("status", "institution")
