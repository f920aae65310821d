"""Demo transfers to distance learning (ELIG-6, ELIG-3, SIS-5) for the demo accounts.

`demo_distance(institution=, today=)` runs the real services of `qashyq.distance` as
the demo people would, on dates around `today`: the route (advisor → dean → Office
Registrar → rector's office), and four applications of students of the demo
student's group (the advisor's):

- the demo student: approved, with the rector's order and its PDFs, in effect;
- a classmate: approved by the advisor, waiting for the dean;
- a classmate: returned by the advisor for changes;
- a classmate: a medical period (ELIG-3) ending in two days.

Idempotent: an institution that already has transfer applications is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from reportlab.platypus import Paragraph

from qashyq.accounts.models import User
from qashyq.core import pdf
from qashyq.core.scope import ActorScope
from qashyq.demo.builder import fixed_username
from qashyq.distance import services as distance
from qashyq.distance.models import TransferApplication
from qashyq.institutions.models import Institution
from qashyq.people import selectors as people
from qashyq.people.models import PlanItemStatus, Student, StudyPlanItem


@dataclass(frozen=True)
class DemoDistanceSummary:
    applications: dict[str, int] = field(default_factory=dict)  # state → application id
    order_number: str = ""


def _actor(user: User) -> ActorScope:
    return people.actor_scope(user=user)


def _scan(title: str) -> SimpleUploadedFile:
    """A small PDF standing in for a scanned document."""
    style = pdf.styles()
    data = pdf.pdf_build([Paragraph(pdf.text(title), style["title"])], title=title)
    return SimpleUploadedFile("scan.pdf", data, content_type="application/pdf")


def _disciplines(student: Student, count: int = 2) -> list[int]:
    """Planned disciplines of the student's current year, the first `count` of them."""
    first = max(1, student.course_year * 2 - 1)
    items = (
        StudyPlanItem.objects.filter(
            student=student, status=PlanItemStatus.PLANNED, semester__gte=first
        )
        .order_by("semester", "discipline__code")
        .values_list("discipline_id", flat=True)
    )
    return list(items[:count])


TEXTS = {
    "temporary_health": (
        "Ректорға. Дәрігерлік-консультациялық комиссияның қорытындысына сәйкес денсаулығыма "
        "байланысты көрсетілген пәндерді қашықтықтан оқуға рұқсат беруіңізді сұраймын."
    ),
    "competition": (
        "Ректорға. Республикалық спорттық жарысқа қатысуыма байланысты көрсетілген пәндерді "
        "қашықтықтан оқуға рұқсат беруіңізді сұраймын."
    ),
}
EVIDENCE = {
    "temporary_health": ("medical_conclusion", "ДКК қорытындысы (ҚР ДСМ-175/2020 нысаны)"),
    "competition": ("invitation", "Жарысқа шақыру хат"),
}


def _draft(
    student: Student, *, ground: str, starts_on: dt.date, days: int, filed_on: dt.date
) -> TransferApplication:
    actor = _actor(student.user)
    application = distance.application_create(actor=actor, student=student)
    distance.application_draft_save(
        actor=actor,
        application=application,
        ground=ground,
        text=TEXTS[ground],
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days - 1),
        discipline_ids=_disciplines(student),
    )
    kind, title = EVIDENCE[ground]
    distance.evidence_add(
        actor=actor,
        application=application,
        upload=_scan(title),
        kind=kind,
        number=f"{student.student_number[-4:]}/{filed_on:%m}",
        issuer="Семей қалалық емханасы" if ground == "temporary_health" else "ҚР Спорт министрлігі",
        issued_on=filed_on - dt.timedelta(days=1),
    )
    distance.application_submit(actor=actor, application=application, today=filed_on)
    return application


def _approve(application: TransferApplication, users: list[User], *, on: dt.date) -> None:
    for user in users:
        distance.step_decide(
            actor=_actor(user), application=application, decision="approve", today=on
        )


@transaction.atomic
def demo_distance(*, institution: Institution, today: dt.date) -> DemoDistanceSummary:
    """Generate the demo transfers (see the module's docstring) through the services."""
    if TransferApplication.objects.filter(institution=institution).exists():
        return DemoDistanceSummary()
    code = institution.code
    user = {
        name: User.objects.get(username=fixed_username(name, code))
        for name in ("student", "advisor", "dean", "registrar", "rector", "admin")
    }
    distance.route_set(
        actor=_actor(user["admin"]),
        institution=institution,
        roles=["advisor", "dean", "registrar", "rector_office"],
        reminder_days=[7, 1],
    )
    student = Student.objects.select_related("group").get(user=user["student"])
    classmates = list(
        Student.objects.filter(group=student.group, status="enrolled")
        .exclude(pk=student.pk)
        .order_by("student_number")[:3]
    )
    route = [user["advisor"], user["dean"], user["registrar"], user["rector"]]
    summary: dict[str, int] = {}

    approved = _draft(
        student,
        ground="competition",
        starts_on=today - dt.timedelta(days=5),
        days=21,
        filed_on=today - dt.timedelta(days=12),
    )
    _approve(approved, route, on=today - dt.timedelta(days=8))
    summary["in_effect"] = approved.pk

    if len(classmates) >= 1:
        waiting = _draft(
            classmates[0],
            ground="competition",
            starts_on=today + dt.timedelta(days=10),
            days=14,
            filed_on=today - dt.timedelta(days=2),
        )
        _approve(waiting, route[:1], on=today - dt.timedelta(days=1))
        summary["waiting_for_dean"] = waiting.pk
    if len(classmates) >= 2:
        returned = _draft(
            classmates[1],
            ground="temporary_health",
            starts_on=today + dt.timedelta(days=3),
            days=30,
            filed_on=today - dt.timedelta(days=1),
        )
        distance.step_decide(
            actor=_actor(user["advisor"]),
            application=returned,
            decision="return",
            reason="ДКК қорытындысының екінші бетін де жүктеңіз.",
            today=today,
        )
        summary["returned"] = returned.pk
    if len(classmates) >= 3:
        medical = _draft(
            classmates[2],
            ground="temporary_health",
            starts_on=today - dt.timedelta(days=27),
            days=30,
            filed_on=today - dt.timedelta(days=29),
        )
        _approve(medical, route, on=today - dt.timedelta(days=28))
        summary["medical_ending"] = medical.pk

    distance.distance_tick(today=today)  # starts what has begun, sends due reminders
    approved.refresh_from_db()
    return DemoDistanceSummary(
        applications=summary, order_number=approved.order.number if approved.order else ""
    )
