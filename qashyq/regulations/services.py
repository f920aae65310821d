"""Writes of regulations: rule packs (apply a preset, choose and tighten rules),
emergency periods (LIM-9, LIM-13) and the lists of disciplines open to distance
learning (LIM-6). Each service re-checks who may act (SEC-2): pack changes need an
administrator of the institution, emergency mode an administrator or the Office
Registrar; a list is drawn up by the Office Registrar or an administrator and approved
by the rector's office. A pack may only tighten a rule, never loosen it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.cache import invalidates
from qashyq.core.scope import ActorScope
from qashyq.institutions.models import Discipline, Institution, Program
from qashyq.regulations import engine
from qashyq.regulations.catalogue import catalogue_sync
from qashyq.regulations.errors import (
    DistanceListApproved,
    DistanceListInvalid,
    EmergencyPeriodInvalid,
    RegulationsChangeForbidden,
    RuleNotFound,
    RulePackInvalid,
    SubjectNotFound,
)
from qashyq.regulations.models import (
    ActKind,
    DistanceDisciplineList,
    DistanceListStatus,
    EmergencyPeriod,
    Evaluator,
    LegalAct,
    Rule,
    RulePack,
    RulePackItem,
)
from qashyq.regulations.permissions import (
    can_approve_distance_lists,
    can_edit_distance_lists,
    can_manage_emergency,
    can_manage_regulations,
    can_view_distance_lists,
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


# ---------------------------------------------------------------- lists open to distance (LIM-6)


def _require_list(
    actor: ActorScope, institution: Institution, *, allowed: bool, message: str
) -> None:
    """Not a reader of the institution's lists: 404; a reader who may not do this: 403."""
    if allowed:
        return
    if actor.is_superuser or can_view_distance_lists(actor, institution.pk):
        raise RegulationsChangeForbidden(message)
    raise SubjectNotFound(_("Not found."))


def _require_draft(distance_list: DistanceDisciplineList) -> None:
    if distance_list.status != DistanceListStatus.DRAFT:
        raise DistanceListApproved(
            _(
                "The list is approved by order No. %(number)s and no longer changes; draw up "
                "a new list to replace it."
            )
            % {"number": distance_list.order_number}
        )


def _checked_period(starts: dt.date, ends: dt.date | None) -> None:
    if ends is not None and ends < starts:
        raise DistanceListInvalid(
            _("The list's period ends before it starts."), field="effective_until"
        )


def _checked_program(institution: Institution, program: Program | None) -> Program | None:
    if program is not None and program.institution_id != institution.pk:
        raise DistanceListInvalid(_("The program belongs to another institution."), field="program")
    return program


