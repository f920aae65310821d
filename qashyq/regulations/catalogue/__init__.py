"""The rule catalogue as data: one JSON file per act in `data/` (ADR 0015).

Each file holds {"act": {...}, "rules": [...]}. In rule parameters, a direction list
entry "@group" expands to the codes of that group in `direction_groups.json` (the
categories the acts name, mapped to classifier codes). `catalogue_sync` writes the
catalogue into the database (acts and rules by code, update or create); the data
migration calls it with historical models, tests and the `regulations_sync` service
with the real ones.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "data"  # package data (pyproject: data/*)
DIRECTION_LISTS = ("directions", "except_directions", "forbidden_directions")


@cache
def direction_groups() -> dict[str, list[str]]:
    raw = json.loads((HERE / "direction_groups.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _expand(codes: list[str]) -> list[str]:
    groups = direction_groups()
    out: list[str] = []
    for code in codes:
        for c in groups[code[1:]] if code.startswith("@") else [code]:
            if c not in out:
                out.append(c)
    return out


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def catalogue_files() -> list[dict[str, Any]]:
    """Every act file, its direction groups expanded, in file-name order."""
    files = []
    for path in sorted(HERE.glob("*.json")):
        if path.name == "direction_groups.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for rule in data["rules"]:
            params = rule.setdefault("parameters", {})
            for name in DIRECTION_LISTS:
                if name in params:
                    params[name] = _expand(params[name])
        files.append(data)
    return files


ACT_FIELDS = (
    "kind",
    "number",
    "title_kk",
    "title_ru",
    "title_en",
    "note_en",
    "preset",
)
RULE_FIELDS = (
    "clause",
    "requirement",
    "position",
    "evaluator",
    "parameters",
    "scope",
    "title_kk",
    "title_ru",
    "title_en",
    "text_kk",
    "text_ru",
    "text_en",
    "original_kk",
)


def catalogue_sync(legal_act_model: Any, rule_model: Any) -> int:  # noqa: ANN401 - historical models
    """Write the catalogue into the database; returns the number of rules written.

    Acts and rules are matched by code and updated in place, so packs keep pointing at
    their rules. Rules no longer in the files are left alone (a pack may use them).
    """
    written = 0
    replaces: dict[str, str] = {}
    for data in catalogue_files():
        a = data["act"]
        act, _created = legal_act_model.objects.update_or_create(
            code=a["code"],
            defaults={
                **{f: a.get(f, "") for f in ACT_FIELDS},
                "signed_on": _date(a["signed_on"]),
                "in_force_from": _date(a["in_force_from"]),
                "in_force_until": _date(a.get("in_force_until")),
            },
        )
        for r in data["rules"]:
            rule_model.objects.update_or_create(
                code=r["code"],
                defaults={
                    **{f: r.get(f, "") for f in RULE_FIELDS},
                    "act": act,
                    "effective_from": _date(r.get("effective_from")),
                    "effective_until": _date(r.get("effective_until")),
                },
            )
            if r.get("replaces"):
                replaces[r["code"]] = r["replaces"]
            written += 1
    for code, old in replaces.items():
        rule_model.objects.filter(code=code).update(
            replaces=rule_model.objects.filter(code=old).values("pk")[:1]
        )
    return written
