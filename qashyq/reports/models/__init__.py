"""Models of the reports app: the daily rollups of the footprint (FP-3, FP-4; rollups.py)
and the at-risk read model (FP-2; risk.py)."""

from qashyq.reports.models.risk import *  # noqa: F403
from qashyq.reports.models.rollups import ActorDay as ActorDay
from qashyq.reports.models.rollups import CourseActorDay as CourseActorDay
from qashyq.reports.models.rollups import CourseDay as CourseDay
from qashyq.reports.models.rollups import ObjectDay as ObjectDay
from qashyq.reports.models.rollups import Watermark as Watermark
