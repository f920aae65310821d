"""Latency and size of the student's course page: a course of 300 students and 60
materials (15 weekly modules × 4, all released), at 1 and 20 concurrent clients.

Issue 4 targets: p95 < 80 ms at 20 clients on PostgreSQL; the page < 60 KB without
media. The data: a demo university (`qashyq demo`, at least 300 students), one published
course taught by the demo teacher with 300 students enrolled and 60 materials (lecture
texts of ~10 KB each, which the course page must not carry; videos and files with
sizes; links), some progress. Each client signs in as a different enrolled student;
every view also writes its footprint event, as in production. Printed: the page's
bytes as sent and gzip-compressed (what a compressing proxy would send), and the
latency figures.

    .venv/bin/python bench/course_page.py [--database sqlite] [--requests 2000]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import subprocess
import sys
import time

from _harness import BIN, ROOT, load, qashyq, scratch_env, served, settle, wrk_load

SETUP = r"""
import datetime as dt, json, random, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils import timezone
from qashyq.courses.models import (
    Course, CourseStaff, Enrolment, Material, MaterialProgress, Module, Syllabus)
from qashyq.institutions.models import AcademicPeriod, Discipline
from qashyq.people.models import Staff, Student

students_wanted, weeks, per_week, sessions_wanted = (int(a) for a in sys.argv[1:5])
teacher = Staff.objects.select_related("user", "department").get(user__username="teacher")
discipline = Discipline.objects.filter(department=teacher.department).order_by("code").first()
period = AcademicPeriod.objects.filter(
    academic_year__institution=teacher.institution).order_by("-starts_on").first()
course = Course.objects.create(
    institution=teacher.institution, discipline=discipline, period=period,
    code="BENCH-COURSE", status="published")
Syllabus.objects.create(course=course)
CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
students = list(Student.objects.filter(status="enrolled").order_by("pk")[:students_wanted])
Enrolment.objects.bulk_create([Enrolment(course=course, student=s) for s in students])
kinds = ["lecture", "practical", "video", "independent"]
materials = []
for week in range(1, weeks + 1):
    module = Module.objects.create(
        course=course, week=week, position=week,
        title=f"{week}-апта. Реляциялық деректер қорын жобалау және қалыпты формалар")
    for n in range(per_week):
        kind = kinds[n % len(kinds)]
        materials.append(Material(
            module=module, kind=kind, position=n,
            title=f"Дәріс {week}.{n + 1}: SQL сұраныстары, индекстер және транзакциялар",
            body="<p>" + "Деректер қоры — ұйымдастырылған деректер жиынтығы. " * 180 + "</p>",
            mime_type="video/mp4" if kind == "video" else "",
            size_bytes=350_000_000 if kind == "video" else 0,
            duration_seconds=5400 if kind == "video" else None))
Material.objects.bulk_create(materials)
rng = random.Random(7)
now = timezone.now()
MaterialProgress.objects.bulk_create([
    MaterialProgress(material=m, student=s, first_opened_at=now, last_opened_at=now,
                     completed_at=now if rng.random() < 0.7 else None)
    for s in students for m in materials[:20] if rng.random() < 0.8], batch_size=5000)
cookies = []
for student in students[:sessions_wanted]:
    store = SessionStore()
    store[SESSION_KEY] = str(student.user_id)
    store[BACKEND_SESSION_KEY] = "qashyq.accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = student.user.get_session_auth_hash()
    store.create()
    cookies.append(store.session_key)
print(json.dumps({"course_id": course.pk, "students": len(students),
                  "materials": len(materials), "sessions": cookies}))
"""


def fetch(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Accept-Language": "kk"})
    response = conn.getresponse()
    return response.status, response.read()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=15)
    parser.add_argument("--per-week", type=int, default=4)
    parser.add_argument("--requests", type=int, default=1000, help="per run, Python client")
    parser.add_argument("--seconds", type=int, default=15, help="per run, with wrk")
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()

    env = scratch_env(args.database, "course")
    qashyq(env, "migrate", "--verbosity", "0")
    qashyq(env, "demo", "--students", str(max(args.students + 100, 400)))  # ~90 % enrolled
    env["DJANGO_SETTINGS_MODULE"] = "qashyq.settings.base"
    made = subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            SETUP,
            str(args.students),
            str(args.weeks),
            str(args.per_week),
            "40",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    path = f"/courses/{setup['course_id']}/"
    headers = [{"Cookie": f"sessionid={s}"} for s in setup["sessions"]]
    results: dict[str, object] = {}
    settle(env)
    with served(env, args.port):
        status, body = fetch(args.port, path, setup["sessions"][0])
        if status != 200:
            raise SystemExit(f"the course page answered {status}")
        started = time.perf_counter()
        fetch(args.port, path, setup["sessions"][1])
        first_ms = round((time.perf_counter() - started) * 1000, 2)
        load(args.port, path, headers, 100, 5)  # warm-up
        # wrk needs at least two connections: one client is measured with the Python client.
        results["clients_1"] = {
            "client": "python",
            **load(args.port, path, headers, args.requests // 4, 1),
        }
        results["clients_20"] = wrk_load(args.port, path, headers, args.seconds, 20) or load(
            args.port, path, headers, args.requests, 20
        )
    print(
        json.dumps(
            {
                "bench": "course_page",
                "database": args.database,
                "cache": "redis" if env.get("REDIS_URL") else "files",
                "students": setup["students"],
                "materials": setup["materials"],
                "page_bytes": len(body),
                "page_bytes_gzip": len(gzip.compress(body)),
                "target_page_bytes": 60 * 1024,
                "first_request_ms": first_ms,
                **results,
                "target_p95_ms_at_20": 80,
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
