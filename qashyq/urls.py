"""The composition root's URLs: every app's pages, the API, i18n and admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from qashyq.accounts import views as accounts_views
from qashyq.api import api

urlpatterns = [
    path("", include("qashyq.people.urls")),
    path("accounts/", include("qashyq.accounts.urls")),
    path("structure/", include("qashyq.institutions.urls")),
    path("regulations/", include("qashyq.regulations.urls")),
    path("distance/", include("qashyq.distance.urls")),
    path("courses/", include("qashyq.courses.urls")),
    path("schedule/", include("qashyq.schedule.urls")),
    path("questions/", include("qashyq.questions.urls")),
    path("tests/", include("qashyq.assessment.urls")),
    path("assignments/", include("qashyq.assignments.urls")),
    path("grades/", include("qashyq.gradebook.urls")),
    path("reports/", include("qashyq.reports.urls")),
    path("xapi/", include("qashyq.lrs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    # SEC-1, SEC-4: the admin signs in through our page (rate limit, TOTP, audit).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin-login",
    ),
    path("admin/logout/", accounts_views.signout, name="admin-logout"),
    path("admin/", admin.site.urls),
]
