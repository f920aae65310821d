"""The gradebook API (mounted under /api/v1/): grade items and entries of a course,
setting an entry (with a reason), finals, a student's grades and GPA, the transcript.

Permissions are the pages' (SEC-2): a course or student you may not see answers 404, also
for writes; one you may see but not change answers 403 (`grade_not_allowed`), a locked
statement 409 (`finals_locked`), a change without a reason 422 (`grade_reason_required`).
Points and percents are decimal strings.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from qashyq.core.errors import PermissionDenied
from qashyq.core.scope import actor_scope_of
from qashyq.gradebook import selectors, services
from qashyq.gradebook.data import Journal, StudentRow, Transcript
from qashyq.gradebook.permissions import GradebookAccess

router = Router(tags=["gradebook"])


def _rights(request: HttpRequest, course_id: int) -> GradebookAccess:
    return selectors.gradebook_access(actor=actor_scope_of(request), course_id=course_id)


def _journal_rights(request: HttpRequest, course_id: int) -> GradebookAccess:
    rights = _rights(request, course_id)
    if not rights.read_journal:
        raise PermissionDenied("Only the course's staff and the dean's office read the journal.")
    return rights


# ---------------------------------------------------------------- schemas


class Page(Schema):
    """`limit` (at most 100, default 50) and `offset`, over the students."""

    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0)


class ItemOut(Schema):
    id: int
    title: str
    control: str = Field(..., description="current | midterm1 | midterm2 | exam")
    half: int
    max_points: Decimal
    weight: Decimal
    position: int
    source: str = Field(..., description="manual | test | assignment")


class CellOut(Schema):
    item_id: int
    points: Decimal | None
    mark: str = Field(..., description='"" | excused | absent')


class ResultOut(Schema):
    r1: Decimal | None
    r2: Decimal | None
    admission: Decimal
    admitted: bool
    admission_clause: str = Field(..., description="The GRD-4 clause the verdict applied.")
    exam: Decimal | None
    percent: Decimal | None
    letter: str
    points: Decimal | None
    clause: str
    confirmed: bool = Field(..., description="True when the statement stored this final.")


class StudentGradesOut(Schema):
    student_id: int
    full_name: str
    group: str
    cells: list[CellOut]
    result: ResultOut


class EntriesPageOut(Schema):
    count: int
    items: list[ItemOut]
    students: list[StudentGradesOut]


class EntryIn(Schema):
    item_id: int
    student_id: int
    points: Decimal | None = None
    mark: str = Field("", description='"" | excused | absent')
    reason: str = Field("", max_length=300, description="Required to change a grade.")


class CourseGradesOut(Schema):
    course_id: int
    course_code: str
    discipline: str
    result: ResultOut


class TranscriptLineOut(Schema):
    course_id: int
    discipline_code: str
    discipline_name: str
    credits: int
    letter: str
    points: Decimal
    percent: Decimal
    traditional: str
    passes: bool
    counts_in_gpa: bool
    retakes: int


class PeriodOut(Schema):
    period_id: int
    title: str
    credits: int
    gpa: Decimal | None
    lines: list[TranscriptLineOut]


class TranscriptOut(Schema):
    student_id: int
    full_name: str
    student_number: str
    program: str
    group: str
    credits: int
    gpa: Decimal | None
    honours_eligible: bool
    honours_failed: list[str]
    periods: list[PeriodOut]


class StudentOverviewOut(Schema):
    student_id: int
    courses: list[CourseGradesOut]
    gpa: Decimal | None
    periods: list[PeriodOut]


# ---------------------------------------------------------------- converters


def _result(row: StudentRow) -> ResultOut:
    r, final = row.result, row.final
    return ResultOut(
        r1=r.r1,
        r2=r.r2,
        admission=r.admission,
        admitted=r.admitted,
        admission_clause=r.admission_clause,
        exam=r.exam,
        percent=final.percent if final else r.percent,
        letter=final.letter if final else r.letter,
        points=final.points if final else (r.band.points if r.band else None),
        clause=final.clause if final else r.clause,
        confirmed=final is not None,
    )


def _student(journal: Journal, row: StudentRow) -> StudentGradesOut:
    return StudentGradesOut(
        student_id=row.id,
        full_name=row.full_name,
        group=row.group_code,
        cells=[
            CellOut(item_id=item.id, points=points, mark=mark)
            for item, (points, mark) in zip(journal.items, row.cells, strict=True)
        ],
        result=_result(row),
    )


def _items(journal: Journal) -> list[ItemOut]:
    return [ItemOut(**item.__dict__) for item in journal.items]


def _transcript(t: Transcript) -> TranscriptOut:
    return TranscriptOut(
        student_id=t.student_id,
        full_name=t.full_name,
        student_number=t.student_number,
        program=t.program,
        group=t.group_code,
        credits=t.credits,
        gpa=t.gpa,
        honours_eligible=t.honours_eligible,
        honours_failed=list(t.honours_failed),
        periods=_periods(t),
    )


def _periods(t: Transcript) -> list[PeriodOut]:
    return [
        PeriodOut(
            period_id=p.period_id,
            title=p.title,
            credits=p.credits,
            gpa=p.gpa,
            lines=[TranscriptLineOut(**line.__dict__) for line in p.lines],
        )
        for p in t.periods
    ]


# ---------------------------------------------------------------- endpoints


@router.get("/gradebook/courses/{course_id}/items", response=list[ItemOut])
def items_list(request: HttpRequest, course_id: int) -> list[ItemOut]:
    """The course's grade items (columns of the e-journal), in order. Students of the
    course see them too."""
    rights = _rights(request, course_id)
    return [ItemOut(**i.__dict__) for i in selectors.course_items(course_id=rights.course_id)]


@router.get("/gradebook/courses/{course_id}/entries", response=EntriesPageOut)
def entries_list(
    request: HttpRequest,
    course_id: int,
    page: Query[Page],
) -> EntriesPageOut:
    """The journal: the items and, per student (paged: `limit` ≤ 100, `offset`), the
    cells and the computed ratings, verdict and final (GRD-3, GRD-4). A student gets only
    their own row."""
    rights = _rights(request, course_id)
    course = rights.access.course
    if rights.read_journal:
        journal = selectors.course_journal(course=course)
        rows = journal.rows[page.offset : page.offset + page.limit]
        count = len(journal.rows)
    else:
        journal = selectors.course_journal(
            course=course, student_ids=[rights.access.actor.student_id or 0]
        )
        rows, count = journal.rows, len(journal.rows)
    return EntriesPageOut(
        count=count, items=_items(journal), students=[_student(journal, r) for r in rows]
    )


@router.put("/gradebook/courses/{course_id}/entries", response=StudentGradesOut)
def entry_set(request: HttpRequest, course_id: int, payload: EntryIn) -> StudentGradesOut:
    """Set a student's grade for an item by hand (the course's teachers; the registrar
    once the statement is confirmed). Changing an existing grade needs a `reason`.
    Returns the student's row with the recomputed ratings."""
    rights = _rights(request, course_id)
    if not rights.read_journal:
        raise PermissionDenied("Students do not enter grades.")
    services.entry_set(
        rights=rights,
        item_id=payload.item_id,
        student_id=payload.student_id,
        points=payload.points,
        mark=payload.mark,
        reason=payload.reason,
    )
    journal = selectors.course_journal(
        course=rights.access.course, student_ids=[payload.student_id]
    )
    return _student(journal, journal.rows[0])


