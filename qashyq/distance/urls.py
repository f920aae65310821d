from django.urls import URLPattern, URLResolver, path

from qashyq.distance import views

app_name = "distance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:application_id>/edit/", views.application_edit, name="application_edit"
    ),
    path(
        "applications/<int:application_id>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path(
        "applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("applications/<int:application_id>/leave/", views.leave_request, name="leave_request"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence_id>/remove/", views.evidence_remove, name="evidence_remove"),
    path("inbox/", views.inbox, name="inbox"),
    path("orders/", views.order_journal, name="orders"),
    path("orders/<int:order_id>/", views.order_detail, name="order_detail"),
    path("orders/<int:order_id>/pdf/<str:language>/", views.order_pdf, name="order_pdf"),
    path("verify/<str:token>/", views.order_verify, name="order_verify"),
    path("route/", views.route_settings, name="route"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:task_id>/leave/", views.task_leave, name="task_leave"),
    path("tasks/<int:task_id>/close/", views.task_close, name="task_close"),
]
