from django.urls import path

from qashyq.people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("students/", views.student_list, name="student_list"),
    path("students/new/", views.student_create, name="student_create"),
    path("students/<int:student_id>/", views.student_detail, name="student_detail"),
    path("students/<int:student_id>/edit/", views.student_edit, name="student_edit"),
    path("students/<int:student_id>/status/", views.student_status, name="student_status"),
    path(
        "students/<int:student_id>/plan/generate/",
        views.student_plan_generate,
        name="student_plan_generate",
    ),
    path("students/<int:student_id>/electives/", views.electives, name="electives"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:staff_id>/edit/", views.staff_edit, name="staff_edit"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
]
