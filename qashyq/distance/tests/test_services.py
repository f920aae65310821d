"""The transfer workflow end to end (ELIG-6, ELIG-3, LIM-6, SIS-5): drafts and evidence,
the engine before anyone sees an application, the route, the rector's order, the
period in effect and its end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from qashyq.core.tests.pdftext import pdf_text
from qashyq.distance import selectors, services
from qashyq.distance.errors import (
    ApplicationIncomplete,
    ApplicationNotFound,
    ApplicationStateInvalid,
    DecisionForbidden,
    DecisionInvalid,
    DistanceChangeForbidden,
    EvidenceInvalid,
    RouteInvalid,
    TransferNotAllowed,
)
from qashyq.distance.models import (
    ApplicationEvent,
    ApprovalStep,
    DistanceAccess,
    Notification,
    OrderCounter,
    RectorOrder,
    RegistrarTask,
    Reminder,
    TransferApplication,
)
from qashyq.distance.tests.conftest import (
    TODAY,
    World,
    draft_make,
    pdf_upload,
    plan_make,
    role_user,
    route_through,
    speak_english,
    student_make,
)
from qashyq.people.models import StudentStatusChange, StudyPlanItem

pytestmark = pytest.mark.django_db


def _deliveries(world: World) -> dict[str, str]:
    return dict(
        StudyPlanItem.objects.filter(student=world.student)
        .order_by("discipline__code")
        .values_list("discipline__code", "delivery")
    )


def _inbox(world: World, user: object) -> list[int]:
    return list(selectors.inbox_for(actor=world.actor(user)).values_list("pk", flat=True))  # type: ignore[arg-type]


# ---------------------------------------------------------------- the whole route


def test_full_route_to_the_order_and_the_period(world: World) -> None:
    """ELIG-6: advisor → dean → registrar → rector's office → order No. 1-ҚО with PDFs;
    SIS-5: the disciplines go to distance learning on the first day and back after the
    last; every step recorded with who and when."""
    application = draft_make(world, starts_on=TODAY + dt.timedelta(days=7), days=30)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    application.refresh_from_db()
    assert (application.status, application.current_role, application.round) == (
        "submitted",
        "advisor",
        1,
    )
    assert application.route == ["advisor", "dean", "registrar", "rector_office"]
    assert _inbox(world, world.advisor) == [application.pk]
    assert _inbox(world, world.dean) == []

    for user, next_role in (
        (world.advisor, "dean"),
        (world.dean, "registrar"),
        (world.registrar, "rector_office"),
    ):
        services.step_decide(
            actor=world.actor(user), application=application, decision="approve", today=TODAY
        )
        application.refresh_from_db()
        assert (application.status, application.current_role) == ("in_review", next_role)
    services.step_decide(
        actor=world.actor(world.rector), application=application, decision="approve", today=TODAY
    )
    application.refresh_from_db()

    assert application.status == "approved"
    order = application.order
    assert order is not None
    assert (order.number, order.year, order.sequence, order.issued_on) == ("1-ҚО", 2026, 1, TODAY)
    assert order.signer_name == "Қасымов Шаһмардан"
    steps = list(
        ApprovalStep.objects.filter(application=application).values_list(
            "order", "role", "decision", "decided_by"
        )
    )
    assert steps == [
        (1, "advisor", "approve", world.advisor.pk),
        (2, "dean", "approve", world.dean.pk),
        (3, "registrar", "approve", world.registrar.pk),
        (4, "rector_office", "approve", world.rector.pk),
    ]
    assert all(
        ApprovalStep.objects.filter(application=application).values_list("decided_at", flat=True)
    )
    entry = order.entries.get()
    assert (entry.student_id, entry.ground, entry.starts_on, entry.ends_on) == (
        world.student.pk,
        "temporary_health",
        TODAY + dt.timedelta(days=7),
        TODAY + dt.timedelta(days=36),
    )
    assert sorted(entry.disciplines.values_list("code", flat=True)) == ["INF1101", "INF1102"]
    assert _deliveries(world)["INF1101"] == "in_person"  # not before the first day

    start = TODAY + dt.timedelta(days=7)
    assert services.distance_tick(today=start).started == [application.pk]
    application.refresh_from_db()
    assert application.status == "in_effect"
    assert list(_deliveries(world).values()).count("distance") == 2
    assert _deliveries(world)["INF1101"] == "distance"
    assert _deliveries(world)["INF1103"] == "in_person"
    assert selectors.distance_access_active(student_id=world.student.pk, on=start)
    assert DistanceAccess.objects.get(application=application).resources == [
        "digital_system",
        "e_schedule",
        "e_journal",
        "e_resources",
    ]

    last = TODAY + dt.timedelta(days=36)
    assert services.distance_tick(today=last).ended == []  # the last day is still distance
    assert services.distance_tick(today=last + dt.timedelta(days=1)).ended == [application.pk]
    application.refresh_from_db()
    assert (application.status, application.ended_on) == ("ended", last)
    assert set(_deliveries(world).values()) == {"in_person"}
    assert not selectors.distance_access_active(
        student_id=world.student.pk, on=last + dt.timedelta(days=1)
    )
    kinds = list(
        ApplicationEvent.objects.filter(application=application).values_list("kind", flat=True)
    )
    assert kinds == [
        "created",
        "submitted",
        "approved",
        "approved",
        "approved",
        "approved",
        "order_issued",
        "started",
        "reminder",
        "ended",
    ]


def test_the_order_pdfs_are_in_kazakh_and_russian(world: World) -> None:
    """The order (бұйрық / приказ) names the institution, number, date, city, the acts
    and clauses, the student, group, program, ground, disciplines and period, and the
    rector's signature line, with Kazakh letters intact."""
    application = route_through(world, draft_make(world))
    order = application.order
    assert order is not None

    kk_lines = pdf_text(order.pdf_kk.read()).splitlines()
    ru_lines = pdf_text(order.pdf_ru.read()).splitlines()
    kk, ru = " ".join(kk_lines), " ".join(ru_lines)

    assert kk_lines[:5] == [
        "Семей қаласының Шәкәрім атындағы университеті",
        "БҰЙРЫҚ",
        "02.03.2026",
        "Семей қаласы",
        "№ 1-ҚО",
    ]
    assert "Нормативтік құқықтық актілерге (" in kk
    assert "-тармақ (" in kk  # the clause of each act cited
    assert "БҰЙЫРАМЫН:" in kk_lines
    assert "1. Төменде аталған білім алушылар 02.03.2026 бастап 31.03.2026 дейін" in kk
    assert "Жұмабаева Әлия АЖ-25-1 6B06101 Ақпараттық жүйелер" in kk
    assert "денсаулық жағдайының уақытша шектелуі (ДКК қорытындысы)" in kk
    assert "INF1101 Деректер қоры INF1102 Бағдарламалау негіздері" in kk
    assert "02.03.2026 – 31.03.2026" in kk
    assert kk_lines[-6:-3] == ["Ректор", "_______________", "Қасымов Шаһмардан"]
    assert kk_lines[-1] == f"SHA-256: {order.content_hash}"
    assert kk_lines[-2].endswith(f"/distance/verify/{order.token}/")
    assert set("әғқңөұүһі") <= set(kk)
    assert ru_lines[:5] == [
        "Университет имени Шакарима города Семей",
        "ПРИКАЗ",
        "02.03.2026",
        "г. Семей",
        "№ 1-ҚО",
    ]
    assert "ПРИКАЗЫВАЮ:" in ru_lines
    assert "6B06101 Информационные системы" in ru
    assert "временное ограничение здоровья (заключение ВКК)" in ru
    assert "INF1101 Базы данных INF1102 Основы программирования" in ru
    assert ru_lines[-6:-3] == ["Ректор", "_______________", "Қасымов Шаһмардан"]
    assert order.pdf_kk_sha256 != order.pdf_ru_sha256


