"""Time to generate and load a demo university (issue 2 target: 30,000 students < 60 s).

Two runs on fresh databases: the foundation (`--foundation-only`: structure, people,
study plans; what the issue-2 target was set for) and the whole demo (with the rule pack,
courses and their content, a semester's timetable with attendance, and transfers).

.venv/bin/python bench/demo_generate.py --students 30000 --database postgres
"""

from __future__ import annotations

import argparse
import json
import os

from _harness import qashyq, scratch_env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    env = scratch_env(args.database, "demo")
    migrate_s = qashyq(env, "migrate", "--verbosity", "0")
    foundation_s = qashyq(env, "demo", "--students", str(args.students), "--foundation-only")
    env = scratch_env(args.database, "demo")
    qashyq(env, "migrate", "--verbosity", "0")
    demo_s = qashyq(env, "demo", "--students", str(args.students))
    print(
        json.dumps(
            {
                "bench": "demo_generate",
                "database": args.database,
                "students": args.students,
                "foundation_seconds": round(foundation_s, 2),
                "target_seconds": 60,
                "whole_demo_seconds": round(demo_s, 2),
                "migrate_seconds": round(migrate_s, 2),
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
