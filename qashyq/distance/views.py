"""Pages of the transfer workflow: the student's "Study at a distance", the approvers'
inbox and decisions, the order journal, the public verification of an order, the
route settings and the Office Registrar's task list. Thin views over selectors and
services; what the actor may not see answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qashyq.core.errors import DomainError, NotFound
from qashyq.core.http import site_url
from qashyq.core.pagination import paginate
from qashyq.core.scope import ActorScope, actor_scope_of
from qashyq.core.views import found_or_404
from qashyq.distance import forms as f
from qashyq.distance import selectors, services
from qashyq.distance.errors import ApplicationIncomplete, TransferNotAllowed
from qashyq.distance.models import (
    ROUTE_ROLES,
    ApplicationStatus,
    Decision,
    RectorOrder,
    TaskStatus,
    TransferApplication,
)
from qashyq.distance.permissions import can_handle_tasks, can_manage_route, can_read_journal
from qashyq.institutions.models import Institution
from qashyq.people.models import Role
from qashyq.regulations.models import EvidenceKind


def _actor(request: HttpRequest) -> ActorScope:
    return actor_scope_of(request)


def _today() -> Any:  # noqa: ANN401
    return timezone.localdate()


def _role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


# ---------------------------------------------------------------- the student's page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """ "Study at a distance": the students one files for, their applications, and a
    button to start a new one. Staff without a student side go to their inbox."""
    actor = _actor(request)
    students = selectors.filing_students(actor=actor)
    if not students:
        return redirect("distance:inbox")
    applications = list(
        selectors.application_list_for(actor=actor, filters=selectors.ApplicationFilter())
        .filter(student__in=students)
        .select_related("order")
    )
    return render(
        request,
        "distance/home.html",
        {"students": students, "applications": applications, "today": _today()},
    )


@login_required
@require_POST
def application_new(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    student = found_or_404(
        lambda: selectors.filing_student_get(actor=actor, student_id=request.POST.get("student"))
    )
    try:
        application = services.application_create(actor=actor, student=student)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("distance:home")
    return redirect("distance:application_edit", application.pk)


def _student_side(
    request: HttpRequest, application_id: int
) -> tuple[ActorScope, TransferApplication]:
    actor = _actor(request)
    application: TransferApplication = found_or_404(
        lambda: selectors.application_detail_for(actor=actor, application_id=application_id)
    )
    if not selectors.is_student_side(actor=actor, application=application):
        raise Http404
    return actor, application


def _discipline_choices(application: TransferApplication) -> list[tuple[int, str]]:
    return [
        (
            item.discipline_id,
            _("%(code)s %(name)s · semester %(semester)s · %(credits)s credits")
            % {
                "code": item.discipline.code,
                "name": item.discipline.name,
                "semester": item.semester,
                "credits": item.credits,
            },
        )
        for item in selectors.plan_items_open_to_distance(student=application.student)
    ]


def _initial(application: TransferApplication) -> dict[str, Any]:
    return {
        "ground": application.ground,
        "starts_on": application.starts_on,
        "ends_on": application.ends_on,
        "disciplines": [str(d.pk) for d in application.disciplines.all()],
        "text": application.text,
        "filed_as": application.filed_as,
        "representative_name": application.representative_name,
        "representative_document": application.representative_document,
    }


def _save_draft(
    actor: ActorScope,
    application: TransferApplication,
    form: f.ApplicationForm,
) -> None:
    """Save every field that parsed; a field that did not keeps its stored value (and its
    error shows), so nothing typed or uploaded is lost."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    current = _initial(application)
    value = {name: data.get(name, current[name]) for name in current if name in form.fields}
    services.application_draft_save(
        actor=actor,
        application=application,
        ground=str(value.get("ground") or ""),
        text=str(value.get("text") or ""),
        starts_on=value.get("starts_on"),
        ends_on=value.get("ends_on"),
        discipline_ids=[int(i) for i in value.get("disciplines") or []],
        filed_as=value.get("filed_as") or None,
        representative_name=value.get("representative_name"),
        representative_document=value.get("representative_document"),
    )


def _field_error(form: Any, error: DomainError) -> None:  # noqa: ANN401
    errors = error.extra.get("errors")
    pairs = (
        errors.items() if isinstance(errors, dict) else [(error.extra.get("field"), error.message)]
    )
    for field, message in pairs:
        form.add_error(field if isinstance(field, str) and field in form.fields else None, message)


