"""`qashyq footprint verify | digest | partitions` (FP-1).

verify      recompute every stream's hash chain, `voided`, and the signed daily digests;
            print each problem (stream, sequence number, statement id) and exit 1 if any.
digest      sign the digests of the finished days not signed yet (or of `--day`).
partitions  create the coming months' partitions of the statement table (PostgreSQL).
rotate-key  retire the signing key (its public half kept, trusted for the days before
            today) and make a new one; back the new key up like the old one.
"""

from __future__ import annotations

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qashyq.footprint import selectors, services, signing
from qashyq.footprint.services.partitions import MONTHS_AHEAD

SHOWN_PROBLEMS = 1000


class Command(BaseCommand):
    help = "Verify the footprint's hash chains and signed digests, or sign digests."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute chains and signatures; exit 1 if altered")
        digest = sub.add_parser("digest", help="sign the daily digests that are due")
        digest.add_argument("--day", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        partitions = sub.add_parser("partitions", help="create the coming months' partitions")
        partitions.add_argument("--months", type=int, default=MONTHS_AHEAD)
        sub.add_parser("rotate-key", help="retire the signing key and make a new one")

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "verify":
            self.verify()
        elif action == "digest":
            day = options.get("day")
            digests = (
                [services.digest_create(day=day)]
                if isinstance(day, dt.date)
                else services.digests_create_due()
            )
            for digest in digests:
                self.stdout.write(f"{digest.day} signed")
        elif action == "partitions":
            months = options["months"]
            if not isinstance(months, int) or months < 1:
                raise CommandError("--months must be a positive number")
            for name in services.partitions_ensure(months=months):
                self.stdout.write(f"{name} created")
        elif action == "rotate-key":
            today = timezone.localdate()
            old, new = signing.key_rotate(today=today)
            self.stdout.write(
                f"key {signing.fingerprint(old)} retired on {today} "
                f"(kept in {signing.retired_dir()}); new key {signing.fingerprint(new)} "
                f"at {signing.key_path()}"
            )

    def verify(self) -> None:
        problems = selectors.footprint_verify()
        for problem in problems[:SHOWN_PROBLEMS]:
            seq = f"#{problem.seq}" if problem.seq is not None else "-"
            self.stdout.write(
                f"{problem.stream}\t{seq}\t{problem.statement_id or '-'}\t{problem.problem}"
            )
        if problems:
            self.stderr.write(f"footprint verify: {len(problems)} problem(s) found")
            sys.exit(1)
        self.stdout.write("footprint verify: every chain, voided mark and digest is intact")
