#!/usr/bin/env python
"""Django's manage.py; the same as the `qashyq` console script."""

from qashyq.cli import main

if __name__ == "__main__":
    main()
