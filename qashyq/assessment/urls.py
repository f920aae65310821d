from django.urls import path

from qashyq.assessment import views

app_name = "assessment"

urlpatterns = [
    path("courses/<int:course_id>/", views.course_tests, name="course"),
    path("courses/<int:course_id>/new/", views.test_create, name="test_create"),
    path(
        "courses/<int:course_id>/accommodation/",
        views.accommodation_set,
        name="accommodation",
    ),
    path("courses/<int:course_id>/tickets/new/", views.ticket_set_create, name="tickets_create"),
    path("<int:test_id>/", views.test_detail, name="test"),
    path("<int:test_id>/edit/", views.test_edit, name="test_edit"),
    path("<int:test_id>/delete/", views.test_delete, name="test_delete"),
    path("<int:test_id>/preview/", views.test_preview, name="preview"),
    path("<int:test_id>/results/", views.test_results, name="results"),
    path("<int:test_id>/allowance/", views.allowance_set, name="allowance"),
    path("<int:test_id>/start/", views.attempt_start, name="start"),
    path("attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/answers", views.answer_save, name="answer_save"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit, name="submit"),
    path("attempts/<int:attempt_id>/grade/", views.answer_grade, name="grade"),
    path("attempts/<int:attempt_id>/reopen/", views.attempt_reopen, name="reopen"),
    path("tickets/<int:set_id>/", views.ticket_set_detail, name="tickets"),
    path("tickets/<int:set_id>/print/", views.ticket_set_print, name="tickets_print"),
    path("tickets/<int:set_id>/draw/", views.ticket_draw, name="ticket_draw"),
    path("tickets/<int:set_id>/redraw/", views.ticket_redraw, name="ticket_redraw"),
    path("tickets/<int:set_id>/open/", views.ticket_set_open, name="tickets_open"),
]
