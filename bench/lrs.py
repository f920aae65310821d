"""The learning record store (issue 6, FP-1): how fast `/xapi/statements` takes statements
in and answers queries on PostgreSQL, with Ralph (the Python LRS, `ralph-malph`) beside it
as the reference. Target: at least 2x Ralph's ingestion rate on the same machine.

1. **Ingestion.** A scratch PostgreSQL database (Redis as the cache when it answers),
   migrated; an LRS client issued with `qashyq lrs client-add bench --read all`; Qashyq
   served by gunicorn as `qashyq start` does (`--workers 2 --threads 2`, the harness's
   default). Four phases POST distinct, valid statements with HTTP Basic: one statement a
   request and batches of 100, each from 1 and from 8 keep-alive clients. The statements
   are what a MOOC platform sends: 20,000 learners (accounts and mboxes, Kazakh and
   Russian names), ~6,000 activities of five kinds with definitions (videos, pages,
   choice questions with their choices, assessments, meetings), the verbs that fit each
   kind, results (scores, success, durations, video extensions), contexts (registration,
   platform, language, parent/grouping/category activities, an extension), timestamps
   over 90 days; ~1.3 KB each. A phase's bodies are built before it starts, so the client
   (Python threads, one keep-alive `http.client` connection each) only sends; its CPU
   time is printed beside each rate (`client_cpu`: cores it used on average).
2. **Ralph.** Ralph 5.1 is installed (`ralph-malph[cli,lrs]`, and `requests`, which its
   API imports without declaring it) into its own virtualenv in the system temp dir
   (`--ralph-venv`, made when absent, never in the repository), its credentials are made
   with `ralph auth`, and the same bodies are POSTed by the same clients at the same
   concurrency to Ralph with its `fs` backend, the one backend that needs no other
   server. As shipped, that backend stores only the first POST: it writes with the
   INDEX operation, which refuses an existing file, so every later POST is a 500; the
   bench shows this (`as_shipped`) and measures Ralph with one line changed,
   `FSLRSBackend.default_operation_type = APPEND` (`RALPH_APPENDING`), nothing else.
   Ralph runs as its docs say production should, under uvicorn (`ralph runserver` is
   the same app with auto-reload and debug logging, which would only slow it down),
   with one worker: the fs backend appends to one file without a lock, so two processes
   could interleave their writes (`--ralph-workers` to try more). It writes without
   fsync; Qashyq's PostgreSQL commits each request durably. Each Ralph phase starts with
   a new server and an empty directory (the fs backend reads its whole file on every
   POST to find duplicate ids and rewrites its history file on every write, so a fuller
   file only makes it slower; the half rates show it); Qashyq's database keeps every
   earlier phase's statements. Ralph runs first, so that PostgreSQL's autovacuum after
   Qashyq's phases cannot take its CPU. Printed: both rates, `ratio` = Qashyq / Ralph.
3. **Queries.** The store is filled to `--fill` statements (default 1,000,000) through
   `footprint.services.statements_store`, the function the statements resource calls,
   with statements of the same generator (its later indices; the phases above show that
   the LRS validates and accepts them) in batches of `--fill-batch`, in `--fill-jobs`
   processes, each a client of its own (so its own stream): every row is stored,
   completed and chained as the LRS would have (`--verify` runs `qashyq footprint
   verify` afterwards); like a POST, a store call stamps its batch with one `stored`.
   Then `settle` (VACUUM ANALYZE) and GET `/xapi/statements` from one client,
   `--get-requests` each: the default query (newest first, 100), `agent=` (50 learners,
   ~50 statements each at a million), `verb=` (every verb), `activity=` (100
   activities), `since=` newest first and ascending (points in the fill's time), and
   walking the `more` links of the default query from page 1 down. Printed:
   median/p95/p99 and the statements a page held on average.
4. **Ingestion as the table grows.** The two batch phases again, with fresh statements,
   on top of the fill (`ingest_after_fill`): the rate with a million rows stored beside
   the rate on a nearly empty table.

Printed: one JSON line. Sizes for a quick check on a busy machine:

    .venv/bin/python bench/lrs.py                      # the full run (fills 1,000,000)
    .venv/bin/python bench/lrs.py --statements 300 --batch-statements 2000 \
        --fill 20000 --get-requests 40 --verify        # a quick check
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import http.client
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _harness import BIN, ROOT, qashyq, scratch_env, served, settle

RALPH_VERSION = "5.1.0"
VERSION_HEADER = "1.0.3"
BATCH = 100

# ---------------------------------------------------------------- the statements

HOME = "https://mooc.example.edu"
LEARNERS = 20_000
COURSES = 200
UNITS = 30  # activities per course
GIVEN = [
    "Айгерім",
    "Нұрлан",
    "Дана",
    "Ерлан",
    "Мария",
    "Алексей",
    "Жанна",
    "Тимур",
    "Asel",
    "Ruslan",
]
FAMILY = ["Омарова", "Сейітов", "Иванова", "Ким", "Абенов", "Петров", "Нұрғали", "Smith"]
LANGUAGES = ["kk-KZ", "ru-RU", "en-US"]
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "experienced": ADL + "experienced",
    "viewed": "http://id.tincanapi.com/verb/viewed",
    "progressed": ADL + "progressed",
    "completed": ADL + "completed",
    "answered": ADL + "answered",
    "attempted": ADL + "attempted",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    "commented": ADL + "commented",
    "joined": "http://activitystrea.ms/schema/1.0/join",
    "left": "http://activitystrea.ms/schema/1.0/leave",
    "submitted": "http://activitystrea.ms/schema/1.0/submit",
}
# Activity kind: its type IRI and the verbs a platform sends about it (repeats = weight).
KINDS: list[tuple[str, str, list[str]]] = [
    (
        "video",
        "https://w3id.org/xapi/video/activity-type/video",
        ["experienced"] * 3 + ["progressed"] * 4 + ["completed"],
    ),
    (
        "page",
        "http://adlnet.gov/expapi/activities/lesson",
        ["viewed"] * 5 + ["experienced"] * 2 + ["commented"],
    ),
    (
        "question",
        "http://adlnet.gov/expapi/activities/cmi.interaction",
        ["answered"],
    ),
    (
        "assessment",
        "http://adlnet.gov/expapi/activities/assessment",
        ["attempted"] * 2 + ["passed"] * 2 + ["failed", "completed", "submitted"],
    ),
    (
        "meeting",
        "http://adlnet.gov/expapi/activities/meeting",
        ["joined", "left"],
    ),
]
BASE = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def actor(n: int) -> dict[str, Any]:
    """Learner `n`: every fourth is known by an mbox, the others by a platform account."""
    name = f"{GIVEN[n % len(GIVEN)]} {FAMILY[n // len(GIVEN) % len(FAMILY)]}"
    if n % 4 == 0:
        return {"objectType": "Agent", "name": name, "mbox": f"mailto:learner{n}@mail.example.kz"}
    return {"objectType": "Agent", "name": name, "account": {"homePage": HOME, "name": f"u{n:06d}"}}


def registration(learner: int, course: int) -> str:
    """One registration per learner and course, as a platform keeps for an enrolment."""
    made = hashlib.blake2b(f"{learner}:{course}".encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=made, version=4))


def activity_iri(course: int, unit: int) -> str:
    return f"{HOME}/courses/c{course:03d}/units/{unit:02d}-{KINDS[unit % len(KINDS)][0]}"


def _activity(course: int, unit: int) -> dict[str, Any]:
    kind, type_iri, _verbs = KINDS[unit % len(KINDS)]
    definition: dict[str, Any] = {
        "type": type_iri,
        "name": {
            "kk-KZ": f"{unit + 1}-бөлім: {kind}",
            "en-US": f"Unit {unit + 1}: {kind}",
        },
        "description": {"ru-RU": f"Курс {course}, раздел {unit + 1} ({kind})"},
    }
    if kind == "question":
        definition["interactionType"] = "choice"
        definition["correctResponsesPattern"] = ["b"]
        definition["choices"] = [
            {"id": choice, "description": {"en-US": f"Option {choice.upper()}"}}
            for choice in "abcd"
        ]
    return {"objectType": "Activity", "id": activity_iri(course, unit), "definition": definition}


def statement(index: int) -> dict[str, Any]:
    """The statement number `index`: the same for every call, distinct for every index."""
    h = hashlib.blake2b(index.to_bytes(8, "big"), digest_size=32).digest()
    learner = int.from_bytes(h[16:19], "big") % LEARNERS
    course = (learner * 7 + h[19] % 5) % COURSES  # a learner keeps to a few courses
    unit = h[20] % UNITS
    kind, _type_iri, verbs = KINDS[unit % len(KINDS)]
    verb = verbs[h[21] % len(verbs)]
    seconds = 30 + int.from_bytes(h[22:24], "big") % 3000
    result: dict[str, Any] | None = None
    if kind == "question":
        response = "abcd"[h[24] % 4]
        result = {
            "success": response == "b",
            "response": response,
            "duration": f"PT{seconds % 300}S",
            "score": {
                "scaled": 1 if response == "b" else 0,
                "raw": int(response == "b"),
                "min": 0,
                "max": 1,
            },
        }
    elif kind == "assessment" and verb in ("passed", "failed", "completed"):
        raw = 60 + h[24] % 41 if verb == "passed" else h[24] % 60
        result = {
            "score": {"scaled": raw / 100, "raw": raw, "min": 0, "max": 100},
            "success": verb == "passed",
            "completion": True,
            "duration": f"PT{seconds // 60}M{seconds % 60}S",
        }
    elif kind == "video" and verb != "experienced":
        result = {
            "completion": verb == "completed",
            "extensions": {
                "https://w3id.org/xapi/video/extensions/progress": round(h[24] / 255, 2),
                "https://w3id.org/xapi/video/extensions/time": round(seconds / 1.7, 1),
            },
        }
    context_activities: dict[str, Any] = {
        "parent": [
            {
                "objectType": "Activity",
                "id": f"{HOME}/courses/c{course:03d}",
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/course",
                    "name": {"kk-KZ": f"Курс {course}", "ru-RU": f"Курс {course}"},
                },
            }
        ],
        "grouping": [{"objectType": "Activity", "id": f"{HOME}/programs/p{course % 23:02d}"}],
    }
    if kind == "video":
        context_activities["category"] = [{"id": "https://w3id.org/xapi/video"}]
    stamp = BASE - dt.timedelta(milliseconds=int.from_bytes(h[25:29], "big") % (90 * 86_400_000))
    made: dict[str, Any] = {
        "id": str(uuid.UUID(bytes=h[:16], version=4)),
        "actor": actor(learner),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": _activity(course, unit),
        "context": {
            "registration": registration(learner, course),
            "platform": "BigBlueButton" if kind == "meeting" else "Open edX",
            "language": LANGUAGES[h[30] % 3],
            "contextActivities": context_activities,
            "extensions": {f"{HOME}/xapi/extensions/session": h[13:19].hex()},
        },
        "timestamp": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    if result is not None:
        made["result"] = result
    return made


def bodies(first: int, statements: int, per_request: int) -> list[bytes]:
    """The request bodies of a phase: statements first … first+statements-1, one a request
    (an object) or `per_request` a request (an array)."""
    out = []
    for start in range(first, first + statements, per_request):
        if per_request == 1:
            out.append(json.dumps(statement(start), ensure_ascii=False).encode())
        else:
            batch = [
                statement(i) for i in range(start, min(start + per_request, first + statements))
            ]
            out.append(json.dumps(batch, ensure_ascii=False).encode())
    return out


# ---------------------------------------------------------------- the load


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2) if ordered else 0.0


@dataclass
class Tally:
    """What the clients of one phase saw."""

    latencies: list[float] = field(default_factory=list)
    done_at: list[tuple[float, int]] = field(default_factory=list)  # (when, statements)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: str | None = None
    reconnects: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, kind: str, text: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if self.first_error is None:
                self.first_error = text[:300]


def _post(
    conn: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str], tally: Tally
) -> tuple[http.client.HTTPConnection, int, bytes, float]:
    """One POST; a dropped keep-alive connection is opened again (three tries).
    (the connection, status — 0 when none came —, body, seconds)."""
    for attempt in range(3):
        sent = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException) as failure:
            conn.close()
            conn = http.client.HTTPConnection(conn.host, conn.port, timeout=conn.timeout)
            with tally.lock:
                tally.reconnects += 1
            if attempt == 2:
                tally.error("connection", repr(failure))
        else:
            return conn, response.status, answer, time.perf_counter() - sent
    return conn, 0, b"", 0.0


def ingest(
    port: int,
    path: str,
    authorization: str,
    payloads: list[bytes],
    *,
    concurrency: int,
    seconds: float,
) -> dict[str, Any]:
    """POST the payloads from `concurrency` keep-alive clients, each taking the next one,
    until all are sent or `seconds` have passed; statements/s acknowledged (counted from
    the ids each answer lists)."""
    headers = {
        "Authorization": authorization,
        "X-Experience-API-Version": VERSION_HEADER,
        "Content-Type": "application/json",
    }
    following = itertools.count()
    tally = Tally()
    started = time.perf_counter()
    deadline = started + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine: list[float] = []
        finished: list[tuple[float, int]] = []
        while time.perf_counter() < deadline:
            index = next(following)
            if index >= len(payloads):
                break
            conn, status, answer, took = _post(conn, path, payloads[index], headers, tally)
            if status != 200:
                if status:
                    tally.error(f"http-{status}", answer.decode("utf-8", "replace"))
                continue
            mine.append(took * 1000)
            finished.append((time.perf_counter(), len(json.loads(answer))))
        conn.close()
        with tally.lock:
            tally.latencies.extend(mine)
            tally.done_at.extend(finished)

    cpu = time.process_time()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    acknowledged = sum(n for _when, n in tally.done_at)
    return {
        "statements_sps": round(acknowledged / elapsed, 1),
        "statements": acknowledged,
        "requests": len(tally.latencies),
        "requests_planned": len(payloads),
        "seconds": round(elapsed, 2),
        "p50_ms": pct(tally.latencies, 0.50),
        "p95_ms": pct(tally.latencies, 0.95),
        **_halves(tally.done_at, started),
        "client_cpu": round(cpu / elapsed, 2),
        "errors": tally.errors,
        "first_error": tally.first_error,
        "reconnects": tally.reconnects,
    }


def _halves(done_at: list[tuple[float, int]], started: float) -> dict[str, float]:
    """The rate over the first and over the second half of the requests answered: a store
    that slows down as it fills shows it here."""
    if len(done_at) < 2:
        return {}
    done_at = sorted(done_at)
    middle = len(done_at) // 2
    first = sum(n for _w, n in done_at[:middle])
    second = sum(n for _w, n in done_at[middle:])
    middle_at = done_at[middle - 1][0]
    return {
        "first_half_sps": round(first / max(middle_at - started, 1e-9), 1),
        "second_half_sps": round(second / max(done_at[-1][0] - middle_at, 1e-9), 1),
    }


def get_latency(
    port: int, paths: list[str], authorization: str, requests: int, *, follow_more: bool = False
) -> dict[str, Any]:
    """GETs from one keep-alive client, cycling through `paths` (or, with `follow_more`,
    going from the first path down the `more` links, and back to it at the end)."""
    headers = {"Authorization": authorization, "X-Experience-API-Version": VERSION_HEADER}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies: list[float] = []
    returned: list[int] = []
    errors: dict[str, int] = {}
    path = paths[0]
    for n in range(requests):
        if not follow_more:
            path = paths[n % len(paths)]
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            errors[str(response.status)] = errors.get(str(response.status), 0) + 1
            continue
        page = json.loads(body)
        returned.append(len(page["statements"]))
        if follow_more:
            path = page["more"] or paths[0]
    conn.close()
    return {
        "requests": len(latencies),
        "median_ms": round(statistics.median(latencies), 2),
        "p95_ms": pct(latencies, 0.95),
        "p99_ms": pct(latencies, 0.99),
        "statements_per_page": round(statistics.mean(returned), 1) if returned else 0,
        "errors": errors,
    }


def tell(what: str, figures: dict[str, Any]) -> None:
    """A line of progress on stderr (stdout keeps the one JSON line)."""
    print(f"lrs bench: {what}: {json.dumps(figures)}", file=sys.stderr, flush=True)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# ---------------------------------------------------------------- Qashyq


def client_add(env: dict[str, str], name: str) -> tuple[str, str]:
    """Issue LRS credentials with the management command; (key, secret)."""
    out = subprocess.run(
        [str(BIN / "qashyq"), "lrs", "client-add", name, "--read", "all"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = dict(
        line.split(None, 1) for line in out.splitlines() if line.startswith(("key ", "secret "))
    )
    return found["key"].strip(), found["secret"].strip()


def sql(env: dict[str, str], query: str) -> str:
    return subprocess.run(
        ["psql", "-q", "-t", "-A", env["DATABASE_URL"], "-c", query],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


FILL = r"""
import importlib.util, sys, time
import django
django.setup()
from qashyq.footprint.services import statements_store
from qashyq.lrs.models import Client
spec = importlib.util.spec_from_file_location("bench_lrs", sys.argv[1])
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_lrs"] = bench
sys.path.insert(0, str(__import__("pathlib").Path(sys.argv[1]).parent))
spec.loader.exec_module(bench)
key = sys.argv[2]
first, count, batch = (int(a) for a in sys.argv[3:6])
client = Client.objects.get(key=key)
done, started, told = 0, time.perf_counter(), 0
while done < count:
    n = min(batch, count - done)
    statements_store(statements=[bench.statement(first + done + i) for i in range(n)],
                     stream_key=client.stream_key, authority=client.authority)
    done += n
    if done - told >= 100_000:
        told = done
        rate = done / (time.perf_counter() - started)
        print(f"fill {key[:6]}: {done:,} of {count:,}, {rate:,.0f}/s", file=sys.stderr, flush=True)
