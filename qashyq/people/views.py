"""People pages: the home page per role, personal files (SIS-6), study plans and
electives (SIS-4, SIS-3), staff and roles (SEC-2). Thin views over selectors and
services; a record the actor may not see, or may not change on an edit page,
answers 404."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from qashyq.core.errors import DomainError, NotFound
from qashyq.core.identifiers import iin_date_warning, mask_iin
from qashyq.core.pagination import paginate
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.institutions.models import CurriculumItem, Institution
from qashyq.people import forms as f
from qashyq.people import selectors, services
from qashyq.people.data import StudentFilter
from qashyq.people.errors import PeopleChangeForbidden, PersonInvalid
from qashyq.people.models import Role, Staff, Student, StudyPlanItem
from qashyq.people.permissions import (
    can_assign_roles,
    can_choose_electives,
    can_manage_students,
)


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _post(request: HttpRequest) -> Any:  # noqa: ANN401
    return request.POST if request.method == "POST" else None


def _add_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's message at the field it names, or above the form."""
    field = error.extra.get("field")
    form.add_error(
        field if isinstance(field, str) and field in form.fields else None, error.message
    )


def _form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    success_url: Callable[[Any], str],
    back_url: str,
    institution: Institution | None = None,
    intro: str = "",
) -> HttpResponse:
    """Show a form; on a valid POST call the service; its errors go back into the form,
    which keeps what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except (PeopleChangeForbidden, NotFound):
            raise Http404 from None
        except PersonInvalid as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(result))
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "institution": institution,
            "intro": intro,
        },
        status=422 if request.method == "POST" else 200,
    )


def _managed_institution(
    request: HttpRequest, allowed: Callable[[ActorScope, int], bool] = can_manage_students
) -> Institution:
    """The institution a create page works on: `?institution=` or the actor's first one."""
    actor = _actor(request)
    wanted = request.GET.get("institution") or request.POST.get("institution")
    if actor.is_superuser:
        candidates = Institution.objects.order_by("code")
    else:
        ids = sorted({g.institution_id for g in actor.grants})
        candidates = Institution.objects.filter(pk__in=ids).order_by("code")
    if wanted:
        institution = candidates.filter(pk=wanted).first() if wanted.isdigit() else None
    else:
        institution = next((i for i in candidates if allowed(actor, i.pk)), None)
    if institution is None or not allowed(actor, institution.pk):
        raise Http404
    return institution


