"""The REST API under /api/v1/: one NinjaAPI mounting every app's router.

Authentication: the browser session (with CSRF) or a personal token
(`Authorization: Bearer <key>`). Errors: one handler renders every DomainError as
{"code", "message", "extra"} in the user's language.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from qashyq.accounts.api import SessionAuthCSRF, TokenAuth
from qashyq.accounts.api import router as accounts_router
from qashyq.core.errors import DomainError
from qashyq.institutions.api import router as institutions_router
from qashyq.people.api import router as people_router

api = NinjaAPI(
    title="Qashyq API",
    version="1",
    description=(
        "The REST API of Qashyq, the distance- and online-learning platform. "
        "Authenticate with a personal token (`Authorization: Bearer <key>`, issued on "
        "the account page) or the browser session. Lists are paginated with "
        "`limit` (at most 100) and `offset`."
    ),
    auth=[TokenAuth(), SessionAuthCSRF()],
    urls_namespace="api-v1",
)

api.add_router("/", accounts_router)
api.add_router("/", institutions_router)
api.add_router("/", people_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"code": exc.code, "message": exc.message, "extra": exc.extra}, status=exc.status
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "code": "unauthenticated",
            "message": _("Sign in or send a valid API token."),
            "extra": {},
        },
        status=401,
    )
