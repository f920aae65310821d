"""Writes of regulations: rule packs (apply a preset, choose and tighten rules) and
emergency periods (LIM-9, LIM-13). Each service re-checks who may act (SEC-2): pack
changes need an administrator of the institution, emergency mode an administrator or
the Office Registrar. A pack may only tighten a rule, never loosen it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.cache import invalidates
from qashyq.core.scope import ActorScope
from qashyq.institutions.models import Institution
from qashyq.regulations import engine
from qashyq.regulations.catalogue import catalogue_sync
from qashyq.regulations.errors import (
    EmergencyPeriodInvalid,
    RegulationsChangeForbidden,
    RuleNotFound,
    RulePackInvalid,
    SubjectNotFound,
)
from qashyq.regulations.models import (
    ActKind,
    EmergencyPeriod,
    Evaluator,
    LegalAct,
    Rule,
    RulePack,
    RulePackItem,
)
from qashyq.regulations.permissions import (
    can_manage_emergency,
    can_manage_regulations,
    member_institutions,
)


@invalidates("regulations")
def regulations_sync() -> int:
    """Write the rule catalogue (catalogue/data/*.json) into the database; idempotent."""
    return catalogue_sync(LegalAct, Rule)


def _user(actor: ActorScope) -> User | None:
    return User.objects.filter(pk=actor.user_id).first() if actor.user_id else None


def _require(actor: ActorScope, institution: Institution, *, allowed: bool) -> None:
    """Absent or not a member: 404; a member who may not change: 403."""
    if allowed:
        return
    if actor.is_superuser or institution.pk in member_institutions(actor):
        raise RegulationsChangeForbidden(_("Only an administrator of the institution may do this."))
    raise SubjectNotFound(_("Not found."))


def _pack(institution: Institution, actor: ActorScope, on: dt.date) -> RulePack:
    pack, _created = RulePack.objects.get_or_create(
        institution=institution, defaults={"adopted_on": on}
    )
    pack.updated_by = _user(actor)
    return pack


@invalidates("regulations")
@transaction.atomic
def rule_pack_apply_preset(
    *, actor: ActorScope, institution: Institution, preset: str, on: dt.date | None = None
) -> RulePack:
    """Adopt a preset regulation ("atyrau-066", "shakarim-e042") in one click: its rules
    replace the pack's rules of other regulations; tightened national rules stay."""
    _require(actor, institution, allowed=can_manage_regulations(actor, institution.pk))
    acts = list(LegalAct.objects.filter(preset=preset, institution__isnull=True))
    if not preset or not acts:
        raise RulePackInvalid(_("There is no preset %(preset)s.") % {"preset": preset})
    today = on or timezone.localdate()
    pack = _pack(institution, actor, today)
    pack.items.filter(rule__act__kind=ActKind.INSTITUTIONAL).delete()
    rules = Rule.objects.filter(act__in=acts)
    RulePackItem.objects.bulk_create([RulePackItem(pack=pack, rule=r) for r in rules])
    pack.preset = preset
    pack.adopted_on = today
    pack.save()
    return pack


def _parameters_checked(rule: Rule, parameters: dict[str, Any]) -> dict[str, Any]:
    """Only the parameters that differ from the published rule, and only tightening."""
    changed = {k: v for k, v in parameters.items() if rule.parameters.get(k) != v}
    if rule.evaluator == Evaluator.DECLARATIVE and changed:
        raise RulePackInvalid(
            _("The rule %(rule)s is not checked automatically; it has nothing to tighten.")
            % {"rule": rule.code},
            rule=rule.code,
        )
    loosened = engine.loosened_parameters(rule.parameters, changed)
    if loosened:
        raise RulePackInvalid(
            _(
                "A rule pack may only tighten a rule, never loosen it: %(parameters)s of "
                "%(rule)s would be looser than the published %(published)s."
            )
            % {
                "parameters": ", ".join(loosened),
                "rule": rule.code,
                "published": "; ".join(f"{k} = {rule.parameters.get(k)}" for k in loosened),
            },
            rule=rule.code,
            parameters=loosened,
        )
    return changed


@invalidates("regulations")
@transaction.atomic
def rule_pack_rule_set(
    *,
    actor: ActorScope,
    institution: Institution,
    rule_code: str,
    include: bool = True,
    parameters: dict[str, Any] | None = None,
    effective_from: dt.date | None = None,
) -> RulePack:
    """Build your own pack: add a rule of a regulation, tighten a national rule (e.g. 50 %
    → 40 %, from a date), or take it out again (`include=False`). Loosening raises
    RulePackInvalid with the parameters named."""
    _require(actor, institution, allowed=can_manage_regulations(actor, institution.pk))
    rule = Rule.objects.select_related("act").filter(code=rule_code).first()
    if rule is None or (
        rule.act.institution_id is not None and rule.act.institution_id != institution.pk
    ):
        raise RuleNotFound(_("There is no rule %(code)s.") % {"code": rule_code})
    pack = _pack(institution, actor, timezone.localdate())
    item = pack.items.filter(rule=rule).first()
    if not include:
        if item is not None:
            item.delete()
        pack.save()
        return pack
    changed = _parameters_checked(rule, parameters or {})
    national = rule.act.kind != ActKind.INSTITUTIONAL
    if national and not changed:
        # A national rule binds anyway: an item without tightening means nothing.
        if item is not None:
            item.delete()
        pack.save()
        return pack
    if item is None:
        item = RulePackItem(pack=pack, rule=rule)
    item.parameters = changed
    item.effective_from = effective_from
    item.save()
    pack.save()
    return pack


@invalidates("regulations")
@transaction.atomic
def rule_pack_clear(*, actor: ActorScope, institution: Institution) -> None:
    """Back to the national rules only."""
    _require(actor, institution, allowed=can_manage_regulations(actor, institution.pk))
    RulePack.objects.filter(institution=institution).delete()


@invalidates("regulations")
@transaction.atomic
def emergency_period_start(
    *,
    actor: ActorScope,
    institution: Institution,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
) -> EmergencyPeriod:
    """Switch emergency mode on for a date range (LIM-9, LIM-13): credit limits of
    mobility, double-degree and joint programs are lifted while it lasts."""
    _require(actor, institution, allowed=can_manage_emergency(actor, institution.pk))
    reason = reason.strip()
    if not reason:
        raise EmergencyPeriodInvalid(
            _("Give the reason (e.g. the authority's decision)."), field="reason"
        )
    if ends_on < starts_on:
        raise EmergencyPeriodInvalid(_("The period ends before it starts."), field="ends_on")
    overlap = (
        EmergencyPeriod.objects.select_for_update()
        .filter(institution=institution, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .first()
    )
    if overlap is not None:
        raise EmergencyPeriodInvalid(
            _("An emergency period %(starts)s–%(ends)s already covers these dates.")
            % {"starts": engine.day(overlap.starts_on), "ends": engine.day(overlap.ends_on)},
            field="starts_on",
        )
    return EmergencyPeriod.objects.create(
        institution=institution,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        created_by=_user(actor),
    )


@invalidates("regulations")
@transaction.atomic
def emergency_period_end(
    *, actor: ActorScope, period: EmergencyPeriod, on: dt.date | None = None
) -> EmergencyPeriod | None:
    """End emergency mode early: the period's last day becomes `on` (default today). A
    period that has not started yet is cancelled (deleted): returns None then."""
    _require(actor, period.institution, allowed=can_manage_emergency(actor, period.institution_id))
    last_day = on or timezone.localdate()
    if last_day < period.starts_on:
        period.delete()
        return None
    period.ends_on = min(period.ends_on, last_day)
    period.ended_by = _user(actor)
    period.ended_at = timezone.now()
    period.save(update_fields=["ends_on", "ended_by", "ended_at", "updated_at"])
    return period
