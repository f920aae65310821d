"""The composition root's URLs: every app's pages, the API, i18n and admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from qashyq.api import api

urlpatterns = [
    path("", include("qashyq.people.urls")),
    path("accounts/", include("qashyq.accounts.urls")),
    path("structure/", include("qashyq.institutions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
