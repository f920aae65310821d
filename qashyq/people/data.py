"""Frozen dataclasses that people passes across its layers and to other apps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StudentFilter:
    """Filters of the student list; empty values mean "any"."""

    institution_id: int | None = None
    program_id: int | None = None
    group_id: int | None = None
    faculty_id: int | None = None
    department_id: int | None = None
    status: str = ""
    study_form: str = ""
    search: str = ""  # name, student number or IIN


@dataclass(frozen=True)
class SemesterCredits:
    semester: int
    credits: int
    disciplines: int


@dataclass(frozen=True)
class PlanSummary:
    """Credits of an individual study plan (SIS-4): per semester, in total, and against
    the program's total credits. Dropped items do not count."""

    semesters: tuple[SemesterCredits, ...]
    total_credits: int
    program_credits: int

    @property
    def difference(self) -> int:
        """Plan total minus the program's credits: 0 when the plan is complete."""
        return self.total_credits - self.program_credits

    @property
    def missing_credits(self) -> int:
        return max(0, -self.difference)

    @property
    def excess_credits(self) -> int:
        return max(0, self.difference)

    def semester(self, number: int) -> SemesterCredits:
        for item in self.semesters:
            if item.semester == number:
                return item
        return SemesterCredits(semester=number, credits=0, disciplines=0)


@dataclass(frozen=True)
class StatusCount:
    """How many students have `status` (optionally per `key`: a study form, a faculty …)."""

    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Counts:
    """Counts of students by status, with a total (one aggregated query)."""

    by_status: tuple[StatusCount, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(item.count for item in self.by_status)