def test_return_for_changes_and_resubmit(world: World) -> None:
    """A step returns the application with a reason; the student changes it and submits
    again: a new round from the first step, the first round kept in the history."""
    speak_english(world.student.user)  # notices are written in the recipient's language
    application = draft_make(world)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    services.step_decide(
        actor=world.actor(world.advisor), application=application, decision="approve", today=TODAY
    )
    services.step_decide(
        actor=world.actor(world.dean),
        application=application,
        decision="return",
        reason="Пәндер тізімін нақтылаңыз.",
        today=TODAY,
    )
    application.refresh_from_db()
    assert (application.status, application.current_role) == ("returned", "")
    assert _inbox(world, world.dean) == []
    notice = Notification.objects.filter(recipient=world.student.user).first()
    assert notice is not None
    assert notice.subject == "Your application to study at a distance was returned for changes"

    services.application_draft_save(
        actor=world.student_actor,
        application=application,
        ground="temporary_health",
        text=application.text,
        starts_on=application.starts_on,
        ends_on=application.ends_on,
        discipline_ids=[world.disciplines[0].pk],
    )
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    application.refresh_from_db()

    assert (application.status, application.round, application.current_role) == (
        "submitted",
        2,
        "advisor",
    )
    assert list(
        ApprovalStep.objects.filter(application=application).values_list(
            "round", "order", "role", "decision", "reason"
        )
    ) == [
        (1, 1, "advisor", "approve", ""),
        (1, 2, "dean", "return", "Пәндер тізімін нақтылаңыз."),
        (2, 1, "advisor", "", ""),
    ]


