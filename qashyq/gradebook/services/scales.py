"""The shipped scales and the default policy per institution (GRD-1, GRD-3…GPA-2)."""

from __future__ import annotations

from qashyq.core.cache import generation_bump
from qashyq.gradebook.models import GradeBand, GradeScale, GradingPolicy
from qashyq.gradebook.presets import presets_load


def grading_defaults_install(*, institution_id: int) -> bool:
    """A new institution gets the presets and the default policy (idempotent)."""
    served = presets_load(GradeScale, GradeBand, GradingPolicy, [institution_id])
    if served:
        generation_bump("gradebook-policy")
    return bool(served)
