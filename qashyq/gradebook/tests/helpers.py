"""Helpers of the gradebook tests: rights of a user in the course, a standard set of
items (two current, R1, one current of the second half, R2, exam)."""

from __future__ import annotations

from decimal import Decimal

from qashyq.accounts.models import User
from qashyq.gradebook import selectors, services
from qashyq.gradebook.models import GradeItem
from qashyq.gradebook.permissions import GradebookAccess
from qashyq.gradebook.tests.conftest import World
from qashyq.people import selectors as people_selectors

D = Decimal


def rights(world: World, user: User) -> GradebookAccess:
    actor = people_selectors.actor_scope(user=user)
    return selectors.gradebook_access(actor=actor, course_id=world.course.pk)


def standard_items(world: World) -> dict[str, GradeItem]:
    r = rights(world, world.teacher.user)
    return {
        "c1": services.item_create(rights=r, title="ТЖ 1", control="current", max_points=D(10)),
        "m1": services.item_create(rights=r, title="АБ1", control="midterm1"),
        "c2": services.item_create(
            rights=r, title="ТЖ 2", control="current", half=2, max_points=D(20)
        ),
        "m2": services.item_create(rights=r, title="АБ2", control="midterm2"),
        "exam": services.item_create(rights=r, title="Емтихан", control="exam"),
    }


def grade(world: World, items: dict[str, GradeItem], student_id: int, **points: str) -> None:
    r = rights(world, world.teacher.user)
    for key, value in points.items():
        services.entry_set(
            rights=r, item_id=items[key].pk, student_id=student_id, points=D(value), reason="x"
        )