"""


def fill(env: dict[str, str], wanted: int, jobs: int, batch: int) -> dict[str, Any]:
    """Store statements until the database holds `wanted`, in `jobs` processes with a
    client (a stream) each."""
    have = int(sql(env, "SELECT count(*) FROM footprint_statement"))
    missing = max(0, wanted - have)
    fill_env = {**env, "DJANGO_SETTINGS_MODULE": "qashyq.settings.base"}
    began = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    processes = []
    for job in range(jobs):
        key, _secret = client_add(env, f"bench fill {job + 1}")
        share = missing // jobs + (1 if job < missing % jobs else 0)
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "python"),
                    "-c",
                    FILL,
                    str(Path(__file__).resolve()),
                    key,
                    str(10_000_000 * (job + 1)),
                    str(share),
                    str(batch),
                ],
                env=fill_env,
                cwd=ROOT,
            )
        )
    for process in processes:
        if process.wait() != 0:
            msg = f"a fill process failed ({process.returncode})"
            raise RuntimeError(msg)
    elapsed = time.perf_counter() - started
    ended = dt.datetime.now(dt.UTC)
    settle_started = time.perf_counter()
    settle(env)
    return {
        "before": have,
        "stored": missing,
        "seconds": round(elapsed, 1),
        "statements_sps": round(missing / elapsed, 1) if elapsed else 0,
        "jobs": jobs,
        "batch": batch,
        "settle_seconds": round(time.perf_counter() - settle_started, 1),
        "began": began,
        "ended": ended,
    }


def queries(
    port: int, authorization: str, requests: int, began: dt.datetime, ended: dt.datetime
) -> dict[str, Any]:
    """GET /xapi/statements latencies for the queries a reader sends."""
    base = "/xapi/statements"
    agents = [
        base + "?agent=" + quote(json.dumps({k: v for k, v in actor(n).items() if k != "name"}))
        for n in range(7, LEARNERS, LEARNERS // 50)
    ]
    verbs = [base + "?verb=" + quote(iri, safe="") for iri in VERBS.values()]
    activities = [
        base + "?activity=" + quote(activity_iri(course, unit), safe="")
        for course in range(0, COURSES, COURSES // 20)
        for unit in range(0, UNITS, UNITS // 5)
    ]
    span = (ended - began).total_seconds()
    points = [
        (began + dt.timedelta(seconds=span * f))
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
        for f in (0.5, 0.6, 0.7, 0.8, 0.9)
    ]
    since = [base + "?since=" + quote(p) for p in points]
    since_ascending = [base + "?ascending=true&since=" + quote(p) for p in points]
    return {
        "default": get_latency(port, [base], authorization, requests),
        "agent": get_latency(port, agents, authorization, requests),
        "verb": get_latency(port, verbs, authorization, requests),
        "activity": get_latency(port, activities, authorization, requests),
        "since": get_latency(port, since, authorization, requests),
        "since_ascending": get_latency(port, since_ascending, authorization, requests),
        "more": get_latency(port, [base], authorization, requests, follow_more=True),
    }


# ---------------------------------------------------------------- Ralph


def ralph_venv(venv: Path, version: str) -> Path:
    """Ralph's own virtualenv (outside the repository), made when absent. Ralph 5.1's API
    imports `requests` (its OIDC module) without declaring it, so it is installed too."""
    check = [str(venv / "bin" / "python"), "-c", "import ralph.api, ralph.backends.lrs.fs"]
    env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs"}
    ready = (venv / "bin" / "uvicorn").exists() and (
        subprocess.run(check, env=env, capture_output=True, check=False).returncode == 0
    )
    if not ready:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin" / "pip"),
                "install",
                "-q",
                f"ralph-malph[cli,lrs]=={version}",
                "requests",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        subprocess.run(check, env=env, capture_output=True, check=True)
    return venv


RALPH_APPENDING = '''"""Ralph's LRS app with its fs backend appending to its file.

