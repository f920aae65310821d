from django.urls import URLPattern, URLResolver, path

from qashyq.courses.views import readiness as readiness_views

app_name = "courses"
urlpatterns: list[URLPattern | URLResolver] = []

# Content readiness: the complex checklist (LMS-2), the deadline dashboard and the act
# (ONL-5), quality signals (ONL-6).
urlpatterns += [
    path("readiness/", readiness_views.readiness_dashboard, name="readiness_dashboard"),
    path(
        "readiness/departments/<int:department_id>/",
        readiness_views.readiness_department,
        name="readiness_department",
    ),
    path(
        "readiness/programs/<int:program_id>/",
        readiness_views.readiness_program,
        name="readiness_program",
    ),
    path(
        "readiness/programs/<int:program_id>/act/",
        readiness_views.readiness_act_issue,
        name="readiness_act_issue",
    ),
    path(
        "readiness/acts/<int:act_id>.pdf",
        readiness_views.readiness_act_pdf,
        name="readiness_act_pdf",
    ),
    path("<int:course_id>/readiness/", readiness_views.readiness_course, name="readiness_course"),
    path(
        "<int:course_id>/readiness/submit/",
        readiness_views.readiness_submit,
        name="readiness_submit",
    ),
    path(
        "<int:course_id>/readiness/approve/",
        readiness_views.readiness_approve,
        name="readiness_approve",
    ),
    path(
        "<int:course_id>/readiness/return/",
        readiness_views.readiness_return,
        name="readiness_return",
    ),
]