def _checked_disciplines(institution: Institution, discipline_ids: Iterable[int]) -> set[int]:
    wanted = {int(i) for i in discipline_ids}
    if not wanted:
        return wanted
    found = set(
        Discipline.objects.filter(
            pk__in=sorted(wanted), department__faculty__institution=institution
        ).values_list("pk", flat=True)
    )
    if stray := wanted - found:
        raise DistanceListInvalid(
            _("These disciplines are not disciplines of the institution: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in sorted(stray))},
            field="disciplines",
            ids=sorted(stray),
        )
    return wanted


def _can_edit_message() -> str:
    return _("Only the Office Registrar or an administrator of the institution may do this.")


@transaction.atomic
def distance_list_create(
    *,
    actor: ActorScope,
    institution: Institution,
    effective_from: dt.date,
    effective_until: dt.date | None = None,
    program: Program | None = None,
    note: str = "",
    discipline_ids: Iterable[int] = (),
) -> DistanceDisciplineList:
    """Draw up a draft list of disciplines open to distance learning (LIM-6) for the
    whole institution (`program` None) or one program; the rector's office approves it
    later (`distance_list_approve`). A draft binds nobody yet."""
    _require_list(
        actor,
        institution,
        allowed=can_edit_distance_lists(actor, institution.pk),
        message=_can_edit_message(),
    )
    _checked_period(effective_from, effective_until)
    program = _checked_program(institution, program)
    ids = _checked_disciplines(institution, discipline_ids)
    user = _user(actor)
    distance_list = DistanceDisciplineList.objects.create(
        institution=institution,
        program=program,
        effective_from=effective_from,
        effective_until=effective_until,
        note=note.strip(),
        created_by=user,
        updated_by=user,
    )
    distance_list.disciplines.set(sorted(ids))
    return distance_list


def _locked(actor: ActorScope, distance_list: DistanceDisciplineList) -> DistanceDisciplineList:
    _require_list(
        actor,
        distance_list.institution,
        allowed=can_edit_distance_lists(actor, distance_list.institution_id),
        message=_can_edit_message(),
    )
    locked = (
        DistanceDisciplineList.objects.select_for_update()
        .select_related("institution")
        .get(pk=distance_list.pk)
    )
    _require_draft(locked)
    return locked


@transaction.atomic
def distance_list_update(
    *,
    actor: ActorScope,
    distance_list: DistanceDisciplineList,
    effective_from: dt.date,
    effective_until: dt.date | None,
    program: Program | None,
    note: str,
) -> DistanceDisciplineList:
    """Change a draft's scope, period and note (LIM-6); an approved list refuses."""
    locked = _locked(actor, distance_list)
    _checked_period(effective_from, effective_until)
    locked.program = _checked_program(locked.institution, program)
    locked.effective_from = effective_from
    locked.effective_until = effective_until
    locked.note = note.strip()
    locked.updated_by = _user(actor)
    locked.save()
    return locked


@transaction.atomic
def distance_list_disciplines_change(
    *,
    actor: ActorScope,
    distance_list: DistanceDisciplineList,
    add: Iterable[int] = (),
    remove: Iterable[int] = (),
) -> DistanceDisciplineList:
    """Put disciplines of the institution on a draft list and take others off (LIM-6)."""
    locked = _locked(actor, distance_list)
    added = _checked_disciplines(locked.institution, add)
    removed = {int(i) for i in remove}
    if added - removed:
        locked.disciplines.add(*sorted(added - removed))
    if removed:
        locked.disciplines.remove(*sorted(removed))
    locked.updated_by = _user(actor)
    locked.save(update_fields=["updated_by", "updated_at"])
    return locked


@transaction.atomic
def distance_list_delete(*, actor: ActorScope, distance_list: DistanceDisciplineList) -> None:
    """Delete a draft list; an approved list stays on record."""
    _locked(actor, distance_list).delete()


@invalidates("regulations")
@transaction.atomic
def distance_list_approve(
    *,
    actor: ActorScope,
    distance_list: DistanceDisciplineList,
    order_number: str,
    order_date: dt.date | None,
) -> DistanceDisciplineList:
    """Approve a draft list by the rector's order (LIM-6; S2 §5.4.3, S3 §7.7): from its
    `effective_from` it binds the program (or the whole institution), replacing older
    lists of the same scope, and the LIM-6 rule checks plans and applications against
    it. The rector's office only; the list no longer changes afterwards."""
    _require_list(
        actor,
        distance_list.institution,
        allowed=can_approve_distance_lists(actor, distance_list.institution_id),
        message=_("Only the rector's office approves the list."),
    )
    locked = DistanceDisciplineList.objects.select_for_update().get(pk=distance_list.pk)
    _require_draft(locked)
    number = order_number.strip()
    if not number:
        raise DistanceListInvalid(_("Give the number of the rector's order."), field="order_number")
    if order_date is None:
        raise DistanceListInvalid(_("Give the date of the rector's order."), field="order_date")
    if not locked.disciplines.exists():
        raise DistanceListInvalid(
            _("The list has no disciplines yet; add them before approval."), field="disciplines"
        )
    locked.status = DistanceListStatus.APPROVED
    locked.order_number = number
    locked.order_date = order_date
    locked.approved_by = _user(actor)
    locked.approved_at = timezone.now()
    locked.save()
    return locked
