"""demo_distance: the demo transfers go through the real services for the demo accounts."""

from __future__ import annotations

import datetime as dt

import pytest

from qashyq.demo import services as demo
from qashyq.demo.distance import demo_distance
from qashyq.distance.models import RegistrarTask, TransferApplication
from qashyq.institutions.models import Institution

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.mark.slow
def test_demo_transfers_in_four_states() -> None:
    summary = demo.demo_university_generate(
        students=120, seed=2026, today=TODAY, capabilities=False
    )
    institution = Institution.objects.get(pk=summary.institution_id)

    result = demo_distance(institution=institution, today=TODAY)

    states = {
        name: TransferApplication.objects.get(pk=pk) for name, pk in result.applications.items()
    }
    assert sorted(states) == ["in_effect", "medical_ending", "returned", "waiting_for_dean"]
    assert states["in_effect"].student.user.username == "student"
    assert states["in_effect"].status == "in_effect"
    assert states["in_effect"].order is not None
    assert states["in_effect"].order.pdf_kk.read().startswith(b"%PDF-")
    assert result.order_number == states["in_effect"].order.number
    assert (states["waiting_for_dean"].status, states["waiting_for_dean"].current_role) == (
        "in_review",
        "dean",
    )
    assert states["returned"].status == "returned"
    medical = states["medical_ending"]
    assert (medical.status, medical.ground, medical.ends_on) == (
        "in_effect",
        "temporary_health",
        TODAY + dt.timedelta(days=2),
    )
    assert demo_distance(institution=institution, today=TODAY).applications == {}  # idempotent
    assert not RegistrarTask.objects.exists()