# ---------------------------------------------------------------- home


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page for every role the person holds (SEC-2)."""
    actor = _actor(request)
    data = selectors.home_data(actor=actor)
    return render(
        request,
        "people/home.html",
        {"home": data, "is_superuser": actor.is_superuser, "Role": Role},
    )


# ---------------------------------------------------------------- students (SIS-6)


def _visible_institutions(actor: ActorScope) -> list[int] | None:
    return None if actor.is_superuser else sorted({g.institution_id for g in actor.grants})


@login_required
def student_list(request: HttpRequest) -> HttpResponse:
    """Students the actor may see, with filters and pages."""
    actor = _actor(request)
    form = f.StudentFilterForm(request.GET or None, institution_ids=_visible_institutions(actor))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    program, faculty = data.get("program"), data.get("faculty")
    filters = StudentFilter(
        program_id=program.pk if program else None,
        faculty_id=faculty.pk if faculty else None,
        group_id=data.get("group"),
        status=data.get("status") or "",
        study_form=data.get("study_form") or "",
        search=data.get("q") or "",
    )
    students = selectors.student_list_for(actor=actor, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(request, students)
    return render(
        request,
        "people/student_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": selectors.can_manage_any_students(actor=actor),
        },
    )


def _iin_shown(actor: ActorScope, student: Student) -> str:
    if not student.iin:
        return ""
    if selectors.iin_visible(actor=actor, student=student):
        return student.iin
    return mask_iin(student.iin)  # IIN-2


@login_required
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    """The electronic personal file (SIS-6): data, status history, study plan by semester."""
    actor = _actor(request)
    student: Student = found_or_404(
        lambda: selectors.student_file_for(actor=actor, student_id=student_id)
    )
    items = list(student.plan_items.all())
    by_semester: dict[int, list[StudyPlanItem]] = defaultdict(list)
    for item in items:
        by_semester[item.semester].append(item)
    summary = selectors.plan_summary(items=items, program_credits=student.program.total_credits)
    manages = can_manage_students(actor, student.institution_id)
    return render(
        request,
        "people/student_detail.html",
        {
            "student": student,
            "iin": _iin_shown(actor, student),
            "iin_warning": iin_date_warning(student.iin, student.birth_date)
            if manages and student.iin
            else None,
            "history": list(student.status_history.all()),
            "semesters": [(s, by_semester[s.semester]) for s in summary.semesters],
            "summary": summary,
            "can_manage": manages,
            "can_choose": can_choose_electives(
                actor, student_id=student.pk, institution_id=student.institution_id
            ),
            "is_self": actor.student_id == student.pk,
        },
    )


def _student_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    keys = [
        "first_name",
        "last_name",
        "middle_name",
        "email",
        "program",
        "group",
        "iin",
        "birth_date",
        "sex",
        "citizenship",
        "phone",
        "contact_email",
        "address",
        "study_form",
        "language",
        "funding",
        "prior_education",
        "admission_year",
        "course_year",
    ]
    return {k: data[k] for k in keys}


def _iin_warn(request: HttpRequest, student: Student) -> None:
    if student.iin and (warning := iin_date_warning(student.iin, student.birth_date)):
        messages.warning(request, warning)  # IIN-2: a soft warning, never an error


@login_required
def student_create(request: HttpRequest) -> HttpResponse:
    """Open a personal file (Office Registrar, administrator)."""
    actor = _actor(request)
    institution = _managed_institution(request)
    today = timezone.localdate()
    form = f.StudentCreateForm(
        _post(request),
        institution=institution,
        initial={"admission_year": today.year, "enrolled_on": today, "course_year": 1},
    )

    def save(data: dict[str, Any]) -> Student:
        student = services.student_create(
            actor=actor,
            username=data["username"],
            student_number=data["student_number"],
            enrolled_on=data["enrolled_on"],
            order_number=data["order_number"],
            **_student_kwargs(data),
        )
        _iin_warn(request, student)
        return student

    return _form_page(
        request,
        form=form,
        title=_("New student"),
        save=save,
        success_url=lambda s: reverse("people:student_detail", args=[s.pk]),
        back_url=reverse("people:student_list"),
        institution=institution,
    )


def _managed_student(request: HttpRequest, student_id: int) -> tuple[ActorScope, Student]:
    """A student the actor manages; 404 for anyone else (SEC-2)."""
    actor = _actor(request)
    student: Student = found_or_404(
        lambda: selectors.student_get_for(actor=actor, student_id=student_id)
    )
    if not can_manage_students(actor, student.institution_id):
        raise Http404
    return actor, student


@login_required
def student_edit(request: HttpRequest, student_id: int) -> HttpResponse:
    actor, student = _managed_student(request, student_id)
    user = student.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "middle_name": user.middle_name,
        "email": user.email,
        "program": student.program_id,
        "group": student.group_id,
        "iin": student.iin or "",
        "birth_date": student.birth_date,
        "sex": student.sex,
        "citizenship": student.citizenship,
        "phone": student.phone,
        "contact_email": student.contact_email,
        "address": student.address,
        "study_form": student.study_form,
        "language": student.language,
        "funding": student.funding,
        "prior_education": student.prior_education,
        "admission_year": student.admission_year,
        "course_year": student.course_year,
    }
    form = f.StudentForm(_post(request), institution=student.institution, initial=initial)

    def save(data: dict[str, Any]) -> Student:
        saved = services.student_update(actor=actor, student=student, **_student_kwargs(data))
        _iin_warn(request, saved)
        return saved

    return _form_page(
        request,
        form=form,
        title=_("Edit the personal file of %(name)s") % {"name": user.get_full_name()},
        save=save,
        success_url=lambda s: reverse("people:student_detail", args=[s.pk]),
        back_url=reverse("people:student_detail", args=[student.pk]),
    )


@login_required
def student_status(request: HttpRequest, student_id: int) -> HttpResponse:
    """Record a status change: academic leave, return, expulsion, graduation (SIS-6)."""
    actor, student = _managed_student(request, student_id)
    form = f.StatusChangeForm(_post(request), initial={"effective_on": timezone.localdate()})
    return _form_page(
        request,
        form=form,
        title=_("Status of %(name)s") % {"name": student.user.get_full_name()},
        intro=_("Current status: %(status)s.") % {"status": student.get_status_display()},
        save=lambda data: services.student_status_change(actor=actor, student=student, **data),
        success_url=lambda _change: reverse("people:student_detail", args=[student.pk]),
        back_url=reverse("people:student_detail", args=[student.pk]),
    )


@login_required
@require_POST
def student_plan_generate(request: HttpRequest, student_id: int) -> HttpResponse:
    """Fill the study plan from the working curriculum (SIS-4); idempotent."""
    actor, student = _managed_student(request, student_id)
    try:
        added = services.study_plan_generate(actor=actor, student=student)
    except PersonInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s discipline added to the study plan.",
                "%(count)s disciplines added to the study plan.",
                added,
            )
            % {"count": added},
        )
    return redirect("people:student_detail", student.pk)


@login_required
def electives(request: HttpRequest, student_id: int) -> HttpResponse:
    """Choose and drop electives (SIS-3): the student themself or the Office Registrar."""
    actor = _actor(request)
    student: Student = found_or_404(
        lambda: selectors.student_get_for(actor=actor, student_id=student_id)
    )
    if not can_choose_electives(
        actor, student_id=student.pk, institution_id=student.institution_id
    ):
        raise Http404
    error = ""
    status = 200
    if request.method == "POST":
        try:
            _elective_action(request, actor, student)
        except PersonInvalid as problem:
            error, status = problem.message, 409
        else:
            messages.success(request, _("Saved."))
            return redirect("people:electives", student.pk)
    return render(
        request,
        "people/electives.html",
        {
            "student": student,
            "groups": selectors.elective_groups(student=student),
            "summary": selectors.study_plan_summary(student=student),
            "curriculum": selectors.student_curriculum(student=student),
            "error": error,
        },
        status=status,
    )


def _elective_action(request: HttpRequest, actor: ActorScope, student: Student) -> None:
    raw = request.POST.get("item", "")
    if not raw.isdigit():
        raise Http404
    if request.POST.get("action") == "drop":
        item = (
            StudyPlanItem.objects.select_related("curriculum_item")
            .filter(pk=int(raw), student=student)
            .first()
        )
        if item is None:
            raise Http404
        services.study_plan_drop_elective(actor=actor, student=student, item=item)
    else:
        curriculum_item = (
            CurriculumItem.objects.select_related("discipline").filter(pk=int(raw)).first()
        )
        if curriculum_item is None:
            raise Http404
        services.study_plan_choose_elective(
            actor=actor, student=student, curriculum_item=curriculum_item
        )


# ---------------------------------------------------------------- staff


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    search = request.GET.get("q", "")[:100]
    staff = selectors.staff_list_for(actor=actor, search=search)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/staff_list.html",
        {
            "page": paginate(request, staff),
            "q": search,
            "query": query.urlencode(),
            "can_create": selectors.can_manage_any_students(actor=actor),
        },
    )


_STAFF_FIELDS = [
    "first_name",
    "last_name",
    "middle_name",
    "email",
    "department",
    "position",
    "academic_degree",
    "academic_title",
    "phone",
]


@login_required
def staff_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    institution = _managed_institution(request)
    return _form_page(
        request,
        form=f.StaffCreateForm(_post(request), institution=institution),
        title=_("New staff member"),
        save=lambda data: services.staff_create(
            actor=actor,
            institution=institution,
            username=data["username"],
            **{k: data[k] for k in _STAFF_FIELDS},
        ),
        success_url=lambda _staff: reverse("people:staff_list"),
        back_url=reverse("people:staff_list"),
        institution=institution,
    )


@login_required
def staff_edit(request: HttpRequest, staff_id: int) -> HttpResponse:
    actor = _actor(request)
    staff: Staff = found_or_404(lambda: selectors.staff_get_for(actor=actor, staff_id=staff_id))
    if not can_manage_students(actor, staff.institution_id):
        raise Http404
    user = staff.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "middle_name": user.middle_name,
        "email": user.email,
        "department": staff.department_id,
        "position": staff.position,
        "academic_degree": staff.academic_degree,
        "academic_title": staff.academic_title,
        "phone": staff.phone,
    }
    return _form_page(
        request,
        form=f.StaffForm(_post(request), institution=staff.institution, initial=initial),
        title=_("Edit %(name)s") % {"name": user.get_full_name()},
        save=lambda data: services.staff_update(
            actor=actor, staff=staff, **{k: data[k] for k in _STAFF_FIELDS}
        ),
        success_url=lambda _staff: reverse("people:staff_list"),
        back_url=reverse("people:staff_list"),
    )


# ---------------------------------------------------------------- roles (SEC-2)


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    """Role assignments of an institution and the form to give a role (administrators)."""
    actor = _actor(request)
    institution = _managed_institution(request, can_assign_roles)
    form = f.RoleAssignForm(_post(request), institution=institution)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            user = selectors.user_find_for_roles(
                actor=actor, institution_id=institution.pk, login=data["login"]
            )
            if user is None:
                form.add_error(
                    "login", _("No person of this institution has this user name or e-mail.")
                )
            else:
                try:
                    services.role_assign(
                        actor=actor,
                        user=user,
                        institution=institution,
                        role=data["role"],
                        faculty=data["faculty"],
                        department=data["department"],
                        group=data["group"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                    )
                except PersonInvalid as error:
                    _add_error(form, error)
                else:
                    messages.success(request, _("The role is given."))
                    return redirect(f"{reverse('people:role_list')}?institution={institution.pk}")
    role = request.GET.get("role", "")
    assignments = selectors.role_assignment_list_for(
        actor=actor, institution_id=institution.pk, role=role if role in Role.values else ""
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/role_list.html",
        {
            "institution": institution,
            "form": form,
            "page": paginate(request, assignments),
            "query": query.urlencode(),
            "roles": Role.choices,
            "role": role,
            "institutions": selectors.role_institutions(actor=actor),
        },
        status=status,
    )


@login_required
@require_POST
def role_revoke(request: HttpRequest, assignment_id: int) -> HttpResponse:
    actor = _actor(request)
    assignment = found_or_404(
        lambda: selectors.role_assignment_get_for(actor=actor, assignment_id=assignment_id)
    )
    if not can_assign_roles(actor, assignment.institution_id):
        raise Http404
    try:
        services.role_revoke(actor=actor, assignment=assignment)
    except PeopleChangeForbidden as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The role is revoked."))
    return redirect(f"{reverse('people:role_list')}?institution={assignment.institution_id}")
