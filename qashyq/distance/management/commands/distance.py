"""`qashyq distance tick [--today YYYY-MM-DD]`: the daily processing of transfers by hand
(the same as the daily Celery task): start approved periods, end finished ones
(medical ones leave a task for the Office Registrar), send reminders."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qashyq.distance import services


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"not a date (YYYY-MM-DD): {value}"
        raise CommandError(msg) from None


class Command(BaseCommand):
    help = "Transfers to distance learning: `tick` runs the daily processing."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tick = sub.add_parser("tick", help="Start, end and remind as of a day (default today).")
        tick.add_argument("--today", type=_date, default=None)

    def handle(self, *args: object, **options: object) -> None:
        today = options.get("today")
        day = today if isinstance(today, dt.date) else timezone.localdate()
        result = services.distance_tick(today=day)
        self.stdout.write(
            f"{day.isoformat()}: started {len(result.started)}, ended {len(result.ended)}, "
            f"reminded {len(result.reminded)}"
        )
