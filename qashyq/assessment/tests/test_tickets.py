"""Exam tickets (LMS-2): typed or drawn from the bank; a student draws once (server-side
random, recorded); a redraw only by the teacher with a reason; the printable list."""

from __future__ import annotations

import pytest

from qashyq.assessment import services
from qashyq.assessment.errors import AssessmentForbidden, TicketNotAvailable
from qashyq.assessment.models import TicketDraw

TEXT = """1. Алгоритм дегеніміз не?
2. Көпіршікті сұрыптау.

1. Граф ұғымы.
2. Дейкстра алгоритмі.

Хэш-кесте."""


@pytest.fixture
def ticket_set(world, access_of):
    made = services.ticket_set_create(
        access=access_of(world.teacher.user), title="Емтихан билеттері", text=TEXT, by_user_id=None
    )
    return services.ticket_set_open(
        access=access_of(world.teacher.user), ticket_set=made, open_=True
    )


def test_typed_tickets_are_parsed(ticket_set):
    tickets = list(ticket_set.tickets.order_by("number"))
    assert [[i["text"] for i in t.items] for t in tickets] == [
        ["Алгоритм дегеніміз не?", "Көпіршікті сұрыптау."],
        ["Граф ұғымы.", "Дейкстра алгоритмі."],
        ["Хэш-кесте."],
    ]


def test_a_student_draws_once(world, access_of, ticket_set):
    access = access_of(world.aigerim.user)
    first = services.ticket_draw(access=access, ticket_set=ticket_set)
    second = services.ticket_draw(access=access, ticket_set=ticket_set)
    assert first.pk == second.pk
    assert TicketDraw.objects.filter(student=world.aigerim).count() == 1


def test_drawing_is_closed_until_the_teacher_opens_it(world, access_of, ticket_set):
    services.ticket_set_open(
        access=access_of(world.teacher.user), ticket_set=ticket_set, open_=False
    )
    with pytest.raises(TicketNotAvailable):
        services.ticket_draw(access=access_of(world.aigerim.user), ticket_set=ticket_set)


def test_a_redraw_is_the_teachers_with_a_reason(world, access_of, ticket_set):
    first = services.ticket_draw(access=access_of(world.aigerim.user), ticket_set=ticket_set)
    with pytest.raises(AssessmentForbidden):
        services.ticket_redraw(
            access=access_of(world.aigerim.user),
            ticket_set=ticket_set,
            student_id=world.aigerim.pk,
            reason="басқасын қалаймын",
        )
    second = services.ticket_redraw(
        access=access_of(world.teacher.user),
        ticket_set=ticket_set,
        student_id=world.aigerim.pk,
        reason="Билет бұзылған",
    )
    first.refresh_from_db()
    assert (first.active, first.replaced_reason) == (False, "Билет бұзылған")
    assert second.active is True
    assert second.ticket_id != first.ticket_id


def test_tickets_drawn_from_the_bank(world, access_of):
    made = services.ticket_set_generate(
        access=access_of(world.teacher.user),
        title="Банктен",
        category_ids=[world.algebra.pk, world.essays.pk],
        tickets=4,
        by_user_id=None,
    )
    tickets = list(made.tickets.order_by("number"))
    assert len(tickets) == 4
    assert all(len(t.items) == 2 for t in tickets)
    assert len({t.items[0]["question_id"] for t in tickets}) == 4
    assert {t.items[1]["question_id"] for t in tickets} == {world.essay.pk}


def test_the_pages(world, access_of, ticket_set, client_of):
    student = client_of(world.aigerim.user)
    assert student.post(f"/tests/tickets/{ticket_set.pk}/draw/").status_code == 302
    page = student.get(f"/tests/tickets/{ticket_set.pk}/").content.decode()
    assert "Your ticket №" in page
    assert student.get(f"/tests/tickets/{ticket_set.pk}/print/").status_code == 404
    teacher = client_of(world.teacher.user)
    printable = teacher.get(f"/tests/tickets/{ticket_set.pk}/print/").content.decode()
    assert "Айгерім" in printable
    assert client_of(world.outsider.user).get(f"/tests/tickets/{ticket_set.pk}/").status_code == 404


def test_the_api_draw(world, ticket_set, token_client):
    client = token_client(world.aigerim.user)
    first = client.post(f"/api/v1/ticket-sets/{ticket_set.pk}/draw")
    again = client.post(f"/api/v1/ticket-sets/{ticket_set.pk}/draw")
    assert first.status_code == again.status_code == 201
    assert first.json()["ticket_number"] == again.json()["ticket_number"]
    mine = client.get(f"/api/v1/ticket-sets/{ticket_set.pk}/draws").json()
    assert len(mine) == 1
