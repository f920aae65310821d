"""Regulations as data (ADR 0015): legal acts in their wordings, the rules they contain,
each institution's rule pack, and emergency periods.

A rule is data: its act and clause, the requirement id it implements (REQUIREMENTS.md),
its own effective dates, the evaluator that checks it (`engine/`), the parameters of
that evaluator (20 %, 60 credits, a list of direction codes) and its text in kk/ru/en
with the Kazakh original. The catalogue is loaded by a data migration from
`regulations/catalogue/*.json`.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from qashyq.core.models import TimeStampedModel, localized


class Ground(models.TextChoices):
    """Grounds for studying by distance learning (ELIG-1 … ELIG-4)."""

    SPECIAL_NEEDS = "special_needs", _("special educational needs, disability")
    TEMPORARY_HEALTH = "temporary_health", _("temporarily limited health (medical commission)")
    CONVICT = "convict", _("serving a sentence in a penal institution")
    WORKING_TVET = "working_tvet", _("working adult in technical and vocational education")
    SHORTENED_OR_MBA = "shortened_or_mba", _("shortened program, MBA, EMBA or DBA")
    BLENDED = "blended", _("blended higher or postgraduate program")
    EXCHANGE_ABROAD = "exchange_abroad", _("exchange program abroad")
    BUSINESS_TRIP = "business_trip", _("long business trip abroad (over 2 months)")
    ACADEMIC_MOBILITY = "academic_mobility", _("academic mobility")
    FOREIGNER_ABROAD = "foreigner_abroad", _("foreigner staying abroad")
    RESTRICTIVE_MEASURES = "restrictive_measures", _("restrictive measures (quarantine, emergency)")
    COMPETITION = "competition", _("training camp, competition, contest or festival")
    DISABLED_CHILD_PMPK = (
        "disabled_child_pmpk",
        _("child with disabilities (psychological-medical-pedagogical consultation)"),
    )


class EvidenceKind(models.TextChoices):
    """Kinds of evidence attached to an application (ELIG-3, ELIG-4, ELIG-6)."""

    MEDICAL_CONCLUSION = (
        "medical_conclusion",
        _("medical advisory commission conclusion (form ҚР ДСМ-175/2020)"),
    )
    DISABILITY_CERTIFICATE = "disability_certificate", _("disability certificate")
    PMPK_RECOMMENDATION = (
        "pmpk_recommendation",
        _("recommendation of a psychological-medical-pedagogical consultation"),
    )
    INVITATION = "invitation", _("invitation to a competition, camp or festival")
    EMPLOYMENT = "employment", _("employer's letter or business-trip order")
    MOBILITY_AGREEMENT = "mobility_agreement", _("academic mobility or exchange agreement")
    AUTHORITY_RECOMMENDATION = (
        "authority_recommendation",
        _("recommendation of the authorized body (quarantine, emergency)"),
    )
    OTHER = "other", _("other document")


class ActKind(models.TextChoices):
    NATIONAL = "national", _("national act")
    INSTITUTIONAL = "institutional", _("institution's regulation")
    HISTORICAL = "historical", _("repealed act (historical)")


class Evaluator(models.TextChoices):
    """How the engine checks a rule (one pure function each, `engine.EVALUATORS`)."""

    DISCIPLINE_SHARE = "discipline_share", _("share of disciplines at a distance")
    NO_DISTANCE = "no_distance", _("no distance learning for these directions")
    DISCIPLINE_DISTANCE_SHARE = (
        "discipline_distance_share",
        _("share of one discipline's volume at a distance"),
    )
    CREDIT_SHARE = "credit_share", _("share of credits")
    CREDIT_CAP = "credit_cap", _("credits at a distance, in credits")
    EMERGENCY_RELIEF = "emergency_relief", _("emergency: larger volume allowed")
    EMERGENCY_PRACTICE = "emergency_practice", _("emergency: practice and labs move later")
    PRIOR_EDUCATION = "prior_education", _("not on the basis of general secondary education")
    GROUNDS = "grounds", _("grounds for distance learning")
    GROUND_EVIDENCE = "ground_evidence", _("evidence and period of a ground")
    APPLICATION = "application", _("application to the head of the organization")
    ONLINE_FORM_DIRECTIONS = "online_form_directions", _("online form not allowed for directions")
    SYNCHRONOUS_SHARE = "synchronous_share", _("synchronous share of a discipline")
    MOOC_CREDITS = "mooc_credits", _("credits mastered through MOOCs")
    TEACHER_TRAINING = "teacher_training", _("teacher's training hours")
    TRANSFER_IN_VACATIONS = "transfer_in_vacations", _("transfers between forms in vacations")
    STAFF_RATIO = "staff_ratio", _("students per teacher")
    DISCIPLINE_LIST = "discipline_list", _("disciplines on the approved list")
    CONTENT_READINESS = (
        "content_readiness",
        _("content ready before the period, with a readiness act"),
    )
    DECLARATIVE = "declarative", _("not checked automatically")


class LegalAct(TimeStampedModel):
    """A legal act in one wording: a national order, an institution's regulation, or a
    repealed act kept for history. A wording that replaces another is its own act
    (e.g. Order 137 in the wording of 28.08.2020, and in the wording of 06.10.2022)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ActKind.choices)
    number = models.CharField(_("number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    in_force_from = models.DateField(_("in force from"))
    in_force_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The last day the act was in force; empty while it is in force."),
    )
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    note_en = models.TextField(
        _("how the dates were read"),
        blank=True,
        help_text=_("Where the in-force dates come from, and what was assumed."),
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_acts",
        verbose_name=_("institution"),
        help_text=_("Set for an institution's own regulation; empty for national acts."),
    )
    preset = models.SlugField(
        _("preset"),
        max_length=40,
        blank=True,
        help_text=_("The rule-pack preset built from this regulation, if any."),
    )

    class Meta:
        verbose_name = _("legal act")
        verbose_name_plural = _("legal acts")
        ordering = ["kind", "in_force_from", "code"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(kk=self.title_kk, ru=self.title_ru, en=self.title_en)

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )


class Rule(TimeStampedModel):
    """One checkable (or declarative) requirement of an act, at a clause."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    act = models.ForeignKey("regulations.LegalAct", on_delete=models.PROTECT, related_name="rules")
    clause = models.CharField(_("clause"), max_length=40)
    requirement = models.CharField(_("requirement id"), max_length=12, db_index=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    effective_from = models.DateField(
        _("effective from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the act's date."),
    )
    effective_until = models.DateField(
        _("effective until"),
        null=True,
        blank=True,
        help_text=_("The last day; empty: while the act is in force."),
    )
    evaluator = models.CharField(_("evaluator"), max_length=32, choices=Evaluator.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    scope = models.JSONField(
        _("scope"),
        default=dict,
        blank=True,
        help_text=_('Which subjects the rule covers, e.g. {"levels": ["bachelor", "master"]}.'),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces the rule"),
    )
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    original_kk = models.TextField(_("original wording (Kazakh)"), blank=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["act", "position", "code"]  # noqa: RUF012

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localized(kk=self.title_kk, ru=self.title_ru, en=self.title_en)

    @property
    def text(self) -> str:
        return localized(kk=self.text_kk, ru=self.text_ru, en=self.text_en)

    def starts_on(self) -> dt.date:
        return self.effective_from or self.act.in_force_from

    def ends_on(self) -> dt.date | None:
        until = [d for d in (self.effective_until, self.act.in_force_until) if d is not None]
        return min(until) if until else None


class RulePack(TimeStampedModel):
    """An institution's own rules: rules it adopted (from a preset or chosen one by one)
    and national rules it tightened. An institution without a pack follows the national
    rules only."""

    institution = models.OneToOneField(
        "institutions.Institution", on_delete=models.CASCADE, related_name="rule_pack"
    )
    preset = models.SlugField(_("preset"), max_length=40, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rule pack")
        verbose_name_plural = _("rule packs")

    def __str__(self) -> str:
        return str(self.institution)


class RulePackItem(models.Model):
    """One rule of a pack, with parameters that may only tighten the published ones."""

    pack = models.ForeignKey("regulations.RulePack", on_delete=models.CASCADE, related_name="items")
    rule = models.ForeignKey("regulations.Rule", on_delete=models.PROTECT, related_name="+")
    parameters = models.JSONField(
        _("tightened parameters"),
        default=dict,
        blank=True,
        help_text=_("Only the parameters that differ from the published rule."),
    )
    effective_from = models.DateField(
        _("tightened from"),
        null=True,
        blank=True,
        help_text=_("Empty: the tightened parameters apply from the rule's own date."),
    )

    class Meta:
        verbose_name = _("rule of a pack")
        verbose_name_plural = _("rules of a pack")
        ordering = ["pack", "rule__act", "rule__position"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["pack", "rule"], name="rule_pack_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pack} · {self.rule.code}"


class EmergencyPeriod(TimeStampedModel):
    """Restrictive measures or an emergency at an institution (LIM-9, LIM-13): while it
    lasts, credit limits of mobility, double-degree and joint programs are lifted, and
    practice and labs that cannot be done online move to later periods."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="emergency_periods"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("emergency period")
        verbose_name_plural = _("emergency periods")
        ordering = ["institution", "-starts_on"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="emergency_period_order",
            )
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["institution", "starts_on", "ends_on"], name="reg_emergency_dates")
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.starts_on}–{self.ends_on}"


class DistanceListStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved by the rector's order")


class DistanceDisciplineList(TimeStampedModel):
    """The list of disciplines open to distance learning (LIM-6; S2 §5.4.3, S3 §7.7):
    set by the university and approved by the rector's order.

    A list covers the whole institution (`program` empty) or one program, from
    `effective_from` to `effective_until` (the last day; empty: until replaced). While
    a draft, the registrar and administrators edit it; the rector's office approves it
    with the order's number and date, after which it no longer changes. On a date, the
    list in force for a student is the newest approved list of their program in force
    then, else the newest approved list of the whole institution (see
    `selectors.distance_list_in_force`).
    """

    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.CASCADE,
        related_name="distance_discipline_lists",
        verbose_name=_("institution"),
    )
    program = models.ForeignKey(
        "institutions.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="distance_discipline_lists",
        verbose_name=_("education program"),
        help_text=_("Empty: the list covers the whole institution."),
    )
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The last day; empty: until a newer list replaces it."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DistanceListStatus.choices,
        default=DistanceListStatus.DRAFT,
    )
    order_number = models.CharField(_("order number"), max_length=60, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    disciplines = models.ManyToManyField(
        "institutions.Discipline",
        related_name="distance_discipline_lists",
        blank=True,
        verbose_name=_("disciplines"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("list of disciplines open to distance learning")
        verbose_name_plural = _("lists of disciplines open to distance learning")
        ordering = ["institution", "-effective_from", "-pk"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="distance_list_period_order",
            )
        ]
        indexes = [  # noqa: RUF012
            models.Index(
                fields=["institution", "status", "effective_from"], name="reg_distance_list_force"
            )
        ]

    def __str__(self) -> str:
        if self.order_number:
            return f"{self.institution} · № {self.order_number}"
        return f"{self.institution} · {self.effective_from:%d.%m.%Y}"

    @property
    def is_approved(self) -> bool:
        return self.status == DistanceListStatus.APPROVED

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.is_approved
            and self.effective_from <= day
            and (self.effective_until is None or day <= self.effective_until)
        )


from qashyq.regulations.models_compliance import ComplianceRow, ComplianceRun  # noqa: E402, F401
