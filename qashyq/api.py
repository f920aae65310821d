"""The REST API under /api/v1/: one NinjaAPI mounting every app's router.

Authentication: the browser session (with CSRF) or a personal token
(`Authorization: Bearer <key>`). Errors: one handler renders every DomainError as
{"code", "message", "extra"} in the user's language.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from qashyq.accounts.api import SessionAuthCSRF, TokenAuth
from qashyq.accounts.api import router as accounts_router
from qashyq.assessment.api import router as assessment_router
from qashyq.assignments.api import router as assignments_router
from qashyq.core.errors import DomainError
from qashyq.courses.api import router as courses_router
from qashyq.courses.api_readiness import router as readiness_router
from qashyq.distance.api import router as distance_router
from qashyq.gradebook.api import router as gradebook_router
from qashyq.institutions.api import router as institutions_router
from qashyq.people.api import router as people_router
from qashyq.questions.api import router as questions_router
from qashyq.regulations.api import router as regulations_router
from qashyq.reports.api import router as reports_router
from qashyq.schedule.api import router as schedule_router

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
api.add_router("/", regulations_router)
api.add_router("/", distance_router)
api.add_router("/", courses_router)
api.add_router("/", readiness_router)  # courses: LMS-2, ONL-5, ONL-6
api.add_router("/", schedule_router)
api.add_router("/", gradebook_router)
api.add_router("/", questions_router)
api.add_router("/", assessment_router)
api.add_router("/", assignments_router)
api.add_router("/", reports_router)


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


def _field_message(error: dict[str, object]) -> str:
    """A problem with one field, said in the user's language."""
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("Enter a number.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("string_too_long"):
        return _("This text is too long.")
    if kind in {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}:
        return _("This number is out of range.")
    return _("This value is not valid.")


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad input: the same {code, message, extra} as domain errors, per field, translated."""
    fields = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in {"body", "payload"}]
        fields.append(
            {
                "field": ".".join(location),
                "message": _field_message(error),
                "detail": str(error.get("msg", "")),
            }
        )
    return api.create_response(
        request,
        {
            "code": "validation_failed",
            "message": _("Some fields are missing or not valid."),
            "extra": {"fields": fields},
        },
        status=422,
    )