def test_rejection_needs_a_reason_and_is_final(world: World) -> None:
    application = draft_make(world)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    advisor = world.actor(world.advisor)
    with pytest.raises(DecisionInvalid) as error:
        services.step_decide(
            actor=advisor, application=application, decision="reject", reason=" ", today=TODAY
        )
    assert error.value.message == "Give the reason: the student sees it and can act on it."
    services.step_decide(
        actor=advisor,
        application=application,
        decision="reject",
        reason="ДКК қорытындысы жарамсыз.",
        today=TODAY,
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    with pytest.raises(ApplicationStateInvalid):
        services.step_decide(
            actor=advisor, application=application, decision="approve", today=TODAY
        )
    with pytest.raises(ApplicationStateInvalid):
        services.application_submit(actor=world.student_actor, application=application, today=TODAY)


def test_not_eligible_stops_before_anyone_sees_it(world: World) -> None:
    """The engine says no: the student gets the violated verdicts with citations; the
    application stays a draft that no approver sees and nobody is notified."""
    application = draft_make(world, disciplines=6)  # LIM-3: 6 of 10 disciplines > 50 %

    with pytest.raises(TransferNotAllowed) as error:
        services.application_submit(actor=world.student_actor, application=application, today=TODAY)

    violated = error.value.extra["verdicts"]
    assert isinstance(violated, list)
    assert sorted((v["requirement"], v["citation"]["act_code"]) for v in violated) == [
        ("LIM-3", "mon-137-2022"),
        ("LIM-3", "shakarim-e042-2023"),
    ]
    assert all(v["citation"]["clause"] and v["citation"]["act_title"] for v in violated)
    assert {v["figures"] for v in violated} == {"6 of 10 disciplines = 60 %, limit 50 %"}
    assert error.value.message == (
        "The rules do not allow this transfer: 2 checks failed. The application was not "
        "sent; see the rules and their clauses below."
    )
    application.refresh_from_db()
    assert (application.status, application.eligible, application.submitted_at) == (
        "draft",
        False,
        None,
    )
    assert [v["outcome"] for v in application.verdicts].count("violated") == len(violated)
    assert not ApprovalStep.objects.filter(application=application).exists()
    for user in (world.advisor, world.dean, world.registrar, world.rector):
        actor = world.actor(user)
        assert not selectors.application_list_for(actor=actor).filter(pk=application.pk).exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ground": ""}, "ground", "Choose the ground for studying at a distance."),
        (
            {"ground": "restrictive_measures"},
            "ground",
            "This ground does not apply to an individual application in your institution.",
        ),
        (
            {"starts_on": TODAY - dt.timedelta(days=1)},
            "starts_on",
            "The period cannot start in the past.",
        ),
        (
            {"ends_on": TODAY - dt.timedelta(days=1)},
            "ends_on",
            "The period cannot end before it starts.",
        ),
        ({"text": "  "}, "text", "Write the application to the rector."),
        ({"discipline_ids": []}, "disciplines", "Choose the disciplines to study at a distance."),
    ],
)
def test_incomplete_application_says_what_is_missing(
    world: World, change: dict[str, object], field: str, message: str
) -> None:
    application = draft_make(world)
    values: dict[str, object] = {
        "ground": application.ground,
        "text": application.text,
        "starts_on": application.starts_on,
        "ends_on": application.ends_on,
        "discipline_ids": list(application.disciplines.values_list("pk", flat=True)),
    }
    if "ground" in change and change["ground"] == "restrictive_measures":
        TransferApplication.objects.filter(pk=application.pk).update(ground="restrictive_measures")
        application.refresh_from_db()
    else:
        values |= change
        services.application_draft_save(
            actor=world.student_actor,
            application=application,
            **values,  # type: ignore[arg-type]
        )
    with pytest.raises(ApplicationIncomplete) as error:
        services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    assert error.value.extra["field"] == field
    assert error.value.message == message
    application.refresh_from_db()
    assert application.status == "draft"