Ralph 5.1's FSLRSBackend writes with the data backends' default operation, INDEX, which
refuses to write to an existing file: the first POST creates fs_lrs.jsonl and every later
one is a 500 ("already exists and overwrite is not allowed"). APPEND is what the fs
backend must do to be an LRS at all; nothing else of Ralph is changed.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402
'''
RALPH_PATCH = "FSLRSBackend.default_operation_type = BaseOperationType.APPEND"


class Ralph:
    """Ralph's LRS with the fs backend in a directory of its own."""

    def __init__(self, venv: Path, workers: int, port: int) -> None:
        self.venv, self.workers, self.port = venv, workers, port
        self.home = Path(tempfile.mkdtemp(prefix="qashyq-bench-ralph-"))
        self.user, self.password = "bench", "bench-password"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("RALPH_")},
            "RALPH_APP_DIR": str(self.home),
            "RALPH_AUTH_FILE": str(self.home / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",  # the CLI imports the API, which needs one
        }
        credentials = subprocess.run(
            [
                str(venv / "bin" / "ralph"),
                "auth",
                "-u",
                self.user,
                "-p",
                self.password,
                "-s",
                "all",
                "-M",
                "mailto:bench@mooc.example.edu",
                "-N",
                "bench",
                "-w",
            ],
            env=self.env,
            cwd=self.home,
            check=False,
            capture_output=True,
        )
        if credentials.returncode != 0:
            shutil.rmtree(self.home, ignore_errors=True)
            raise subprocess.CalledProcessError(
                credentials.returncode, credentials.args, stderr=credentials.stderr
            )
        self.proc: subprocess.Popen[bytes] | None = None
        self.data: Path | None = None
        self.log = (self.home / "server.log").open("ab")  # Ralph's own log lines

    def start(self, phase: str, *, appending: bool = True) -> None:
        """A new server on an empty directory; `appending`: with the fs backend appending
        (`RALPH_APPENDING`), else Ralph's app as shipped."""
        (self.home / "bench_ralph_app.py").write_text(RALPH_APPENDING)
        self.data = self.home / phase
        self.data.mkdir()
        env = {
            **self.env,
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
            "RALPH_HISTORY_FILE": str(self.data / "history.json"),
        }
        self.proc = subprocess.Popen(
            [
                str(self.venv / "bin" / "uvicorn"),
                "bench_ralph_app:app" if appending else "ralph.api:app",
                "--app-dir",
                str(self.home),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
            cwd=self.data,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(150):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/__lbheartbeat__")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        msg = "Ralph did not answer /__lbheartbeat__ in 30 s"
        raise RuntimeError(msg)

    def stop(self) -> int:
        """Stop the server; the statements its file holds (each line parsed)."""
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None
        assert self.data is not None
        stored = self.data / "fs_lrs.jsonl"
        if not stored.exists():
            return 0
        with stored.open("rb") as lines:
            return sum(1 for line in lines if line.strip() and json.loads(line))

    def logged(self, text: str) -> str | None:
        """The first line of the server's log that holds `text`."""
        self.log.flush()
        lines = (self.home / "server.log").read_text("utf-8", "replace").splitlines()
        return next((line for line in lines if text in line), None)

    def tail(self, lines: int = 8) -> list[str]:
        """The last lines of the server's log."""
        self.log.flush()
        return (self.home / "server.log").read_text("utf-8", "replace").splitlines()[-lines:]

    def close(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)


# ---------------------------------------------------------------- the run

PHASES = [  # name, statements a request, clients
    ("single_c1", 1, 1),
    ("single_c8", 1, 8),
    ("batch100_c1", BATCH, 1),
    ("batch100_c8", BATCH, 8),
]
Plan = list[tuple[str, int, list[bytes]]]  # name, clients, bodies
WARM_UP = bodies(90_000_000, 16, 1)  # sent before measuring, so both servers are warm
AFTER_FILL_FIRST = 50_000_000  # the statements of the batch phases run after the fill


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--statements", type=int, default=3000, help="per single-statement phase")
    parser.add_argument("--batch-statements", type=int, default=30_000, help="per batch phase")
    parser.add_argument("--seconds", type=float, default=180, help="the most a phase may take")
    parser.add_argument("--fill", type=int, default=1_000_000, help="statements for the GETs")
    parser.add_argument("--fill-jobs", type=int, default=2, help="processes (streams) filling")
    parser.add_argument("--fill-batch", type=int, default=1000, help="statements a store call")
    parser.add_argument("--get-requests", type=int, default=300, help="per query")
    parser.add_argument("--verify", action="store_true", help="run `qashyq footprint verify` last")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8781)
    parser.add_argument("--no-ralph", action="store_true", help="Qashyq alone")
    parser.add_argument("--ralph-workers", type=int, default=1)
    parser.add_argument("--ralph-port", type=int, default=8782)
    parser.add_argument("--ralph-version", default=RALPH_VERSION)
    parser.add_argument(
        "--ralph-venv", type=Path, default=Path(tempfile.gettempdir()) / "qashyq-bench-ralph-venv"
    )
    return parser.parse_args()


def run_ralph(args: argparse.Namespace, plan: Plan) -> dict[str, Any]:
    """The phases against Ralph, a fresh server and directory each; or why it could not run."""
    figures: dict[str, Any] = {
        "version": args.ralph_version,
        "backend": "fs",
        "server": f"uvicorn ralph.api:app (fs appending) --workers {args.ralph_workers}",
    }
    ralph: Ralph | None = None
    try:
        venv = ralph_venv(args.ralph_venv, args.ralph_version)
        ralph = Ralph(venv, args.ralph_workers, args.ralph_port)
        authorization = basic(ralph.user, ralph.password)
        ralph.start("as_shipped", appending=False)
        shipped = ingest(
            args.ralph_port, "/xAPI/statements", authorization, WARM_UP, concurrency=1, seconds=60
        )
        figures["as_shipped"] = {
            "posts": len(WARM_UP),
            "accepted": shipped["requests"],
            "errors": shipped["errors"],
            "first_error": shipped["first_error"],
            "file_statements": ralph.stop(),
            "server_log": ralph.logged("overwrite"),
        }
        figures["patch"] = RALPH_PATCH
        for name, concurrency, payloads in plan:
            ralph.start(name)
            ingest(
                args.ralph_port,
                "/xAPI/statements",
                authorization,
                WARM_UP,
                concurrency=4,
                seconds=60,
            )
            phase = ingest(
                args.ralph_port,
                "/xAPI/statements",
                authorization,
                payloads,
                concurrency=concurrency,
                seconds=args.seconds,
            )
            phase["file_statements"] = ralph.stop() - len(WARM_UP)
            figures[name] = phase
            tell(f"ralph {name}", phase)
    except (OSError, RuntimeError, ValueError, subprocess.CalledProcessError) as failure:
        detail = getattr(failure, "stderr", None)
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        figures["error"] = repr(failure) + (f": {detail[-500:]}" if detail else "")
        if ralph is not None:
            figures["server_log"] = ralph.tail()
    finally:
        if ralph is not None:
            ralph.close()
    return figures


def main() -> None:
    args = arguments()
    env = scratch_env("postgres", "lrs")
    qashyq(env, "migrate", "--verbosity", "0")
    key, secret = client_add(env, "bench MOOC platform")
    authorization = basic(key, secret)

    # The phases' bodies, built once: the same bytes go to Ralph and to Qashyq.
    plan: Plan = []
    first = 0
    for name, per_request, concurrency in PHASES:
        count = args.statements if per_request == 1 else args.batch_statements
        plan.append((name, concurrency, bodies(first, count, per_request)))
        first += count

    # Ralph first, so that PostgreSQL's autovacuum after Qashyq's phases cannot take its CPU.
    theirs = None if args.no_ralph else run_ralph(args, plan)
    ours: dict[str, Any] = {}
    with served(env, args.port, workers=args.workers, threads=args.threads):
        ingest(args.port, "/xapi/statements", authorization, WARM_UP, concurrency=4, seconds=60)
        for name, concurrency, payloads in plan:
            ours[name] = ingest(
                args.port,
                "/xapi/statements",
                authorization,
                payloads,
                concurrency=concurrency,
                seconds=args.seconds,
            )
            tell(f"qashyq {name}", ours[name])
    stored_after_phases = int(sql(env, "SELECT count(*) FROM footprint_statement"))
    ratio = {
        name: round(ours[name]["statements_sps"] / theirs[name]["statements_sps"], 2)
        for name, _c, _p in plan
        if theirs and name in theirs and theirs[name]["statements_sps"]
    }

    filled = fill(env, args.fill, args.fill_jobs, args.fill_batch)
    began, ended = filled.pop("began"), filled.pop("ended")
    tell("fill", filled)
    with served(env, args.port, workers=args.workers, threads=args.threads):
        gets = queries(args.port, authorization, args.get_requests, began, ended)
        # Ingestion as the table grows: the batch phases again, now that the fill is stored
        # (fresh statements, after the fill's indices).
        after_fill = {
            name: ingest(
                args.port,
                "/xapi/statements",
                authorization,
                bodies(AFTER_FILL_FIRST + n * args.batch_statements, args.batch_statements, BATCH),
                concurrency=concurrency,
                seconds=args.seconds,
            )
            for n, (name, concurrency) in enumerate([("batch100_c1", 1), ("batch100_c8", 8)])
        }
        for name, figures in after_fill.items():
            tell(f"qashyq {name} after the fill", figures)
    print(
        json.dumps(
            {
                "bench": "lrs",
                "database": "postgres",
                "cache": "redis" if env.get("REDIS_URL") else "files",
                "workers": args.workers,
                "threads": args.threads,
                "statement_bytes": round(sum(map(len, plan[0][2])) / max(1, len(plan[0][2]))),
                "ingest": ours,
                "stored_after_phases": stored_after_phases,
                "ralph": theirs,
                "ratio": ratio,
                "target_ratio": 2,
                "fill": filled,
                "statements_stored": int(sql(env, "SELECT count(*) FROM footprint_statement")),
                "statement_table_size": sql(
                    env,
                    "SELECT pg_size_pretty(sum(pg_total_relation_size(i.inhrelid))) "
                    "FROM pg_inherits i WHERE i.inhparent = 'footprint_statement'::regclass",
                ),
                "get": gets,
                "ingest_after_fill": after_fill,
                "statements_stored_at_end": int(
                    sql(env, "SELECT count(*) FROM footprint_statement")
                ),
                "verify": verify(env) if args.verify else None,
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
            }
        )
    )


def verify(env: dict[str, str]) -> dict[str, Any]:
    """`qashyq footprint verify` over everything stored: the chains are intact (FP-1)."""
    started = time.perf_counter()
    check = subprocess.run(
        [str(BIN / "qashyq"), "footprint", "verify"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "intact": check.returncode == 0,
        "seconds": round(time.perf_counter() - started, 1),
        "problems": check.stdout.splitlines()[:3],
    }


if __name__ == "__main__":
    main()
