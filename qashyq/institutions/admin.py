"""Django admin for the structure; the registrar's pages under /structure/ use the services."""

from __future__ import annotations

from django.contrib import admin

from qashyq.institutions.models import (
    AcademicPeriod,
    AcademicYear,
    Curriculum,
    CurriculumItem,
    Department,
    Direction,
    Discipline,
    Faculty,
    Institution,
    Program,
    StudentGroup,
)

NAMES = ("name_kk", "name_ru", "name_en")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin[Institution]):
    list_display = ("code", "name_kk", "short_name", "city", "week_regime")
    search_fields = ("code", "short_name", *NAMES)


@admin.register(Faculty)
class FacultyAdmin(admin.ModelAdmin[Faculty]):
    list_display = ("code", "name_kk", "name_ru", "institution")
    list_filter = ("institution",)
    search_fields = ("code", *NAMES)
    list_select_related = ("institution",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("code", "name_kk", "name_ru", "faculty")
    list_filter = ("faculty__institution", "faculty")
    search_fields = ("code", *NAMES)
    list_select_related = ("faculty",)


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin[Direction]):
    list_display = ("code", "name_kk", "name_ru", "name_en", "classifier_version")
    list_filter = ("classifier_version",)
    search_fields = ("code", *NAMES)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = (
        "code",
        "name_kk",
        "level",
        "direction",
        "study_form",
        "language",
        "total_credits",
        "is_active",
    )
    list_filter = ("institution", "level", "study_form", "language", "is_active")
    search_fields = ("code", "direction__code", *NAMES)
    list_select_related = ("direction",)
    raw_id_fields = ("department",)


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin[Discipline]):
    list_display = ("code", "name_kk", "credits", "control_form", "is_mooc_based", "department")
    list_filter = ("department__faculty__institution", "control_form", "is_mooc_based")
    search_fields = ("code", *NAMES)
    list_select_related = ("department",)


class CurriculumItemInline(admin.TabularInline[CurriculumItem, Curriculum]):
    model = CurriculumItem
    extra = 0
    raw_id_fields = ("discipline",)
    fields = ("semester", "discipline", "component", "elective_group", "elective_choose")


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin[Curriculum]):
    list_display = ("program", "admission_year", "approved_on")
    list_filter = ("admission_year", "program__institution")
    search_fields = ("program__code", "program__name_kk", "program__name_ru")
    list_select_related = ("program",)
    raw_id_fields = ("program",)
    inlines = (CurriculumItemInline,)


class AcademicPeriodInline(admin.TabularInline[AcademicPeriod, AcademicYear]):
    model = AcademicPeriod
    extra = 0
    fields = ("kind", "number", "starts_on", "ends_on", "exam_session_starts_on")


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin[AcademicYear]):
    list_display = ("__str__", "institution", "starts_on", "ends_on")
    list_filter = ("institution",)
    inlines = (AcademicPeriodInline,)


@admin.register(AcademicPeriod)
class AcademicPeriodAdmin(admin.ModelAdmin[AcademicPeriod]):
    list_display = ("__str__", "kind", "number", "starts_on", "ends_on")
    list_filter = ("kind", "academic_year__institution")
    list_select_related = ("academic_year",)


@admin.register(StudentGroup)
class StudentGroupAdmin(admin.ModelAdmin[StudentGroup]):
    list_display = ("code", "program", "admission_year", "language")
    list_filter = ("admission_year", "language", "program__institution")
    search_fields = ("code", "program__code")
    list_select_related = ("program",)
    raw_id_fields = ("program",)
