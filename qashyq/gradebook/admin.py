"""Admin of the gradebook: scales and policies are edited here (GRD-1…GPA-2); grades
and their history are read-only (they change through the services, with a reason)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qashyq.gradebook.models import (
    CourseGrading,
    ExamRetake,
    FinalGrade,
    GradeBand,
    GradeChange,
    GradeEntry,
    GradeItem,
    GradeScale,
    GradingPolicy,
    Statement,
)


class GradeBandInline(admin.TabularInline[GradeBand, GradeScale]):
    model = GradeBand
    extra = 0


@admin.register(GradeScale)
class GradeScaleAdmin(admin.ModelAdmin[GradeScale]):
    list_display = ("name", "institution", "effective_from", "rounding")
    list_filter = ("institution",)
    inlines = (GradeBandInline,)


@admin.register(GradingPolicy)
class GradingPolicyAdmin(admin.ModelAdmin[GradingPolicy]):
    list_display = (
        "institution",
        "effective_from",
        "weight_admission",
        "weight_exam",
        "admission_threshold",
        "admission_rule",
        "fx_retakes",
        "retake_in_gpa",
    )
    list_filter = ("institution",)


@admin.register(CourseGrading)
class CourseGradingAdmin(admin.ModelAdmin[CourseGrading]):
    list_display = ("course", "current_share", "r1_share", "admission_threshold")
    raw_id_fields = ("course",)


@admin.register(GradeItem)
class GradeItemAdmin(admin.ModelAdmin[GradeItem]):
    list_display = ("title", "course", "control", "half", "max_points", "weight", "source")
    list_filter = ("control", "source")
    raw_id_fields = ("course",)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(GradeEntry)
class GradeEntryAdmin(ReadOnlyAdmin):
    list_display = ("item", "student", "points", "mark", "by_hand", "updated_at")
    raw_id_fields = ("item", "student", "course")


@admin.register(GradeChange)
class GradeChangeAdmin(ReadOnlyAdmin):
    list_display = ("entry", "from_points", "to_points", "source", "changed_by", "changed_at")


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("course", "confirmed_at", "confirmed_by")


@admin.register(FinalGrade)
class FinalGradeAdmin(ReadOnlyAdmin):
    list_display = ("course", "student", "letter", "points", "percent", "clause", "retakes")
    list_filter = ("letter",)


@admin.register(ExamRetake)
class ExamRetakeAdmin(ReadOnlyAdmin):
    list_display = ("final", "number", "exam", "letter", "recorded_at")
