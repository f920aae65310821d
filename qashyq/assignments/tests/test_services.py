"""Services: drafts survive, files, idempotent submit, resubmissions, grading by rubric,
team grades, the gradebook flow, extracted text and written_works (SEC-5, FP-2, LMS-5,
AI-2, contract 2)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qashyq.assignments import selectors, services
from qashyq.assignments.data import CriterionData, GradeData, LevelData
from qashyq.assignments.errors import AssignmentInvalid, FileRejected, SubmissionClosed
from qashyq.assignments.extract import extract_text
from qashyq.assignments.models import Assignment, Grade, Submission, SubmissionStatus
from qashyq.assignments.tests.conftest import DUE
from qashyq.footprint.models import Event
from qashyq.gradebook.models import GradeEntry, GradeItem

BEFORE = DUE - dt.timedelta(days=1)


def docx_bytes(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
        f'.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_sec5_draft_survives_and_is_the_latest_text(world, make_assignment, actor_of):
    a = make_assignment()
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="Бірінші нұсқа", now=BEFORE)
    services.draft_save(actor=actor, assignment=a, text="Екінші нұсқа", now=BEFORE)
    (submission,) = Submission.objects.filter(assignment=a)
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.text == "<p>Екінші нұсқа</p>"
    assert submission.draft_saved_at == BEFORE


def test_sec5_rejected_file_keeps_the_draft(world, make_assignment, actor_of):
    a = make_assignment()
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="Мәтін", now=BEFORE)
    services.file_add(actor=actor, assignment=a, upload=upload("a.txt", b"bir"), now=BEFORE)
    with pytest.raises(FileRejected, match="not accepted"):
        services.file_add(actor=actor, assignment=a, upload=upload("x.exe", b"MZ"), now=BEFORE)
    with pytest.raises(FileRejected, match="too big"):
        services.file_add(
            actor=actor, assignment=a, upload=upload("b.txt", b"x" * (1024 * 1024 + 1)), now=BEFORE
        )
    with pytest.raises(FileRejected, match="not a real pdf"):
        services.file_add(actor=actor, assignment=a, upload=upload("e.pdf", b"hello"), now=BEFORE)
    services.file_add(actor=actor, assignment=a, upload=upload("c.txt", b"eki"), now=BEFORE)
    with pytest.raises(FileRejected, match="At most 2 files"):
        services.file_add(actor=actor, assignment=a, upload=upload("d.txt", b"ush"), now=BEFORE)
    submission = Submission.objects.get(assignment=a)
    assert submission.text == "<p>Мәтін</p>"
    assert sorted(f.name for f in submission.files.all()) == ["a.txt", "c.txt"]


def test_file_limit_exactly_at_the_size(world, make_assignment, actor_of):
    a = make_assignment()
    item = services.file_add(
        actor=actor_of(world.aigerim.user),
        assignment=a,
        upload=upload("full.txt", b"x" * (1024 * 1024)),
        now=BEFORE,
    )
    assert item.size == 1024 * 1024
    assert item.file.name.startswith(f"assignments/{a.pk}/{item.submission_id}/")


def test_ai2_extracted_text_of_txt_and_docx(world, make_assignment, actor_of):
    a = make_assignment()
    actor = actor_of(world.aigerim.user)
    txt = services.file_add(
        actor=actor, assignment=a, upload=upload("a.txt", "Қазақ тілі".encode()), now=BEFORE
    )
    docx = services.file_add(
        actor=actor,
        assignment=a,
        upload=upload("b.docx", docx_bytes("Алгоритм", "Сұрыптау")),
        now=BEFORE,
    )
    assert txt.text == "Қазақ тілі"
    assert docx.text == "Алгоритм\nСұрыптау"
    assert len(txt.sha256) == 64


def test_extract_cp1251_txt():
    assert extract_text(extension="txt", stream=io.BytesIO("Привет".encode("cp1251"))) == "Привет"


def test_submit_is_idempotent_and_records_footprint(world, make_assignment, actor_of):
    a = make_assignment()
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="Жауап", now=BEFORE)
    first = services.submission_submit(actor=actor, assignment=a, now=BEFORE)
    second = services.submission_submit(
        actor=actor, assignment=a, now=BEFORE + dt.timedelta(hours=1)
    )
    assert first.pk == second.pk
    assert second.submitted_at == BEFORE
    assert Submission.objects.filter(assignment=a).count() == 1
    assert Event.objects.filter(verb="submitted", object_id=str(a.pk)).count() == 1
    with pytest.raises(SubmissionClosed, match="already handed in"):
        services.draft_save(actor=actor, assignment=a, text="Өзгеріс", now=BEFORE)


def test_fp2_late_submission_is_stamped_and_cutoff_refuses(world, make_assignment, actor_of):
    a = make_assignment(cutoff_at=DUE + dt.timedelta(days=2))
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="Кеш", now=BEFORE)
    with pytest.raises(SubmissionClosed, match="over; your draft is kept"):
        services.submission_submit(
            actor=actor, assignment=a, now=DUE + dt.timedelta(days=2, seconds=1)
        )
    assert Submission.objects.get(assignment=a).text == "<p>Кеш</p>"
    s = services.submission_submit(actor=actor, assignment=a, now=DUE + dt.timedelta(hours=25))
    assert s.late_seconds == 25 * 3600
    assert services.penalty_for(assignment=a, submission=s) == Decimal(20)


def test_no_late_work_refused_after_deadline(world, make_assignment, actor_of):
    a = make_assignment(accept_late=False)
    actor = actor_of(world.bolat.user)
    with pytest.raises(SubmissionClosed):
        services.draft_save(actor=actor, assignment=a, text="x", now=DUE + dt.timedelta(seconds=1))
    services.draft_save(actor=actor, assignment=a, text="x", now=DUE)


def rubric(a, access, actor):
    return services.rubric_save(
        actor=actor,
        access=access,
        assignment=a,
        title="Баға",
        criteria=[
            CriterionData(
                "Дұрыстық", (LevelData("толық", Decimal(60)), LevelData("жартылай", Decimal(30)))
            ),
            CriterionData(
                "Рәсімдеу", (LevelData("жақсы", Decimal(40)), LevelData("нашар", Decimal(10)))
            ),
        ],
    )


def test_rubric_points_late_penalty_and_gradebook(world, make_assignment, actor_of, teacher_access):
    a = make_assignment()
    t_actor, access = teacher_access
    r = rubric(a, access, t_actor)
    c1, c2 = r.criteria.all()
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="Жауап", now=BEFORE)
    s = services.submission_submit(actor=actor, assignment=a, now=DUE + dt.timedelta(minutes=5))
    levels = {c1.pk: c1.levels.get(points=60).pk, c2.pk: c2.levels.get(points=10).pk}
    grade = services.submission_grade(
        actor=t_actor, access=access, submission=s, data=GradeData(levels=levels, feedback="Жақсы")
    )
    assert (grade.points, grade.penalty_percent, grade.final_points) == (
        Decimal(70),
        Decimal(10),
        Decimal(63),
    )
    assert sorted(sc.points for sc in grade.scores.all()) == [Decimal(10), Decimal(60)]
    item = GradeItem.objects.get(source="assignment", source_id=a.pk)
    entry = GradeEntry.objects.get(item=item, student_id=world.aigerim.pk)
    assert entry.points == Decimal(63)
    # a regrade: history kept, the gradebook follows
    services.submission_grade(
        actor=t_actor,
        access=access,
        submission=s,
        data=GradeData(levels={**levels, c2.pk: c2.levels.get(points=40).pk}),
    )
    assert Grade.objects.filter(submission=s).count() == 2
    entry.refresh_from_db()
    assert entry.points == Decimal(90)
    with pytest.raises(AssignmentInvalid, match="already used"):
        rubric(a, access, t_actor)


def test_points_above_maximum_refused(world, make_assignment, actor_of, teacher_access):
    a = make_assignment()
    t_actor, access = teacher_access
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="Жауап", now=BEFORE)
    s = services.submission_submit(actor=actor, assignment=a, now=BEFORE)
    with pytest.raises(AssignmentInvalid):
        services.submission_grade(
            actor=t_actor, access=access, submission=s, data=GradeData(points=Decimal("100.01"))
        )
    g = services.submission_grade(
        actor=t_actor, access=access, submission=s, data=GradeData(points=Decimal(100))
    )
    assert g.final_points == Decimal(100)


def test_lms5_team_grade_goes_to_every_member(world, make_assignment, actor_of, teacher_access):
    a = make_assignment(is_group=True)
    t_actor, access = teacher_access
    services.team_save(
        actor=t_actor,
        access=access,
        assignment=a,
        name="Альфа",
        student_ids=[world.aigerim.pk, world.bolat.pk],
    )
    services.draft_save(actor=actor_of(world.aigerim.user), assignment=a, text="Бірге", now=BEFORE)
    s = services.submission_submit(actor=actor_of(world.bolat.user), assignment=a, now=BEFORE)
    assert s.team is not None
    assert s.submitted_by_id == world.bolat.user.pk
    assert s.text == "<p>Бірге</p>"
    services.submission_grade(
        actor=t_actor, access=access, submission=s, data=GradeData(points=Decimal(88))
    )
    entries = GradeEntry.objects.filter(item__source="assignment", item__source_id=a.pk)
    assert sorted((e.student_id, e.points) for e in entries) == sorted(
        [(world.aigerim.pk, Decimal(88)), (world.bolat.pk, Decimal(88))]
    )
    with pytest.raises(Exception, match="not in a team"):
        services.draft_save(actor=actor_of(world.dana.user), assignment=a, text="x", now=BEFORE)


def test_resubmission_limit(world, make_assignment, actor_of, teacher_access):
    a = make_assignment(resubmissions=1)
    t_actor, access = teacher_access
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="Бірінші", now=BEFORE)
    s1 = services.submission_submit(actor=actor, assignment=a, now=BEFORE)
    services.submission_return(actor=t_actor, access=access, submission=s1, feedback="Түзет")
    services.draft_save(actor=actor, assignment=a, text="Екінші", now=BEFORE)
    s2 = services.submission_submit(actor=actor, assignment=a, now=BEFORE)
    assert (s2.attempt, s2.text) == (2, "<p>Екінші</p>")
    s1.refresh_from_db()
    assert (s1.status, s1.text) == (SubmissionStatus.RETURNED, "<p>Бірінші</p>")
    with pytest.raises(AssignmentInvalid, match="No resubmissions"):
        services.submission_return(actor=t_actor, access=access, submission=s2)


def test_item_sync_on_create_edit_remove(world, make_assignment, teacher_access):
    a = make_assignment(control="midterm1", max_points=Decimal(40))
    item = GradeItem.objects.get(source="assignment", source_id=a.pk)
    assert (item.title, item.control, item.max_points) == (a.title, "midterm1", Decimal(40))
    t_actor, access = teacher_access
    services.assignment_delete(actor=t_actor, access=access, assignment=a)
    assert not GradeItem.objects.filter(source="assignment", source_id=a.pk).exists()
    assert not Assignment.objects.filter(pk=a.pk).exists()


def test_ai2_written_works(world, make_assignment, actor_of):
    a = make_assignment()
    actor = actor_of(world.aigerim.user)
    services.draft_save(actor=actor, assignment=a, text="<p>Менің <b>жұмысым</b></p>", now=BEFORE)
    services.file_add(
        actor=actor, assignment=a, upload=upload("a.docx", docx_bytes("Файл мәтіні")), now=BEFORE
    )
    services.draft_save(
        actor=actor_of(world.bolat.user), assignment=a, text="Жоба", now=BEFORE
    )  # a draft: not a work
    services.submission_submit(actor=actor, assignment=a, now=BEFORE)
    (work,) = selectors.written_works(course_id=world.course.pk)
    assert work.text == "Менің жұмысым"
    assert work.author_student_ids == (world.aigerim.pk,)
    assert work.submitted_at == BEFORE
    assert [(f.name, f.text) for f in work.files] == [("a.docx", "Файл мәтіні")]
    assert list(selectors.written_works(course_id=world.other_course.pk)) == []