def test_missing_attachment_and_medical_period_over_30_days(world: World) -> None:
    """ELIG-3: the ground needs the medical commission's conclusion; S3: 30 days at most."""
    application = draft_make(world, evidence=None, days=31)
    with pytest.raises(ApplicationIncomplete) as error:
        services.application_check(actor=world.student_actor, application=application, today=TODAY)
    errors = error.value.extra["errors"]
    assert isinstance(errors, dict)
    assert errors["evidence"].startswith("Attach ")
    assert "clause" in errors["evidence"]
    assert errors["ends_on"].startswith("On this ground the period is at most 30 days (")
    assert errors["ends_on"].endswith("it is 31 days.")


def test_check_stores_the_verdicts_without_sending(world: World) -> None:
    application = draft_make(world)
    report = services.application_check(
        actor=world.student_actor, application=application, today=TODAY
    )
    application.refresh_from_db()
    assert report.allowed
    assert application.status == "draft"
    assert application.eligible is True
    assert len(application.verdicts) == len(report.verdicts)
    assert {"rule_code", "requirement", "outcome", "citation"} <= set(application.verdicts[0])


# ---------------------------------------------------------------- who decides


def test_only_the_holder_of_the_step_decides(world: World) -> None:
    application = draft_make(world)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    other_advisor = role_user("advisor", world.institution, group=world.other_group)
    for user in (world.dean, world.registrar, world.rector):
        with pytest.raises(DecisionForbidden):
            services.step_decide(
                actor=world.actor(user), application=application, decision="approve", today=TODAY
            )
    with pytest.raises(DecisionForbidden):
        services.step_decide(
            actor=world.actor(other_advisor),
            application=application,
            decision="approve",
            today=TODAY,
        )
    application.refresh_from_db()
    assert (application.status, application.current_step) == ("submitted", 1)


def test_the_student_sees_only_their_own(world: World) -> None:
    application = draft_make(world)
    other = student_make(world.program, world.group)
    with pytest.raises(ApplicationNotFound):
        selectors.application_get_for(actor=world.actor(other.user), application_id=application.pk)
    with pytest.raises(ApplicationNotFound):
        services.application_submit(
            actor=world.actor(other.user), application=application, today=TODAY
        )


def test_a_registered_parent_files_for_their_child_only(world: World) -> None:
    """ELIG-6: a parent files; the student's account owns the application; the filer is
    recorded with the relation and document."""
    parent = role_user("student", world.other_institution)  # any account
    parent.first_name, parent.last_name = "Сәуле", "Жұмабаева"
    parent.save()
    services.representative_register(
        actor=world.actor(world.registrar),
        student=world.student,
        user=parent,
        relation="parent",
        document="Туу туралы куәлік № 123456",
    )
    other = student_make(world.program, world.group)
    parent_actor = world.actor(parent)

    application = services.application_create(actor=parent_actor, student=world.student)

    assert (application.student_id, application.filed_by_id, application.filed_as) == (
        world.student.pk,
        parent.pk,
        "parent",
    )
    assert application.representative_name == "Жұмабаева Сәуле"
    assert application.representative_document == "Туу туралы куәлік № 123456"
    assert (
        selectors.application_get_for(actor=world.student_actor, application_id=application.pk)
        == application
    )
    with pytest.raises(ApplicationNotFound):
        services.application_create(actor=parent_actor, student=other)


# ---------------------------------------------------------------- evidence


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "spaceship", "Choose what kind of document this is."),
        ("a.pdf", b"", "medical_conclusion", "The file is empty."),
        (
            "a.exe",
            b"MZ\x90\x00",
            "medical_conclusion",
            "Attach a PDF, JPEG or PNG file (a scan or a photo of the document).",
        ),
        (
            "big.pdf",
            b"%PDF-" + b"0" * (10 * 1024 * 1024),
            "medical_conclusion",
            "The file is 10.0 MB; attach at most 10 MB.",
        ),
    ],
)
def test_evidence_checks_size_and_type(
    world: World, name: str, content: bytes, kind: str, message: str
) -> None:
    application = draft_make(world, evidence=None)
    with pytest.raises(EvidenceInvalid) as error:
        services.evidence_add(
            actor=world.student_actor,
            application=application,
            upload=pdf_upload(name, content),
            kind=kind,
        )
    assert error.value.message == message
    assert not application.evidence.exists()


