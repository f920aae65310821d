from django.urls import path

from qashyq.gradebook import views

app_name = "gradebook"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary, name="summary"),
    path("courses/<int:course_id>/", views.course, name="course"),
    path("courses/<int:course_id>/cell/", views.cell, name="cell"),
    path("courses/<int:course_id>/setup/", views.setup, name="setup"),
    path("courses/<int:course_id>/confirm/", views.confirm, name="confirm"),
    path("courses/<int:course_id>/export.xlsx", views.export, name="export"),
    path("courses/<int:course_id>/students/<int:student_id>/", views.student, name="student"),
    path("students/<int:student_id>/transcript/", views.transcript, name="transcript"),
    path(
        "students/<int:student_id>/transcript.pdf",
        views.transcript_download,
        name="transcript_pdf",
    ),
]
