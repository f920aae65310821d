"""Admin of tests for support staff: look up tests, attempts and ticket draws. Day-to-day
work goes through the pages (they check rights, keep deadlines and record the
footprint); edits here bypass both."""

from __future__ import annotations

from django.contrib import admin

from qashyq.assessment.models import (
    Attempt,
    StudentAccommodation,
    Test,
    TestAllowance,
    TestSection,
    TicketDraw,
    TicketSet,
)


class TestSectionInline(admin.TabularInline[TestSection, Test]):
    model = TestSection
    raw_id_fields = ("category", "question")
    extra = 0


@admin.register(Test)
class TestAdmin(admin.ModelAdmin[Test]):
    list_display = ("title", "course", "control", "published", "opens_at", "closes_at")
    list_filter = ("published", "control")
    search_fields = ("title", "course__code")
    raw_id_fields = ("course", "created_by")
    inlines = (TestSectionInline,)


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin[Attempt]):
    list_display = ("test", "student", "number", "state", "started_at", "deadline_at", "score")
    list_filter = ("state", "ended_by")
    raw_id_fields = ("test", "student")
    readonly_fields = ("seed", "raw_points", "raw_max")


@admin.register(StudentAccommodation)
class StudentAccommodationAdmin(admin.ModelAdmin[StudentAccommodation]):
    list_display = ("student", "extra_time_percent", "reason")
    raw_id_fields = ("student", "set_by")


@admin.register(TestAllowance)
class TestAllowanceAdmin(admin.ModelAdmin[TestAllowance]):
    list_display = ("test", "student", "extra_minutes", "extra_attempts", "reason")
    raw_id_fields = ("test", "student", "set_by")


@admin.register(TicketSet)
class TicketSetAdmin(admin.ModelAdmin[TicketSet]):
    list_display = ("title", "course", "open_for_drawing")
    raw_id_fields = ("course", "created_by")


@admin.register(TicketDraw)
class TicketDrawAdmin(admin.ModelAdmin[TicketDraw]):
    list_display = ("ticket_set", "student", "ticket", "drawn_at", "active")
    raw_id_fields = ("ticket_set", "student", "ticket", "replaced_by")
