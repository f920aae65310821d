"""The teacher's writes: grades by hand with history and reason, the items and weights of
a course, the statement (ведомость) and its finals, FX retakes, the registrar's changes
of locked finals (SIS-1, GRD-3…GRD-5, GPA-1)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.core.scope import ActorScope
from qashyq.courses.models import Course, Enrolment
from qashyq.footprint.data import Action, ActivityType, Verb
from qashyq.footprint.services import footprint_record
from qashyq.gradebook import formula
from qashyq.gradebook.errors import (
    FinalsLocked,
    GradeInvalid,
    GradeNotAllowed,
    ReasonRequired,
    RetakeNotAllowed,
)
from qashyq.gradebook.models import (
    Control,
    CourseGrading,
    ExamRetake,
    FinalGrade,
    GradeEntry,
    GradeItem,
    ItemSource,
    Mark,
    Statement,
)
from qashyq.gradebook.permissions import GradebookAccess
from qashyq.gradebook.selectors import as_formula_items, course_items, course_rules
from qashyq.gradebook.services._entries import (
    bump,
    change_row,
    graded_action,
    item_next_position,
)

HUNDRED = Decimal(100)


def _require_enter(rights: GradebookAccess) -> None:
    if not rights.enter:
        raise GradeNotAllowed(_("Only the course's teachers enter grades."))


def parse_points(raw: str) -> Decimal | None:
    """ "12,5" or "12.5" → Decimal; "" → None; anything else → GradeInvalid."""
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise GradeInvalid(_("Enter a number."), value=raw[:20]) from error
    if not value.is_finite():
        raise GradeInvalid(_("Enter a number."), value=raw[:20])
    return value


# ---------------------------------------------------------------- a grade by hand


def _check_rights(rights: GradebookAccess, *, locked: bool, reason: str) -> None:
    if not locked:
        _require_enter(rights)
        return
    if not rights.registrar:
        raise FinalsLocked(_("The statement is confirmed: only the registrar changes grades now."))
    if not reason:
        raise ReasonRequired(_("Give the reason for changing a confirmed grade."))


def _clean_points(item: GradeItem, points: Decimal | None, mark: str) -> Decimal | None:
    if mark not in Mark.values:
        raise GradeInvalid(_("Unknown mark."), mark=mark)
    if mark or points is None:
        return None
    points = points.quantize(Decimal("0.01"))
    if points < 0 or points > item.max_points:
        raise GradeInvalid(
            _("Points must be between 0 and %(max)s.") % {"max": item.max_points},
            max_points=str(item.max_points),
        )
    return points


@transaction.atomic
def entry_set(
    *,
    rights: GradebookAccess,
    item_id: int,
    student_id: int,
    points: Decimal | None,
    mark: str = "",
    reason: str = "",
) -> GradeEntry:
    """Set a student's grade for an item by hand (SIS-1). Changing an existing grade
    needs a reason; once the statement is confirmed only the registrar changes grades,
    with a reason, and the student's final is recomputed. Setting the same value again
    changes nothing."""
    course = rights.access.course
    actor = rights.access.actor
    reason = reason.strip()
    locked = Statement.objects.filter(course_id=course.pk).exists()
    _check_rights(rights, locked=locked, reason=reason)
    item = GradeItem.objects.filter(pk=item_id, course_id=course.pk).first()
    if item is None:
        raise GradeInvalid(_("No such grade item in this course."), item_id=item_id)
    if not Enrolment.objects.filter(
        course_id=course.pk, student_id=student_id, is_active=True
    ).exists():
        raise GradeInvalid(_("The student does not take this course."), student_id=student_id)
    points = _clean_points(item, points, mark)
    now = timezone.now()
    entry = GradeEntry.objects.select_for_update().filter(item=item, student_id=student_id).first()
    if entry is None:
        entry = GradeEntry(
            item=item, course_id=course.pk, student_id=student_id, points=None, mark=""
        )
        previous, previous_mark = None, ""
    else:
        previous, previous_mark = entry.points, entry.mark
        if previous == points and previous_mark == mark:
            return entry
        if (previous is not None or previous_mark) and not reason:
            raise ReasonRequired(_("Give the reason for changing this grade."))
    entry.points, entry.mark, entry.by_hand = points, mark, True
    entry.updated_by_id, entry.updated_at = actor.user_id, now
    entry.save()
    change_row(
        entry,
        from_points=previous,
        from_mark=previous_mark,
        source=ItemSource.MANUAL,
        by=actor.user_id,
        at=now,
        reason=reason,
    ).save()
    footprint_record(action=graded_action(entry, item=item, by=actor.user_id, at=now))
    if locked:
        _final_restore(course, student_id)
    bump(course.pk)
    return entry


# ---------------------------------------------------------------- items and weights


def _check_item(control: str, half: int, max_points: Decimal, weight: Decimal) -> None:
    if control not in Control.values:
        raise GradeInvalid(_("Unknown control."), control=control)
    if half not in (1, 2):
        raise GradeInvalid(_("The half is 1 or 2."), half=half)
    if not (Decimal(0) < max_points <= Decimal(10000)):
        raise GradeInvalid(_("The maximum must be a positive number."))
    if not (Decimal(0) <= weight <= Decimal(100)):
        raise GradeInvalid(_("The weight must be between 0 and 100."))


def _half(control: str, half: int) -> int:
    if control == Control.MIDTERM1:
        return 1
    if control == Control.MIDTERM2:
        return 2
    return half


@transaction.atomic
def item_create(
    *,
    rights: GradebookAccess,
    title: str,
    control: str,
    half: int = 1,
    max_points: Decimal = HUNDRED,
    weight: Decimal = Decimal(1),
) -> GradeItem:
    """A column entered by hand (current control, R1, R2 or the exam)."""
    _require_enter(rights)
    _check_item(control, half, max_points, weight)
    title = title.strip()[:200]
    if not title:
        raise GradeInvalid(_("Give the item a title."), field="title")
    course_id = rights.course_id
    item = GradeItem.objects.create(
        course_id=course_id,
        title=title,
        control=control,
        half=_half(control, half),
        max_points=max_points,
        weight=weight,
        position=item_next_position(course_id),
    )
    bump(course_id)
    return item


@transaction.atomic
def item_update(
    *,
    rights: GradebookAccess,
    item_id: int,
    title: str,
    control: str,
    half: int,
    max_points: Decimal,
    weight: Decimal,
    position: int,
) -> GradeItem:
    """Change an item. The title, control and maximum of a test's or an assignment's
    column follow its source (contract 2); the half, weight and position are the
    teacher's."""
    _require_enter(rights)
    _check_item(control, half, max_points, weight)
    item = GradeItem.objects.select_for_update().filter(pk=item_id, course_id=rights.course_id)
    found = item.first()
    if found is None:
        raise GradeInvalid(_("No such grade item in this course."), item_id=item_id)
    if found.source == ItemSource.MANUAL:
        found.title = title.strip()[:200] or found.title
        found.control, found.max_points = control, max_points
    found.half = _half(found.control, half)
    found.weight, found.position = weight, max(position, 0)
    found.save()
    bump(found.course_id)
    return found


