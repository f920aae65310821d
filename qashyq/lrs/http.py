"""The HTTP side every xAPI resource shares (xAPI 1.0.3, Communication part).

`xapi_view` wraps a resource's handler with: CORS (preflight and headers), the
alternate request syntax (`?method=`), HEAD as GET without a body, the
`X-Experience-API-Version` check on requests and `X-Experience-API-Version: 1.0.3` on
every response, client authentication (HTTP Basic key:secret or Bearer), the allowed
methods, and XapiError rendered as error JSON. Handlers receive the authenticated
client: `def handler(request: HttpRequest, client: Client) -> HttpResponse`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from qashyq.lrs.auth import client_authenticate
from qashyq.lrs.errors import XapiError
from qashyq.lrs.models import Client

XAPI_VERSION = "1.0.3"
VERSION_HEADER = "X-Experience-API-Version"
# Communication 1.3: a request must carry 1.0.x; "1.0" alone is accepted as 1.0.0.
_ACCEPTED_VERSION = re.compile(r"^1\.0(\.\d+)?$")

_CORS_REQUEST_HEADERS = (
    "Authorization, Content-Type, Content-Length, If-Match, If-None-Match, "
    "X-Experience-API-Version, X-Requested-With"
)
_CORS_EXPOSED_HEADERS = (
    "ETag, Last-Modified, Cache-Control, Content-Type, Content-Length, WWW-Authenticate, "
    "X-Experience-API-Version, X-Experience-API-Consistent-Through"
)
# The headers the alternate request syntax carries as form parameters (Communication 1.3).
_ALTERNATE_HEADERS = {
    "authorization": "HTTP_AUTHORIZATION",
    "x-experience-api-version": "HTTP_X_EXPERIENCE_API_VERSION",
    "content-type": "CONTENT_TYPE",
    "content-length": "CONTENT_LENGTH",
    "if-match": "HTTP_IF_MATCH",
    "if-none-match": "HTTP_IF_NONE_MATCH",
}
_ALTERNATE_METHODS = {"GET", "PUT", "POST", "DELETE", "HEAD"}

Handler = Callable[[HttpRequest, Client], HttpResponse]
PublicHandler = Callable[[HttpRequest], HttpResponse]
View = Callable[[HttpRequest], HttpResponse]


def json_response(data: Any, *, status: int = 200) -> HttpResponse:  # noqa: ANN401
    """xAPI JSON: UTF-8, not ASCII-escaped, compact."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(
        body.encode("utf-8"), status=status, content_type="application/json; charset=utf-8"
    )


