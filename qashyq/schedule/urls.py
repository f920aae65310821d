from django.urls import path

from qashyq.schedule import views

app_name = "schedule"

urlpatterns = [
    path("", views.week, name="week"),
    path("attendance/", views.my_attendance, name="my_attendance"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/my.ics", views.my_calendar, name="my_calendar"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("courses/<int:course_id>/", views.course_schedule, name="course"),
    path("courses/<int:course_id>/new/", views.session_create, name="session_create"),
    path("courses/<int:course_id>/journal/", views.journal, name="journal"),
    path("classes/<int:session_id>/", views.session_detail, name="session"),
    path("classes/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("classes/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("classes/<int:session_id>/join/", views.session_join, name="session_join"),
    path("classes/<int:session_id>/end/", views.session_end, name="session_end"),
    path(
        "classes/<int:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path(
        "classes/<int:session_id>/recordings/",
        views.session_recordings,
        name="session_recordings",
    ),
    path("bbb/ended/<str:token>/", views.bbb_ended, name="bbb_ended"),
    path("bbb/events/", views.bbb_events, name="bbb_events"),
]
