"""Facts that higher apps give the rule engine without regulations importing them.

The layering (demo > distance > schedule > courses > regulations > people) keeps
`regulations` below `courses`, yet ONL-5 (S2 §6.9.2) needs the content readiness of a
program's academic period, which `courses` keeps. So `courses` registers a provider in
its `AppConfig.ready()`, and the selectors call it when a rule needs the facts: one call
for all the programs of a check, so a bulk check stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from qashyq.regulations.data import ReadinessFact


class ReadinessProvider(Protocol):
    """(program ids, date) → {program id: its readiness for the period current on the
    date, or the next to start}; programs without such a period are left out."""

    def __call__(
        self, *, program_ids: Sequence[int], as_of: dt.date
    ) -> Mapping[int, ReadinessFact]: ...


_readiness: list[ReadinessProvider] = []


def readiness_provider_register(fn: ReadinessProvider) -> None:
    """Register the ONL-5 readiness provider (one; registering again replaces it, so a
    repeated `ready()` is harmless)."""
    _readiness[:] = [fn]


def readiness_provider_clear() -> None:
    """Forget the provider (tests of the engine without courses)."""
    _readiness.clear()


def readiness_provider() -> ReadinessProvider | None:
    return _readiness[0] if _readiness else None


def readiness_facts(*, program_ids: Sequence[int], as_of: dt.date) -> dict[int, ReadinessFact]:
    """ONL-5 facts of the programs from the registered provider ({} when none)."""
    provider = readiness_provider()
    if provider is None or not program_ids:
        return {}
    return dict(provider(program_ids=list(program_ids), as_of=as_of))
