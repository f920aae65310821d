"""Report pages under /reports/ (FP-2…FP-4). Only the keys of the reports match, so the
students' monitoring pages can sit beside them."""

from django.urls import path, re_path

from qashyq.reports import views, views_students
from qashyq.reports.selectors import REPORTS

app_name = "reports"

KEYS = "|".join(REPORTS)

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^(?P<key>{KEYS})/$", views.report, name="report"),
    # The students' monitoring (FP-2): views_students.
    path("students/", views_students.student_list, name="students"),
    path("students/me/", views_students.my_footprint, name="students_me"),
    path("students/at-risk/", views_students.at_risk, name="students_at_risk"),
    path(
        "students/notifications/", views_students.notifications, name="students_notifications"
    ),
    path(
        "students/notifications/read/",
        views_students.notifications_read,
        name="students_notifications_read",
    ),
    path("students/thresholds/", views_students.risk_policy, name="students_policy"),
    path("students/<int:student_id>/", views_students.student_detail, name="student_detail"),
    re_path(rf"^(?P<key>{KEYS})/export\.(?P<fmt>xlsx|csv|pdf)$", views.export, name="export"),
]
