"""Admin of accounts: users with our fields, read-only audit log, tokens (SEC-1, SEC-4)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qashyq.accounts import services
from qashyq.accounts.data import ClientInfo
from qashyq.accounts.models import ApiToken, AuthEvent, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("last_name", "first_name", "middle_name", "email", "language")},
        ),
        (_("Two-factor sign-in"), {"fields": ("totp_enabled",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "last_name",
                    "first_name",
                    "middle_name",
                    "language",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    # The secret is never shown; two-factor is turned on only by the user with a code.
    readonly_fields = ("totp_enabled", "last_login", "date_joined")
    list_display = ("username", "last_name", "first_name", "email", "is_staff", "totp_enabled")
    list_filter = ("is_staff", "is_superuser", "is_active", "totp_enabled", "language")
    search_fields = ("username", "last_name", "first_name", "middle_name", "email")
    actions = ("turn_off_two_factor",)

    @admin.action(description=_("Turn two-factor sign-in off (lost phone)"))
    def turn_off_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        client = ClientInfo.of(request)
        count = 0
        for user in queryset.filter(totp_enabled=True):
            services.totp_reset(user=user, ip=client.ip, user_agent=client.user_agent)
            count += 1
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in turned off for %(count)d user.",
                "Two-factor sign-in turned off for %(count)d users.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AuthEvent)
class AuthEventAdmin(admin.ModelAdmin[AuthEvent]):
    list_display = ("at", "kind", "username", "user", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "at"
    list_select_related = ("user",)
    readonly_fields = ("user", "username", "kind", "ip_address", "user_agent", "at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuthEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuthEvent | None = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are issued by their owner (the key is shown once); here they can be revoked."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        client = ClientInfo.of(request)
        count = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            services.api_token_revoke(
                user=token.user, token_id=token.pk, ip=client.ip, user_agent=client.user_agent
            )
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
