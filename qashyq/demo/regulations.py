"""Demo data of the regulations (issue 3): a rule pack, teacher trainings, study plans
with disciplines at a distance, one past emergency period, and the list of disciplines
open to distance learning approved by the rector's order (LIM-6).

`demo_regulations` runs after the demo university is built (the builder calls it
inside its transaction). Everything is written with a few bulk statements whatever
the number of students: UPDATEs that pick students and disciplines by their ids
(remainders), never row by row. The result: most students comply, about 3 % break a
limit (LIM-3, LIM-4, LIM-6 or LIM-7), so the compliance dashboard has both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Mod

from qashyq.core.cache import generation_bump
from qashyq.core.scope import ActorScope
from qashyq.demo.builder import fixed_username
from qashyq.institutions.models import ControlForm, Discipline, Institution
from qashyq.people.models import (
    CreditBasis,
    Delivery,
    Staff,
    Student,
    StudyPlanItem,
    TeacherTraining,
)
from qashyq.regulations import services as regulations
from qashyq.regulations.models import EmergencyPeriod

PRESET = "atyrau-066"
PEDAGOGY = ("6B01", "7M01", "8D01")
# The demo's own hand: a system actor, like the builder itself.
SYSTEM = ActorScope(user_id=None, is_superuser=True)


@dataclass(frozen=True)
class DemoRegulationsSummary:
    preset: str
    trainings: int
    distance_items: int
    mobility_items: int
    non_formal_items: int
    emergency_periods: int
    list_order: str = ""
    list_disciplines: int = 0
    list_left_off: int = 0


def _students(institution: Institution, modulo: int, remainder: int) -> QuerySet[Student]:
    """Every `modulo`-th student, outside the demo student's group: the transfers of
    `demo.distance` are filed there and must pass the rules (the group is the showcase)."""
    showcase = Student.objects.filter(
        user__username=fixed_username("student", institution.code)
    ).values("group_id")
    return (
        Student.objects.filter(institution=institution)
        .exclude(group_id__in=showcase)
        .annotate(_r=Mod(F("pk"), modulo))
        .filter(_r=remainder)
    )


def _disciplines(
    institution: Institution, modulo: int, remainders: tuple[int, ...]
) -> QuerySet[Discipline]:
    return (
        Discipline.objects.filter(department__faculty__institution=institution)
        .annotate(_r=Mod(F("pk"), modulo))
        .filter(_r__in=remainders)
    )


def _items(
    institution: Institution,
    *,
    students: tuple[int, int],
    disciplines: tuple[int, tuple[int, ...]],
    exclude: Q | None = None,
) -> QuerySet[StudyPlanItem]:
    chosen = _students(institution, *students)
    if exclude is not None:
        chosen = chosen.exclude(exclude)
    return StudyPlanItem.objects.filter(
        student__in=chosen.values("pk"),
        discipline__in=_disciplines(institution, *disciplines).values("pk"),
    )


LIST_ORDER = "245-Н"


def _showcase_disciplines(institution: Institution) -> QuerySet[StudyPlanItem]:
    """Plan items of the demo student's group: its transfers (demo.distance) must pass."""
    showcase = Student.objects.filter(
        user__username=fixed_username("student", institution.code)
    ).values("group_id")
    return StudyPlanItem.objects.filter(
        student__institution=institution, student__group_id__in=showcase
    )


def _distance_list(institution: Institution, today: dt.date) -> tuple[int, int]:
    """LIM-6: the list of disciplines open to distance learning for the current academic
    year (from 1 September), approved by the rector's order a week before, through the
    regulations services. Most disciplines are on it; left off are the practices
    (professional, teaching, research: a practice report, done at the workplace), except
    those among the fifth of the disciplines the compliant plans study at a distance
    (pk % 5 == 0) and those of the showcase group. The plans over LIM-3 and in mobility
    then hold a few disciplines off the list: LIM-6 violations for the dashboard.
    Returns (on the list, left off)."""
    year_start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    disciplines = Discipline.objects.filter(department__faculty__institution=institution)
    left_off = set(
        disciplines.filter(control_form=ControlForm.PRACTICE_REPORT)
        .annotate(_r=Mod(F("pk"), 5))
        .exclude(_r=0)
        .exclude(pk__in=_showcase_disciplines(institution).values("discipline_id"))
        .values_list("pk", flat=True)
    )
    listed = [pk for pk in disciplines.values_list("pk", flat=True) if pk not in left_off]
    draft = regulations.distance_list_create(
        actor=SYSTEM,
        institution=institution,
        effective_from=year_start,
        note=(
            "Қашықтықтан оқытуға жіберілетін пәндер тізбесі, оқу жылы "
            f"{year_start.year}–{year_start.year + 1} / Перечень дисциплин, допускаемых к "
            "дистанционному обучению"
        ),
        discipline_ids=listed,
    )
    regulations.distance_list_approve(
        actor=SYSTEM,
        distance_list=draft,
        order_number=LIST_ORDER,
        order_date=year_start - dt.timedelta(days=7),
    )
    return len(listed), len(left_off)


