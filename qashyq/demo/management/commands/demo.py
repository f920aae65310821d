"""`qashyq demo --students N`: generate a realistic demo university (see qashyq/demo/README.md)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from qashyq.core.errors import DomainError
from qashyq.demo import services
from qashyq.people.models import Role


class Command(BaseCommand):
    help = "Generate a demo university: faculties, programs, curricula, staff and N students."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=300, help="How many students.")
        parser.add_argument("--seed", type=int, default=2026, help="The same seed, the same data.")
        parser.add_argument("--institution-code", default="demo", help="Code of the institution.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the institution with this code (and its people) first.",
        )
        parser.add_argument(
            "--foundation-only",
            action="store_true",
            help="Only structure, people and study plans: no rule pack, courses, schedule "
            "or transfers.",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Generate as of this date (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: object, **options: Any) -> None:  # noqa: ANN401 - Django passes parsed options
        started = time.perf_counter()
        try:
            summary = services.demo_university_generate(
                students=options["students"],
                seed=options["seed"],
                institution_code=options["institution_code"],
                reset=options["reset"],
                today=options["today"],
                capabilities=not options["foundation_only"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        seconds = time.perf_counter() - started
        write = self.stdout.write
        write(
            _(
                "Demo university “%(code)s” generated in %(seconds).1f s: %(students)d students, "
                "%(staff)d staff, %(faculties)d faculties, %(departments)d departments, "
                "%(programs)d programs, %(disciplines)d disciplines, %(curricula)d working "
                "curricula, %(groups)d groups, %(plan_items)d study plan items. Current "
                "academic year: %(year)d–%(next_year)d."
            )
            % {
                "code": summary.institution_code,
                "seconds": seconds,
                "students": summary.students,
                "staff": summary.staff,
                "faculties": summary.faculties,
                "departments": summary.departments,
                "programs": summary.programs,
                "disciplines": summary.disciplines,
                "curricula": summary.curricula,
                "groups": summary.groups,
                "plan_items": summary.plan_items,
                "year": summary.academic_year,
                "next_year": summary.academic_year + 1,
            }
        )
        write(_("Demo accounts (password for all: %(password)s):") % {"password": summary.password})
        labels = dict(Role.choices)
        for account in summary.accounts:
            write(
                f"  {account.username:<12} {labels[account.role]!s:<26} "
                f"{account.full_name} · {account.scope}"
            )