@transaction.atomic
def item_delete(*, rights: GradebookAccess, item_id: int) -> None:
    """Remove a hand-entered column nobody has a grade in (grades are never lost)."""
    _require_enter(rights)
    item = GradeItem.objects.filter(pk=item_id, course_id=rights.course_id).first()
    if item is None:
        raise GradeInvalid(_("No such grade item in this course."), item_id=item_id)
    if item.source != ItemSource.MANUAL:
        raise GradeInvalid(_("This column belongs to a test or an assignment."))
    if GradeEntry.objects.filter(item=item).exclude(points=None, mark="").exists():
        raise GradeInvalid(_("Students have grades in this column."))
    item.delete()
    bump(rights.course_id)


@transaction.atomic
def course_grading_set(
    *,
    rights: GradebookAccess,
    current_share: Decimal,
    r1_share: Decimal,
    admission_threshold: Decimal | None,
    exam_minimum: Decimal | None,
) -> CourseGrading:
    """The course's weights within the admission rating and its thresholds (GRD-3,
    GRD-4); empty thresholds follow the institution's policy."""
    _require_enter(rights)
    if Statement.objects.filter(course_id=rights.course_id).exists():
        raise FinalsLocked(_("The statement is confirmed: the weights are locked."))
    for share in (current_share, r1_share):
        if not (Decimal(0) <= share <= Decimal(1)):
            raise GradeInvalid(_("A share is between 0 and 1."))
    for value in (admission_threshold, exam_minimum):
        if value is not None and not (Decimal(0) <= value <= HUNDRED):
            raise GradeInvalid(_("A threshold is a percent between 0 and 100."))
    row, _created = CourseGrading.objects.update_or_create(
        course_id=rights.course_id,
        defaults={
            "current_share": current_share,
            "r1_share": r1_share,
            "admission_threshold": admission_threshold,
            "exam_minimum": exam_minimum,
        },
    )
    bump(rights.course_id)
    return row


