from django.urls import path

from qashyq.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.index, name="index"),
    path("courses/<int:course_id>/", views.bank, name="bank"),
    path("courses/<int:course_id>/categories/", views.category_create, name="category_create"),
    path(
        "courses/<int:course_id>/categories/<int:category_id>/",
        views.category_change,
        name="category_change",
    ),
    path("courses/<int:course_id>/new/", views.question_create, name="create"),
    path("courses/<int:course_id>/files/", views.file_upload, name="file_upload"),
    path("courses/<int:course_id>/import/", views.import_upload, name="import"),
    path("courses/<int:course_id>/export/", views.export, name="export"),
    path("imports/<int:batch_id>/", views.import_batch, name="import_batch"),
    path("<int:question_id>/", views.question_preview, name="preview"),
    path("<int:question_id>/edit/", views.question_edit, name="edit"),
    path("<int:question_id>/action/", views.question_action, name="action"),
    path("files/<int:file_id>/<str:name>", views.question_file, name="file"),
]
