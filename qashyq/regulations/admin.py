"""Django admin for the catalogue (acts, rules), rule packs, emergency periods and the
lists of disciplines open to distance learning (LIM-6).

The catalogue is data loaded from catalogue/data/*.json; editing a rule here changes it
for every institution (a correction of a date or a wording). Institutions tighten
rules through their pack, not by editing the catalogue; the pack's inline form refuses
parameters that would loosen a rule, as the rule-pack page does.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from qashyq.regulations import engine
from qashyq.regulations.models import (
    DistanceDisciplineList,
    EmergencyPeriod,
    LegalAct,
    Rule,
    RulePack,
    RulePackItem,
)


class RuleInline(admin.TabularInline[Rule, LegalAct]):
    model = Rule
    extra = 0
    fields = ("code", "clause", "requirement", "evaluator", "effective_from", "effective_until")
    show_change_link = True


@admin.register(LegalAct)
class LegalActAdmin(admin.ModelAdmin[LegalAct]):
    list_display = (
        "code",
        "kind",
        "number",
        "signed_on",
        "in_force_from",
        "in_force_until",
        "preset",
    )
    list_filter = ("kind",)
    search_fields = ("code", "number", "title_kk", "title_ru", "title_en")
    inlines = (RuleInline,)


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin[Rule]):
    list_display = (
        "code",
        "requirement",
        "clause",
        "act",
        "evaluator",
        "effective_from",
        "effective_until",
    )
    list_filter = ("act", "evaluator", "requirement")
    search_fields = (
        "code",
        "requirement",
        "clause",
        "title_kk",
        "title_ru",
        "title_en",
        "original_kk",
    )
    raw_id_fields = ("replaces",)
    list_select_related = ("act",)


class RulePackItemForm(forms.ModelForm[RulePackItem]):
    class Meta:
        model = RulePackItem
        fields = ("rule", "parameters", "effective_from")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        rule, parameters = cleaned.get("rule"), cleaned.get("parameters") or {}
        if isinstance(rule, Rule) and isinstance(parameters, dict):
            loosened = engine.loosened_parameters(rule.parameters, parameters)
            if loosened:
                raise forms.ValidationError(
                    _("A rule pack may only tighten a rule, never loosen it: %(parameters)s.")
                    % {"parameters": ", ".join(loosened)}
                )
        return cleaned


class RulePackItemInline(admin.TabularInline[RulePackItem, RulePack]):
    model = RulePackItem
    form = RulePackItemForm
    extra = 0
    fields = ("rule", "parameters", "effective_from")
    raw_id_fields = ("rule",)


@admin.register(RulePack)
class RulePackAdmin(admin.ModelAdmin[RulePack]):
    list_display = ("institution", "preset", "adopted_on", "updated_at")
    inlines = (RulePackItemInline,)
    raw_id_fields = ("updated_by",)


@admin.register(EmergencyPeriod)
class EmergencyPeriodAdmin(admin.ModelAdmin[EmergencyPeriod]):
    list_display = ("institution", "starts_on", "ends_on", "reason", "created_by", "ended_at")
    list_filter = ("institution",)
    date_hierarchy = "starts_on"
    raw_id_fields = ("created_by", "ended_by")


@admin.register(DistanceDisciplineList)
class DistanceDisciplineListAdmin(admin.ModelAdmin[DistanceDisciplineList]):
    """Lists of disciplines open to distance learning (LIM-6). Pages and services are the
    way to draw up and approve a list; the admin corrects a record (an edit here is
    seen by the checks within the cache's TTL, ADR 0014)."""

    list_display = (
        "institution",
        "program",
        "effective_from",
        "effective_until",
        "status",
        "order_number",
        "order_date",
    )
    list_filter = ("status", "institution")
    search_fields = ("order_number", "note", "program__code")
    date_hierarchy = "effective_from"
    raw_id_fields = ("program", "disciplines", "approved_by", "created_by", "updated_by")
    list_select_related = ("institution", "program")
