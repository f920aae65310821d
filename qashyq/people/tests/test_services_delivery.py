"""plan_items_delivery_set: how disciplines of a plan are studied (LIM-1…LIM-6, SIS-5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qashyq.accounts.models import User
from qashyq.core.scope import ActorScope
from qashyq.institutions.tests.factories import DisciplineFactory
from qashyq.people import services
from qashyq.people.errors import PeopleChangeForbidden, PersonInvalid, PersonNotFound
from qashyq.people.models import Student, StudyPlanItem

pytestmark = pytest.mark.django_db

Actor = Callable[[User], ActorScope]


def _role(
    make_user: Callable[..., User | None], actor_of: Actor, role: str, **scope: object
) -> ActorScope:
    user = make_user(role, **scope)
    assert user is not None
    return actor_of(user)


def _plan(student: Student, count: int) -> list[StudyPlanItem]:
    return [
        StudyPlanItem.objects.create(
            student=student,
            discipline=DisciplineFactory.create(department=student.program.department),
            semester=1,
            credits=5,
        )
        for _ in range(count)
    ]


def _deliveries(student: Student) -> list[str]:
    return list(
        StudyPlanItem.objects.filter(student=student)
        .order_by("pk")
        .values_list("delivery", flat=True)
    )


def test_delivery_set_moves_the_listed_disciplines_and_back(
    student: Student, make_user: Callable[..., User | None], actor_of: Actor
) -> None:
    """SIS-5: the ordered disciplines go to distance learning and come back at the end."""
    registrar = _role(make_user, actor_of, "registrar")
    items = _plan(student, 3)
    ids = [items[0].discipline_id, items[2].discipline_id]

    changed = services.plan_items_delivery_set(
        actor=registrar, student=student, discipline_ids=ids, delivery="distance", reason="1-ҚО"
    )

    assert changed == 2
    assert _deliveries(student) == ["distance", "in_person", "distance"]
    again = services.plan_items_delivery_set(
        actor=registrar, student=student, discipline_ids=ids, delivery="distance", reason="1-ҚО"
    )
    assert again == 0  # idempotent
    back = services.plan_items_delivery_set(
        actor=registrar, student=student, discipline_ids=ids, delivery="in_person", reason="end"
    )
    assert back == 2
    assert _deliveries(student) == ["in_person", "in_person", "in_person"]


def test_delivery_set_refuses_a_discipline_outside_the_plan(
    student: Student, make_user: Callable[..., User | None], actor_of: Actor
) -> None:
    registrar = _role(make_user, actor_of, "registrar")
    items = _plan(student, 1)
    stranger = DisciplineFactory.create()

    with pytest.raises(PersonInvalid) as error:
        services.plan_items_delivery_set(
            actor=registrar,
            student=student,
            discipline_ids=[items[0].discipline_id, stranger.pk],
            delivery="distance",
            reason="1-ҚО",
        )

    assert error.value.message == (f"These disciplines are not in the study plan: {stranger.pk}.")
    assert _deliveries(student) == ["in_person"]


@pytest.mark.parametrize(
    ("delivery", "reason", "message"),
    [
        ("online", "1-ҚО", "Choose how the disciplines are studied."),
        ("distance", "  ", "Give the reason for the change."),
    ],
)
def test_delivery_set_checks_its_values(  # noqa: PLR0917
    student: Student,
    make_user: Callable[..., User | None],
    actor_of: Actor,
    delivery: str,
    reason: str,
    message: str,
) -> None:
    registrar = _role(make_user, actor_of, "registrar")
    items = _plan(student, 1)
    with pytest.raises(PersonInvalid) as error:
        services.plan_items_delivery_set(
            actor=registrar,
            student=student,
            discipline_ids=[items[0].discipline_id],
            delivery=delivery,
            reason=reason,
        )
    assert error.value.message == message


def test_delivery_set_is_for_the_registrar_only(
    student: Student, make_user: Callable[..., User | None], actor_of: Actor, group: object
) -> None:
    """SEC-2: the advisor sees the student (403), another institution's registrar not (404)."""
    items = _plan(student, 1)
    advisor = _role(make_user, actor_of, "advisor", group=group)
    with pytest.raises(PeopleChangeForbidden):
        services.plan_items_delivery_set(
            actor=advisor,
            student=student,
            discipline_ids=[items[0].discipline_id],
            delivery="distance",
            reason="1-ҚО",
        )
    with pytest.raises(PersonNotFound):
        services.plan_items_delivery_set(
            actor=_role(make_user, actor_of, "student", where=student.institution),
            student=student,
            discipline_ids=[items[0].discipline_id],
            delivery="distance",
            reason="1-ҚО",
        )
    assert _deliveries(student) == ["in_person"]
