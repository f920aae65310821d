"""The shipped letter scales (GRD-1): "KZ-current" (Order 152, the bands university
policies agree on) and "KZ-2011" (the original 2011 wording: no FX, F = 0–49).
Pure data, read by the data migration, the services and the formula's defaults."""

from __future__ import annotations

import datetime as dt
from typing import Any

EXCELLENT = ("өте жақсы", "отлично", "excellent")
GOOD = ("жақсы", "хорошо", "good")
SATISFACTORY = ("қанағаттанарлық", "удовлетворительно", "satisfactory")
FAIL = ("қанағаттанарлықсыз", "неудовлетворительно", "fail")

# letter, points, lower, upper, traditional, passes, exam-only retake allowed
_CURRENT: list[tuple[str, str, str, str, tuple[str, str, str], bool, bool]] = [
    ("A", "4.00", "95", "100", EXCELLENT, True, False),
    ("A-", "3.67", "90", "94", EXCELLENT, True, False),
    ("B+", "3.33", "85", "89", GOOD, True, False),
    ("B", "3.00", "80", "84", GOOD, True, False),
    ("B-", "2.67", "75", "79", GOOD, True, False),
    ("C+", "2.33", "70", "74", SATISFACTORY, True, False),
    ("C", "2.00", "65", "69", SATISFACTORY, True, False),
    ("C-", "1.67", "60", "64", SATISFACTORY, True, False),
    ("D+", "1.33", "55", "59", SATISFACTORY, True, False),
    ("D", "1.00", "50", "54", SATISFACTORY, True, False),
    ("FX", "0.50", "25", "49", FAIL, False, True),
    ("F", "0.00", "0", "24", FAIL, False, False),
]
_2011 = [*_CURRENT[:10], ("F", "0.00", "0", "49", FAIL, False, False)]

KZ_CURRENT = "KZ-current"
KZ_2011 = "KZ-2011"
PRESET_START = {KZ_2011: dt.date(2011, 4, 20), KZ_CURRENT: dt.date(2018, 10, 12)}
POLICY_START = dt.date(2011, 4, 20)


def preset_bands(name: str) -> list[dict[str, Any]]:
    """The bands of a preset as keyword arguments of `GradeBand`."""
    rows = {KZ_CURRENT: _CURRENT, KZ_2011: _2011}[name]
    return [
        {
            "letter": letter,
            "points": points,
            "lower": lower,
            "upper": upper,
            "traditional_kk": kk,
            "traditional_ru": ru,
            "traditional_en": en,
            "passes": passes,
            "counts_in_gpa": True,
            "exam_retake_allowed": retake,
        }
        for letter, points, lower, upper, (kk, ru, en), passes, retake in rows
    ]


def presets_load(
    scale_model: Any,  # noqa: ANN401
    band_model: Any,  # noqa: ANN401
    policy_model: Any,  # noqa: ANN401
    institution_ids: list[int],
) -> int:
    """Give every institution without a scale the presets "KZ-2011" (from 20 April 2011)
    and "KZ-current" (from 12 October 2018), and a default policy. Works with the
    historical models of a migration too. Returns the number of institutions served."""
    have = set(scale_model.objects.values_list("institution_id", flat=True).distinct())
    served = 0
    for institution_id in institution_ids:
        if institution_id in have:
            continue
        for name in (KZ_2011, KZ_CURRENT):
            scale = scale_model.objects.create(
                institution_id=institution_id, name=name, effective_from=PRESET_START[name]
            )
            band_model.objects.bulk_create(
                [band_model(scale=scale, **row) for row in preset_bands(name)]
            )
        if not policy_model.objects.filter(institution_id=institution_id).exists():
            policy_model.objects.create(institution_id=institution_id, effective_from=POLICY_START)
        served += 1
    return served
