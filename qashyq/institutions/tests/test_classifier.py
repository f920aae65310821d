"""The classifier of directions of training (CLS-1) as reference data."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from qashyq.institutions import selectors, services
from qashyq.institutions.classifier import DEFAULT_PATH
from qashyq.institutions.models import Direction

pytestmark = pytest.mark.django_db

REQUIRED = [
    *[f"6B01{d}" for d in range(1, 10)],
    "6B021", "6B022", "6B023", "6B031", "6B032", "6B041", "6B042",
    *[f"6B05{d}" for d in range(1, 6)],
    "6B061", "6B062", "6B063",
    *[f"6B07{d}" for d in range(1, 6)],
    *[f"6B08{d}" for d in range(1, 8)],
    "6B091", "6B101", "6B111", "6B121", "6B122", "6B123",
    *[f"7M01{d}" for d in range(1, 10)],
    "7M041", "7M042", "7M061", "7M062", "7M063",
    *[f"7M07{d}" for d in range(1, 6)],
    "8D011", "8D041", "8D061",
]  # fmt: skip


def test_migration_loaded_every_required_direction():
    codes = set(Direction.objects.values_list("code", flat=True))
    assert set(REQUIRED) <= codes
    assert Direction.objects.count() == 136


def test_names_as_in_the_classifier():
    ict = Direction.objects.get(code="6B061")
    assert (ict.name_kk, ict.name_ru, ict.name_en) == (
        "Ақпараттық-коммуникациялық технологиялар",
        "Информационно-коммуникационные технологии",
        "Information and communication technologies",
    )
    pedagogy = Direction.objects.get(code="6B011")
    assert (pedagogy.name_kk, pedagogy.name_ru, pedagogy.name_en) == (
        "Педагогика және психология",
        "Педагогика и психология",
        "Pedagogy and psychology",
    )
    business = Direction.objects.get(code="7M041")
    assert (business.name_kk, business.name_ru, business.name_en) == (
        "Бизнес және басқару",
        "Бизнес и управление",
        "Business and management",
    )


def test_field_code_and_level_prefix():
    direction = Direction.objects.get(code="6B061")
    assert direction.field_code == "06"
    assert direction.level_prefix == "6B"
    assert Direction.objects.get(code="8D011").field_code == "01"
    assert Direction.objects.get(code="6B123").field_code == "12"


def test_field_names_in_three_languages():
    assert selectors.classifier_field_name(field_code="04", language="ru") == (
        "Бизнес, управление и право"
    )
    assert selectors.classifier_field_name(field_code="06", language="en") == (
        "Information and communication technologies"
    )
    with translation.override("kk"):
        assert selectors.classifier_field_name(field_code="01") == "Педагогикалық ғылымдар"
    assert selectors.classifier_field_name(field_code="13") == ""
    assert [f.code for f in selectors.classifier_fields()] == [f"{n:02d}" for n in range(1, 13)]


def test_load_is_idempotent_and_updates_names(tmp_path):
    assert services.directions_load() == 0  # the migration already loaded it
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    for row in data["directions"]:
        if row["code"] == "6B061":
            row["name_en"] = "ICT"
    data["directions"].append(
        {"code": "6B064", "name_kk": "Жаңа", "name_ru": "Новое", "name_en": "New"}
    )
    changed = tmp_path / "directions.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    pk_before = Direction.objects.get(code="6B061").pk

    assert services.directions_load(path=changed) == 2
    assert services.directions_load(path=changed) == 0
    updated = Direction.objects.get(code="6B061")
    assert (updated.pk, updated.name_en) == (pk_before, "ICT")
    assert Direction.objects.get(code="6B064").name_ru == "Новое"
