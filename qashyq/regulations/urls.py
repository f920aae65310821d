from django.urls import URLPattern, URLResolver, path

from qashyq.regulations import views, views_compliance

app_name = "regulations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<path:code>/", views.rule_detail, name="rule_detail"),
    path("pack/", views.rule_pack, name="rule_pack"),
    path("emergency/", views.emergency, name="emergency"),
    path("emergency/<int:period_id>/end/", views.emergency_end, name="emergency_end"),
    path("compliance/", views_compliance.compliance_dashboard, name="compliance"),
    path("compliance/export/", views_compliance.compliance_export, name="compliance_export"),
    path(
        "students/<int:student_id>/",
        views_compliance.student_compliance,
        name="student_compliance",
    ),
]
