"""The exam day (LMS-7, issue 5): N students take a 30-question test at once and every
answer is autosaved; optionally the server is killed mid-exam and restarted.

Setup (on PostgreSQL by default, Redis as the cache when it answers): one published
course with N enrolled students, a category of 30 single-choice questions and a test
drawing all 30, a signed-in session per student. Then N virtual students — asyncio
with raw keep-alive HTTP/1.1 sockets, so the client stays light — each start (or
resume) their attempt and save an answer every 10–30 s of exam time for the exam's
length; `--time-scale` shortens time (60: one exam minute per second). A save that
fails (connection refused or reset, 5xx) is retried with backoff until acknowledged.

At the end every student's last intended answer per question is compared with the
database: **answers lost** must be 0. `--kill-restart` SIGKILLs the gunicorn master
(and so its workers) in the middle of the exam and starts a new one.

Printed: one JSON line — saves sent and acknowledged, retries, throughput, p50/p95/p99 of
acknowledged saves (target p95 < 150 ms at 1,000 students) overall and "steady" (once
every student has started: the start of 1,000 attempts is a burst of its own), lost
answers.

    .venv/bin/python bench/exam_day.py --students 1000 --minutes 40 --time-scale 20
    .venv/bin/python bench/exam_day.py --students 1000 --minutes 40 --time-scale 20 --kill-restart
    .venv/bin/python bench/exam_day.py --students 100 --minutes 5 --time-scale 10   # a quick check
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from _harness import BIN, ROOT, qashyq, scratch_env

QUESTIONS = 30

SETUP = r"""
import datetime as dt, json, sys
from decimal import Decimal
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils import timezone
from qashyq.accounts.models import User
from qashyq.assessment.models import Test, TestSection
from qashyq.courses.models import Course, CourseStaff, Enrolment
from qashyq.institutions.tests.factories import (
    AcademicPeriodFactory, AcademicYearFactory, DepartmentFactory, DisciplineFactory,
    FacultyFactory, InstitutionFactory, ProgramFactory, StudentGroupFactory)
from qashyq.people.models import RoleAssignment, Student
from qashyq.questions.models import Category, Question

students_wanted, questions, minutes = (int(a) for a in sys.argv[1:4])
institution = InstitutionFactory.create(code="bench")
department = DepartmentFactory.create(faculty=FacultyFactory.create(institution=institution))
program = ProgramFactory.create(department=department)
year = AcademicYearFactory.create(institution=institution, start_year=2025)
today = timezone.localdate()
period = AcademicPeriodFactory.create(academic_year=year, number=2,
    starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=60))
course = Course.objects.create(institution=institution, discipline=DisciplineFactory.create(
    department=department), period=period, code="BENCH-EXAM", status="published")
group = StudentGroupFactory.create(program=program, code="BENCH-1")
users = User.objects.bulk_create([
    User(username=f"bench{n:05d}", first_name="Студент", last_name=f"№{n}", password="!")
    for n in range(students_wanted)], batch_size=1000)
users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
students = Student.objects.bulk_create([
    Student(user=u, institution=institution, program=program, group=group,
            student_number=f"B{n:06d}", admission_year=2025, course_year=1)
    for n, u in enumerate(users)], batch_size=1000)
RoleAssignment.objects.bulk_create([
    RoleAssignment(user=u, role="student", institution=institution) for u in users],
    batch_size=1000)
Enrolment.objects.bulk_create([Enrolment(course=course, student=s) for s in students],
                              batch_size=1000)
category = Category.objects.create(course=course, name="Емтихан")
Question.objects.bulk_create([
    Question(course=course, category=category, qtype="single", name=f"Q{n}",
             text=f"<p>Сұрақ {n}: {n} + {n} = ?</p>", points=Decimal(1),
             data={"choices": [{"id": f"c{k}", "text": str(2 * n + k - 1),
                                "fraction": "1" if k == 1 else "0"} for k in range(1, 5)],
                   "answers": [], "numeric": [], "pairs": [], "items": []})
    for n in range(1, questions + 1)])
now = timezone.now()
test = Test.objects.create(course=course, title="Емтихан", control="exam", published=True,
    time_limit_minutes=minutes, opens_at=now - dt.timedelta(minutes=5),
    closes_at=now + dt.timedelta(minutes=minutes + 60), attempts_allowed=1, grace_seconds=120)
