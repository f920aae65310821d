"""Latency of the student home page and of the program list API under concurrent clients.

Issue 2 target: home page p95 < 50 ms at 10 concurrent clients on PostgreSQL, with a
30,000-student demo university. Each client signs in as a different student.

    .venv/bin/python bench/web_latency.py --students 30000 --concurrency 10
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from _harness import BIN, ROOT, load, qashyq, scratch_env, served, settle, wrk_load

SESSIONS = r"""
import json, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from qashyq.accounts.models import User
from qashyq.accounts.services import api_token_create
students = list(User.objects.filter(student__isnull=False, student__status="enrolled")
                .order_by("?")[: int(sys.argv[1])])
cookies = []
for user in students:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "qashyq.accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    cookies.append(store.session_key)
_token, key = api_token_create(user=User.objects.get(username="registrar"), name="bench")
print(json.dumps({"sessions": cookies, "token": key}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=20, help="per endpoint, with wrk")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    env = scratch_env(args.database, "web")
    qashyq(env, "migrate", "--verbosity", "0")
    qashyq(env, "demo", "--students", str(args.students))
    env["DJANGO_SETTINGS_MODULE"] = "qashyq.settings.base"
    made = subprocess.run(
        [str(BIN / "python"), "-c", SESSIONS, str(args.concurrency * 5)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    secrets = json.loads(made.stdout.strip().splitlines()[-1])
    home_headers = [{"Cookie": f"sessionid={s}"} for s in secrets["sessions"]]
    api_headers = [{"Authorization": f"Bearer {secrets['token']}"}]

    settle(env)
    with served(env, args.port):
        load(args.port, "/", home_headers, 200, args.concurrency)  # warm-up
        load(args.port, "/api/v1/programs", api_headers, 200, args.concurrency)
        home = wrk_load(args.port, "/", home_headers, args.seconds, args.concurrency) or load(
            args.port, "/", home_headers, args.requests, args.concurrency
        )
        programs = wrk_load(
            args.port, "/api/v1/programs", api_headers, args.seconds, args.concurrency
        ) or load(args.port, "/api/v1/programs", api_headers, args.requests, args.concurrency)
    print(
        json.dumps(
            {
                "bench": "web_latency",
                "database": args.database,
                "students": args.students,
                "concurrency": args.concurrency,
                "cache": "redis" if env.get("REDIS_URL") else "files",
                "student_home": home,
                "program_list_api": programs,
                "target_home_p95_ms": 50,
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
