"""The registrar's pages under /structure/: thin views over selectors and services.

Members of an institution read its structure; the Office Registrar and
administrators change it. Every edit URL answers 404 to anyone else (SEC-2).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qashyq.core.errors import NotFound, PermissionDenied
from qashyq.core.pagination import paginate
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.institutions import forms as f
from qashyq.institutions import selectors, services
from qashyq.institutions.errors import StructureChangeForbidden, StructureInvalid
from qashyq.institutions.models import Institution
from qashyq.institutions.permissions import can_manage_structure


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _require_manager(actor: ActorScope, institution_id: int) -> None:
    """Edit pages: 404 for anyone who may not change this institution's structure."""
    if not can_manage_structure(actor, institution_id):
        raise Http404


def _managed_institution(request: HttpRequest) -> Institution:
    """The institution a create page works on: `?institution=` or the actor's only one."""
    actor = _actor(request)
    wanted = request.GET.get("institution") or request.POST.get("institution")
    institutions = selectors.institution_list_for(actor=actor)
    if wanted:
        institution = found_or_404(
            lambda: selectors.institution_get_for(actor=actor, institution_id=wanted)
        )
    else:
        first_managed = next((i for i in institutions if can_manage_structure(actor, i.pk)), None)
        if first_managed is None:
            raise Http404
        institution = first_managed
    _require_manager(actor, institution.pk)
    return institution


def _form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    title: str,
    save: Callable[[dict[str, Any]], Model | object],
    success_url: Callable[[Any], str],
    back_url: str,
    institution: Institution | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST call the service; its errors go back into the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except (StructureChangeForbidden, PermissionDenied, NotFound):
            raise Http404 from None
        except StructureInvalid as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(result))
    return render(
        request,
        "institutions/form.html",
        {"form": form, "title": title, "back_url": back_url, "institution": institution},
        status=422 if request.method == "POST" else 200,
    )


def _add_error(form: forms.BaseForm, error: StructureInvalid) -> None:
    """Show a service's message at the field it names, or above the form."""
    field = error.extra.get("field")
    form.add_error(
        field if isinstance(field, str) and field in form.fields else None, error.message
    )


def _post(request: HttpRequest) -> Any:  # noqa: ANN401
    return request.POST if request.method == "POST" else None


