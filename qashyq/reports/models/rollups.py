"""Daily rollups of the footprint: the read model of the reports (FP-3, FP-4; ADR 0025).

Report pages never scan the statement table: a task (`services.rollups_update`) folds
the statements stored since its watermark into these tables, keyed by the day the
action happened (Asia/Almaty). Course and actor columns are plain integers, not foreign
keys: a statement may name a course or a person that is later deleted, and the rollups,
like the statements, keep what happened. `course_id = 0` stands for "no course" (a
sign-in) so that the unique keys have no NULLs (NULLs never conflict in a unique index).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectDay(models.Model):
    """Statements of one day about one object of one course with one verb (FP-3: access
    statistics per course and per material)."""

    day = models.DateField(_("day"))
    course_id = models.BigIntegerField(_("course"))
    object_type = models.CharField(_("activity type"), max_length=20)
    object_id = models.CharField(_("object"), max_length=64)
    verb = models.CharField(_("verb"), max_length=20)
    count = models.PositiveIntegerField(_("statements"), default=0)

    class Meta:
        verbose_name = _("object day")
        verbose_name_plural = _("object days")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["course_id", "object_type", "object_id", "verb", "day"],
                name="reports_objectday_key",
            )
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["day", "course_id"], name="reports_objectday_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.course_id} {self.verb} {self.object_type}:{self.object_id}"


class CourseActorDay(models.Model):
    """What one person did in one course on one day, by kind of action (FP-3 activity
    dynamics, FP-4 teachers' footprint): the source of distinct learners."""

    day = models.DateField(_("day"))
    course_id = models.BigIntegerField(_("course"))
    actor_id = models.BigIntegerField(_("person"))
    statements = models.PositiveIntegerField(_("statements"), default=0)
    views = models.PositiveIntegerField(_("views"), default=0)
    completions = models.PositiveIntegerField(_("completions"), default=0)
    submissions = models.PositiveIntegerField(_("submissions"), default=0)
    published = models.PositiveIntegerField(_("content published"), default=0)
    feedback = models.PositiveIntegerField(_("feedback given"), default=0)

    class Meta:
        verbose_name = _("course activity of a person on a day")
        verbose_name_plural = _("course activity of people by day")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(
                fields=["course_id", "day", "actor_id"], name="reports_courseactorday_key"
            )
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["actor_id", "day"], name="reports_courseactorday_actor"),
            models.Index(fields=["day", "course_id"], name="reports_courseactorday_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.course_id} {self.actor_id}"


class CourseDay(models.Model):
    """One course on one day: totals of CourseActorDay, recomputed for the days a run
    touched, so that the dynamics chart reads one row a day (FP-3)."""

    day = models.DateField(_("day"))
    course_id = models.BigIntegerField(_("course"))
    active = models.PositiveIntegerField(_("active people"), default=0)
    statements = models.PositiveIntegerField(_("statements"), default=0)
    views = models.PositiveIntegerField(_("views"), default=0)
    completions = models.PositiveIntegerField(_("completions"), default=0)
    submissions = models.PositiveIntegerField(_("submissions"), default=0)

    class Meta:
        verbose_name = _("course day")
        verbose_name_plural = _("course days")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["course_id", "day"], name="reports_courseday_key")
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["day", "course_id"], name="reports_courseday_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.course_id}"


class ActorDay(models.Model):
    """One person on one day: sign-ins with the first and last time, and every statement
    (FP-2, FP-3: platform sign-in logs)."""

    day = models.DateField(_("day"))
    actor_id = models.BigIntegerField(_("person"))
    sign_ins = models.PositiveIntegerField(_("sign-ins"), default=0)
    first_sign_in = models.DateTimeField(_("first sign-in"), null=True, blank=True)
    last_sign_in = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    statements = models.PositiveIntegerField(_("statements"), default=0)

    class Meta:
        verbose_name = _("person day")
        verbose_name_plural = _("person days")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["actor_id", "day"], name="reports_actorday_key")
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["day", "actor_id"], name="reports_actorday_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.actor_id}"


class Watermark(models.Model):
    """How far the rollups have read the statements: every statement stored at or before
    `stored_until` is counted, none after it (one row per rollup, `name` "footprint")."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    stored_until = models.DateTimeField(_("statements stored until"))
    statements = models.BigIntegerField(_("statements folded in"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rollup watermark")
        verbose_name_plural = _("rollup watermarks")

    def __str__(self) -> str:
        return f"{self.name} ≤ {self.stored_until}"
