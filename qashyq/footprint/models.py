"""Recorded actions (the digital footprint, FP-1…FP-4). Append-only: nothing in the
application updates or deletes a row."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.footprint.data import ActivityType, Verb


class Event(models.Model):
    """One action of a person on the platform: who, did what, to what, when."""

    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="footprint_events",
    )
    verb = models.CharField(_("verb"), max_length=20, choices=[(v.value, v.value) for v in Verb])
    object_type = models.CharField(
        _("activity type"), max_length=20, choices=[(t.value, t.value) for t in ActivityType]
    )
    object_id = models.CharField(_("object"), max_length=64)
    object_name = models.CharField(_("object name"), max_length=300, blank=True)
    course_id = models.BigIntegerField(_("course"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)

    class Meta:
        verbose_name = _("footprint event")
        verbose_name_plural = _("footprint events")
        ordering = ["-occurred_at", "-id"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            models.Index(fields=["actor", "occurred_at"], name="footprint_actor_time"),
            models.Index(fields=["course_id", "occurred_at"], name="footprint_course_time"),
            models.Index(fields=["object_type", "object_id"], name="footprint_object"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} {self.object_type}:{self.object_id}"