# ---------------------------------------------------------------- overview


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Faculties → departments → programs of the institutions the user belongs to."""
    actor = _actor(request)
    institutions = selectors.structure_overview_for(actor=actor)
    return render(
        request,
        "institutions/overview.html",
        {
            "institutions": institutions,
            "managed": [
                o.institution.pk
                for o in institutions
                if can_manage_structure(actor, o.institution.pk)
            ],
        },
    )


# ---------------------------------------------------------------- faculties, departments


@login_required
def faculty_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    institution = _managed_institution(request)
    return _form_page(
        request,
        form=f.FacultyForm(_post(request)),
        title=_("New faculty"),
        save=lambda data: services.faculty_create(actor=actor, institution=institution, **data),
        success_url=lambda _faculty: reverse("institutions:overview"),
        back_url=reverse("institutions:overview"),
        institution=institution,
    )


@login_required
def faculty_edit(request: HttpRequest, faculty_id: int) -> HttpResponse:
    actor = _actor(request)
    faculty = found_or_404(lambda: selectors.faculty_get_for(actor=actor, faculty_id=faculty_id))
    _require_manager(actor, faculty.institution_id)
    return _form_page(
        request,
        form=f.FacultyForm(_post(request), instance=copy.copy(faculty)),
        title=_("Edit faculty %(code)s") % {"code": faculty.code},
        save=lambda data: services.faculty_update(actor=actor, faculty=faculty, **data),
        success_url=lambda _faculty: reverse("institutions:overview"),
        back_url=reverse("institutions:overview"),
    )


@login_required
def department_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    institution = _managed_institution(request)
    initial = {"faculty": request.GET.get("faculty")}
    return _form_page(
        request,
        form=f.DepartmentForm(_post(request), initial=initial, institution=institution),
        title=_("New department"),
        save=lambda data: services.department_create(actor=actor, **data),
        success_url=lambda _department: reverse("institutions:overview"),
        back_url=reverse("institutions:overview"),
        institution=institution,
    )


@login_required
def department_edit(request: HttpRequest, department_id: int) -> HttpResponse:
    actor = _actor(request)
    department = found_or_404(
        lambda: selectors.department_get_for(actor=actor, department_id=department_id)
    )
    institution = department.faculty.institution
    _require_manager(actor, institution.pk)
    return _form_page(
        request,
        form=f.DepartmentForm(
            _post(request), instance=copy.copy(department), institution=institution
        ),
        title=_("Edit department %(code)s") % {"code": department.code},
        save=lambda data: services.department_update(actor=actor, department=department, **data),
        success_url=lambda _department: reverse("institutions:overview"),
        back_url=reverse("institutions:overview"),
    )


# ---------------------------------------------------------------- programs


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    """Programs with filters (level, faculty, department, form, language, search) and pages."""
    actor = _actor(request)
    institution_ids = (
        None if actor.is_superuser else sorted({g.institution_id for g in actor.grants})
    )
    form = f.ProgramFilterForm(request.GET or None, institution_ids=institution_ids)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    faculty = filters.get("faculty")
    department = filters.get("department")
    programs = selectors.program_list_for(
        actor=actor,
        level=filters.get("level") or "",
        faculty_id=faculty.pk if faculty else None,
        department_id=department.pk if department else None,
        study_form=filters.get("study_form") or "",
        language=filters.get("language") or "",
        search=(filters.get("q") or "").strip(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "institutions/program_list.html",
        {
            "form": form,
            "page": paginate(request, programs),
            "query": query.urlencode(),
            "can_create": actor.is_superuser or bool(actor.institutions_with("registrar", "admin")),
        },
    )


@login_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = _actor(request)
    program = found_or_404(lambda: selectors.program_get_for(actor=actor, program_id=program_id))
    return render(
        request,
        "institutions/program_detail.html",
        {
            "program": program,
            "field_name": selectors.classifier_field_name(field_code=program.direction.field_code)
            if program.direction
            else "",
            "curricula": selectors.curriculum_list_for(actor=actor, program_id=program.pk),
            "groups": selectors.group_list_for(actor=actor, program_id=program.pk),
            "can_manage": can_manage_structure(actor, program.institution_id),
        },
    )


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    institution = _managed_institution(request)
    initial = {"department": request.GET.get("department"), "total_credits": 240}
    return _form_page(
        request,
        form=f.ProgramForm(_post(request), initial=initial, institution=institution),
        title=_("New education program"),
        save=lambda data: services.program_create(actor=actor, **data),
        success_url=lambda program: reverse("institutions:program_detail", args=[program.pk]),
        back_url=reverse("institutions:program_list"),
        institution=institution,
    )


@login_required
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = _actor(request)
    program = found_or_404(lambda: selectors.program_get_for(actor=actor, program_id=program_id))
    _require_manager(actor, program.institution_id)
    back = reverse("institutions:program_detail", args=[program.pk])
    return _form_page(
        request,
        form=f.ProgramForm(
            _post(request), instance=copy.copy(program), institution=program.institution
        ),
        title=_("Edit program %(code)s") % {"code": program.code},
        save=lambda data: services.program_update(actor=actor, program=program, **data),
        success_url=lambda _program: back,
        back_url=back,
    )


# ---------------------------------------------------------------- disciplines


@login_required
def discipline_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    search = request.GET.get("q", "").strip()
    department_id = request.GET.get("department")
    disciplines = selectors.discipline_list_for(
        actor=actor,
        department_id=int(department_id) if department_id and department_id.isdigit() else None,
        search=search,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "institutions/discipline_list.html",
        {
            "page": paginate(request, disciplines),
            "query": query.urlencode(),
            "search": search,
            "departments": selectors.department_list_for(actor=actor),
            "department_id": department_id,
            "can_create": actor.is_superuser or bool(actor.institutions_with("registrar", "admin")),
        },
    )


@login_required
def discipline_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    institution = _managed_institution(request)
    initial = {"department": request.GET.get("department"), "credits": 5}
    return _form_page(
        request,
        form=f.DisciplineForm(_post(request), initial=initial, institution=institution),
        title=_("New discipline"),
        save=lambda data: services.discipline_create(actor=actor, **data),
        success_url=lambda _discipline: reverse("institutions:discipline_list"),
        back_url=reverse("institutions:discipline_list"),
        institution=institution,
    )


@login_required
def discipline_edit(request: HttpRequest, discipline_id: int) -> HttpResponse:
    actor = _actor(request)
    discipline = found_or_404(
        lambda: selectors.discipline_get_for(actor=actor, discipline_id=discipline_id)
    )
    institution = discipline.department.faculty.institution
    _require_manager(actor, institution.pk)

    def save(data: dict[str, Any]) -> object:
        data.pop("department")
        return services.discipline_update(actor=actor, discipline=discipline, **data)

    form = f.DisciplineForm(_post(request), instance=copy.copy(discipline), institution=institution)
    form.fields["department"].disabled = True
    return _form_page(
        request,
        form=form,
        title=_("Edit discipline %(code)s") % {"code": discipline.code},
        save=save,
        success_url=lambda _discipline: reverse("institutions:discipline_list"),
        back_url=reverse("institutions:discipline_list"),
    )


# ---------------------------------------------------------------- curricula


@login_required
def curriculum_create(request: HttpRequest, program_id: int) -> HttpResponse:
    actor = _actor(request)
    program = found_or_404(lambda: selectors.program_get_for(actor=actor, program_id=program_id))
    _require_manager(actor, program.institution_id)
    return _form_page(
        request,
        form=f.CurriculumForm(_post(request)),
        title=_("New working curriculum of %(program)s") % {"program": program.code},
        save=lambda data: services.curriculum_create(actor=actor, program=program, **data),
        success_url=lambda curriculum: reverse(
            "institutions:curriculum_detail", args=[curriculum.pk]
        ),
        back_url=reverse("institutions:program_detail", args=[program.pk]),
    )


@login_required
def curriculum_edit(request: HttpRequest, curriculum_id: int) -> HttpResponse:
    actor = _actor(request)
    curriculum = found_or_404(
        lambda: selectors.curriculum_get_for(actor=actor, curriculum_id=curriculum_id)
    )
    _require_manager(actor, curriculum.program.institution_id)
    back = reverse("institutions:curriculum_detail", args=[curriculum.pk])
    return _form_page(
        request,
        form=f.CurriculumForm(_post(request), instance=copy.copy(curriculum)),
        title=_("Edit curriculum %(curriculum)s") % {"curriculum": curriculum},
        save=lambda data: services.curriculum_update(actor=actor, curriculum=curriculum, **data),
        success_url=lambda _curriculum: back,
        back_url=back,
    )


@login_required
def curriculum_detail(request: HttpRequest, curriculum_id: int) -> HttpResponse:
    """The curriculum editor: items by semester, credits per semester and in total.

    Managers add an item from a department's disciplines (the program's department
    by default, `?department=` for another), move and remove items, and set how
    many alternatives students choose in each elective group.
    """
    actor = _actor(request)
    curriculum = found_or_404(
        lambda: selectors.curriculum_get_for(actor=actor, curriculum_id=curriculum_id)
    )
    program = curriculum.program
    can_manage = can_manage_structure(actor, program.institution_id)
    department = program.department
    wanted = request.GET.get("department")
    if can_manage and wanted and wanted.isdigit():
        department = found_or_404(
            lambda: selectors.department_get_for(actor=actor, department_id=int(wanted))
        )
        if department.faculty.institution_id != program.institution_id:
            raise Http404
    form = f.CurriculumItemForm(_post(request), department=department)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.curriculum_item_add(
                    actor=actor,
                    curriculum=curriculum,
                    discipline=data["discipline"],
                    semester=data["semester"],
                    component=data["component"],
                    elective_group=data["elective_group"] or "",
                    elective_choose=data["elective_choose"] or 1,
                )
            except StructureInvalid as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The discipline was added."))
                return redirect(request.get_full_path())
        status = 422
    return render(
        request,
        "institutions/curriculum.html",
        {
            "curriculum": curriculum,
            "program": program,
            "summary": selectors.curriculum_summary(curriculum=curriculum),
            "semesters": range(1, services.semester_count(program.duration_years) + 1),
            "form": form,
            "can_manage": can_manage,
            "department": department,
            "departments": selectors.department_list_for(
                actor=actor, institution_id=program.institution_id
            )
            if can_manage
            else [],
        },
        status=status,
    )


def _item_for_manager(request: HttpRequest, item_id: int) -> Any:  # noqa: ANN401
    actor = _actor(request)
    item = found_or_404(lambda: selectors.curriculum_item_get_for(actor=actor, item_id=item_id))
    _require_manager(actor, item.curriculum.program.institution_id)
    return item


@login_required
@require_POST
def curriculum_item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_for_manager(request, item_id)
    services.curriculum_item_remove(actor=_actor(request), item=item)
    messages.success(request, _("The discipline was removed from the curriculum."))
    return redirect("institutions:curriculum_detail", item.curriculum_id)


@login_required
@require_POST
def curriculum_item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_for_manager(request, item_id)
    form = f.MoveItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a semester."))
    else:
        try:
            services.curriculum_item_move(
                actor=_actor(request), item=item, semester=form.cleaned_data["semester"]
            )
        except StructureInvalid as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Moved."))
    return redirect("institutions:curriculum_detail", item.curriculum_id)


@login_required
@require_POST
def curriculum_group_set(request: HttpRequest, curriculum_id: int) -> HttpResponse:
    actor = _actor(request)
    curriculum = found_or_404(
        lambda: selectors.curriculum_get_for(actor=actor, curriculum_id=curriculum_id)
    )
    _require_manager(actor, curriculum.program.institution_id)
    form = f.ElectiveGroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter how many disciplines students choose."))
    else:
        try:
            services.curriculum_elective_group_set(
                actor=actor,
                curriculum=curriculum,
                group=form.cleaned_data["group"],
                choose=form.cleaned_data["choose"],
            )
        except NotFound:
            raise Http404 from None
        except StructureInvalid as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
    return redirect("institutions:curriculum_detail", curriculum.pk)


# ---------------------------------------------------------------- academic calendar (CAL-6)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    years = selectors.academic_year_list_for(actor=actor)
    return render(
        request,
        "institutions/calendar.html",
        {
            "years": years,
            "managed": actor.institutions_with("registrar", "admin"),
            "is_superuser": actor.is_superuser,
            "defaults_form": f.DefaultPeriodsForm(),
        },
    )


@login_required
def academic_year_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    institution = _managed_institution(request)
    return _form_page(
        request,
        form=f.AcademicYearForm(_post(request)),
        title=_("New academic year"),
        save=lambda data: services.academic_year_create(
            actor=actor, institution=institution, **data
        ),
        success_url=lambda _year: reverse("institutions:calendar"),
        back_url=reverse("institutions:calendar"),
        institution=institution,
    )


@login_required
def academic_year_edit(request: HttpRequest, year_id: int) -> HttpResponse:
    actor = _actor(request)
    year = found_or_404(
        lambda: selectors.academic_year_get_for(actor=actor, academic_year_id=year_id)
    )
    _require_manager(actor, year.institution_id)
    form = f.AcademicYearForm(_post(request), instance=copy.copy(year))
    form.fields["start_year"].disabled = True

    def save(data: dict[str, Any]) -> object:
        return services.academic_year_update(
            actor=actor, academic_year=year, starts_on=data["starts_on"], ends_on=data["ends_on"]
        )

    return _form_page(
        request,
        form=form,
        title=_("Edit academic year %(year)s") % {"year": year},
        save=save,
        success_url=lambda _year: reverse("institutions:calendar"),
        back_url=reverse("institutions:calendar"),
    )


@login_required
@require_POST
def academic_year_default_periods(request: HttpRequest, year_id: int) -> HttpResponse:
    """Create two 15-week semesters and, if asked, a 6-week summer semester (CAL-6)."""
    actor = _actor(request)
    year = found_or_404(
        lambda: selectors.academic_year_get_for(actor=actor, academic_year_id=year_id)
    )
    _require_manager(actor, year.institution_id)
    form = f.DefaultPeriodsForm(request.POST)
    summer = form.is_valid() and bool(form.cleaned_data["summer"])
    try:
        services.academic_year_default_periods_create(
            actor=actor, academic_year=year, summer=summer
        )
    except StructureInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The periods were created."))
    return redirect("institutions:calendar")


@login_required
def academic_period_create(request: HttpRequest, year_id: int) -> HttpResponse:
    actor = _actor(request)
    year = found_or_404(
        lambda: selectors.academic_year_get_for(actor=actor, academic_year_id=year_id)
    )
    _require_manager(actor, year.institution_id)
    return _form_page(
        request,
        form=f.AcademicPeriodForm(_post(request)),
        title=_("New period of %(year)s") % {"year": year},
        save=lambda data: services.academic_period_create(actor=actor, academic_year=year, **data),
        success_url=lambda _period: reverse("institutions:calendar"),
        back_url=reverse("institutions:calendar"),
    )


@login_required
def academic_period_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    actor = _actor(request)
    period = found_or_404(
        lambda: selectors.academic_period_get_for(actor=actor, period_id=period_id)
    )
    _require_manager(actor, period.academic_year.institution_id)
    return _form_page(
        request,
        form=f.AcademicPeriodForm(_post(request), instance=copy.copy(period)),
        title=_("Edit %(period)s") % {"period": period},
        save=lambda data: services.academic_period_update(actor=actor, period=period, **data),
        success_url=lambda _period: reverse("institutions:calendar"),
        back_url=reverse("institutions:calendar"),
    )


# ---------------------------------------------------------------- groups


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    search = request.GET.get("q", "").strip()
    groups = selectors.group_list_for(actor=actor, search=search)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "institutions/group_list.html",
        {
            "page": paginate(request, groups),
            "query": query.urlencode(),
            "search": search,
            "can_create": actor.is_superuser or bool(actor.institutions_with("registrar", "admin")),
        },
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    institution = _managed_institution(request)
    initial = {"program": request.GET.get("program")}
    return _form_page(
        request,
        form=f.StudentGroupForm(_post(request), initial=initial, institution=institution),
        title=_("New student group"),
        save=lambda data: services.group_create(actor=actor, **data),
        success_url=lambda _group: reverse("institutions:group_list"),
        back_url=reverse("institutions:group_list"),
        institution=institution,
    )


@login_required
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    actor = _actor(request)
    group = found_or_404(lambda: selectors.group_get_for(actor=actor, group_id=group_id))
    _require_manager(actor, group.program.institution_id)
    return _form_page(
        request,
        form=f.StudentGroupForm(
            _post(request), instance=copy.copy(group), institution=group.program.institution
        ),
        title=_("Edit group %(code)s") % {"code": group.code},
        save=lambda data: services.group_update(actor=actor, group=group, **data),
        success_url=lambda _group: reverse("institutions:group_list"),
        back_url=reverse("institutions:group_list"),
    )