def test_evidence_keeps_its_metadata_and_type_by_content(world: World) -> None:
    application = draft_make(world, evidence=None)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    evidence = services.evidence_add(
        actor=world.student_actor,
        application=application,
        upload=pdf_upload("photo.pdf", png),
        kind="medical_conclusion",
        number="175/12",
        issued_on=TODAY,
        valid_until=TODAY + dt.timedelta(days=30),
    )
    assert (evidence.content_type, evidence.original_name, evidence.size) == (
        "image/png",
        "photo.pdf",
        28,
    )
    assert evidence.file.name.startswith("distance/evidence/")
    assert evidence.file.name.endswith(".png")
    assert evidence.file.read() == png


# ---------------------------------------------------------------- orders


def test_order_numbers_are_sequential_without_gaps(world: World) -> None:
    """Numbers per institution and year: 1-ҚО, 2-ҚО …; a failed order gives its number
    back (the counter is locked and written in the order's own transaction)."""
    first = route_through(world, draft_make(world))
    assert first.order is not None
    assert first.order.number == "1-ҚО"

    def failing_order() -> None:
        with transaction.atomic():
            assert services._next_number(world.institution, 2026) == 2
            msg = "the order could not be written"
            raise RuntimeError(msg)

    with pytest.raises(RuntimeError):
        failing_order()
    assert OrderCounter.objects.get(institution=world.institution, year=2026).last == 1

    student = student_make(world.program, world.group, prior_education="higher")
    plan_make(student, world.disciplines)
    second = route_through(world, draft_make(world, student=student))
    assert second.order is not None
    assert second.order.number == "2-ҚО"
    assert services._next_number(world.institution, 2027) == 1  # a new year starts at 1
    assert services._next_number(world.other_institution, 2026) == 1  # per institution
    assert list(RectorOrder.objects.order_by("sequence").values_list("number", flat=True)) == [
        "1-ҚО",
        "2-ҚО",
    ]


def test_approval_on_or_after_the_first_day_starts_at_once(world: World) -> None:
    application = route_through(world, draft_make(world, starts_on=TODAY))
    assert application.status == "in_effect"
    assert _deliveries(world)["INF1101"] == "distance"


# ---------------------------------------------------------------- the end of a medical period


def test_medical_period_ends_back_to_offline_and_a_registrar_task(world: World) -> None:
    """ELIG-3 (S3): after the 30 days the student studies in person again; the registrar
    gets a task, and closing it changes nothing else."""
    application = route_through(world, draft_make(world, days=30))
    end = TODAY + dt.timedelta(days=30)
    services.distance_tick(today=end)
    application.refresh_from_db()
    assert application.status == "ended"
    assert set(_deliveries(world).values()) == {"in_person"}
    task = RegistrarTask.objects.get(application=application)
    assert (task.status, task.leave_requested, task.due_on) == (
        "open",
        False,
        TODAY + dt.timedelta(days=29),
    )
    registrar = world.actor(world.registrar)
    assert list(selectors.task_list_for(actor=registrar)) == [task]
    services.task_close(actor=registrar, task=task)
    task.refresh_from_db()
    assert task.status == "closed"
    assert world.student.status_history.count() == 1


def test_medical_period_with_leave_requested_is_processed_as_academic_leave(world: World) -> None:
    application = route_through(world, draft_make(world, days=30))
    services.leave_request(actor=world.student_actor, application=application)
    services.distance_tick(today=TODAY + dt.timedelta(days=30))
    task = RegistrarTask.objects.get(application=application)
    assert task.leave_requested is True

    services.task_leave_grant(
        actor=world.actor(world.registrar),
        task=task,
        effective_on=TODAY + dt.timedelta(days=30),
        order_number="45-АД",
    )

    world.student.refresh_from_db()
    assert world.student.status == "academic_leave"
    change = StudentStatusChange.objects.filter(student=world.student).last()
    assert change is not None
    assert (change.status, change.effective_on, change.order_number) == (
        "academic_leave",
        dt.date(2026, 4, 1),
        "45-АД",
    )
    task.refresh_from_db()
    assert (task.status, task.resolved_by_id) == ("leave_granted", world.registrar.pk)
    with pytest.raises(ApplicationStateInvalid):
        services.task_close(actor=world.actor(world.registrar), task=task)


