"""Reads of the transfer workflow: every function that takes the actor returns only what
the actor may see (SEC-2), with what the caller renders already fetched."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.scope import ActorScope
from qashyq.distance.errors import ApplicationNotFound, OrderNotFound
from qashyq.distance.models import (
    DEFAULT_REMINDER_DAYS,
    DEFAULT_ROUTE,
    PENDING,
    ApplicationEvent,
    ApprovalStep,
    DistanceAccess,
    Evidence,
    Notification,
    RectorOrder,
    RectorOrderEntry,
    RegistrarTask,
    RouteTemplate,
    StudentRepresentative,
    TaskStatus,
    TransferApplication,
)
from qashyq.distance.permissions import (
    StudentPlace,
    application_scope,
    can_handle_tasks,
    holds_step,
    inbox_scope,
    journal_institutions,
)
from qashyq.institutions.models import Discipline, Institution
from qashyq.people.models import PlanItemStatus, RoleAssignment, Student, StudyPlanItem
from qashyq.regulations import selectors as rules
from qashyq.regulations.data import GroundRule


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise ApplicationNotFound(_("Not found.")) from None


def _not_found() -> ApplicationNotFound:
    return ApplicationNotFound(_("Not found."))


# ---------------------------------------------------------------- who files for whom


def filing_students(*, actor: ActorScope) -> list[Student]:
    """The students the actor may file for: themself, and those they represent (ELIG-6)."""
    if not actor.is_authenticated:
        return []
    q = Q(representatives__user_id=actor.user_id)
    if actor.student_id is not None:
        q |= Q(pk=actor.student_id)
    return list(
        Student.objects.filter(q)
        .select_related("user", "institution", "program", "group")
        .distinct()
        .order_by("user__last_name", "user__first_name", "pk")
    )


def representation_of(*, actor: ActorScope, student_id: int) -> StudentRepresentative | None:
    """The actor's registration as a representative of the student, if any."""
    if actor.user_id is None:
        return None
    return StudentRepresentative.objects.filter(
        student_id=student_id, user_id=actor.user_id
    ).first()


def filing_student_get(*, actor: ActorScope, student_id: object) -> Student:
    """A student the actor may file for, or 404."""
    wanted = _pk(student_id)
    for student in filing_students(actor=actor):
        if student.pk == wanted:
            return student
    raise _not_found()


def student_place(student: Student) -> StudentPlace:
    return StudentPlace(
        institution_id=student.institution_id,
        faculty_id=student.program.department.faculty_id,
        department_id=student.program.department_id,
        group_id=student.group_id,
    )


# ---------------------------------------------------------------- grounds and disciplines


def ground_rule_list(*, institution: Institution, as_of: dt.date) -> list[GroundRule]:
    """The grounds an application may cite, with the evidence each needs (ELIG-1…ELIG-4),
    only those that need an individual application (ELIG-6: not quarantine)."""
    return [
        r
        for r in rules.ground_rules(institution=institution, as_of=as_of)
        if r.requires_application
    ]


def ground_rule_get(*, institution: Institution, as_of: dt.date, ground: str) -> GroundRule | None:
    return next(
        (r for r in ground_rule_list(institution=institution, as_of=as_of) if r.ground == ground),
        None,
    )


def ground_label(*, institution: Institution, as_of: dt.date, ground: str) -> str:
    rule = next(
        (r for r in rules.ground_rules(institution=institution, as_of=as_of) if r.ground == ground),
        None,
    )
    return rule.label if rule is not None else ground


def plan_items_open_to_distance(
    *, student: Student, on: dt.date | None = None
) -> list[StudyPlanItem]:
    """The disciplines of the student's plan that may be studied at a distance (LIM-6):
    the planned (not completed or dropped) items, narrowed to the list approved by the
    rector's order in force on `on` (default today) for the student's program, when
    one is (regulations). The engine then checks the limits."""
    queryset = (
        StudyPlanItem.objects.filter(student=student)
        .exclude(status__in=[PlanItemStatus.COMPLETED, PlanItemStatus.DROPPED])
        .select_related("discipline")
        .order_by("semester", "discipline__code")
    )
    listed = rules.disciplines_open_to_distance(student=student, on=on or timezone.localdate())
    if listed is not None:
        queryset = queryset.filter(discipline_id__in=sorted(listed))
    return list(queryset)


# ---------------------------------------------------------------- applications


def _with_student(queryset: QuerySet[TransferApplication]) -> QuerySet[TransferApplication]:
    return queryset.select_related(
        "student__user", "student__program__department", "student__group", "institution"
    )


@dataclass(frozen=True)
class ApplicationFilter:
    status: str = ""
    ground: str = ""
    role: str = ""
    search: str = ""
    student_id: int | None = None


