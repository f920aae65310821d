"""Regulations pages: the rule browser (every rule with its clause, dates, parameters,
texts in kk/ru/en and the original Kazakh wording), a rule's page, the institution's
rule pack (administrators: apply a preset, choose and tighten rules) and emergency
mode (administrators and the Office Registrar). Thin views over selectors and
services; what the actor may not manage answers 404.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qashyq.core.errors import DomainError, NotFound
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.institutions.models import Institution
from qashyq.regulations import selectors, services
from qashyq.regulations.data import RuleView
from qashyq.regulations.errors import EmergencyPeriodInvalid, RulePackInvalid
from qashyq.regulations.forms import EmergencyPeriodForm, RuleFilterForm
from qashyq.regulations.models import ActKind, Evaluator, LegalAct, Rule
from qashyq.regulations.permissions import can_manage_emergency, can_manage_regulations


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _institution(request: HttpRequest, candidates: list[Institution]) -> Institution:
    """`?institution=` among the candidates, else the first; none → 404."""
    wanted = request.POST.get("institution") or request.GET.get("institution") or ""
    if wanted:
        found = next((i for i in candidates if str(i.pk) == wanted), None)
        if found is None:
            raise Http404
        return found
    if not candidates:
        raise Http404
    return candidates[0]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- the rule browser


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    """Every rule, grouped by act; filters: act, requirement, date, institution (pack)."""
    actor = _actor(request)
    acts = list(selectors.act_list())
    institutions = selectors.institutions_for(actor=actor)
    form = RuleFilterForm(
        request.GET or None,
        acts=[(a.code, f"{a.number} · {a.title}") for a in acts],
        requirements=selectors.requirement_ids(),
        institutions=[(str(i.pk), i.name) for i in institutions],
    )
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    institution = next((i for i in institutions if str(i.pk) == filters.get("institution")), None)
    rules = selectors.rule_list(
        as_of=filters.get("as_of"),
        institution=institution,
        requirement=filters.get("requirement") or "",
        act_code=filters.get("act") or "",
    )
    by_act: OrderedDict[str, list[RuleView]] = OrderedDict()
    for rule in rules:
        by_act.setdefault(rule.act_code, []).append(rule)
    act_by_code = {a.code: a for a in acts}
    groups = [(act_by_code[code], items) for code, items in by_act.items()]
    return render(
        request,
        "regulations/rule_list.html",
        {
            "form": form,
            "groups": groups,
            "count": len(rules),
            "as_of": filters.get("as_of"),
            "institution": institution,
        },
    )


@login_required
def rule_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One rule: act, clause, dates, parameters, texts, the original Kazakh wording."""
    actor = _actor(request)
    institutions = selectors.institutions_for(actor=actor)
    wanted = request.GET.get("institution", "")
    institution = next((i for i in institutions if str(i.pk) == wanted), None)
    as_of = _date(request.GET.get("as_of"))
    rule = found_or_404(lambda: selectors.rule_get(code=code, as_of=as_of, institution=institution))
    act = LegalAct.objects.get(code=rule.act_code)
    return render(
        request,
        "regulations/rule_detail.html",
        {
            "rule": rule,
            "act": act,
            "as_of": as_of,
            "institution": institution,
            "replaced_by": selectors.rule_replaced_by(code=rule.code),
        },
    )


# ---------------------------------------------------------------- the rule pack


def _editable(rule: Rule) -> list[tuple[str, Any]]:
    """Parameters a pack may change on the page: numbers and lists of codes."""
    if rule.evaluator == Evaluator.DECLARATIVE:
        return []
    out = []
    for name, value in rule.parameters.items():
        if name == "direction_groups":
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            out.append((name, value))
    return out


def _parse(published: Any, raw: str) -> Any:  # noqa: ANN401
    raw = raw.strip()
    if isinstance(published, list):
        return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        return raw
    return int(number) if number == int(number) else number


