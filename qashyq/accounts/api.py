"""Accounts API: authentication classes, the current user, own tokens, the audit log."""

from datetime import date, datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status
from ninja.security import HttpBearer, SessionAuth

from qashyq.accounts import selectors, services
from qashyq.accounts.data import AuthEventFilter, ClientInfo
from qashyq.accounts.models import ApiToken, AuthEvent, AuthEventKind, User
from qashyq.core.scope import actor_scope_of

router = Router(tags=["accounts"])


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class SessionAuthCSRF(SessionAuth):
    """The browser session; unsafe methods need the CSRF token (ninja checks it)."""

    csrf = True


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth classes only let signed-in users through
    return user


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    language: str
    totp_enabled: bool


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, object]:
    """Who the request is authenticated as."""
    user = _user(request)
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "language": user.language,
        "totp_enabled": user.totp_enabled,
    }


class ApiTokenIn(Schema):
    name: str = Field(min_length=1, max_length=100, description="What the token is for.")
    expires_at: datetime | None = Field(
        default=None, description="When the token stops working; never when empty."
    )


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the key after `qsq_`.")
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class ApiTokenCreatedOut(ApiTokenOut):
    key: str = Field(description="The whole key. It is shown only in this response.")


@router.get("/me/tokens", response=list[ApiTokenOut], summary="My API tokens")
@paginate(LimitOffsetPagination)
def api_token_list(request: HttpRequest) -> QuerySet[ApiToken]:
    """The signed-in user's personal API tokens that are not revoked, newest first."""
    return selectors.api_token_list_own(actor=actor_scope_of(request))


@router.post("/me/tokens", response={201: ApiTokenCreatedOut}, summary="Create an API token")
def api_token_create(request: HttpRequest, payload: ApiTokenIn) -> Status[dict[str, object]]:
    """Issue a personal API token. The key is in this response only; keep it safe."""
    client = ClientInfo.of(request)
    token, key = services.api_token_create(
        user=_user(request),
        name=payload.name,
        expires_at=payload.expires_at,
        ip=client.ip,
        user_agent=client.user_agent,
    )
    return Status(201, {**ApiTokenOut.from_orm(token).model_dump(), "key": key})


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke an API token")
def api_token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of my tokens at once. Another user's token answers 404, like an absent one."""
    client = ClientInfo.of(request)
    services.api_token_revoke(
        user=_user(request), token_id=token_id, ip=client.ip, user_agent=client.user_agent
    )
    return Status(204, None)


class AuthEventFilterIn(Schema):
    username: str = Field(default="", description="Part of the user name typed or held.")
    kind: AuthEventKind | None = None
    date_from: date | None = Field(default=None, description="From this day (Almaty time).")
    date_to: date | None = Field(default=None, description="To this day inclusive.")
    address: str = Field(default="", description="IP address or its beginning.")


class AuthEventOut(Schema):
    id: int
    at: datetime
    kind: str
    kind_label: str
    user_id: int | None
    username: str
    ip_address: str | None
    user_agent: str

    @staticmethod
    def resolve_kind_label(obj: AuthEvent) -> str:
        return str(obj.get_kind_display())


@router.get("/auth-events", response=list[AuthEventOut], summary="Sign-in audit log")
@paginate(LimitOffsetPagination)
def auth_event_list(request: HttpRequest, filters: Query[AuthEventFilterIn]) -> QuerySet[AuthEvent]:
    """Sign-in events of every user, newest first, for administrators (SEC-4).

    Anyone else gets 404.
    """
    return selectors.auth_event_list(
        actor=actor_scope_of(request),
        filters=AuthEventFilter(
            username=filters.username.strip(),
            kind=filters.kind.value if filters.kind else "",
            date_from=filters.date_from,
            date_to=filters.date_to,
            address=filters.address.strip(),
        ),
    )