def _trainings(institution: Institution, today: dt.date) -> int:
    """ONL-4: a third of the staff have 76 hours in the last three years, a third 36."""
    rows = []
    for (pk,) in Staff.objects.filter(institution=institution).values_list("pk").order_by("pk"):
        if pk % 3 == 0:
            rows.append(
                TeacherTraining(
                    staff_id=pk,
                    title="Онлайн-оқыту әдістемесі және LMS",
                    provider="Orleu",
                    hours=40,
                    completed_on=today - dt.timedelta(days=200),
                    certificate_number=f"OR-{pk:06d}",
                )
            )
            rows.append(
                TeacherTraining(
                    staff_id=pk,
                    title="IT-құзыреттілік: цифрлық білім беру ресурстары",
                    provider="Назарбаев Университеті",
                    hours=36,
                    completed_on=today - dt.timedelta(days=700),
                    certificate_number=f"NU-{pk:06d}",
                )
            )
        elif pk % 3 == 1:
            rows.append(
                TeacherTraining(
                    staff_id=pk,
                    title="Қашықтықтан оқыту технологиялары",
                    provider="Orleu",
                    hours=36,
                    completed_on=today - dt.timedelta(days=400),
                    certificate_number=f"OR-{pk:06d}",
                )
            )
    TeacherTraining.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def demo_regulations(*, institution: Institution, today: dt.date) -> DemoRegulationsSummary:
    """Apply the Atyrau preset, add trainings, put plan items at a distance, record one
    past emergency period and approve the list of disciplines open to distance learning
    (LIM-6); a few statements for any number of students."""
    regulations.rule_pack_apply_preset(
        actor=SYSTEM, institution=institution, preset=PRESET, on=today
    )
    trainings = _trainings(institution, today)
    pedagogy = (
        Q(program__direction__code__startswith=PEDAGOGY[0])
        | Q(program__direction__code__startswith=PEDAGOGY[1])
        | Q(program__direction__code__startswith=PEDAGOGY[2])
    )
    # 10 % of students (pedagogy left out: LIM-4) study about a fifth of their
    # disciplines at a distance: within every limit.
    distance = _items(
        institution, students=(10, 0), disciplines=(5, (0,)), exclude=pedagogy
    ).update(delivery=Delivery.DISTANCE)
    # 2.5 % study about two thirds at a distance: over the 50 % of LIM-3 (and LIM-4 for
    # the pedagogical programs among them).
    distance += _items(institution, students=(40, 3), disciplines=(3, (1, 2))).update(
        delivery=Delivery.DISTANCE
    )
    # 1 % take about an eighth of their credits in academic mobility at a distance
    # (within the 20 % of LIM-7); 0.5 % take a quarter (over it).
    mobility = _items(
        institution, students=(100, 7), disciplines=(8, (1,)), exclude=pedagogy
    ).update(delivery=Delivery.DISTANCE, credit_basis=CreditBasis.ACADEMIC_MOBILITY)
    mobility += _items(
        institution, students=(200, 11), disciplines=(4, (1,)), exclude=pedagogy
    ).update(delivery=Delivery.DISTANCE, credit_basis=CreditBasis.ACADEMIC_MOBILITY)
    # 1 % had about a tenth of their credits recognized from MOOCs (LIM-10, in person).
    non_formal = _items(institution, students=(100, 13), disciplines=(10, (3,))).update(
        credit_basis=CreditBasis.NON_FORMAL
    )
    # One past quarantine (LIM-9, LIM-13).
    EmergencyPeriod.objects.create(
        institution=institution,
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=330),
        reason=(
            "Карантин: уәкілетті органның ұсынымы / карантин по рекомендации уполномоченного органа"
        ),
    )
    on_list, left_off = _distance_list(institution, today)
    # Verdicts depend on plans, packs and emergency periods: readers cached under these
    # generations (ADR 0014) must not keep the state from before.
    generation_bump("people", "regulations")
    return DemoRegulationsSummary(
        preset=PRESET,
        trainings=trainings,
        distance_items=distance + mobility,
        mobility_items=mobility,
        non_formal_items=non_formal,
        emergency_periods=1,
        list_order=LIST_ORDER,
        list_disciplines=on_list,
        list_left_off=left_off,
    )
