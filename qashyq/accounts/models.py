"""Accounts: who can sign in, how, and the audit trail of sign-ins (SEC-1, SEC-4)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class User(AbstractUser):
    """A person who signs in. Roles and personal files live in `people`."""

    middle_name = models.CharField(_("patronymic"), max_length=150, blank=True)
    language = models.CharField(
        _("interface language"), max_length=2, choices=Language.choices, default=Language.KAZAKH
    )
    # SEC-1: optional TOTP second factor (RFC 6238). The secret is confirmed by a first code.
    totp_secret = models.CharField(_("TOTP secret"), max_length=64, blank=True)
    totp_enabled = models.BooleanField(_("two-factor sign-in on"), default=False)
    totp_last_step = models.BigIntegerField(default=0, help_text="Last accepted TOTP time step.")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = (
            models.UniqueConstraint(
                fields=["email"],
                condition=~models.Q(email=""),
                name="accounts_user_unique_email",
            ),
        )

    def get_full_name(self) -> str:
        parts = [self.last_name, self.first_name, self.middle_name]
        return " ".join(p for p in parts if p) or self.username

    def __str__(self) -> str:
        return self.get_full_name()


class AuthEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("signed in")
    SIGNED_OUT = "signed_out", _("signed out")
    FAILED = "failed", _("sign-in failed")
    LOCKED = "locked", _("sign-in refused: too many failures")
    TOTP_FAILED = "totp_failed", _("wrong two-factor code")
    TOTP_ENABLED = "totp_enabled", _("two-factor sign-in turned on")
    TOTP_DISABLED = "totp_disabled", _("two-factor sign-in turned off")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("password reset requested")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")


class AuthEvent(models.Model):
    """One line of the sign-in audit log (SEC-4). Append-only."""

    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("user name entered"), max_length=254, blank=True)
    kind = models.CharField(_("event"), max_length=32, choices=AuthEventKind.choices)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-at", "-id"]  # noqa: RUF012
        indexes = (
            models.Index(fields=["username", "kind", "at"], name="accounts_ae_user_kind_at"),
            models.Index(fields=["ip_address", "kind", "at"], name="accounts_ae_ip_kind_at"),
        )

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the key is shown once."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
