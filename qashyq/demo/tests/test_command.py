"""`qashyq demo`: the management command, as `qashyq start` calls it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qashyq.people.models import Student

pytestmark = pytest.mark.django_db


def test_command_generates_and_prints_the_demo_accounts() -> None:
    out = StringIO()
    call_command(
        "demo", students=40, today=dt.date(2026, 11, 23), stdout=out
    )  # as `qashyq start` does
    text = out.getvalue()
    assert Student.objects.count() == 40
    assert "qashyq-demo" in text
    for username in (
        "student",
        "teacher",
        "tutor",
        "advisor",
        "head",
        "dean",
        "registrar",
        "dlu",
        "proctor",
        "rector",
        "admin",
    ):
        assert f"\n  {username} " in text
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", students=40, stdout=StringIO())
    call_command("demo", "--students", "30", "--reset", "--seed", "3", stdout=StringIO())
    assert Student.objects.count() == 30
