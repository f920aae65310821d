"""Latency and size of the teacher's e-journal (gradebook) page: a course of 300
students × 40 grade items, every cell graded, at 1 and 20 concurrent clients.

Issue 5 target: p95 < 150 ms at 20 clients on PostgreSQL. The data: a demo university
(`qashyq demo`, at least 300 students), one published course taught by the demo teacher
with 300 students enrolled, 40 items (36 current-control items in two halves, R1, R2,
the exam and one more current item) and 12,000 entries, a few of them excused or absent.
Each client is a signed-in session of the teacher. The grid is cached per course and
language (ADR 0014) until a grade changes: `first_request_ms` is the page with the grid
built (a miss), the load runs read the warm page as a teacher re-opening it does; a
`cold_*` run after each grade change is printed as `cold_ms` (median of 20 misses).
Printed: the page's bytes as sent (gzip, the view compresses) and uncompressed, and the
latency figures.

    .venv/bin/python bench/gradebook_page.py [--database sqlite] [--requests 1000]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import statistics
import subprocess
import sys
import time

from _harness import BIN, ROOT, load, qashyq, scratch_env, served, settle, wrk_load

SETUP = r"""
import json, random, sys
import django
django.setup()
from decimal import Decimal
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils import timezone
from qashyq.courses.models import Course, CourseStaff, Enrolment, Syllabus
from qashyq.gradebook.models import GradeEntry, GradeItem
from qashyq.institutions.models import AcademicPeriod, Discipline
from qashyq.people.models import Staff, Student

students_wanted, items_wanted, sessions_wanted = (int(a) for a in sys.argv[1:4])
teacher = Staff.objects.select_related("user", "department").get(user__username="teacher")
discipline = Discipline.objects.filter(department=teacher.department).order_by("code").first()
period = AcademicPeriod.objects.filter(
    academic_year__institution=teacher.institution).order_by("-starts_on").first()
course = Course.objects.create(
    institution=teacher.institution, discipline=discipline, period=period,
    code="BENCH-GRADEBOOK", status="published")
Syllabus.objects.create(course=course)
CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
students = list(Student.objects.filter(status="enrolled").order_by("pk")[:students_wanted])
Enrolment.objects.bulk_create([Enrolment(course=course, student=s) for s in students])
plan = [("midterm1", 1, 100), ("midterm2", 2, 100), ("exam", 1, 100)]
currents = items_wanted - len(plan)
items = []
for n in range(currents):
    half = 1 if n < currents // 2 else 2
    items.append(GradeItem(course=course, title=f"Зертханалық жұмыс {n + 1}",
                           control="current", half=half, max_points=10, position=n))
for n, (control, half, top) in enumerate(plan):
    items.append(GradeItem(course=course, title={"midterm1": "АБ1", "midterm2": "АБ2",
                           "exam": "Емтихан"}[control], control=control, half=half,
                           max_points=top, position=currents + n))
GradeItem.objects.bulk_create(items)
items = list(GradeItem.objects.filter(course=course).order_by("position"))
rng = random.Random(5)
now = timezone.now()
entries = []
for s in students:
    ability = rng.gauss(72, 14)
    for item in items:
        x = rng.random()
        if x < 0.02:
            entries.append(GradeEntry(item=item, course=course, student=s, mark="absent",
                                      updated_at=now))
            continue
        if x < 0.03:
            entries.append(GradeEntry(item=item, course=course, student=s, mark="excused",
                                      updated_at=now))
            continue
        pct = max(0.0, min(100.0, rng.gauss(ability, 10)))
        points = Decimal(round(pct * float(item.max_points) / 100, 1)).quantize(Decimal("0.1"))
        entries.append(GradeEntry(item=item, course=course, student=s, points=points,
                                  by_hand=True, updated_at=now))
GradeEntry.objects.bulk_create(entries, batch_size=5000)
cookies = []
for _ in range(sessions_wanted):
    store = SessionStore()
    store[SESSION_KEY] = str(teacher.user_id)
    store[BACKEND_SESSION_KEY] = "qashyq.accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = teacher.user.get_session_auth_hash()
    store.create()
    cookies.append(store.session_key)
print(json.dumps({"course_id": course.pk, "students": len(students), "items": len(items),
                  "entries": len(entries), "sessions": cookies,
                  "cell": {"item": items[0].pk, "student": students[0].pk}}))
"""


def fetch(port: int, path: str, cookie: str, gzip_ok: bool = True) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"sessionid={cookie}", "Accept-Language": "kk"}
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def change_a_grade(port: int, course_id: int, cookie: str, cell: dict[str, int], n: int) -> None:
    """A grade change through the quick-entry endpoint: the next page read is a miss."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/grades/courses/{course_id}/", headers={"Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    response.read()
    token = ""
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            token = value.split(";", 1)[0].split("=", 1)[1]
    body = json.dumps({**cell, "value": str(n % 10), "reason": "bench"})
    conn.request(
        "POST",
        f"/grades/courses/{course_id}/cell/",
        body=body,
        headers={
            "Cookie": f"sessionid={cookie}; csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/json",
            "Referer": f"http://127.0.0.1:{port}/",
        },
    )
    answer = conn.getresponse()
    answer.read()
    if answer.status != 200:
        raise SystemExit(f"the quick entry answered {answer.status}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--requests", type=int, default=1000, help="per run, Python client")
    parser.add_argument("--seconds", type=int, default=15, help="per run, with wrk")
    parser.add_argument("--port", type=int, default=8769)
    args = parser.parse_args()

    env = scratch_env(args.database, "gradebook")
    qashyq(env, "migrate", "--verbosity", "0")
    qashyq(env, "demo", "--students", str(max(args.students + 100, 400)), "--foundation-only")
    env["DJANGO_SETTINGS_MODULE"] = "qashyq.settings.base"
    made = subprocess.run(
        [str(BIN / "python"), "-c", SETUP, str(args.students), str(args.items), "20"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    path = f"/grades/courses/{setup['course_id']}/"
    headers = [
        {"Cookie": f"sessionid={s}", "Accept-Encoding": "gzip", "Accept-Language": "kk"}
        for s in setup["sessions"]
    ]
    results: dict[str, object] = {}
    settle(env)
    with served(env, args.port):
        started = time.perf_counter()
        status, body = fetch(args.port, path, setup["sessions"][0])
        first_ms = round((time.perf_counter() - started) * 1000, 2)
        if status != 200:
            raise SystemExit(f"the gradebook page answered {status}")
        _status, plain = fetch(args.port, path, setup["sessions"][1], gzip_ok=False)
        cold = []
        for n in range(20):
            change_a_grade(args.port, setup["course_id"], setup["sessions"][0], setup["cell"], n)
            started = time.perf_counter()
            fetch(args.port, path, setup["sessions"][0])
            cold.append((time.perf_counter() - started) * 1000)
        load(args.port, path, headers, 100, 5)  # warm-up
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
                "bench": "gradebook_page",
                "database": args.database,
                "cache": "redis" if env.get("REDIS_URL") else "files",
                "students": setup["students"],
                "items": setup["items"],
                "entries": setup["entries"],
                "page_bytes_gzip": len(body),
                "page_bytes": len(plain),
                "page_bytes_gzip_check": len(gzip.compress(plain)),
                "first_request_ms": first_ms,
                "cold_ms_median": round(statistics.median(cold), 2),
                "cold_ms_max": round(max(cold), 2),
                **results,
                "target_p95_ms_at_20": 150,
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