@router.get("/gradebook/courses/{course_id}/finals", response=list[StudentGradesOut])
def finals_list(
    request: HttpRequest,
    course_id: int,
    page: Query[Page],
) -> list[StudentGradesOut]:
    """The final grades of the course's students (stored once the statement is
    confirmed, computed until then), paged."""
    rights = _journal_rights(request, course_id)
    journal = selectors.course_journal(course=rights.access.course)
    return [_student(journal, r) for r in journal.rows[page.offset : page.offset + page.limit]]


@router.get("/gradebook/students/{student_id}/grades", response=StudentOverviewOut)
def student_grades(request: HttpRequest, student_id: int) -> StudentOverviewOut:
    """A student's current courses with their ratings, and GPA per period and cumulative
    (GPA-1): the student, the registrar and the dean's office."""
    student = selectors.student_for(actor=actor_scope_of(request), student_id=student_id)
    courses = []
    for course in selectors.student_courses(student_id=student.pk):
        journal = selectors.course_journal(course=course, student_ids=[student.pk])
        if journal.rows:
            courses.append(
                CourseGradesOut(
                    course_id=course.pk,
                    course_code=course.code,
                    discipline=course.discipline.name,
                    result=_result(journal.rows[0]),
                )
            )
    transcript = selectors.student_transcript(student=student)
    return StudentOverviewOut(
        student_id=student.pk, courses=courses, gpa=transcript.gpa, periods=_periods(transcript)
    )


@router.get("/gradebook/students/{student_id}/transcript", response=TranscriptOut)
def transcript(request: HttpRequest, student_id: int, lang: str = "") -> TranscriptOut:
    """The transcript (confirmed finals by period, credits, letter, points, traditional
    grade in `lang` — kk, ru or en — GPA per period and cumulative, the honours check)."""
    student = selectors.student_for(actor=actor_scope_of(request), student_id=student_id)
    language = lang if lang in ("kk", "ru", "en") else None
    return _transcript(selectors.student_transcript(student=student, language=language))
