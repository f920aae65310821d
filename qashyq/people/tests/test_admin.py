"""The Django admin of people: every list renders; the IIN is masked in the list (IIN-2)."""

from __future__ import annotations

import pytest
from django.test import Client

from qashyq.accounts.tests.factories import UserFactory
from qashyq.people.models import Student
from qashyq.people.tests.conftest import VALID_IIN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["student", "studentstatuschange", "staff", "roleassignment", "studyplanitem"]
)
def test_admin_lists_render(student: Student, model: str) -> None:
    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    response = client.get(f"/admin/people/{model}/")
    assert response.status_code == 200
    if model == "student":
        body = response.content.decode()
        assert "••••••••0007" in body
        assert VALID_IIN not in body


def test_admin_student_page_shows_history_inline(student: Student) -> None:
    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    response = client.get(f"/admin/people/student/{student.pk}/change/")
    assert response.status_code == 200
    formsets = response.context["inline_admin_formsets"]
    # the status history (one "enrolled" line, read-only) and the empty study plan
    assert [len(f.formset.queryset) for f in formsets] == [1, 0]