# ---------------------------------------------------------------- the statement and finals


def _students_results(
    course: Course, student_ids: list[int] | None = None
) -> dict[int, formula.Result]:
    scale, policy, weights = course_rules(course)
    items = as_formula_items(course_items(course_id=course.pk))
    if student_ids is None:
        student_ids = list(
            Enrolment.objects.filter(course_id=course.pk, is_active=True).values_list(
                "student_id", flat=True
            )
        )
    entries: dict[int, dict[int, formula.Entry]] = {s: {} for s in student_ids}
    for item_id, sid, points, mark in GradeEntry.objects.filter(
        course_id=course.pk, student_id__in=student_ids
    ).values_list("item_id", "student_id", "points", "mark"):
        entries[sid][item_id] = formula.Entry(points, mark)
    return {
        sid: formula.final_compute(
            items=items,
            entries=mine,
            weights=weights,
            policy=policy,
            scale=scale,
            exam_required=True,
        )
        for sid, mine in entries.items()
    }


def _final_values(course: Course, result: formula.Result) -> dict[str, object]:
    band = result.band
    assert band is not None  # exam_required: always decided
    return {
        "period_id": course.period_id,
        "credits": course.discipline.credits,
        "r1": result.r1 or Decimal(0),
        "r2": result.r2 or Decimal(0),
        "admission": result.admission,
        "admitted": result.admitted,
        "exam": result.exam or Decimal(0),
        "percent": result.percent or Decimal(0),
        "letter": band.letter,
        "points": band.points,
        "passes": band.passes,
        "counts_in_gpa": band.counts_in_gpa,
        "clause": result.clause,
        "gpa_points": band.points,
    }


@transaction.atomic
def statement_confirm(*, rights: GradebookAccess) -> int:
    """The teacher confirms the statement: every active student's final is stored and
    the grades are locked (only the registrar changes them afterwards). Returns the
    number of finals stored."""
    _require_enter(rights)
    course = (
        Course.objects.select_for_update()
        .select_related("discipline", "period")
        .get(pk=rights.course_id)
    )
    if Statement.objects.filter(course_id=course.pk).exists():
        raise FinalsLocked(_("The statement is already confirmed."))
    now = timezone.now()
    results = _students_results(course)
    FinalGrade.objects.filter(course_id=course.pk).delete()
    FinalGrade.objects.bulk_create(
        [
            FinalGrade(
                course_id=course.pk, student_id=sid, updated_at=now, **_final_values(course, r)
            )
            for sid, r in results.items()
        ]
    )
    Statement.objects.create(
        course=course, confirmed_at=now, confirmed_by_id=rights.access.actor.user_id
    )
    bump(course.pk)
    return len(results)


def _final_restore(course: Course, student_id: int) -> None:
    """Recompute one student's stored final after a registrar's change, keeping the
    retakes already taken (GRD-5: they replace only the exam component)."""
    course = Course.objects.select_related("discipline", "period").get(pk=course.pk)
    result = _students_results(course, [student_id])[student_id]
    values = _final_values(course, result)
    final = FinalGrade.objects.filter(course_id=course.pk, student_id=student_id).first()
    retakes = list(final.retake_rows.all()) if final else []
    if retakes and result.band is not None and not result.band.passes:
        scale, policy, _w = course_rules(course)
        last = formula.retake_compute(
            result=result,
            retake_exam=retakes[-1].exam,
            policy=policy,
            scale=scale,
            retakes_done=len(retakes) - 1,
        )
        assert last.band is not None
        values.update(
            exam=last.exam,
            percent=last.percent,
            letter=last.band.letter,
            points=last.band.points,
            passes=last.band.passes,
            clause=last.clause,
            gpa_points=_gpa_points(scale, policy, result.band, retakes),
        )
    FinalGrade.objects.update_or_create(
        course_id=course.pk,
        student_id=student_id,
        defaults={**values, "retakes": len(retakes), "updated_at": timezone.now()},
    )


