"""Pages of accounts: sign-in (with TOTP), sign-out, passwords, profile, audit log.

Thin: every decision is in `services` (writes) and `selectors` (reads). SEC-1, SEC-4.
"""

from __future__ import annotations

import time
from datetime import datetime
from datetime import time as day_time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from qashyq.accounts import permissions, selectors, services, totp
from qashyq.accounts.data import AuthEventFilter, ClientInfo, SigninOutcome
from qashyq.accounts.errors import (
    PasswordInvalidError,
    SigninLockedError,
    TotpCodeInvalidError,
    TotpStateInvalidError,
)
from qashyq.accounts.forms import (
    ApiTokenForm,
    AuthEventFilterForm,
    ProfileForm,
    SigninForm,
    TotpCodeForm,
    TotpDisableForm,
)
from qashyq.accounts.models import User
from qashyq.core.errors import NotFound
from qashyq.core.pagination import paginate
from qashyq.core.scope import actor_scope_of

PENDING_USER = "accounts.pending_user_id"
PENDING_UNTIL = "accounts.pending_until"
PENDING_NEXT = "accounts.pending_next"
NEW_TOKEN_KEY = "accounts.new_token_key"  # noqa: S105 (a session key name)
# SEC-1: the password step is good for this long; then it must be done again.
PENDING_SECONDS = 300


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`?next=` when it points into this site, else the home page (no open redirect)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    """Make the user's language take effect at once, as Django's set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _start_session(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    for key in (PENDING_USER, PENDING_UNTIL, PENDING_NEXT):
        request.session.pop(key, None)
    login(request, user, backend="qashyq.accounts.backends.UsernameOrEmailBackend")
    response = redirect(next_url)
    if user.language:
        _set_language_cookie(response, user.language)
    return response


# --- sign-in and sign-out --------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def signin(request: HttpRequest) -> HttpResponse:
    """Sign in with a user name or e-mail and a password (SEC-1)."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = SigninForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = ClientInfo.of(request)
        result = services.signin_attempt(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            ip=client.ip,
            user_agent=client.user_agent,
        )
        if result.outcome is SigninOutcome.SIGNED_IN and result.user is not None:
            return _start_session(request, result.user, next_url)
        if result.outcome is SigninOutcome.TOTP_REQUIRED and result.user is not None:
            request.session[PENDING_USER] = result.user.pk
            request.session[PENDING_UNTIL] = time.time() + PENDING_SECONDS
            request.session[PENDING_NEXT] = next_url
            return redirect("accounts:login_code")
        if result.outcome is SigninOutcome.LOCKED:
            form.add_error(None, services.signin_locked_message(seconds=result.retry_after_seconds))
        else:
            form.add_error(None, _("Wrong user name, e-mail or password."))
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def signin_code(request: HttpRequest) -> HttpResponse:
    """The second sign-in step: the six-digit code of the authenticator app (SEC-1)."""
    user_id = request.session.get(PENDING_USER)
    until = request.session.get(PENDING_UNTIL, 0)
    if not isinstance(user_id, int) or time.time() > float(until):
        for key in (PENDING_USER, PENDING_UNTIL, PENDING_NEXT):
            request.session.pop(key, None)
        if user_id is not None:
            messages.warning(request, _("The sign-in took too long. Please start again."))
        return redirect("accounts:login")
    next_url = _safe_next(request, request.session.get(PENDING_NEXT))
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = ClientInfo.of(request)
        result = services.signin_totp_verify(
            user_id=user_id,
            code=form.cleaned_data["code"],
            ip=client.ip,
            user_agent=client.user_agent,
        )
        if result.outcome is SigninOutcome.SIGNED_IN and result.user is not None:
            return _start_session(request, result.user, next_url)
        if result.outcome is SigninOutcome.LOCKED:
            for key in (PENDING_USER, PENDING_UNTIL, PENDING_NEXT):
                request.session.pop(key, None)
            messages.error(
                request, services.signin_locked_message(seconds=result.retry_after_seconds)
            )
            return redirect("accounts:login")
        form.add_error("code", _("The code is wrong or has expired. Try the current one."))
    return render(request, "accounts/login_code.html", {"form": form})


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    """End the session; the sign-out is audited (SEC-4)."""
    user = request.user
    if isinstance(user, User):
        client = ClientInfo.of(request)
        services.signout_record(user=user, ip=client.ip, user_agent=client.user_agent)
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- passwords -------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail. The same answer for known and unknown addresses."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        client = ClientInfo.of(self.request)
        services.password_reset_request_record(
            email=form.cleaned_data["email"], ip=client.ip, user_agent=client.user_agent
        )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from the e-mailed link; audited as a password change."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        response = super().form_valid(form)
        if isinstance(form.user, User):
            client = ClientInfo.of(self.request)
            services.password_change_record(
                user=form.user, ip=client.ip, user_agent=client.user_agent
            )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password while signed in; audited. A wrong old password is a failure."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = _signed_in_user(request)
        wait = services.signin_lock_remaining(
            user=user, login=user.username.lower(), ip=ClientInfo.of(request).ip
        )
        if wait:
            form = self.get_form()
            form.add_error(None, services.signin_locked_message(seconds=wait))
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        client = ClientInfo.of(self.request)
        services.password_change_record(
            user=_signed_in_user(self.request), ip=client.ip, user_agent=client.user_agent
        )
        messages.success(self.request, _("Your password has been changed."))
        return response

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        if "old_password" in form.errors:
            client = ClientInfo.of(self.request)
            services.password_change_failed_record(
                user=_signed_in_user(self.request), ip=client.ip, user_agent=client.user_agent
            )
        return super().form_invalid(form)


