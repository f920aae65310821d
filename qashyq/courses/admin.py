"""Admin of courses for support staff: look up courses, enrolments and materials.
Day-to-day work goes through the course pages (they check rights and record the
footprint); edits here bypass both."""

from __future__ import annotations

from django.contrib import admin

from qashyq.courses.models import Course, CourseStaff, Enrolment, Material, Module


class CourseStaffInline(admin.TabularInline[CourseStaff, Course]):
    model = CourseStaff
    raw_id_fields = ("staff",)
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("code", "discipline", "period", "language", "status")
    list_filter = ("status", "language", "institution")
    search_fields = ("code", "discipline__code", "discipline__name_kk", "discipline__name_ru")
    raw_id_fields = ("institution", "discipline", "period", "copied_from")
    inlines = (CourseStaffInline,)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ("course", "student", "is_active")
    list_filter = ("is_active",)
    search_fields = ("course__code", "student__student_number")
    raw_id_fields = ("course", "student", "plan_item")


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin[Module]):
    list_display = ("title", "course", "week", "position", "is_hidden")
    search_fields = ("title", "course__code")
    raw_id_fields = ("course",)


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin[Material]):
    list_display = ("title", "kind", "module", "size_bytes", "is_hidden")
    list_filter = ("kind", "is_hidden")
    search_fields = ("title", "module__course__code")
    raw_id_fields = ("module",)