def _gpa_points(
    scale: formula.Scale, policy: formula.Policy, first: formula.Band, retakes: list[ExamRetake]
) -> Decimal:
    points = []
    for r in retakes:
        band = scale.by_letter(r.letter)
        points.append(band.points if band else Decimal(0))
    return formula.gpa_points(first=first.points, retakes=points, rule=policy.retake_in_gpa)


@transaction.atomic
def exam_retake_record(
    *, rights: GradebookAccess, student_id: int, exam: Decimal, reason: str = ""
) -> FinalGrade:
    """GRD-5: an FX student's exam retake. Only the exam component changes; a passing
    grade is not raised; no more than the institution's number of retakes. GPA-1: the
    retake replaces the FX (default) or is averaged with it."""
    if not (rights.enter or rights.registrar):
        raise GradeNotAllowed(_("Only the course's teachers and the registrar record retakes."))
    course = Course.objects.select_related("discipline", "period").get(pk=rights.course_id)
    final = (
        FinalGrade.objects.select_for_update()
        .filter(course_id=course.pk, student_id=student_id)
        .first()
    )
    if final is None:
        raise RetakeNotAllowed(_("The statement is not confirmed yet."))
    if not (Decimal(0) <= exam <= HUNDRED):
        raise GradeInvalid(_("The exam is a percent between 0 and 100."))
    scale, policy, _w = course_rules(course)
    band = scale.by_letter(final.letter) or scale.fail_without_retake
    why = formula.retake_allowed(band=band, retakes_done=final.retakes, policy=policy)
    if why is not None:
        messages = {
            "passing": _("A passing grade is not raised by a retake."),
            "not_fx": _("Only an FX is retaken by the exam alone; F means studying again."),
            "exhausted": _("No exam retakes are left."),
        }
        raise RetakeNotAllowed(messages[why], reason=why, clause="GRD-5")
    first_band = scale.fail_with_retake
    previous = formula.Result(
        None, None, None, None, final.r1, final.r2, final.admission, final.admitted, "",
        final.exam, final.percent, band, final.clause,
    )  # fmt: skip
    after = formula.retake_compute(
        result=previous, retake_exam=exam, policy=policy, scale=scale, retakes_done=final.retakes
    )
    assert after.band is not None
    now = timezone.now()
    retakes = list(final.retake_rows.all())
    row = ExamRetake.objects.create(
        final=final,
        number=final.retakes + 1,
        exam=formula.q2(exam),
        letter=after.band.letter,
        recorded_by_id=rights.access.actor.user_id,
        recorded_at=now,
        reason=reason.strip()[:300],
    )
    final.exam = after.exam or Decimal(0)
    final.percent = after.percent or Decimal(0)
    final.letter, final.points = after.band.letter, after.band.points
    final.passes, final.clause = after.band.passes, after.clause
    final.retakes += 1
    final.gpa_points = _gpa_points(scale, policy, first_band, [*retakes, row])
    final.updated_at = now
    final.save()
    footprint_record(action=_retake_action(course, student_id, rights.access.actor, final))
    bump(course.pk)
    return final


def _retake_action(course: Course, student_id: int, actor: ActorScope, final: FinalGrade) -> Action:
    return Action(
        actor_id=actor.user_id,
        verb=Verb.GRADED,
        object_type=ActivityType.COURSE,
        object_id=f"final:{final.pk}",
        object_name=course.code,
        course_id=course.pk,
        occurred_at=final.updated_at,
        result={"letter": final.letter, "exam": str(final.exam), "retake": final.retakes},
        context={"student_id": student_id},
    )