def _filtered(
    queryset: QuerySet[TransferApplication], f: ApplicationFilter
) -> QuerySet[TransferApplication]:
    if f.status:
        queryset = queryset.filter(status=f.status)
    if f.ground:
        queryset = queryset.filter(ground=f.ground)
    if f.role:
        queryset = queryset.filter(current_role=f.role)
    if f.student_id is not None:
        queryset = queryset.filter(student_id=f.student_id)
    if search := f.search.strip():
        condition = Q(student__student_number__icontains=search)
        for word in search.split():
            condition |= Q(student__user__last_name__icontains=word) | Q(
                student__user__first_name__icontains=word
            )
        queryset = queryset.filter(condition)
    return queryset


def application_list_for(
    *, actor: ActorScope, filters: ApplicationFilter | None = None
) -> QuerySet[TransferApplication]:
    """Applications the actor may see, newest first, with the student fetched."""
    queryset = TransferApplication.objects.filter(
        pk__in=TransferApplication.objects.filter(application_scope(actor)).values("pk")
    )
    return _with_student(_filtered(queryset, filters or ApplicationFilter())).order_by(
        "-created_at", "-pk"
    )


def inbox_for(
    *, actor: ActorScope, filters: ApplicationFilter | None = None
) -> QuerySet[TransferApplication]:
    """Applications waiting for the actor's decision (the current step is a role they hold
    in the student's scope), oldest submission first."""
    queryset = TransferApplication.objects.filter(inbox_scope(actor), status__in=PENDING)
    return _with_student(_filtered(queryset, filters or ApplicationFilter())).order_by(
        "submitted_at", "pk"
    )


def application_get_for(*, actor: ActorScope, application_id: object) -> TransferApplication:
    """One application, or ApplicationNotFound for absent and not-visible alike."""
    try:
        return application_list_for(actor=actor).get(pk=_pk(application_id))
    except ObjectDoesNotExist:
        raise _not_found() from None


def application_detail_for(*, actor: ActorScope, application_id: object) -> TransferApplication:
    """The application with its disciplines, evidence, steps and history prefetched."""
    try:
        return (
            application_list_for(actor=actor)
            .select_related("filed_by", "order", "student__program__department__faculty")
            .prefetch_related(
                Prefetch("disciplines", queryset=Discipline.objects.order_by("code")),
                Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")),
                Prefetch(
                    "steps",
                    queryset=ApprovalStep.objects.select_related("decided_by").order_by(
                        "round", "order"
                    ),
                ),
                Prefetch(
                    "events",
                    queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "pk"),
                ),
            )
            .get(pk=_pk(application_id))
        )
    except ObjectDoesNotExist:
        raise _not_found() from None


def can_decide(*, actor: ActorScope, application: TransferApplication) -> bool:
    """Whether the actor holds the current step's role in the student's scope."""
    if application.status not in PENDING or not application.current_role:
        return False
    return holds_step(
        actor, role=application.current_role, place=student_place(application.student)
    )


def is_student_side(*, actor: ActorScope, application: TransferApplication) -> bool:
    """The student, or a registered representative of theirs (who may edit and submit)."""
    if actor.student_id == application.student_id:
        return True
    return representation_of(actor=actor, student_id=application.student_id) is not None


def notifications_for(*, actor: ActorScope, application: TransferApplication) -> list[Notification]:
    """The in-app messages about this application addressed to the actor."""
    if actor.user_id is None:
        return []
    return list(
        Notification.objects.filter(application=application, recipient_id=actor.user_id).order_by(
            "-created_at", "-pk"
        )
    )


def evidence_get_for(*, actor: ActorScope, evidence_id: object) -> Evidence:
    """An attachment of an application the actor may see, or 404."""
    try:
        return Evidence.objects.select_related("application").get(
            pk=_pk(evidence_id),
            application__in=TransferApplication.objects.filter(application_scope(actor)).values(
                "pk"
            ),
        )
    except ObjectDoesNotExist:
        raise _not_found() from None


# ---------------------------------------------------------------- the route


def route_roles(*, institution_id: int) -> list[str]:
    """The institution's route (ELIG-6), or the default advisor → dean → Office
    Registrar → rector's office."""
    roles = list(
        RouteTemplate.objects.filter(institution_id=institution_id)
        .values_list("steps__role", flat=True)
        .order_by("steps__order")
    )
    roles = [r for r in roles if r]
    return roles or list(DEFAULT_ROUTE)


def reminder_days(*, institution_id: int) -> list[int]:
    template = RouteTemplate.objects.filter(institution_id=institution_id).first()
    if template is None or not template.reminder_days:
        return list(DEFAULT_REMINDER_DAYS)
    return sorted({int(d) for d in template.reminder_days}, reverse=True)


