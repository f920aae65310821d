"""The xAPI 1.0.3 resources under /xapi/ (mounted by the composition root), and the
administrators' pages of the LRS (clients, vocabulary)."""

from django.urls import path

from qashyq.lrs import views, views_statements

app_name = "lrs"

urlpatterns = [
    path("statements", views_statements.statements, name="statements"),
    path("about", views.about, name="about"),
]
