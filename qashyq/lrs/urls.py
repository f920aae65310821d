"""The xAPI 1.0.3 resources under /xapi/ (mounted by the composition root), and the
administrators' pages of the LRS (clients, vocabulary)."""

from django.urls import path, re_path

from qashyq.lrs import views, views_clients, views_documents, views_statements

app_name = "lrs"

urlpatterns = [
    # xAPI resources (the names the specification gives them, no trailing slash)
    path("statements", views_statements.statements, name="statements"),
    path("activities/state", views_documents.state, name="state"),
    path("activities/profile", views_documents.activity_profile, name="activity-profile"),
    path("agents/profile", views_documents.agent_profile, name="agent-profile"),
    path("activities", views.activities, name="activities"),
    path("agents", views.agents, name="agents"),
    path("about", views.about, name="about"),
    # pages
    path("clients/", views_clients.clients, name="clients"),
    path("clients/<int:client_id>/revoke", views_clients.client_revoke, name="client-revoke"),
    path("vocabulary/", views.vocabulary, name="vocabulary"),
    # any other path but the pages (whose slash-less forms Django redirects): an xAPI 404
    re_path(r"^(?!clients|vocabulary)", views.unknown_resource),
]
