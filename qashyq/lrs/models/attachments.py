"""Statement attachments received in multipart/mixed requests, stored once per hash."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """The raw bytes of an attachment, addressed by their SHA-2 hash (hex) as xAPI does:
    statements name an attachment by `sha2`, so equal contents are kept once."""

    sha2 = models.CharField(_("SHA-2"), max_length=128, unique=True)
    content_type = models.CharField(_("content type"), max_length=255)
    length = models.BigIntegerField(_("length"))
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("xAPI attachment")
        verbose_name_plural = _("xAPI attachments")
        ordering = ["id"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.sha2
