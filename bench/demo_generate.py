"""Time to generate and load a demo university (issue 2 target: 30,000 students < 60 s).

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
    demo_s = qashyq(env, "demo", "--students", str(args.students))
    print(
        json.dumps(
            {
                "bench": "demo_generate",
                "database": args.database,
                "students": args.students,
                "seconds": round(demo_s, 2),
                "target_seconds": 60,
                "migrate_seconds": round(migrate_s, 2),
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
