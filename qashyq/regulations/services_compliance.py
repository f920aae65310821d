"""Writes of the compliance dashboard's read model (ADR 0016): compute an institution's
run as of a date, and keep it fresh.

A run is stamped with the generations (core.cache, ADR 0014) of the data the engine
reads: people (students, plans), structure (programs, disciplines) and regulations
(rules, packs, emergency periods). A page that finds its run stamped with older
generations, or older than MAX_AGE (writes that bypass the services: the admin, a
shell), schedules a recomputation and shows the old run meanwhile; with eager tasks
(the embedded default) the recomputation runs at once. A missing run is computed
while the page waits.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from qashyq.core.cache import generation, generation_bump
from qashyq.institutions.models import Institution, Program
from qashyq.people.models import Student, StudentStatus
from qashyq.regulations import selectors, tasks_compliance
from qashyq.regulations.data import Outcome, Report
from qashyq.regulations.models_compliance import (
    MAX_REQUIREMENTS,
    ComplianceRow,
    ComplianceRun,
    SubjectOfRow,
)

logger = logging.getLogger(__name__)

GENERATIONS = ("people", "structure", "regulations")
# Students whose plans are checked: those studying now or on leave (graduates' and
# expelled students' plans are history).
CURRENT_STATUSES = (StudentStatus.ENROLLED, StudentStatus.ACADEMIC_LEAVE)
MAX_AGE = dt.timedelta(hours=1)
KEEP_RUNS = 8  # per institution; the least recently computed go first
LOCK_SECONDS = 600


def compliance_generation() -> str:
    """The generations a run computed now is stamped with.

    A generation never written (0: a fresh or cleared cache) is bumped first, so that a
    stamp is never reused after the cache forgets the numbers.
    """
    stamp = generation(*GENERATIONS)
    if "0" in stamp.split("."):
        missing = [n for n, g in zip(GENERATIONS, stamp.split("."), strict=True) if g == "0"]
        generation_bump(*missing)
        stamp = generation(*GENERATIONS)
    return stamp


def compliance_run_is_fresh(run: ComplianceRun, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return run.generation == generation(*GENERATIONS) and now - run.computed_at < MAX_AGE


class _Masks:
    """Requirement id → bit, assigned in the order the requirements are met."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.bits: dict[str, int] = {}

    def of(self, report: Report) -> tuple[int, int, int]:
        masks = {Outcome.VIOLATED: 0, Outcome.ALLOWED: 0, Outcome.NOT_APPLICABLE: 0}
        for verdict in report.verdicts:
            index = self.bits.get(verdict.requirement)
            if index is None:
                index = len(self.bits)
                if index >= MAX_REQUIREMENTS:  # a limit of the design, not of the data
                    msg = f"more than {MAX_REQUIREMENTS} requirements for {self.kind} rows"
                    raise ValueError(msg)
                self.bits[verdict.requirement] = index
            masks[Outcome(verdict.outcome)] |= 1 << index
        return masks[Outcome.VIOLATED], masks[Outcome.ALLOWED], masks[Outcome.NOT_APPLICABLE]

    @property
    def names(self) -> list[str]:
        return sorted(self.bits, key=self.bits.__getitem__)


def _student_rows(
    *, institution: Institution, as_of: dt.date, students: Sequence[tuple[int, int]]
) -> tuple[list[ComplianceRow], list[str]]:
    """One bulk check of every student (the engine shares the verdicts of equal facts, so
    the masks are computed once per distinct verdict tuple)."""
    masks = _Masks(SubjectOfRow.STUDENT)
    reports = selectors.check_students(
        institution=institution, as_of=as_of, student_ids=[pk for pk, _program in students]
    )
    by_verdicts: dict[int, tuple[int, int, int]] = {}
    rows: list[ComplianceRow] = []
    for student_id, program_id in students:
        report = reports.get(student_id)
        if report is None:
            continue
        found = by_verdicts.get(id(report.verdicts))
        if found is None:
            found = by_verdicts[id(report.verdicts)] = masks.of(report)
        violated, allowed, not_applicable = found
        rows.append(
            ComplianceRow(
                subject=SubjectOfRow.STUDENT,
                student_id=student_id,
                program_id=program_id,
                violated=violated,
                allowed=allowed,
                not_applicable=not_applicable,
            )
        )
    return rows, masks.names


def _program_rows(
    *, institution: Institution, as_of: dt.date, program_ids: Sequence[int]
) -> tuple[list[ComplianceRow], list[str]]:
    masks = _Masks(SubjectOfRow.PROGRAM)
    reports = selectors.check_programs(
        institution=institution, as_of=as_of, program_ids=list(program_ids)
    )
    rows = []
    for program_id in program_ids:
        report = reports.get(program_id)
        if report is None:
            continue
        violated, allowed, not_applicable = masks.of(report)
        rows.append(
            ComplianceRow(
                subject=SubjectOfRow.PROGRAM,
                program_id=program_id,
                violated=violated,
                allowed=allowed,
                not_applicable=not_applicable,
            )
        )
    return rows, masks.names