# --- profile ---------------------------------------------------------------------------


def _profile_page(request: HttpRequest, **bound: forms.Form) -> HttpResponse:
    """The profile page with the given bound forms (others fresh)."""
    user = _signed_in_user(request)
    actor = actor_scope_of(request)
    context: dict[str, Any] = {
        "profile_form": bound.get("profile_form")
        or ProfileForm(
            initial={
                "last_name": user.last_name,
                "first_name": user.first_name,
                "middle_name": user.middle_name,
                "language": user.language,
            }
        ),
        "totp_enable_form": bound.get("totp_enable_form") or TotpCodeForm(),
        "totp_disable_form": bound.get("totp_disable_form") or TotpDisableForm(),
        "token_form": bound.get("token_form") or ApiTokenForm(),
        "tokens": list(selectors.api_token_list_own(actor=actor)),
        "new_token_key": request.session.pop(NEW_TOKEN_KEY, None),
        "events": selectors.auth_event_list_own(actor=actor),
        "totp_pending": bool(user.totp_secret) and not user.totp_enabled,
        "can_view_audit_log": permissions.can_view_audit_log(actor),
    }
    if context["totp_pending"]:
        context["totp_secret"] = user.totp_secret
        context["totp_qr"] = totp.qr_svg_data_uri(
            totp.provisioning_uri(secret=user.totp_secret, account_name=user.username)
        )
    return render(request, "accounts/profile.html", context)


@login_required
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page: name, language, two-factor, tokens, history."""
    user = _signed_in_user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if not form.is_valid():
            return _profile_page(request, profile_form=form)
        services.user_profile_update(user=user, **form.cleaned_data)
        with translation.override(user.language):  # say it in the language just chosen
            messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        _set_language_cookie(response, user.language)
        return response
    return _profile_page(request)


@login_required
@require_POST
@sensitive_post_parameters("password", "code")
def profile_totp(request: HttpRequest) -> HttpResponse:
    """Two-factor set-up: `action` is start, enable (with a code) or disable (SEC-1)."""
    user = _signed_in_user(request)
    client = ClientInfo.of(request)
    action = request.POST.get("action", "")
    if action not in {"start", "enable", "disable"}:
        raise Http404
    enable_form = TotpCodeForm(request.POST)
    disable_form = TotpDisableForm(request.POST)
    try:
        if action == "start":
            services.totp_setup_begin(user=user)
            messages.info(request, _("Scan the QR code, then enter the code the app shows."))
        elif action == "enable":
            if not enable_form.is_valid():
                return _profile_page(request, totp_enable_form=enable_form)
            services.totp_enable(
                user=user,
                code=enable_form.cleaned_data["code"],
                ip=client.ip,
                user_agent=client.user_agent,
            )
            messages.success(request, _("Two-factor sign-in is on."))
        else:
            if not disable_form.is_valid():
                return _profile_page(request, totp_disable_form=disable_form)
            services.totp_disable(
                user=user,
                password=disable_form.cleaned_data["password"],
                code=disable_form.cleaned_data["code"],
                ip=client.ip,
                user_agent=client.user_agent,
            )
            messages.success(request, _("Two-factor sign-in is off."))
    except TotpStateInvalidError as error:
        messages.error(request, error.message)
    except TotpCodeInvalidError as error:
        if action == "enable":
            enable_form.add_error("code", error.message)
            return _profile_page(request, totp_enable_form=enable_form)
        disable_form.add_error("code", error.message)
        return _profile_page(request, totp_disable_form=disable_form)
    except (PasswordInvalidError, SigninLockedError) as error:
        disable_form.add_error(None, error.message)
        return _profile_page(request, totp_disable_form=disable_form)
    return redirect("accounts:profile")


@login_required
@require_POST
def profile_token_create(request: HttpRequest) -> HttpResponse:
    """Create a personal API token; its key is shown once on the next page."""
    user = _signed_in_user(request)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form)
    expires_on = form.cleaned_data["expires_on"]
    expires_at = (
        timezone.make_aware(datetime.combine(expires_on, day_time.max)) if expires_on else None
    )
    client = ClientInfo.of(request)
    _token, key = services.api_token_create(
        user=user,
        name=form.cleaned_data["name"],
        expires_at=expires_at,
        ip=client.ip,
        user_agent=client.user_agent,
    )
    request.session[NEW_TOKEN_KEY] = key
    return HttpResponseRedirect(reverse("accounts:profile") + "#tokens")


@login_required
@require_POST
def profile_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of my tokens; another user's token is 404 like an absent one."""
    user = _signed_in_user(request)
    client = ClientInfo.of(request)
    try:
        services.api_token_revoke(
            user=user, token_id=token_id, ip=client.ip, user_agent=client.user_agent
        )
    except NotFound as error:
        raise Http404 from error
    messages.success(request, _("The token has been revoked."))
    return HttpResponseRedirect(reverse("accounts:profile") + "#tokens")


# --- audit log -------------------------------------------------------------------------


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Everyone's sign-in events for administrators, with filters (SEC-4). Others: 404."""
    form = AuthEventFilterForm(request.GET or None)
    cleaned: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        cleaned = form.cleaned_data
    try:
        events = selectors.auth_event_list(
            actor=actor_scope_of(request),
            filters=AuthEventFilter(
                username=(cleaned.get("username") or "").strip(),
                kind=cleaned.get("kind") or "",
                date_from=cleaned.get("date_from"),
                date_to=cleaned.get("date_to"),
                address=(cleaned.get("address") or "").strip(),
            ),
        )
    except NotFound as error:
        raise Http404 from error
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": paginate(request, events), "query": query.urlencode()},
    )