def step_people(*, student: Student, role: str, on: dt.date) -> list[User]:
    """The people holding `role` in the student's scope on `on` (to notify them)."""
    place = student_place(student)
    q = Q(role=role, institution_id=place.institution_id)
    if role == "advisor":
        if place.group_id is None:
            return []
        q &= Q(group_id=place.group_id)
    elif role == "dean":
        q &= Q(faculty_id=place.faculty_id)
    elif role == "department_head":
        q &= Q(department_id=place.department_id)
    in_force = (Q(starts_on__isnull=True) | Q(starts_on__lte=on)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    user_ids = RoleAssignment.objects.filter(q, in_force).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


# ---------------------------------------------------------------- orders (the journal)


def order_list_for(
    *, actor: ActorScope, year: int | None = None, institution_id: int | None = None
) -> QuerySet[RectorOrder]:
    """The journal of orders: the institution's offices see all; others the orders that
    concern applications they may see."""
    visible = Q(
        pk__in=RectorOrderEntry.objects.filter(
            application__in=TransferApplication.objects.filter(application_scope(actor)).values(
                "pk"
            )
        ).values("order_id")
    )
    if actor.is_superuser:
        visible = Q()
    elif institutions := journal_institutions(actor):
        visible |= Q(institution_id__in=sorted(institutions))
    queryset = RectorOrder.objects.filter(visible)
    if year is not None:
        queryset = queryset.filter(year=year)
    if institution_id is not None:
        queryset = queryset.filter(institution_id=institution_id)
    return queryset.select_related("institution", "signed_by").order_by(
        "institution__code", "-year", "-sequence"
    )


def order_years_for(*, actor: ActorScope) -> list[int]:
    return sorted(
        set(order_list_for(actor=actor).values_list("year", flat=True).order_by()), reverse=True
    )


def order_get_for(*, actor: ActorScope, order_id: object) -> RectorOrder:
    """One order with its entries (students, disciplines), or OrderNotFound."""
    entries = RectorOrderEntry.objects.select_related(
        "student__user", "student__group", "student__program", "application"
    ).prefetch_related(Prefetch("disciplines", queryset=Discipline.objects.order_by("code")))
    try:
        return (
            order_list_for(actor=actor)
            .prefetch_related(Prefetch("entries", queryset=entries))
            .get(pk=_pk(order_id))
        )
    except (ObjectDoesNotExist, ApplicationNotFound):
        raise OrderNotFound(_("Not found.")) from None


def order_verify(*, token: str) -> RectorOrder:
    """The public check of an order by the token of its QR code: no personal data."""
    try:
        value = uuid.UUID(str(token))
        return RectorOrder.objects.select_related("institution").get(token=value)
    except (ValueError, ObjectDoesNotExist):
        raise OrderNotFound(_("Not found.")) from None


# ---------------------------------------------------------------- registrar's tasks, access


def task_list_for(*, actor: ActorScope, status: str = TaskStatus.OPEN) -> QuerySet[RegistrarTask]:
    """ELIG-3: medical periods that ended, for the Office Registrar of the institution."""
    if actor.is_superuser:
        queryset = RegistrarTask.objects.all()
    else:
        institutions = sorted(actor.institutions_with("registrar", "admin"))
        queryset = RegistrarTask.objects.filter(institution_id__in=institutions)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related(
        "student__user", "student__group", "application", "resolved_by"
    ).order_by("due_on", "pk")


def task_get_for(*, actor: ActorScope, task_id: object) -> RegistrarTask:
    task = task_list_for(actor=actor, status="").filter(pk=_pk(task_id)).first()
    if task is None or not can_handle_tasks(actor, task.institution_id):
        raise _not_found()
    return task


def distance_access_active(*, student_id: int, on: dt.date) -> bool:
    """SIS-5: whether the student has distance-learning access (e-schedule, e-journal,
    e-resources) on `on`; for the schedule and course apps."""
    return DistanceAccess.objects.filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gte=on),
        student_id=student_id,
        granted_on__lte=on,
    ).exists()


def distance_disciplines(*, student_ids: Sequence[int], on: dt.date) -> dict[int, set[int]]:
    """The disciplines each student studies at a distance by an order in effect on `on`."""
    result: dict[int, set[int]] = {}
    rows = TransferApplication.disciplines.through.objects.filter(
        transferapplication__student_id__in=list(student_ids),
        transferapplication__started_on__lte=on,
        transferapplication__access__isnull=False,
    ).filter(
        Q(transferapplication__ended_on__isnull=True) | Q(transferapplication__ended_on__gte=on)
    )
    for student_id, discipline_id in rows.values_list(
        "transferapplication__student_id", "discipline_id"
    ):
        result.setdefault(student_id, set()).add(discipline_id)
    return result
