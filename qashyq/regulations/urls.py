from django.urls import URLPattern, URLResolver, path

from qashyq.regulations import views, views_compliance, views_lists

app_name = "regulations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<path:code>/", views.rule_detail, name="rule_detail"),
    path("pack/", views.rule_pack, name="rule_pack"),
    path("emergency/", views.emergency, name="emergency"),
    path("emergency/<int:period_id>/end/", views.emergency_end, name="emergency_end"),
    path("distance-lists/", views_lists.distance_lists, name="distance_lists"),
    path("distance-lists/<int:list_id>/", views_lists.distance_list, name="distance_list"),
    path("compliance/", views_compliance.compliance_dashboard, name="compliance"),
    path("compliance/export/", views_compliance.compliance_export, name="compliance_export"),
    path(
        "students/<int:student_id>/",
        views_compliance.student_compliance,
        name="student_compliance",
    ),
]
