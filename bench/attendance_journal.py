"""Latency of the teacher's attendance journal: a course of 300 students and 60 classes,
every cell marked, at 1 and 20 concurrent clients.

Issue 4 target: p95 < 80 ms at 20 clients on PostgreSQL. The data: a 300-student demo
university (`qashyq demo`), one published course taught by the demo teacher with 300
students enrolled (their groups added to it), 60 past classes (lectures for the whole
course, practicals per group) and a mark for every student of every class (18,000 when
all are whole-course classes; group classes count only their group). The figures cover
both the cached grid (the normal case: ADR 0014) and, once, a cold render after a mark
changed. Also printed: the page's size in bytes.

    .venv/bin/python bench/attendance_journal.py [--database sqlite] [--requests 2000]
"""

from __future__ import annotations

import argparse
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
from qashyq.accounts.models import User
from qashyq.courses.models import Course, CourseGroup, CourseStaff, Enrolment
from qashyq.institutions.models import AcademicPeriod, Discipline
from qashyq.people.models import Staff, Student
from qashyq.schedule.models import Attendance, ClassSession

students_wanted, classes_wanted, sessions_wanted = (int(a) for a in sys.argv[1:4])
teacher = Staff.objects.select_related("user", "department").get(user__username="teacher")
discipline = Discipline.objects.filter(department=teacher.department).order_by("code").first()
period = AcademicPeriod.objects.filter(
    academic_year__institution=teacher.institution).order_by("-starts_on").first()
course = Course.objects.create(
    institution=teacher.institution, discipline=discipline, period=period,
    code="BENCH-JOURNAL", status="published")
CourseStaff.objects.create(course=course, staff=teacher, role="teacher")
students = list(Student.objects.order_by("pk")[:students_wanted])
Enrolment.objects.bulk_create([Enrolment(course=course, student=s) for s in students])
group_ids = sorted({s.group_id for s in students if s.group_id})
CourseGroup.objects.bulk_create([CourseGroup(course=course, group_id=g) for g in group_ids])
now = timezone.now()
first = now - dt.timedelta(days=classes_wanted + 2)
sessions = []
for n in range(classes_wanted):
    starts = first + dt.timedelta(days=n)
    sessions.append(ClassSession(  # whole-course classes: the largest grid
        course=course, kind="lecture" if n % 2 == 0 else "practice",
        delivery=("sync", "async", "in_person")[n % 3], starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=80), settled_at=starts + dt.timedelta(hours=2),
        conference_provider="jitsi" if n % 3 == 0 else "",
        conference_url="https://meet.jit.si/bench" if n % 3 == 0 else ""))
ClassSession.objects.bulk_create(sessions)
rng = random.Random(4)
marks = [
    Attendance(session=s, course=course, student=st,
               status=rng.choices(["present", "late", "absent", "excused"], [82, 6, 9, 3])[0],
               source="teacher", marked_at=s.ends_at)
    for s in sessions for st in students]
Attendance.objects.bulk_create(marks, batch_size=5000)
cookies = []
for _ in range(sessions_wanted):
    store = SessionStore()
    store[SESSION_KEY] = str(teacher.user.pk)
    store[BACKEND_SESSION_KEY] = "qashyq.accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = teacher.user.get_session_auth_hash()
    store.create()
    cookies.append(store.session_key)
print(json.dumps({"course_id": course.pk, "students": len(students),
                  "classes": len(sessions), "marks": len(marks), "sessions": cookies}))
"""

TOUCH = r"""
import sys
import django
django.setup()
from qashyq.core.cache import generation_bump
generation_bump(f"schedule-course-{sys.argv[1]}")
"""


def fetch(port: int, path: str, cookie: str) -> tuple[int, int, float]:
    """One GET: (status, bytes, milliseconds)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Accept-Language": "kk"})
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body), round((time.perf_counter() - started) * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--classes", type=int, default=60)
    parser.add_argument("--requests", type=int, default=1000, help="per run, Python client")
    parser.add_argument("--seconds", type=int, default=15, help="per run, with wrk")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    env = scratch_env(args.database, "journal")
    qashyq(env, "migrate", "--verbosity", "0")
    qashyq(env, "demo", "--students", str(max(args.students, 300)))
    env["DJANGO_SETTINGS_MODULE"] = "qashyq.settings.base"
    made = subprocess.run(
        [str(BIN / "python"), "-c", SETUP, str(args.students), str(args.classes), "40"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    path = f"/schedule/courses/{setup['course_id']}/journal/"
    headers = [{"Cookie": f"sessionid={s}"} for s in setup["sessions"]]
    results: dict[str, object] = {}
    settle(env)
    with served(env, args.port):
        status, size, _ms = fetch(args.port, path, setup["sessions"][0])
        if status != 200:
            raise SystemExit(f"journal answered {status}")
        subprocess.run(
            [str(BIN / "python"), "-c", TOUCH, str(setup["course_id"])],
            env=env,
            cwd=ROOT,
            check=True,
        )
        cold = fetch(args.port, path, setup["sessions"][0])
        load(args.port, path, headers, 100, 5)  # warm-up: every worker has the grid cached
        # wrk needs at least as many connections as its two threads: one client is
        # measured with the Python client (the load it adds is one request at a time).
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
                "bench": "attendance_journal",
                "database": args.database,
                "cache": "redis" if env.get("REDIS_URL") else "files",
                "students": setup["students"],
                "classes": setup["classes"],
                "marks": setup["marks"],
                "page_bytes": size,
                "cold_render_ms": cold[2],
                **results,
                "target_p95_ms_at_20": 80,
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
