"""Shared helpers for the benchmarks: a scratch database, a served Qashyq, a load loop.

Benchmarks are not tests: each prints one JSON line of figures.
"""

from __future__ import annotations

import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "bench-secret-key-not-for-production"


def scratch_env(database: str, name: str) -> dict[str, str]:
    """Environment for a scratch Qashyq: SQLite in a temp dir, or a fresh PostgreSQL database."""
    env = dict(os.environ)
    env["SECRET_KEY"] = SECRET
    env["QASHYQ_DATA_DIR"] = tempfile.mkdtemp(prefix=f"qashyq-{name}-")
    env.pop("DATABASE_URL", None)
    if database == "postgres":
        db = f"qashyq_bench_{name}"
        psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
        subprocess.run(
            [*psql, f"DROP DATABASE IF EXISTS {db}"], check=True, stderr=subprocess.DEVNULL
        )
        subprocess.run([*psql, f"CREATE DATABASE {db}"], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
        # Production-like: Redis as the cache when it answers (docs/production.md).
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
        if (
            subprocess.run(
                ["redis-cli", "-u", redis_url, "ping"], capture_output=True, check=False
            ).returncode
            == 0
        ):
            subprocess.run(
                ["redis-cli", "-u", redis_url, "flushdb"], capture_output=True, check=True
            )
            env["REDIS_URL"] = redis_url
    return env


def settle(env: dict[str, str]) -> None:
    """After a bulk load, VACUUM ANALYZE the scratch PostgreSQL database, as an operator
    would: otherwise autovacuum wakes up for the freshly inserted millions of rows in the
    middle of the measurement and takes one of the two cores."""
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        subprocess.run(["psql", "-q", url, "-c", "VACUUM ANALYZE"], check=True)


def qashyq(env: dict[str, str], *args: str) -> float:
    """Run a `qashyq` command; return its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "qashyq"), *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


@contextmanager
def served(env: dict[str, str], port: int, workers: int = 2, threads: int = 2) -> Iterator[None]:
    """Serve Qashyq with gunicorn (as `qashyq start` does) until the block ends."""
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "qashyq.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/accounts/login/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def load(
    port: int, path: str, headers_per_client: list[dict[str, str]], requests: int, concurrency: int
) -> dict[str, float]:
    """`requests` GETs of `path` from `concurrency` keep-alive clients; latency figures in ms."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    per_client = requests // concurrency

    def client(index: int) -> None:
        headers = headers_per_client[index % len(headers_per_client)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        for _ in range(per_client):
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                with lock:
                    errors.append(response.status)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 2),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
    }


WRK_SCRIPT = """
local headers = {%s}
local n = 0
request = function()
  n = n + 1
  local h = headers[(n %% #headers) + 1]
  return wrk.format("GET", "%s", h)
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def wrk_load(
    port: int, path: str, headers_per_client: list[dict[str, str]], seconds: int, concurrency: int
) -> dict[str, float | str] | None:
    """The same figures as `load`, measured by wrk (a C client that leaves the CPU to the
    server); None when wrk is not installed."""
    if shutil.which("wrk") is None:
        return None
    lua_headers = ",".join(
        "{" + ",".join(f'["{k}"]="{v}"' for k, v in h.items()) + "}" for h in headers_per_client
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % (lua_headers, path))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{concurrency}",
            f"-d{seconds}s",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    requests, errors, p50, p95, p99, duration = line.split()[1:]
    return {
        "client": "wrk",
        "requests": int(requests),
        "errors": int(errors),
        "rps": round(int(requests) / float(duration), 1),
        "median_ms": round(float(p50), 2),
        "p95_ms": round(float(p95), 2),
        "p99_ms": round(float(p99), 2),
    }
