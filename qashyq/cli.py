"""The `qashyq` console script: Django's management commands under one name.

`qashyq start` migrates, generates a demo university when the database is empty
and serves on 127.0.0.1:8000; `qashyq demo --students N` generates a university.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qashyq.settings.base")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 (after the env)

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])


if __name__ == "__main__":
    main()