_ROW_COLUMNS = (
    "run_id",
    "subject",
    "student_id",
    "program_id",
    "violated",
    "allowed",
    "not_applicable",
)


def _rows_insert(run: ComplianceRun, rows: Sequence[ComplianceRow]) -> None:
    """One executemany: bulk_create splits 30,000 rows into hundreds of statements on
    SQLite (its variable limit) and spends seconds compiling them."""
    quote = connection.ops.quote_name
    table = quote(ComplianceRow._meta.db_table)
    columns = ", ".join(quote(c) for c in _ROW_COLUMNS)
    marks = ", ".join(["%s"] * len(_ROW_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 (names only)
            [
                (
                    run.pk,
                    r.subject,
                    r.student_id,
                    r.program_id,
                    r.violated,
                    r.allowed,
                    r.not_applicable,
                )
                for r in rows
            ],
        )


def _prune(*, institution: Institution, keep: Iterable[int]) -> None:
    stale = list(
        ComplianceRun.objects.filter(institution=institution)
        .exclude(pk__in=list(keep))
        .order_by("-computed_at", "-pk")
        .values_list("pk", flat=True)[KEEP_RUNS - 1 :]
    )
    if stale:
        ComplianceRun.objects.filter(pk__in=stale).delete()


def compliance_run_refresh(*, institution: Institution, as_of: dt.date) -> ComplianceRun:
    """Check every current student's plan and every active program of the institution as
    of the date (two bulk checks), and replace the run of that date."""
    started = time.perf_counter()
    stamp = compliance_generation()  # read first: a write during the work makes it stale
    students = list(
        Student.objects.filter(institution=institution, status__in=CURRENT_STATUSES)
        .order_by("pk")
        .values_list("pk", "program_id")
    )
    program_ids = list(
        Program.objects.filter(institution=institution, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    student_rows, student_requirements = _student_rows(
        institution=institution, as_of=as_of, students=students
    )
    program_rows, program_requirements = _program_rows(
        institution=institution, as_of=as_of, program_ids=program_ids
    )
    with transaction.atomic():
        ComplianceRun.objects.filter(institution=institution, as_of=as_of).delete()
        run = ComplianceRun.objects.create(
            institution=institution,
            as_of=as_of,
            generation=stamp,
            computed_at=timezone.now(),
            students=len(student_rows),
            programs=len(program_rows),
            requirements={
                SubjectOfRow.STUDENT.value: student_requirements,
                SubjectOfRow.PROGRAM.value: program_requirements,
            },
        )
        _rows_insert(run, [*student_rows, *program_rows])
        _prune(institution=institution, keep=[run.pk])
        run.duration_ms = round((time.perf_counter() - started) * 1000)
        run.save(update_fields=["duration_ms"])
    logger.info(
        "compliance run %s as of %s: %s students, %s programs in %s ms",
        institution.pk,
        as_of,
        run.students,
        run.programs,
        run.duration_ms,
    )
    return run


def _lock_key(institution_id: int, as_of: dt.date) -> str:
    return f"regulations:compliance:lock:{institution_id}:{as_of.isoformat()}"


def compliance_run_refresh_locked(*, institution: Institution, as_of: dt.date) -> None:
    """Recompute unless another process is at it (the task's body)."""
    key = _lock_key(institution.pk, as_of)
    if not cache.add(key, 1, timeout=LOCK_SECONDS):
        return
    try:
        compliance_run_refresh(institution=institution, as_of=as_of)
    finally:
        cache.delete(key)


def compliance_run_current(*, institution: Institution, as_of: dt.date) -> ComplianceRun:
    """The run the dashboard shows: computed now when there is none; when stale, a
    recomputation is scheduled and the newest run returned (the fresh one with eager
    tasks, the stale one while a worker computes)."""
    run = ComplianceRun.objects.filter(institution=institution, as_of=as_of).first()
    if run is None:
        try:
            return compliance_run_refresh(institution=institution, as_of=as_of)
        except IntegrityError:  # another request computed the same run meanwhile
            return ComplianceRun.objects.get(institution=institution, as_of=as_of)
    if compliance_run_is_fresh(run):
        return run
    institution_id, day = institution.pk, as_of.isoformat()
    transaction.on_commit(
        lambda: tasks_compliance.compliance_run_refresh_task.delay(institution_id, day)
    )
    return ComplianceRun.objects.filter(institution=institution, as_of=as_of).first() or run
