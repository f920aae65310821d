"""Compliance pages: the dashboard of the Office Registrar, the rector's office, the
distance-learning unit, deans and heads of department (students and programs with
violations, filters, XLSX and CSV exports), and the per-student panel (a plan's
verdicts as of a date, and on three dates side by side). Thin views over
selectors_compliance and services_compliance; absent and not-yours answer 404 (SEC-2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from qashyq.core.pagination import paginate
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.institutions.models import Institution
from qashyq.regulations import exports, selectors_compliance, services_compliance
from qashyq.regulations.data import Outcome
from qashyq.regulations.models_compliance import ComplianceRun
from qashyq.regulations.selectors_compliance import (
    OUTCOME_LABELS,
    ComplianceFilter,
    FilterChoices,
)

# The dates the issue asks to compare: before the 2022 wording, under it, after the 2026
# amendments (S4) came into force.
DEFAULT_DATES = (dt.date(2021, 3, 1), dt.date(2024, 9, 1), dt.date(2026, 8, 1))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _date_field(label: str | Any, **kwargs: Any) -> forms.DateField:  # noqa: ANN401
    return forms.DateField(label=label, required=False, widget=DateInput(), **kwargs)


class ComplianceFilterForm(forms.Form):
    as_of = _date_field(_("As of"))
    faculty = forms.TypedChoiceField(label=_("Faculty"), coerce=int, required=False)
    program = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False)
    group = forms.TypedChoiceField(
        label=_("Group"),
        coerce=int,
        required=False,
        help_text=_("Choose a program first."),
    )
    requirement = forms.ChoiceField(label=_("Requirement"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=list(OUTCOME_LABELS.items())
    )
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Name or student number")
    )
    institution = forms.IntegerField(required=False, widget=forms.HiddenInput)
    tab = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: QueryDict, *, choices: FilterChoices) -> None:
        super().__init__(data)
        any_choice: list[tuple[Any, Any]] = [("", _("any"))]
        self._choices(
            "faculty", any_choice + [(f.pk, f"{f.code} {f.name}") for f in choices.faculties]
        )
        self._choices(
            "program", any_choice + [(p.pk, f"{p.code} {p.name}") for p in choices.programs]
        )
        self._choices("group", any_choice + [(g.pk, g.code) for g in choices.groups])
        self._choices("requirement", any_choice + [(r, r) for r in choices.requirements])

    def _choices(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def filters(self) -> ComplianceFilter:
        """The filters of the fields that are valid (a bad one is shown, the rest apply)."""
        self.is_valid()
        data = self.cleaned_data
        return ComplianceFilter(
            faculty_id=data.get("faculty") or None,
            program_id=data.get("program") or None,
            group_id=data.get("group") or None,
            requirement=data.get("requirement") or "",
            outcome=data.get("outcome") or Outcome.VIOLATED.value,
            search=data.get("q") or "",
        )


def _parse_date(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


class _Common(TypedDict):
    actor: ActorScope
    institution: Institution
    run: ComplianceRun
    filters: ComplianceFilter


@dataclass(frozen=True)
class _Dashboard:
    actor: ActorScope
    institutions: list[Institution]
    institution: Institution
    as_of: dt.date
    run: ComplianceRun
    form: ComplianceFilterForm
    filters: ComplianceFilter
    tab: str


def _dashboard(request: HttpRequest) -> _Dashboard:
    """What the dashboard and its exports share: the actor's institution, the run as of
    the date asked for (default: today in Asia/Almaty), the filters."""
    actor = actor_scope_of(request)
    institutions = selectors_compliance.compliance_institutions_for(actor=actor)
    if not institutions:
        raise Http404
    wanted = request.GET.get("institution")
    institution = (
        found_or_404(
            lambda: selectors_compliance.compliance_institution_get_for(
                actor=actor, institution_id=wanted
            )
        )
        if wanted
        else institutions[0]
    )
    as_of = _parse_date(request.GET.get("as_of"), timezone.localdate())
    run = services_compliance.compliance_run_current(institution=institution, as_of=as_of)
    choices = selectors_compliance.compliance_filter_choices(
        actor=actor, institution=institution, run=run, program_id=_int(request.GET.get("program"))
    )
    data = request.GET.copy()
    data.setdefault("as_of", as_of.isoformat())
    data.setdefault("outcome", Outcome.VIOLATED.value)
    form = ComplianceFilterForm(data, choices=choices)
    return _Dashboard(
        actor=actor,
        institutions=institutions,
        institution=institution,
        as_of=as_of,
        run=run,
        form=form,
        filters=form.filters(),
        tab="programs" if request.GET.get("tab") == "programs" else "students",
    )


def _common(d: _Dashboard) -> _Common:
    return {"actor": d.actor, "institution": d.institution, "run": d.run, "filters": d.filters}


def _query(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return query.urlencode()


@login_required
def compliance_dashboard(request: HttpRequest) -> HttpResponse:
    """Students and programs with violations in the actor's scope, counted per
    requirement, filtered and paged (50 a page), each row with figures and citation."""
    d = _dashboard(request)
    common = _common(d)
    student_counts = selectors_compliance.compliance_student_counts(**common)
    program_counts = selectors_compliance.compliance_program_counts(**common)
    if d.tab == "programs":
        page = paginate(request, selectors_compliance.compliance_program_list(**common))
        findings: list[Any] = selectors_compliance.compliance_program_findings(
            institution=d.institution,
            as_of=d.as_of,
            programs=list(page.object_list),
            filters=d.filters,
        )
    else:
        page = paginate(request, selectors_compliance.compliance_student_list(**common))
        findings = selectors_compliance.compliance_student_findings(
            institution=d.institution,
            as_of=d.as_of,
            students=list(page.object_list),
            filters=d.filters,
        )
    return render(
        request,
        "regulations/compliance_dashboard.html",
        {
            "d": d,
            "fresh": services_compliance.compliance_run_is_fresh(d.run),
            "student_counts": [
                (c, _query(request, tab="", requirement=c.requirement, outcome="violated"))
                for c in student_counts
            ],
            "program_counts": [
                (c, _query(request, tab="programs", requirement=c.requirement, outcome="violated"))
                for c in program_counts
            ],
            "page": page,
            "findings": findings,
            "query": _query(request),
            "students_query": _query(request, tab=""),
            "programs_query": _query(request, tab="programs"),
            "outcome_labels": OUTCOME_LABELS,
            "outcome_label": OUTCOME_LABELS.get(d.filters.outcome, ""),
        },
    )


@login_required
def compliance_export(request: HttpRequest) -> HttpResponseBase:
    """The dashboard's current list (every page) as `?format=csv` (UTF-8 with a BOM, so
    that Excel reads Kazakh letters) or `?format=xlsx`: one line per verdict shown."""
    kind = request.GET.get("format", "")
    if kind not in exports.FORMATS:
        raise Http404
    d = _dashboard(request)
    common = _common(d)
    language = translation.get_language() or "kk"
    if d.tab == "programs":
        table = exports.program_table(
            institution=d.institution,
            as_of=d.as_of,
            programs=selectors_compliance.compliance_program_list(**common),
            filters=d.filters,
            language=language,
        )
    else:
        table = exports.student_table(**common, language=language)
    name = f"compliance-{d.tab}-{d.institution.code}-{d.as_of.isoformat()}"
    return exports.response(table, kind=kind, filename=name)


class StudentPanelForm(forms.Form):
    as_of = _date_field(_("As of"))
    date1 = _date_field(_("First date"))
    date2 = _date_field(_("Second date"))
    date3 = _date_field(_("Third date"))


@login_required
def student_compliance(request: HttpRequest, student_id: int) -> HttpResponse:
    """A student's compliance panel: the plan as the rules count it, every verdict as of
    a date, and three dates side by side. The student themself and whoever may see the
    personal file; everyone else 404."""
    actor = actor_scope_of(request)
    today = timezone.localdate()
    as_of = _parse_date(request.GET.get("as_of"), today)
    dates = tuple(
        _parse_date(request.GET.get(f"date{n}"), default)
        for n, default in enumerate(DEFAULT_DATES, start=1)
    )
    panel = found_or_404(
        lambda: selectors_compliance.student_compliance_for(
            actor=actor, student_id=student_id, as_of=as_of, dates=dates
        )
    )
    form = StudentPanelForm(
        {
            "as_of": as_of.isoformat(),
            **{f"date{n}": d.isoformat() for n, d in enumerate(dates, start=1)},
        }
    )
    return render(
        request,
        "regulations/compliance_student.html",
        {"panel": panel, "form": form, "outcome_labels": OUTCOME_LABELS},
    )
