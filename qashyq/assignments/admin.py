from django.contrib import admin

from qashyq.assignments.models import (
    Assignment,
    FeedbackFile,
    Grade,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    SubmissionFile,
    Team,
    TeamMember,
)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ("title", "course", "control", "due_at", "is_published")
    list_filter = ("control", "is_published", "is_group")
    search_fields = ("title", "course__code")
    raw_id_fields = ("course", "created_by")


class SubmissionFileInline(admin.TabularInline[SubmissionFile, Submission]):
    model = SubmissionFile
    extra = 0
    fields = ("name", "size", "sha256", "mime_type", "uploaded_at")
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ("assignment", "student", "team", "attempt", "status", "submitted_at")
    list_filter = ("status",)
    raw_id_fields = ("assignment", "student", "team", "submitted_by")
    inlines = (SubmissionFileInline,)


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin[Grade]):
    list_display = ("submission", "points", "penalty_percent", "final_points", "graded_at")
    raw_id_fields = ("submission", "graded_by")


class TeamMemberInline(admin.TabularInline[TeamMember, Team]):
    model = TeamMember
    extra = 0
    raw_id_fields = ("student", "assignment")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "assignment")
    raw_id_fields = ("assignment",)
    inlines = (TeamMemberInline,)


class RubricLevelInline(admin.TabularInline[RubricLevel, RubricCriterion]):
    model = RubricLevel
    extra = 0


@admin.register(RubricCriterion)
class RubricCriterionAdmin(admin.ModelAdmin[RubricCriterion]):
    list_display = ("title", "rubric", "position")
    inlines = (RubricLevelInline,)


admin.site.register(Rubric)
admin.site.register(FeedbackFile)