TestSection.objects.create(test=test, kind="draw", category=category, count=questions)
cookies = []
for user in users:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "qashyq.accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    cookies.append(store.session_key)
print(json.dumps({"test_id": test.pk, "sessions": cookies}))
"""

CHECK = r"""
import json, sys
import django
django.setup()
from qashyq.assessment.models import Answer, Attempt
test_id = int(sys.argv[1])
rows = {}
for attempt_id, position, response, seq in Answer.objects.filter(
        attempt__test_id=test_id).values_list("attempt_id", "position", "response", "seq"):
    rows.setdefault(attempt_id, {})[position] = [response, seq]
print(json.dumps({"attempts": Attempt.objects.filter(test_id=test_id).count(), "answers": rows}))
"""


# ---------------------------------------------------------------- the server


class Server:
    """gunicorn as `qashyq start` runs it, which can be SIGKILLed and started again."""

    def __init__(self, env: dict[str, str], port: int, workers: int, threads: int) -> None:
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "qashyq.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--worker-connections",
                "2000",
                "--keep-alive",
                "75",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/accounts/login/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        return time.perf_counter() - started

    def kill(self) -> None:
        """SIGKILL the master mid-exam. Its workers notice their parent is gone and leave;
        any still there after 5 s are killed as a service manager would (systemd kills the
        unit's whole control group before restarting it), so the port is free."""
        assert self.proc is not None
        pgid = os.getpgid(self.proc.pid)
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


# ---------------------------------------------------------------- the virtual students


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    steady: list[float] = field(default_factory=list)  # after every student has started
    started: int = 0
    students: int = 0
    sent: int = 0  # requests sent, retries included
    acknowledged: int = 0  # answers the server confirmed
    retries: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closed it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        """Send and read one exchange; no answer within 20 s counts as a dropped link
        (the connection is closed and the caller retries, as the page's script does)."""
        try:
            return await asyncio.wait_for(self._exchange(raw), timeout=20)
        except TimeoutError:
            await self.close()
            raise ConnectionResetError("timed out") from None

    async def _exchange(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        for attempt in (1, 2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            assert self.reader is not None
            assert self.writer is not None
            try:
                self.writer.write(raw)
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionResetError("closed")
                status = int(status_line.split()[1])
                headers: dict[str, str] = {}
                while True:
                    line = await self.reader.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _sep, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await self.reader.readexactly(int(headers.get("content-length", "0")))
                if headers.get("connection", "").lower() == "close":
                    await self.close()
                return status, headers, body
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                await self.close()
                if fresh or attempt == 2:
                    raise
        raise ConnectionResetError("unreachable")


def _request(method: str, path: str, cookie: str, csrf: str, body: bytes = b"") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Cookie: sessionid={cookie}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def student(  # noqa: PLR0915 - one virtual student's whole exam
    index: int,
    cookie: str,
    *,
    port: int,
    test_id: int,
    exam_seconds: float,
    time_scale: float,
    figures: Figures,
    intended: dict[int, dict[int, tuple[str, int]]],
    attempts: dict[int, int],
    rng: random.Random,
) -> None:
    csrf = secrets.token_hex(16)
    conn = Connection(port)
    await asyncio.sleep(rng.uniform(0, min(10.0, exam_seconds / 4)))  # students arrive
    backoff = 0.2
    while True:  # start or resume, until the server answers
        try:
            status, headers, _body = await conn.request(
                _request("POST", f"/tests/{test_id}/start/", cookie, csrf)
            )
            if status == 302 and "/attempts/" in headers.get("location", ""):
                attempt_id = int(headers["location"].rstrip("/").split("/")[-1])
                break
            figures.error(f"start-{status}")
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            figures.error("start-connection")
        await asyncio.sleep(backoff)
        backoff = min(backoff * 2, 5.0)
    attempts[index] = attempt_id
    figures.started += 1
    mine: dict[int, tuple[str, int]] = {}
    intended[attempt_id] = mine
    ends = time.monotonic() + exam_seconds
    seq = 0
    path = f"/tests/attempts/{attempt_id}/answers"
    while time.monotonic() < ends:
        await asyncio.sleep(rng.uniform(10, 30) / time_scale)
        position = rng.randint(1, QUESTIONS)
        response = f"c{rng.randint(1, 4)}"
        seq += 1
        mine[position] = (response, seq)
        body = json.dumps({"position": position, "response": response, "seq": seq}).encode()
        raw = _request("POST", path, cookie, csrf, body)
        backoff = 0.2
        while True:  # until acknowledged
            figures.sent += 1
            started = time.perf_counter()
            try:
                status, _headers, _reply = await conn.request(raw)
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                figures.error("connection")
                status = 0
            if status == 200:
                elapsed_ms = (time.perf_counter() - started) * 1000
                figures.latencies.append(elapsed_ms)
                if figures.started == figures.students:
                    figures.steady.append(elapsed_ms)
                figures.acknowledged += 1
                break
            if status == 409:  # the attempt is over: nothing more can be saved
                figures.error("closed")
                return
            if status and status < 500:
                figures.error(f"http-{status}")
                mine.pop(position, None)
                break
            if status:
                figures.error(f"http-{status}")
            figures.retries += 1
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)
    await conn.close()


async def exam(
    cookies: list[str],
    *,
    port: int,
    test_id: int,
    exam_seconds: float,
    time_scale: float,
    server: Server | None,
) -> tuple[Figures, dict[int, dict[int, tuple[str, int]]], float, float | None]:
    figures = Figures(students=len(cookies))
    intended: dict[int, dict[int, tuple[str, int]]] = {}
    attempts: dict[int, int] = {}
    rng = random.Random(5)
    restart_seconds: float | None = None

    async def killer() -> None:
        nonlocal restart_seconds
        assert server is not None
        await asyncio.sleep(exam_seconds / 2)
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        await loop.run_in_executor(None, server.kill)
        await loop.run_in_executor(None, server.start)
        restart_seconds = round(time.perf_counter() - started, 2)

    started = time.perf_counter()
    tasks = [
        student(
            i,
            cookie,
            port=port,
            test_id=test_id,
            exam_seconds=exam_seconds,
            time_scale=time_scale,
            figures=figures,
            intended=intended,
            attempts=attempts,
            rng=random.Random(rng.random()),
        )
        for i, cookie in enumerate(cookies)
    ]
    if server is not None:
        tasks.append(killer())
    await asyncio.gather(*tasks)
    return figures, intended, time.perf_counter() - started, restart_seconds


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2) if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=40, help="the exam's length")
    parser.add_argument("--time-scale", type=float, default=20)
    parser.add_argument("--kill-restart", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8771)
    args = parser.parse_args()

    env = scratch_env(args.database, "exam")
    qashyq(env, "migrate", "--verbosity", "0")
    env["DJANGO_SETTINGS_MODULE"] = "qashyq.settings.base"
    setup_started = time.perf_counter()
    exam_seconds = args.minutes * 60 / args.time_scale
    limit_minutes = int(exam_seconds / 60) + 60  # the real clock runs the deadline
    made = subprocess.run(
        [str(BIN / "python"), "-c", SETUP, str(args.students), str(QUESTIONS), str(limit_minutes)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    setup_seconds = round(time.perf_counter() - setup_started, 1)
    server = Server(env, args.port, args.workers, args.threads)
    server.start()
    try:
        figures, intended, elapsed, restart = asyncio.run(
            exam(
                setup["sessions"],
                port=args.port,
                test_id=setup["test_id"],
                exam_seconds=exam_seconds,
                time_scale=args.time_scale,
                server=server if args.kill_restart else None,
            )
        )
    finally:
        server.stop()
    checked = subprocess.run(
        [str(BIN / "python"), "-c", CHECK, str(setup["test_id"])],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    stored = json.loads(checked.stdout.strip().splitlines()[-1])
    lost = 0
    checked_answers = 0
    for attempt_id, answers in intended.items():
        rows = stored["answers"].get(str(attempt_id), {})
        for position, (response, seq) in answers.items():
            checked_answers += 1
            row = rows.get(str(position))
            if row is None or row[0] != response or row[1] != seq:
                lost += 1
    print(
        json.dumps(
            {
                "bench": "exam_day",
                "database": args.database,
                "cache": "redis" if env.get("REDIS_URL") else "files",
                "students": args.students,
                "questions": QUESTIONS,
                "exam_minutes": args.minutes,
                "time_scale": args.time_scale,
                "wall_seconds": round(elapsed, 1),
                "setup_seconds": setup_seconds,
                "workers": args.workers,
                "threads": args.threads,
                "kill_restart": args.kill_restart,
                "restart_seconds": restart,
                "attempts": stored["attempts"],
                "saves_sent": figures.sent,
                "saves_acknowledged": figures.acknowledged,
                "retries": figures.retries,
                "errors": figures.errors,
                "throughput_rps": round(figures.acknowledged / elapsed, 1),
                "p50_ms": pct(figures.latencies, 0.50),
                "p95_ms": pct(figures.latencies, 0.95),
                "p99_ms": pct(figures.latencies, 0.99),
                "steady_p50_ms": pct(figures.steady, 0.50),
                "steady_p95_ms": pct(figures.steady, 0.95),
                "steady_p99_ms": pct(figures.steady, 0.99),
                "target_p95_ms": 150,
                "answers_checked": checked_answers,
                "answers_lost": lost,
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