def test_tasks_belong_to_the_registrar(world: World) -> None:
    application = route_through(world, draft_make(world))
    services.distance_tick(today=TODAY + dt.timedelta(days=30))
    task = RegistrarTask.objects.get(application=application)
    with pytest.raises(ApplicationNotFound):
        services.task_close(actor=world.actor(world.dean), task=task)
    assert list(selectors.task_list_for(actor=world.actor(world.dean))) == []


# ---------------------------------------------------------------- reminders, idempotence


def test_reminders_go_once_at_7_and_1_days(world: World) -> None:
    speak_english(world.advisor)  # notices are written in the recipient's language
    application = route_through(world, draft_make(world, days=20))
    end = application.ends_on
    assert end is not None
    sent = []
    for offset in range(20):
        day = TODAY + dt.timedelta(days=offset)
        sent.append((offset, services.distance_tick(today=day).reminded))
        services.distance_tick(today=day)  # twice the same day: nothing more
    reminded_days = [(end - (TODAY + dt.timedelta(days=o))).days for o, r in sent if r]
    assert reminded_days == [7, 1]
    assert list(
        Reminder.objects.filter(application=application)
        .order_by("-days_before")
        .values_list("days_before", "sent")
    ) == [(7, True), (1, True)]
    advisor_notes = Notification.objects.filter(recipient=world.advisor).values_list(
        "subject", flat=True
    )
    assert list(advisor_notes.order_by("pk"))[-2:] == [
        "Distance learning ends in 7 days",
        "Distance learning ends in 1 day",
    ]


def test_a_missed_reminder_is_passed_over_by_the_nearer_one(world: World) -> None:
    application = route_through(world, draft_make(world, days=20))
    assert application.ends_on is not None
    services.distance_tick(today=application.ends_on - dt.timedelta(days=1))
    assert list(
        Reminder.objects.filter(application=application)
        .order_by("-days_before")
        .values_list("days_before", "sent")
    ) == [(7, False), (1, True)]


def test_the_daily_processing_is_idempotent(world: World) -> None:
    application = route_through(world, draft_make(world, starts_on=TODAY + dt.timedelta(days=1)))
    day = TODAY + dt.timedelta(days=1)
    first = services.distance_tick(today=day)
    notes = Notification.objects.count()
    events = ApplicationEvent.objects.count()
    second = services.distance_tick(today=day)
    assert first.started == [application.pk]
    assert (second.started, second.ended, second.reminded) == ([], [], [])
    assert (Notification.objects.count(), ApplicationEvent.objects.count()) == (notes, events)
    end = TODAY + dt.timedelta(days=31)
    assert services.distance_tick(today=end).ended == [application.pk]
    assert services.distance_tick(today=end).ended == []
    assert RegistrarTask.objects.count() == 1


def test_notifications_are_emailed_once(world: World, django_capture_on_commit_callbacks) -> None:
    application = draft_make(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world.advisor.email, "aliya@example.kz"])
    advisor_mail = next(m for m in mail.outbox if m.to == [world.advisor.email])
    note = Notification.objects.get(recipient=world.advisor)
    assert (advisor_mail.subject, advisor_mail.body) == (note.subject, note.body)
    assert note.emailed_at is not None
    assert services.notification_email(notification_id=note.pk) is False
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------- the route settings


def test_a_custom_route_is_followed_and_validated(world: World) -> None:
    admin = world.actor(world.admin)
    with pytest.raises(RouteInvalid) as error:
        services.route_set(
            actor=admin,
            institution=world.institution,
            roles=["dean", "registrar"],
            reminder_days=[3],
        )
    assert error.value.message == "The route ends at the rector's office, which signs the order."
    with pytest.raises(RouteInvalid):
        services.route_set(
            actor=admin,
            institution=world.institution,
            roles=["dean", "dean", "rector_office"],
            reminder_days=[3],
        )
    services.route_set(
        actor=admin,
        institution=world.institution,
        roles=["dean", "rector_office"],
        reminder_days=[3, 10],
    )
    assert selectors.route_roles(institution_id=world.institution.pk) == ["dean", "rector_office"]
    assert selectors.reminder_days(institution_id=world.institution.pk) == [10, 3]
    application = draft_make(world)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    application.refresh_from_db()
    assert (application.route, application.current_role) == (["dean", "rector_office"], "dean")
    with pytest.raises(DistanceChangeForbidden):
        services.route_set(
            actor=world.actor(world.registrar),
            institution=world.institution,
            roles=["rector_office"],
            reminder_days=[1],
        )
