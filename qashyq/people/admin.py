"""Django admin for people: personal files with their status history and study plan
inline, staff, role assignments. The IIN is masked in lists (IIN-2)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from qashyq.core.identifiers import mask_iin
from qashyq.people.models import (
    RoleAssignment,
    Staff,
    Student,
    StudentStatusChange,
    StudyPlanItem,
    TeacherTraining,
)


class StudentStatusChangeInline(admin.TabularInline[StudentStatusChange, Student]):
    """The history is append-only (SIS-6): rows are shown, not edited or deleted."""

    model = StudentStatusChange
    extra = 0
    can_delete = False
    fields = ("effective_on", "status", "order_number", "reason", "recorded_by", "recorded_at")
    readonly_fields = fields
    ordering = ("effective_on", "id")

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


class StudyPlanItemInline(admin.TabularInline[StudyPlanItem, Student]):
    model = StudyPlanItem
    extra = 0
    fields = (
        "semester",
        "discipline",
        "curriculum_item",
        "credits",
        "component",
        "status",
        "delivery",
        "credit_basis",
    )
    raw_id_fields = ("discipline", "curriculum_item")
    ordering = ("semester", "discipline__code")


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin[Student]):
    list_display = (
        "student_number",
        "full_name",
        "masked_iin",
        "program",
        "group",
        "course_year",
        "study_form",
        "status",
    )
    list_filter = ("status", "study_form", "funding", "course_year", "institution")
    search_fields = ("student_number", "user__last_name", "user__first_name", "user__username")
    list_select_related = ("user", "program", "group")
    raw_id_fields = ("user", "program", "group")
    readonly_fields = ("status",)  # changes through the status history (services)
    inlines = (StudentStatusChangeInline, StudyPlanItemInline)

    @admin.display(description=_("name"), ordering="user__last_name")
    def full_name(self, obj: Student) -> str:
        return obj.user.get_full_name()

    @admin.display(description=_("IIN"))
    def masked_iin(self, obj: Student) -> str:
        return mask_iin(obj.iin) if obj.iin else "—"  # IIN-2


@admin.register(StudentStatusChange)
class StudentStatusChangeAdmin(admin.ModelAdmin[StudentStatusChange]):
    """Read-only: the history is append-only (SIS-6)."""

    list_display = ("student", "status", "effective_on", "order_number", "recorded_by")
    list_filter = ("status",)
    search_fields = ("student__student_number", "order_number")
    list_select_related = ("student__user", "recorded_by")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class TeacherTrainingInline(admin.TabularInline[TeacherTraining, Staff]):
    """ONL-4: the training that admits a teacher to online teaching."""

    model = TeacherTraining
    extra = 0
    fields = ("title", "provider", "hours", "completed_on", "certificate_number", "online_pedagogy")


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin[Staff]):
    list_display = ("full_name", "position", "department", "institution")
    list_filter = ("institution",)
    search_fields = ("user__last_name", "user__first_name", "user__username", "position")
    list_select_related = ("user", "department", "institution")
    raw_id_fields = ("user", "department")
    inlines = (TeacherTrainingInline,)

    @admin.display(description=_("name"), ordering="user__last_name")
    def full_name(self, obj: Staff) -> str:
        return obj.user.get_full_name()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = (
        "user",
        "role",
        "institution",
        "faculty",
        "department",
        "group",
        "starts_on",
        "ends_on",
    )
    list_filter = ("role", "institution")
    search_fields = ("user__last_name", "user__first_name", "user__username")
    list_select_related = ("user", "institution", "faculty", "department", "group")
    raw_id_fields = ("user", "faculty", "department", "group")


@admin.register(StudyPlanItem)
class StudyPlanItemAdmin(admin.ModelAdmin[StudyPlanItem]):
    list_display = (
        "student",
        "semester",
        "discipline",
        "credits",
        "component",
        "status",
        "delivery",
        "credit_basis",
    )
    list_filter = ("component", "status", "semester", "delivery", "credit_basis")
    search_fields = ("student__student_number", "discipline__code")
    list_select_related = ("student__user", "discipline")
    raw_id_fields = ("student", "discipline", "curriculum_item")