def error_response(error: XapiError) -> HttpResponse:
    """The error JSON `{"code", "message"}` with the error's status."""
    response = json_response({"code": error.code, "message": error.message}, status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


def params_check(
    request: HttpRequest, *, allowed: Collection[str], required: Iterable[str] = ()
) -> QueryDict:
    """The query parameters, after checking each is one the resource knows (names are
    case-sensitive: `StateId` is not `stateId`), none repeats, and the required ones are
    present; XapiError 400 otherwise."""
    params = request.GET
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise XapiError(400, _("Unknown parameters: %(names)s") % {"names": ", ".join(unknown)})
    repeated = sorted(name for name in params if len(params.getlist(name)) > 1)
    if repeated:
        raise XapiError(
            400, _("Parameters given twice: %(names)s") % {"names": ", ".join(repeated)}
        )
    missing = [name for name in required if not params.get(name)]
    if missing:
        raise XapiError(400, _("Missing parameters: %(names)s") % {"names": ", ".join(missing)})
    return params


def content_type(request: HttpRequest) -> str:
    """The request's media type, lower-case, without its parameters."""
    return str(request.META.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()


def _alternate_syntax(request: HttpRequest) -> None:
    """Turn an alternate-syntax request (POST ?method=X with a form body) into the
    request it stands for: its method, headers and query parameters from the form, its
    body from the `content` field (Communication 1.3)."""
    if "method" not in request.GET:
        return
    if request.method != "POST":
        raise XapiError(400, _("The alternate request syntax must be sent with POST."))
    if set(request.GET) != {"method"}:
        raise XapiError(
            400, _("With the alternate request syntax, parameters go in the form body.")
        )
    if content_type(request) != "application/x-www-form-urlencoded":
        raise XapiError(
            400,
            _("The alternate request syntax needs an application/x-www-form-urlencoded body."),
        )
    method = request.GET["method"].upper()
    if method not in _ALTERNATE_METHODS:
        raise XapiError(400, _("Unknown method in the alternate request syntax."))
    form = request.POST
    params = QueryDict(mutable=True)
    content = ""
    # The request's own Content-Type describes the form, not the content; its real
    # Authorization and version headers stand unless the form carries them.
    request.META.pop("CONTENT_TYPE", None)
    for name in form:
        lowered = name.lower()
        if lowered == "content":
            content = form[name]
        elif lowered in _ALTERNATE_HEADERS:
            request.META[_ALTERNATE_HEADERS[lowered]] = form[name]
        else:
            params.setlist(name, form.getlist(name))
    body = content.encode("utf-8")
    if content and "CONTENT_TYPE" not in request.META:
        request.META["CONTENT_TYPE"] = "application/json"
    request.META["CONTENT_LENGTH"] = str(len(body))
    params._mutable = False
    request.GET = params  # type: ignore[assignment]
    request.method = method
    request._body = body  # Django reads the body from here
    for cached in ("_post", "_files"):
        if hasattr(request, cached):
            delattr(request, cached)
    request._set_content_type_params(request.META)  # type: ignore[attr-defined]


def _version_check(request: HttpRequest, *, required: bool) -> None:
    version = request.META.get("HTTP_X_EXPERIENCE_API_VERSION")
    if version is None:
        if required:
            raise XapiError(400, _("The X-Experience-API-Version header is required."))
        return
    if not _ACCEPTED_VERSION.match(str(version).strip()):
        raise XapiError(
            400,
            _("This LRS speaks xAPI 1.0.x; the request asked for %(version)s.")
            % {"version": version},
        )


def _cors(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = _CORS_EXPOSED_HEADERS
    response[VERSION_HEADER] = XAPI_VERSION
    return response


def _preflight(allowed: Collection[str]) -> HttpResponse:
    response = HttpResponse(status=200)
    response["Access-Control-Allow-Methods"] = ", ".join(sorted({*allowed, "HEAD", "OPTIONS"}))
    response["Access-Control-Allow-Headers"] = _CORS_REQUEST_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def _wrap(
    call: Callable[[HttpRequest], HttpResponse], *, methods: Collection[str], public: bool
) -> View:
    allowed = {m.upper() for m in methods}
    if "GET" in allowed:
        allowed.add("HEAD")

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        if request.method == "OPTIONS" and "method" not in request.GET:
            return _cors(_preflight(allowed), request)
        head = False
        try:
            _alternate_syntax(request)
            if request.method not in allowed:
                raise XapiError(405, _("This resource does not support that method."))
            if request.method == "HEAD":
                head = True
                request.method = "GET"
            _version_check(request, required=not public)
            response = call(request)
        except XapiError as error:
            response = error_response(error)
        except RequestDataTooBig:
            too_large = XapiError(413, _("The request body is larger than this LRS accepts."))
            response = error_response(too_large)
        if head:
            response.content = b""
        return _cors(response, request)

    return view


def xapi_view(*, methods: Collection[str]) -> Callable[[Handler], View]:
    """Make `handler(request, client)` an xAPI resource answering `methods` (HEAD comes
    with GET) to authenticated clients."""

    def decorate(handler: Handler) -> View:
        def call(request: HttpRequest) -> HttpResponse:
            return handler(request, client_authenticate(request))

        return functools.wraps(handler)(_wrap(call, methods=methods, public=False))

    return decorate


def xapi_public_view(*, methods: Collection[str]) -> Callable[[PublicHandler], View]:
    """Make `handler(request)` an xAPI resource anybody may call (the About resource:
    no credentials, no version header needed)."""

    def decorate(handler: PublicHandler) -> View:
        return functools.wraps(handler)(_wrap(handler, methods=methods, public=True))

    return decorate