@login_required
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    """The application form (draft or returned): save, check with the rules, submit.
    Uploads are stored at once, so an error elsewhere on the form never loses them."""
    actor, application = _student_side(request, application_id)
    if not application.is_editable:
        return redirect("distance:application_detail", application.pk)
    today = _today()
    grounds = selectors.ground_rule_list(institution=application.institution, as_of=today)
    representative = actor.student_id != application.student_id
    disciplines = _discipline_choices(application)

    def application_form(data: Any = None) -> f.ApplicationForm:  # noqa: ANN401
        return f.ApplicationForm(
            data,
            initial=_initial(application),
            grounds=grounds,
            disciplines=disciplines,
            representative=representative,
        )

    post = request.method == "POST"
    form = application_form(request.POST if post else None)
    upload = f.EvidenceForm(
        request.POST if post else None, request.FILES if post else None, prefix="ev"
    )
    status = 200
    verdicts_problem = ""
    if post:
        action = request.POST.get("action", "save")
        form.is_valid()
        failed = bool(form.errors)
        try:
            _save_draft(actor, application, form)
        except DomainError as error:
            _field_error(form, error)
            failed = True
        upload_ok = _upload(actor, application, upload)
        failed = failed or not upload_ok
        if not failed and action in {"check", "submit"}:
            application.refresh_from_db()
            done, verdicts_problem, failed = _check_or_submit(
                request, actor, application, action=action, form=form
            )
            if done:
                return redirect("distance:application_detail", application.pk)
        if not failed and not verdicts_problem:
            if action == "save":
                messages.success(request, _("The draft is saved."))
            return redirect("distance:application_edit", application.pk)
        status = 422 if failed else 200
        application = selectors.application_detail_for(actor=actor, application_id=application.pk)
        if not form.errors:
            form = application_form()
        if upload_ok:
            upload = f.EvidenceForm(prefix="ev")
    return render(
        request,
        "distance/application_form.html",
        {
            "application": application,
            "form": form,
            "upload": upload,
            "grounds": [
                {
                    "rule": r,
                    "evidence": [_evidence_label(k) for k in r.required_evidence],
                }
                for r in grounds
            ],
            "verdicts_problem": verdicts_problem,
            "evidence": [(e, _evidence_label(e.kind)) for e in application.evidence.all()],
            "representative": representative,
        },
        status=status,
    )


def _check_or_submit(
    request: HttpRequest,
    actor: ActorScope,
    application: TransferApplication,
    *,
    action: str,
    form: f.ApplicationForm,
) -> tuple[bool, str, bool]:
    """Run the rules (check) or send the application (submit): (sent, problem, failed)."""
    today = _today()
    try:
        if action == "submit":
            services.application_submit(actor=actor, application=application, today=today)
            messages.success(request, _("The application is sent."))
            return True, "", False
        report = services.application_check(actor=actor, application=application, today=today)
    except ApplicationIncomplete as error:
        _field_error(form, error)
        return False, "", True
    except TransferNotAllowed as error:
        return False, error.message, True
    except DomainError as error:
        form.add_error(None, error.message)
        return False, "", True
    if report.allowed:
        messages.success(request, _("The rules allow this transfer. You can submit it."))
        return False, "", False
    return False, _("The rules do not allow this transfer; see why below."), False


def _evidence_label(kind: str) -> str:
    try:
        return str(EvidenceKind(kind).label)
    except ValueError:
        return kind


def _upload(actor: ActorScope, application: TransferApplication, form: f.EvidenceForm) -> bool:
    """Store the chosen file now (True when there was none or it was stored)."""
    if not form.is_valid():
        return False
    upload = form.cleaned_data.get("file")
    if not isinstance(upload, UploadedFile):
        return True
    try:
        services.evidence_add(
            actor=actor,
            application=application,
            upload=upload,
            kind=form.cleaned_data.get("kind") or "",
            number=form.cleaned_data.get("number") or "",
            issuer=form.cleaned_data.get("issuer") or "",
            issued_on=form.cleaned_data.get("issued_on"),
            valid_until=form.cleaned_data.get("valid_until"),
        )
    except DomainError as error:
        _field_error(form, error)
        return False
    return True


@login_required
@require_POST
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    actor = _actor(request)
    evidence = found_or_404(
        lambda: selectors.evidence_get_for(actor=actor, evidence_id=evidence_id)
    )
    try:
        services.evidence_remove(actor=actor, evidence=evidence)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("distance:application_edit", evidence.application_id)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    """An attachment, for those who may see its application."""
    actor = _actor(request)
    evidence = found_or_404(
        lambda: selectors.evidence_get_for(actor=actor, evidence_id=evidence_id)
    )
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=True,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- the application page


