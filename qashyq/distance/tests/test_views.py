"""The transfer pages: the student's form keeps what was entered, the approvers decide,
the journal, the public verification, the route settings and the registrar's tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qashyq.accounts.models import User
from qashyq.distance import selectors, services
from qashyq.distance.models import Evidence, RegistrarTask, TransferApplication
from qashyq.distance.tests.conftest import (
    PDF_BYTES,
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

pytestmark = pytest.mark.django_db


def _client(user: User | None) -> Client:
    client = Client()
    client.cookies["qashyq_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_student_page_lists_applications_and_starts_one(world: World) -> None:
    client = _client(world.student.user)
    page = client.get("/distance/")
    assert page.status_code == 200
    assert "Study at a distance" in page.content.decode()

    response = client.post("/distance/applications/new/", {"student": world.student.pk})

    application = TransferApplication.objects.get(student=world.student)
    assert response.status_code == 302
    assert response["Location"] == f"/distance/applications/{application.pk}/edit/"
    form = client.get(response["Location"])
    assert form.status_code == 200
    body = form.content.decode()
    assert "INF1101" in body
    assert "temporarily limited health (medical commission)" in body


def test_an_upload_is_kept_when_another_field_is_wrong(world: World) -> None:
    """Bad input elsewhere never loses what was entered: the file and the text are stored,
    the wrong date is reported in English."""
    client = _client(world.student.user)
    client.post("/distance/applications/new/", {"student": world.student.pk})
    application = TransferApplication.objects.get(student=world.student)

    response = client.post(
        f"/distance/applications/{application.pk}/edit/",
        {
            "action": "submit",
            "ground": "temporary_health",
            "starts_on": "31.02.2026",
            "ends_on": "2026-12-10",
            "text": "Денсаулығыма байланысты өтінемін.",
            "disciplines": [str(world.disciplines[0].pk)],
            "filed_as": "self",
            "ev-kind": "medical_conclusion",
            "ev-file": pdf_upload(),
            "ev-number": "175/12",
        },
    )

    assert response.status_code == 422
    assert "Enter a valid date." in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.text, application.ground) == (
        "draft",
        "Денсаулығыма байланысты өтінемін.",
        "temporary_health",
    )
    assert application.starts_on is None
    assert list(application.disciplines.values_list("pk", flat=True)) == [world.disciplines[0].pk]
    evidence = Evidence.objects.get(application=application)
    assert (evidence.kind, evidence.number, evidence.file.read()) == (
        "medical_conclusion",
        "175/12",
        PDF_BYTES,
    )


def test_a_bad_upload_keeps_the_rest_of_the_form(world: World) -> None:
    client = _client(world.student.user)
    client.post("/distance/applications/new/", {"student": world.student.pk})
    application = TransferApplication.objects.get(student=world.student)
    response = client.post(
        f"/distance/applications/{application.pk}/edit/",
        {
            "action": "save",
            "ground": "competition",
            "text": "Жарысқа қатысамын.",
            "filed_as": "self",
            "ev-kind": "invitation",
            "ev-file": pdf_upload("invite.docx", b"PK\x03\x04"),
        },
    )
    assert response.status_code == 422
    assert "Attach a PDF, JPEG or PNG file" in response.content.decode()
    application.refresh_from_db()
    assert (application.ground, application.text) == ("competition", "Жарысқа қатысамын.")
    assert not Evidence.objects.exists()


def test_submit_from_the_page_and_decide_from_the_inbox(world: World) -> None:
    now = timezone.localdate()
    application = draft_make(world, starts_on=now + dt.timedelta(days=3))
    speak_english(world.student.user)  # notices are written in the recipient's language
    client = _client(world.student.user)
    response = client.post(
        f"/distance/applications/{application.pk}/edit/",
        {
            "action": "submit",
            "ground": application.ground,
            "starts_on": application.starts_on.isoformat(),  # type: ignore[union-attr]
            "ends_on": application.ends_on.isoformat(),  # type: ignore[union-attr]
            "text": application.text,
            "disciplines": [str(d.pk) for d in application.disciplines.all()],
            "filed_as": "self",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"

    advisor = _client(world.advisor)
    inbox = advisor.get("/distance/inbox/")
    assert f"/distance/applications/{application.pk}/" in inbox.content.decode()
    assert (
        _client(world.dean)
        .get("/distance/inbox/")
        .content.decode()
        .count(f"/distance/applications/{application.pk}/")
        == 0
    )
    detail = advisor.get(f"/distance/applications/{application.pk}/")
    assert "Record the decision" in detail.content.decode()
    refused = advisor.post(
        f"/distance/applications/{application.pk}/decide/", {"decision": "return", "reason": ""}
    )
    assert refused.status_code == 422
    assert "Give the reason" in refused.content.decode()
    done = advisor.post(
        f"/distance/applications/{application.pk}/decide/",
        {"decision": "return", "reason": "Ауру парағын жүктеңіз."},
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == "returned"
    page = client.get(f"/distance/applications/{application.pk}/").content.decode()
    assert "Ауру парағын жүктеңіз." in page
    assert "Your application to study at a distance was returned for changes" in page


def test_not_eligible_shows_the_verdicts_with_citations(world: World) -> None:
    now = timezone.localdate()
    application = draft_make(world, starts_on=now, disciplines=6)
    response = _client(world.student.user).post(
        f"/distance/applications/{application.pk}/edit/",
        {
            "action": "submit",
            "ground": application.ground,
            "starts_on": application.starts_on.isoformat(),  # type: ignore[union-attr]
            "ends_on": application.ends_on.isoformat(),  # type: ignore[union-attr]
            "text": application.text,
            "disciplines": [str(d.pk) for d in application.disciplines.all()],
            "filed_as": "self",
        },
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "The rules do not allow this transfer: 2 checks failed." in body
    assert "6 of 10 disciplines = 60 %, limit 50 %" in body
    assert "Original wording (Kazakh)" in body


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("the student", 200),
        ("another student", 404),
        ("advisor of another group", 404),
        ("dean of the faculty", 200),
        ("registrar of another institution", 404),
    ],
)
def test_application_page_is_404_for_others(world: World, case: str, status: int) -> None:
    application = draft_make(world)
    services.application_submit(actor=world.student_actor, application=application, today=TODAY)
    users = {
        "the student": lambda: world.student.user,
        "another student": lambda: student_make(world.program, world.group).user,
        "advisor of another group": lambda: role_user(
            "advisor", world.institution, group=world.other_group
        ),
        "dean of the faculty": lambda: world.dean,
        "registrar of another institution": lambda: role_user("registrar", world.other_institution),
    }
    client = _client(users[case]())
    assert client.get(f"/distance/applications/{application.pk}/").status_code == status
    edit = client.get(f"/distance/applications/{application.pk}/edit/")
    assert edit.status_code == (302 if case == "the student" else 404)


def test_journal_order_page_pdf_and_public_verification(world: World) -> None:
    application = route_through(world, draft_make(world))
    order = application.order
    assert order is not None
    registrar = _client(world.registrar)
    journal = registrar.get("/distance/orders/?year=2026").content.decode()
    assert "1-ҚО" in journal
    assert "1-ҚО" not in registrar.get("/distance/orders/?year=2025").content.decode()
    page = registrar.get(f"/distance/orders/{order.pk}/").content.decode()
    assert "Жұмабаева Әлия" in page
    pdf = registrar.get(f"/distance/orders/{order.pk}/pdf/kk/")
    assert pdf["Content-Type"] == "application/pdf"
    assert registrar.get(f"/distance/orders/{order.pk}/pdf/en/").status_code == 404

    public = _client(None).get(f"/distance/verify/{order.token}/")
    body = public.content.decode()
    assert public.status_code == 200
    assert "1-ҚО" in body
    assert order.content_hash in body
    assert order.pdf_kk_sha256 in body
    assert "Жұмабаева" not in body  # no personal data on the public page
    assert _client(None).get("/distance/verify/not-a-token/").status_code == 404
    assert _client(world.advisor).get("/distance/orders/").status_code == 200
    assert "1-ҚО" in _client(world.advisor).get("/distance/orders/").content.decode()


def test_route_settings_are_for_administrators(world: World) -> None:
    admin = _client(world.admin)
    assert admin.get("/distance/route/").status_code == 200
    response = admin.post(
        "/distance/route/",
        {
            "institution": world.institution.pk,
            "step_1": "dean",
            "step_2": "registrar",
            "step_3": "rector_office",
            "reminder_days": "5, 1",
        },
    )
    assert response.status_code == 302
    assert selectors.route_roles(institution_id=world.institution.pk) == [
        "dean",
        "registrar",
        "rector_office",
    ]
    wrong = admin.post(
        "/distance/route/",
        {"institution": world.institution.pk, "step_1": "dean", "reminder_days": "5"},
    )
    assert wrong.status_code == 422
    assert "The route ends at the rector&#x27;s office" in wrong.content.decode()
    assert _client(world.registrar).get("/distance/route/").status_code == 404


def test_registrar_processes_academic_leave_from_the_task_list(world: World) -> None:
    application = route_through(world, draft_make(world))
    services.leave_request(actor=world.student_actor, application=application)
    services.distance_tick(today=TODAY + dt.timedelta(days=30))
    task = RegistrarTask.objects.get()
    registrar = _client(world.registrar)
    page = registrar.get("/distance/tasks/").content.decode()
    assert "Жұмабаева Әлия" in page
    assert "Process academic leave" in page
    assert _client(world.dean).get("/distance/tasks/").status_code == 404

    response = registrar.post(
        f"/distance/tasks/{task.pk}/leave/", {"effective_on": "2026-04-01", "order_number": ""}
    )

    assert response.status_code == 302
    world.student.refresh_from_db()
    assert world.student.status == "academic_leave"
    task.refresh_from_db()
    assert task.status == "leave_granted"


def test_menu_links_by_role(world: World) -> None:
    def menu(user: User) -> str:
        return _client(user).get("/distance/orders/").content.decode().split("</nav>")[0]

    assert 'href="/distance/"' in _client(world.student.user).get("/").content.decode()
    assert 'href="/distance/inbox/"' in menu(world.advisor)
    assert 'href="/distance/tasks/"' in menu(world.registrar)
    assert 'href="/distance/route/"' in menu(world.admin)
    assert 'href="/distance/route/"' not in menu(world.registrar)


def test_admin_lists_render_and_the_workflow_is_read_only(world: World) -> None:
    route_through(world, draft_make(world))
    admin = _client(User.objects.create_superuser("root", "root@example.kz", "pass12345"))
    for model in ("routetemplate", "studentrepresentative", "transferapplication", "rectororder"):
        assert admin.get(f"/admin/distance/{model}/").status_code == 200
    assert admin.get("/admin/distance/routetemplate/add/").status_code == 200
    assert admin.get("/admin/distance/transferapplication/add/").status_code == 403


def test_inbox_and_journal_queries_do_not_grow_with_rows(world: World) -> None:
    def queries(user: User, url: str) -> int:
        client = _client(user)
        client.get(url)  # warm the caches of the actor and the menu
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    route_through(world, draft_make(world))
    inbox_one = queries(world.registrar, "/distance/inbox/?all=1")
    journal_one = queries(world.registrar, "/distance/orders/")
    for _ in range(2):
        student = student_make(world.program, world.group, prior_education="higher")
        plan_make(student, world.disciplines)
        route_through(world, draft_make(world, student=student))
    assert queries(world.registrar, "/distance/inbox/?all=1") == inbox_one
    assert queries(world.registrar, "/distance/orders/") == journal_one
