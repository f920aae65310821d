"""Packs only tighten: the order of each parameter, and the check of a proposal."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from qashyq.regulations.engine.base import _dec

# ---------------------------------------------------------------- packs: tighten only

# How each parameter tightens: "max" (a lower value is stricter), "min" (higher is
# stricter), "superset" (a longer list is stricter), "subset" (a shorter list is
# stricter), "off" (True → False is stricter), "grounds" (fewer grounds, more evidence).
PARAMETER_ORDER: dict[str, str] = {
    "limit_percent": "max",
    "limit_credits": "max",
    "limits_by_level": "max",
    "max_days": "max",
    "years": "max",
    "min_percent": "min",
    "min_hours": "min",
    "min_ratio": "min",
    "directions": "superset",
    "forbidden_directions": "superset",
    "evidence": "superset",
    "except_directions": "subset",
    "exception_grounds": "subset",
    "exempt_grounds": "subset",
    "exception_bases": "subset",
    "restricted_bases": "superset",
    "emergency_lifts": "off",
    "grounds": "grounds",
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _looser(order: str, published: object, proposed: object) -> bool:  # noqa: PLR0911
    """True when `proposed` is looser than `published` (or not comparable)."""
    if order == "max":
        if isinstance(published, dict):
            if not isinstance(proposed, dict) or set(proposed) - set(published):
                return True
            return any(_looser("max", published[k], v) for k, v in proposed.items()) or (
                set(published) - set(proposed) != set()
            )
        if published is None:
            return not (proposed is None or _is_number(proposed))
        return not _is_number(proposed) or _dec(proposed) > _dec(published)
    if order == "min":
        return not _is_number(proposed) or _dec(proposed) < _dec(published)
    if order in {"superset", "subset"}:
        before = set(published) if isinstance(published, list) else set()
        if not isinstance(proposed, list):
            return True
        return not (before <= set(proposed) if order == "superset" else set(proposed) <= before)
    if order == "off":
        return not isinstance(proposed, bool) or (proposed and not published)
    if order == "grounds":
        if not isinstance(proposed, dict) or not isinstance(published, dict):
            return True
        if set(proposed) - set(published):
            return True
        return any(
            _looser("superset", published[g].get("evidence", []), spec.get("evidence", []))
            for g, spec in proposed.items()
            if isinstance(spec, dict)
        ) or any(not isinstance(spec, dict) for spec in proposed.values())
    return proposed != published


def loosened_parameters(published: Mapping[str, Any], proposed: Mapping[str, Any]) -> list[str]:
    """Names of the proposed parameters that would loosen the published rule (a pack may
    only tighten): unknown names and fixed parameters count as loosening."""
    problems = []
    for name, value in proposed.items():
        if name not in published:
            problems.append(name)
            continue
        order = PARAMETER_ORDER.get(name, "fixed")
        if _looser(order, published[name], value):
            problems.append(name)
    return sorted(problems)


def tightened(published: Mapping[str, Any], proposed: Mapping[str, Any]) -> dict[str, Any]:
    """The published parameters with the proposed ones over them."""
    return {**published, **proposed}
