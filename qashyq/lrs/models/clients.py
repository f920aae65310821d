"""The LRS clients: other platforms (a MOOC platform, a video-conference server) that
send and read xAPI statements with credentials an administrator issued (FP-1)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadScope(models.TextChoices):
    """Which statements a client may read."""

    NONE = "none", _("none")
    OWN = "own", _("only its own statements")
    ALL = "all", _("all statements")


class Client(models.Model):
    """An LRS client. The secret and the bearer token are random and long, kept only as
    SHA-256 digests (a slow password hash would cost every xAPI request tens of
    milliseconds for no gain: nobody chooses these, so there is nothing to guess)."""

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("key"), max_length=64, unique=True)
    secret_hash = models.CharField(_("secret (SHA-256)"), max_length=64)
    token_hash = models.CharField(_("bearer token (SHA-256)"), max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=True)
    can_write_statements = models.BooleanField(_("may write statements"), default=True)
    read_scope = models.CharField(
        _("may read statements"), max_length=4, choices=ReadScope.choices, default=ReadScope.OWN
    )
    can_documents = models.BooleanField(_("may use the state and profile documents"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("LRS client")
        verbose_name_plural = _("LRS clients")
        ordering = ["-id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.name

    @property
    def stream_key(self) -> str:
        """The footprint stream the client's statements are chained in (FP-1)."""
        return f"client:{self.pk}"

    @property
    def authority(self) -> dict[str, Any]:
        """The xAPI authority the LRS sets on the statements this client sends."""
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {"homePage": settings.SITE_URL, "name": f"client:{self.key}"},
        }
