"""Pages of the lists of disciplines open to distance learning (LIM-6; S2 §5.4.3,
S3 §7.7): the lists of an institution, a new draft, and a list's page where the Office
Registrar or an administrator edits a draft (scope, period, disciplines found by code
or name with a plain GET search, so it works without JavaScript) and the rector's
office approves it with the order's number and date. Readers without a role at the
institution get 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.core.errors import DomainError, NotFound
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.institutions.models import Institution, Program
from qashyq.regulations import selectors, services
from qashyq.regulations.forms import (
    DisciplineSearchForm,
    DistanceListApproveForm,
    DistanceListForm,
)
from qashyq.regulations.models import DistanceDisciplineList, DistanceListStatus
from qashyq.regulations.permissions import (
    can_approve_distance_lists,
    can_edit_distance_lists,
    can_view_distance_lists,
)

CANDIDATES_SHOWN = 100  # disciplines found, shown at once; "add all found" takes every one


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _institutions(actor: ActorScope) -> list[Institution]:
    return [
        i for i in selectors.institutions_for(actor=actor) if can_view_distance_lists(actor, i.pk)
    ]


def _institution(request: HttpRequest, candidates: list[Institution]) -> Institution:
    wanted = request.POST.get("institution") or request.GET.get("institution") or ""
    if wanted:
        found = next((i for i in candidates if str(i.pk) == wanted), None)
        if found is None:
            raise Http404
        return found
    if not candidates:
        raise Http404
    return candidates[0]


def _program_choices(institution: Institution) -> list[tuple[str, str]]:
    return [
        (str(p.pk), f"{p.code} {p.name}")
        for p in selectors.distance_list_programs(institution=institution)
    ]


def _program(institution: Institution, value: object) -> Program | None:
    text = str(value or "")
    if not text.isdigit():
        return None
    program = selectors.distance_list_programs(institution=institution).filter(pk=int(text)).first()
    if program is None:
        raise Http404
    return program


def _field_error(form: Form, error: DomainError) -> None:
    field = error.extra.get("field")
    form.add_error(
        field if isinstance(field, str) and field in form.fields else None, error.message
    )


@login_required
def distance_lists(request: HttpRequest) -> HttpResponse:
    """The institution's lists, newest first, the one in force today marked; the Office
    Registrar and administrators draw up a new draft here."""
    actor = _actor(request)
    institutions = _institutions(actor)
    institution = _institution(request, institutions)
    editor = can_edit_distance_lists(actor, institution.pk)
    form = DistanceListForm(request.POST or None, programs=_program_choices(institution))
    if request.method == "POST":
        if not editor:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.distance_list_create(
                    actor=actor,
                    institution=institution,
                    program=_program(institution, data.get("program")),
                    effective_from=data["effective_from"],
                    effective_until=data.get("effective_until"),
                    note=data.get("note") or "",
                )
            except NotFound:
                raise Http404 from None
            except DomainError as error:
                _field_error(form, error)
            else:
                messages.success(request, _("The draft list is created: add its disciplines."))
                return redirect("regulations:distance_list", list_id=created.pk)
    today = timezone.localdate()
    return render(
        request,
        "regulations/distance_lists.html",
        {
            "institution": institution,
            "institutions": institutions,
            "lists": selectors.distance_list_list_for(actor=actor, institution=institution),
            "in_force": selectors.distance_list_ids_in_force(institution=institution, on=today),
            "form": form if editor else None,
            "today": today,
        },
        status=422 if request.method == "POST" else 200,
    )


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


def _back(distance_list: DistanceDisciplineList, request: HttpRequest) -> HttpResponse:
    """To the list's page, keeping the discipline search the form was sent from."""
    query = {k: request.POST[k] for k in ("q", "department") if request.POST.get(k)}
    url = reverse("regulations:distance_list", kwargs={"list_id": distance_list.pk})
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def _department_id(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _post(  # noqa: PLR0911 - one branch per action of the page
    request: HttpRequest,
    actor: ActorScope,
    distance_list: DistanceDisciplineList,
    edit_form: DistanceListForm,
    approve_form: DistanceListApproveForm,
) -> HttpResponse | None:
    """Run the page's action; None: re-render with the form's errors."""
    action = request.POST.get("action", "")
    institution = distance_list.institution
    if action == "approve":
        if not approve_form.is_valid():
            return None
        try:
            services.distance_list_approve(
                actor=actor,
                distance_list=distance_list,
                order_number=approve_form.cleaned_data["order_number"],
                order_date=approve_form.cleaned_data["order_date"],
            )
        except DomainError as error:
            _field_error(approve_form, error)
            return None
        messages.success(request, _("The list is approved by the rector's order."))
        return _back(distance_list, request)
    if action == "update":
        if not edit_form.is_valid():
            return None
        data = edit_form.cleaned_data
        try:
            services.distance_list_update(
                actor=actor,
                distance_list=distance_list,
                program=_program(institution, data.get("program")),
                effective_from=data["effective_from"],
                effective_until=data.get("effective_until"),
                note=data.get("note") or "",
            )
        except DomainError as error:
            _field_error(edit_form, error)
            return None
        messages.success(request, _("Saved."))
        return _back(distance_list, request)
    if action == "delete":
        services.distance_list_delete(actor=actor, distance_list=distance_list)
        messages.success(request, _("The draft list is deleted."))
        return redirect(f"{reverse('regulations:distance_lists')}?institution={institution.pk}")
    if action in {"add", "add_all", "remove"}:
        if action == "add_all":
            add = list(
                selectors.distance_list_candidates(
                    distance_list=distance_list,
                    search=request.POST.get("q", ""),
                    department_id=_department_id(request.POST.get("department")),
                ).values_list("pk", flat=True)
            )
        else:
            add = _ids(request, "add")
        services.distance_list_disciplines_change(
            actor=actor, distance_list=distance_list, add=add, remove=_ids(request, "remove")
        )
        messages.success(request, _("The list's disciplines are saved."))
        return _back(distance_list, request)
    raise Http404


@login_required
def distance_list(request: HttpRequest, list_id: int) -> HttpResponse:
    """One list: its scope, period, order and disciplines. A draft is edited here by
    the Office Registrar or an administrator and approved by the rector's office."""
    actor = _actor(request)
    found: DistanceDisciplineList = found_or_404(
        lambda: selectors.distance_list_get_for(actor=actor, list_id=list_id)
    )
    institution = found.institution
    draft = found.status == DistanceListStatus.DRAFT
    editor = draft and can_edit_distance_lists(actor, institution.pk)
    approver = draft and can_approve_distance_lists(actor, institution.pk)
    posting = request.method == "POST"
    action = request.POST.get("action", "") if posting else ""
    edit_form = DistanceListForm(
        request.POST if action == "update" else None,
        programs=_program_choices(institution),
        initial={
            "program": str(found.program_id or ""),
            "effective_from": found.effective_from,
            "effective_until": found.effective_until,
            "note": found.note,
        },
    )
    approve_form = DistanceListApproveForm(
        request.POST if action == "approve" else None,
        initial={"order_date": timezone.localdate()},
    )
    if posting:
        if not (approver if action == "approve" else editor):
            raise Http404
        try:
            response = _post(request, actor, found, edit_form, approve_form)
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, error.message)
            return _back(found, request)
        if response is not None:
            return response
    search = DisciplineSearchForm(
        request.GET,
        departments=[
            (str(d.pk), f"{d.code} {d.name}")
            for d in selectors.distance_list_departments(institution=institution)
        ],
    )
    context: dict[str, Any] = {
        "distance_list": found,
        "institution": institution,
        "disciplines": list(selectors.distance_list_disciplines(distance_list=found)),
        "in_force": found.pk
        in selectors.distance_list_ids_in_force(institution=institution, on=timezone.localdate()),
        "editor": editor,
        "approver": approver,
        "edit_form": edit_form,
        "approve_form": approve_form,
        "search": search,
    }
    if editor:
        filters = search.cleaned_data if search.is_valid() else {}
        candidates = selectors.distance_list_candidates(
            distance_list=found,
            search=filters.get("q") or "",
            department_id=_department_id(filters.get("department")),
        )
        context["candidates"] = list(candidates[:CANDIDATES_SHOWN])
        context["candidate_count"] = candidates.count()
        context["q"] = filters.get("q") or ""
        context["department"] = filters.get("department") or ""
    return render(
        request,
        "regulations/distance_list.html",
        context,
        status=422 if posting else 200,
    )