def _route_rows(application: TransferApplication) -> list[dict[str, Any]]:
    """The route of the current round: each role with its decision, if any."""
    steps = {s.order: s for s in application.steps.all() if s.round == application.round}
    return [
        {
            "order": index,
            "role": _role_label(role),
            "step": steps.get(index),
            "current": application.current_step == index,
        }
        for index, role in enumerate(application.route, 1)
    ]


def _detail_context(
    actor: ActorScope, application: TransferApplication, decision_form: f.DecisionForm
) -> dict[str, Any]:
    student_side = selectors.is_student_side(actor=actor, application=application)
    return {
        "application": application,
        "ground_label": selectors.ground_label(
            institution=application.institution, as_of=_today(), ground=application.ground
        )
        if application.ground
        else "",
        "route": _route_rows(application),
        "steps": [s for s in application.steps.all() if s.decided_at],
        "events": list(application.events.all()),
        "evidence": [(e, _evidence_label(e.kind)) for e in application.evidence.all()],
        "student_side": student_side,
        "notifications": selectors.notifications_for(actor=actor, application=application)
        if student_side
        else [],
        "can_decide": selectors.can_decide(actor=actor, application=application),
        "decision_form": decision_form,
        "current_role": _role_label(application.current_role),
        "can_withdraw": student_side
        and application.status
        in (
            ApplicationStatus.DRAFT,
            ApplicationStatus.RETURNED,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.IN_REVIEW,
        ),
        "can_ask_leave": student_side
        and application.ground == services.MEDICAL_GROUND
        and application.status in (ApplicationStatus.APPROVED, ApplicationStatus.IN_EFFECT)
        and not application.leave_requested,
    }


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """An application with its route, decisions, history, verdicts and evidence; the
    decision form for the holder of the current step."""
    actor = _actor(request)
    application: TransferApplication = found_or_404(
        lambda: selectors.application_detail_for(actor=actor, application_id=application_id)
    )
    return render(
        request,
        "distance/application_detail.html",
        _detail_context(actor, application, f.DecisionForm()),
    )


@login_required
@require_POST
def application_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    """Approve, reject (with a reason) or return for changes (with a reason)."""
    actor = _actor(request)
    application: TransferApplication = found_or_404(
        lambda: selectors.application_detail_for(actor=actor, application_id=application_id)
    )
    form = f.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.step_decide(
                actor=actor,
                application=application,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                today=_today(),
            )
        except DomainError as error:
            _field_error(form, error)
        else:
            labels = {
                Decision.APPROVE: _("Approved."),
                Decision.REJECT: _("Rejected."),
                Decision.RETURN: _("Returned for changes."),
            }
            messages.success(request, labels[Decision(form.cleaned_data["decision"])])
            return redirect("distance:inbox")
    return render(
        request,
        "distance/application_detail.html",
        _detail_context(actor, application, form),
        status=422,
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    actor, application = _student_side(request, application_id)
    try:
        services.application_withdraw(actor=actor, application=application)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect("distance:application_detail", application.pk)


@login_required
@require_POST
def leave_request(request: HttpRequest, application_id: int) -> HttpResponse:
    """ELIG-3 (S3): ask for academic leave for health reasons when the period ends."""
    actor, application = _student_side(request, application_id)
    try:
        services.leave_request(actor=actor, application=application)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your request is recorded; the Office Registrar processes it when the period ends."),
        )
    return redirect("distance:application_detail", application.pk)


# ---------------------------------------------------------------- the approvers' inbox


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """ "Waiting for my decision" (default) or every application in my scope (`?all=1`),
    filtered by status, ground and a search in names and student numbers."""
    actor = _actor(request)
    institution_ids = sorted({g.institution_id for g in actor.grants})
    institution = Institution.objects.filter(pk__in=institution_ids).order_by("code").first()
    grounds = (
        selectors.ground_rule_list(institution=institution, as_of=_today()) if institution else []
    )
    form = f.InboxFilterForm(request.GET or None, grounds=grounds)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ApplicationFilter(
        status=data.get("status") or "", ground=data.get("ground") or "", search=data.get("q") or ""
    )
    show_all = request.GET.get("all") == "1"
    if show_all:
        queryset = selectors.application_list_for(actor=actor, filters=filters).exclude(
            submitted_at__isnull=True
        )
    else:
        queryset = selectors.inbox_for(actor=actor, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(request, queryset)
    labels = {g.ground: g.label for g in grounds}
    return render(
        request,
        "distance/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (a, labels.get(a.ground, a.ground), _role_label(a.current_role))
                for a in page.object_list
            ],
            "show_all": show_all,
            "query": query.urlencode(),
        },
    )


# ---------------------------------------------------------------- orders


