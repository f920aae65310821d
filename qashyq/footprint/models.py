"""The statement store (FP-1): every recorded action and every statement another platform
sends is one `Statement`, chained by hash in its `Stream`. Append-only: the application
never updates a statement except `voided` (derived from the voiding statements, which are
themselves chained) and never deletes one.

On PostgreSQL `footprint_statement` is partitioned by month on `stored` (migration 0004;
its primary key there is (id, stored), so nothing may hold a database foreign key to a
statement). On SQLite it is a plain table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stream(models.Model):
    """One hash chain: `user:<id>` (a person's own actions), `platform` (actions without a
    person), `client:<id>` (what an LRS client sends). `seq` and `head` are those of the
    last statement appended."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    seq = models.BigIntegerField(_("sequence"), default=0)
    head = models.BinaryField(_("head"), max_length=32)

    class Meta:
        verbose_name = _("footprint stream")
        verbose_name_plural = _("footprint streams")

    def __str__(self) -> str:
        return f"{self.key} #{self.seq}"


class Statement(models.Model):
    """One xAPI statement: Qashyq's own (rendered from the columns, `raw` is None) or a
    received one (`raw` is returned exactly). Column names are the contract other apps and
    the reports read (verb, object_type, object_id, actor, course_id, timestamp, …)."""

    id = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(_("statement id"), db_index=True)
    # No separate indexes on the two foreign keys: (stream, seq) and (actor, timestamp) serve.
    stream = models.ForeignKey(
        Stream, on_delete=models.PROTECT, related_name="statements", db_index=False
    )
    seq = models.BigIntegerField(_("sequence"))
    hash = models.BinaryField(_("hash"), max_length=32)
    stored = models.DateTimeField(_("stored"))
    timestamp = models.DateTimeField(_("timestamp"))
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="footprint_statements",
        db_index=False,
    )
    actor_key = models.CharField(_("actor"), max_length=300)
    verb = models.CharField(_("verb"), max_length=20, blank=True)
    verb_iri = models.CharField(_("verb IRI"), max_length=300)
    object_kind = models.CharField(_("object kind"), max_length=12, default="Activity")
    object_type = models.CharField(_("activity type"), max_length=20, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_iri = models.CharField(_("object IRI"), max_length=500, blank=True)
    object_ref = models.UUIDField(_("statement referred to"), null=True, blank=True)
    object_name = models.CharField(_("object name"), max_length=300, blank=True)
    course_id = models.BigIntegerField(_("course"), null=True, blank=True)
    registration = models.UUIDField(_("registration"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    raw = models.JSONField(_("statement as received"), null=True, blank=True)
    voided = models.BooleanField(_("voided"), default=False)
    voids = models.UUIDField(_("voids"), null=True, blank=True)

    class Meta:
        verbose_name = _("footprint statement")
        verbose_name_plural = _("footprint statements")
        ordering = ["-stored", "-id"]  # noqa: RUF012
        indexes = [  # noqa: RUF012
            # GET /xapi/statements: newest first, and the `more` cursor (stored, id).
            models.Index(fields=["stored", "id"], name="footprint_stored"),
            models.Index(fields=["stream", "seq"], name="footprint_stream_seq"),
            models.Index(fields=["actor_key", "stored"], name="footprint_actor_key"),
            models.Index(fields=["object_iri", "stored"], name="footprint_object_iri"),
            models.Index(fields=["verb_iri", "stored"], name="footprint_verb_iri"),
            # Partial: most statements have none of these, and pay nothing for them.
            models.Index(
                fields=["registration", "stored"],
                name="footprint_registration",
                condition=models.Q(registration__isnull=False),
            ),
            models.Index(
                fields=["object_ref"],
                name="footprint_object_ref",
                condition=models.Q(object_ref__isnull=False),
            ),
            models.Index(
                fields=["voids"], name="footprint_voids", condition=models.Q(voids__isnull=False)
            ),
            # The reports and the apps' own reads (FP-2, FP-3).
            models.Index(fields=["actor", "timestamp"], name="footprint_st_actor_time"),
            models.Index(fields=["course_id", "timestamp"], name="footprint_st_course_time"),
            models.Index(fields=["object_type", "object_id"], name="footprint_st_object"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_key} {self.verb or self.verb_iri} {self.object_iri}"


# The old name: the other apps' tests read `Event.objects.filter(verb=…, object_type=…)`.
Event = Statement


class StatementLink(models.Model):
    """An agent or an activity a received statement names beyond its actor and object
    (authority, instructor, team, context activities, a SubStatement's parts), for the
    `related_agents` / `related_activities` filters. Keyed by the statement's pk, without
    a database foreign key (the statement table is partitioned on PostgreSQL)."""

    class Kind(models.TextChoices):
        AGENT = "agent", _("agent")
        ACTIVITY = "activity", _("activity")

    statement_pk = models.BigIntegerField(_("statement"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=500)

    class Meta:
        verbose_name = _("statement link")
        verbose_name_plural = _("statement links")
        indexes = [  # noqa: RUF012
            models.Index(fields=["kind", "key", "statement_pk"], name="footprint_link_key"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_pk} {self.kind} {self.key}"


class Digest(models.Model):
    """The signed digest of one day (FP-1): for every stream that changed that day, its key,
    last sequence number and head, signed with the institution's Ed25519 key."""

    day = models.DateField(_("day"), unique=True)
    body = models.TextField(_("body"))  # canonical JSON, the signed bytes
    signature = models.BinaryField(_("signature"), max_length=64)
    public_key = models.BinaryField(_("public key"), max_length=32)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("footprint digest")
        verbose_name_plural = _("footprint digests")
        ordering = ["-day"]  # noqa: RUF012

    def __str__(self) -> str:
        return str(self.day)
