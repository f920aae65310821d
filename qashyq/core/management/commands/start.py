"""`qashyq start`: migrate, make a demo university when the database is empty, serve."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Prepare the database (with a demo university when empty) and serve Qashyq."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("QASHYQ_HOST", "127.0.0.1"))
        env = os.environ.get
        parser.add_argument("--port", type=int, default=int(env("QASHYQ_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(env("QASHYQ_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(env("QASHYQ_THREADS", "2")))
        parser.add_argument("--demo-students", type=int, default=300)
        parser.add_argument("--no-demo", action="store_true")
        parser.add_argument("--no-serve", action="store_true", help="Prepare only.")

    def handle(self, *args: object, **options: object) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        institution = apps.get_model("institutions", "Institution")
        if not options["no_demo"] and not institution.objects.exists():
            self.stdout.write("Generating a demo university …")
            call_command("demo", students=options["demo_students"])
        if options["no_serve"]:
            return
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Qashyq on http://{address}/  (data in {settings.DATA_DIR})")
        beside = Path(sys.executable).parent / "gunicorn"  # the venv's own, if not on PATH
        gunicorn = shutil.which("gunicorn") or str(beside)
        command = [
            gunicorn,
            "qashyq.wsgi:application",
            "--bind", address,
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--access-logfile", "-",
        ]  # fmt: skip
        os.execvp(command[0], command)  # noqa: S606