def _pack_rows(institution: Institution) -> list[dict[str, Any]]:
    pack = selectors.pack_of(institution=institution)
    items = {i.rule_id: i for i in pack.items.all()} if pack else {}
    rows = []
    rules = Rule.objects.select_related("act").order_by(
        "act__kind", "act__in_force_from", "act__code", "position"
    )
    for rule in rules:
        act = rule.act
        if act.kind == ActKind.HISTORICAL:
            continue
        if act.institution_id is not None and act.institution_id != institution.pk:
            continue
        editable = _editable(rule)
        institutional = act.kind == ActKind.INSTITUTIONAL
        if not institutional and not editable:
            continue
        ends_on = rule.ends_on()
        if not institutional and ends_on is not None and ends_on < timezone.localdate():
            continue  # a superseded national wording: nothing left to tighten
        item = items.get(rule.pk)
        current = {**rule.parameters, **(item.parameters if item else {})}
        rows.append(
            {
                "rule": rule,
                "item": item,
                "institutional": institutional,
                "params": [(name, value, current.get(name)) for name, value in editable],
            }
        )
    return rows


@login_required
def rule_pack(request: HttpRequest) -> HttpResponse:
    """The institution's rule pack: apply a preset in one click, or build your own by
    choosing rules and tightening parameters (a pack never loosens a rule)."""
    actor = _actor(request)
    institution = _institution(request, selectors.institutions_for(actor=actor, manage=True))
    if not can_manage_regulations(actor, institution.pk):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "preset":
                services.rule_pack_apply_preset(
                    actor=actor,
                    institution=institution,
                    preset=request.POST.get("preset", ""),
                    on=_date(request.POST.get("adopted_on")),
                )
                messages.success(request, _("The preset is applied."))
            elif action == "clear":
                services.rule_pack_clear(actor=actor, institution=institution)
                messages.success(request, _("The institution follows the national rules only."))
            elif action == "rule":
                code = request.POST.get("rule", "")
                rule = Rule.objects.filter(code=code).first()
                if rule is None:
                    raise Http404
                parameters = {
                    name: _parse(value, request.POST.get(f"p_{name}", ""))
                    for name, value in _editable(rule)
                    if request.POST.get(f"p_{name}", "").strip() != ""
                }
                services.rule_pack_rule_set(
                    actor=actor,
                    institution=institution,
                    rule_code=code,
                    include=request.POST.get("include") == "on",
                    parameters=parameters,
                    effective_from=_date(request.POST.get("effective_from")),
                )
                messages.success(request, _("Saved."))
            else:
                raise Http404
        except RulePackInvalid as error:
            messages.error(request, error.message)
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(f"{reverse('regulations:rule_pack')}?institution={institution.pk}")
    pack = selectors.pack_of(institution=institution)
    return render(
        request,
        "regulations/rule_pack.html",
        {
            "institution": institution,
            "institutions": selectors.institutions_for(actor=actor, manage=True),
            "pack": pack,
            "presets": selectors.presets(),
            "rows": _pack_rows(institution),
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- emergency mode


def _emergency_institutions(actor: ActorScope) -> list[Institution]:
    return [i for i in selectors.institutions_for(actor=actor) if can_manage_emergency(actor, i.pk)]


@login_required
def emergency(request: HttpRequest) -> HttpResponse:
    """Emergency mode (LIM-9, LIM-13): switch it on for a date range, list, end early."""
    actor = _actor(request)
    institution = _institution(request, _emergency_institutions(actor))
    form = EmergencyPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_period_start(
                actor=actor,
                institution=institution,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                reason=form.cleaned_data["reason"],
            )
        except EmergencyPeriodInvalid as error:
            field = error.extra.get("field")
            form.add_error(
                field if isinstance(field, str) and field in form.fields else None, error.message
            )
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, _("Emergency mode is on for these dates."))
            return redirect(f"{reverse('regulations:emergency')}?institution={institution.pk}")
    today = timezone.localdate()
    periods = selectors.emergency_period_list_for(actor=actor, institution=institution)
    return render(
        request,
        "regulations/emergency.html",
        {
            "form": form,
            "institution": institution,
            "institutions": _emergency_institutions(actor),
            "periods": periods,
            "today": today,
            "active": selectors.emergency_active(institution=institution, on=today),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def emergency_end(request: HttpRequest, period_id: int) -> HttpResponse:
    actor = _actor(request)
    period = found_or_404(
        lambda: selectors.emergency_period_get_for(actor=actor, period_id=period_id)
    )
    if not can_manage_emergency(actor, period.institution_id):
        raise Http404
    try:
        services.emergency_period_end(actor=actor, period=period)
    except EmergencyPeriodInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Emergency mode is ended."))
    return redirect(f"{reverse('regulations:emergency')}?institution={period.institution_id}")