@login_required
def order_journal(request: HttpRequest) -> HttpResponse:
    """The journal of the rector's orders on transfers, by year."""
    actor = _actor(request)
    years = selectors.order_years_for(actor=actor)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else (years[0] if years else None)
    orders = selectors.order_list_for(actor=actor, year=year)
    page = paginate(request, orders)
    return render(
        request,
        "distance/order_journal.html",
        {"page": page, "years": years, "year": year, "query": f"year={year}" if year else ""},
    )


@login_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    actor = _actor(request)
    order: RectorOrder = found_or_404(
        lambda: selectors.order_get_for(actor=actor, order_id=order_id)
    )
    return render(
        request,
        "distance/order_detail.html",
        {
            "order": order,
            "entries": list(order.entries.all()),
            "verify_url": site_url(reverse("distance:order_verify", args=[order.token])),
        },
    )


@login_required
def order_pdf(request: HttpRequest, order_id: int, language: str) -> FileResponse:
    """The order's PDF in Kazakh (`kk`) or Russian (`ru`)."""
    actor = _actor(request)
    order: RectorOrder = found_or_404(
        lambda: selectors.order_get_for(actor=actor, order_id=order_id)
    )
    if language not in ("kk", "ru"):
        raise Http404
    document = order.pdf_kk if language == "kk" else order.pdf_ru
    return FileResponse(
        document.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"order-{order.year}-{order.sequence}-{language}.pdf",
    )


def order_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: confirms an order's number, date and hashes (the QR code's link); shows
    no personal data."""
    order: RectorOrder = found_or_404(lambda: selectors.order_verify(token=token))
    return render(request, "distance/order_verify.html", {"order": order})


# ---------------------------------------------------------------- settings and tasks


def _admin_institution(request: HttpRequest, allowed: Any) -> Institution:  # noqa: ANN401
    actor = _actor(request)
    wanted = request.GET.get("institution") or request.POST.get("institution") or ""
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


@login_required
def route_settings(request: HttpRequest) -> HttpResponse:
    """The route of applications and the reminder days (administrators)."""
    actor = _actor(request)
    institution = _admin_institution(request, can_manage_route)
    roles = selectors.route_roles(institution_id=institution.pk)
    initial: dict[str, Any] = {
        "reminder_days": ", ".join(
            str(d) for d in selectors.reminder_days(institution_id=institution.pk)
        )
    }
    initial |= {f"step_{i}": role for i, role in enumerate(roles, 1)}
    form = f.RouteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.route_set(
                actor=actor,
                institution=institution,
                roles=form.roles(),
                reminder_days=form.cleaned_data["reminder_days"],
            )
        except DomainError as error:
            field = error.extra.get("field")
            form.add_error("reminder_days" if field == "reminder_days" else None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('distance:route')}?institution={institution.pk}")
    return render(
        request,
        "distance/route_form.html",
        {"form": form, "institution": institution, "steps": len(ROUTE_ROLES)},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    """ELIG-3: medical periods that ended: back to offline study, or academic leave."""
    actor = _actor(request)
    if not (actor.is_superuser or actor.institutions_with("registrar", "admin")):
        raise Http404
    show = request.GET.get("status", TaskStatus.OPEN)
    if show not in TaskStatus.values:
        show = ""
    return render(
        request,
        "distance/tasks.html",
        {
            "tasks": list(selectors.task_list_for(actor=actor, status=show)),
            "show": show,
            "TaskStatus": TaskStatus,
            "form": f.LeaveForm(initial={"effective_on": _today()}),
        },
    )


@login_required
@require_POST
def task_leave(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = _actor(request)
    task = found_or_404(lambda: selectors.task_get_for(actor=actor, task_id=task_id))
    form = f.LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the academic leave starts."))
        return redirect("distance:tasks")
    try:
        services.task_leave_grant(
            actor=actor,
            task=task,
            effective_on=form.cleaned_data["effective_on"],
            order_number=form.cleaned_data["order_number"],
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Academic leave is recorded in the personal file."))
    return redirect("distance:tasks")


@login_required
@require_POST
def task_close(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = _actor(request)
    task = found_or_404(lambda: selectors.task_get_for(actor=actor, task_id=task_id))
    try:
        services.task_close(actor=actor, task=task)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The task is closed."))
    return redirect("distance:tasks")


def can_see_journal(actor: ActorScope) -> bool:
    return actor.is_superuser or any(
        can_read_journal(actor, g.institution_id) for g in actor.grants
    )


def can_see_tasks(actor: ActorScope) -> bool:
    return actor.is_superuser or any(
        can_handle_tasks(actor, g.institution_id) for g in actor.grants
    )
