from django.urls import path

from qashyq.assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.my_assignments, name="my"),
    path("courses/<int:course_id>/", views.course_assignments, name="course"),
    path("courses/<int:course_id>/new/", views.assignment_create, name="create"),
    path("<int:assignment_id>/", views.assignment_detail, name="detail"),
    path("<int:assignment_id>/edit/", views.assignment_edit, name="edit"),
    path("<int:assignment_id>/delete/", views.assignment_delete, name="delete"),
    path("<int:assignment_id>/rubric/", views.rubric_edit, name="rubric"),
    path("<int:assignment_id>/teams/", views.teams, name="teams"),
    path("<int:assignment_id>/draft/", views.draft_save, name="draft"),
    path("<int:assignment_id>/files/", views.file_upload, name="file_upload"),
    path("<int:assignment_id>/files/<int:file_id>/remove/", views.file_remove, name="file_remove"),
    path("<int:assignment_id>/submit/", views.submit, name="submit"),
    path("<int:assignment_id>/submissions/", views.submissions, name="submissions"),
    path("<int:assignment_id>/submissions.zip", views.submissions_zip, name="zip"),
    path("submissions/<int:submission_id>/", views.grading, name="grading"),
    path("files/<int:file_id>/", views.submission_file, name="file"),
    path("feedback-files/<int:file_id>/", views.feedback_file, name="feedback_file"),
]
