"""Services of courses: creation with enrolments from study plans (SIS-4), reuse (deep
copy), content with files, reordering and hiding (LMS-1), the syllabus (LMS-2, ONL-2),
progress and the footprint (FP-1, FP-2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from qashyq.courses import selectors, services
from qashyq.courses.errors import (
    ContentNotEmpty,
    CourseChangeForbidden,
    CourseExists,
    CourseInvalid,
    UploadRejected,
)
from qashyq.courses.models import (
    ControlTask,
    Course,
    CourseStaff,
    Enrolment,
    LearningOutcome,
    LiteratureItem,
    Material,
    MaterialKind,
    MaterialProgress,
    Module,
    Syllabus,
    WeeklyTopic,
)
from qashyq.courses.tests.conftest import SUPER, World, access_of, role_user, scope_of, student_in
from qashyq.footprint.models import Event
from qashyq.institutions.tests.factories import (
    AcademicPeriodFactory,
    AcademicYearFactory,
    DisciplineFactory,
)
from qashyq.people.models import StudyPlanItem

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"x" * 100


def enrolled(course: Course) -> list[str]:
    return sorted(
        Enrolment.objects.filter(course=course, is_active=True).values_list(
            "student__student_number", flat=True
        )
    )


# ---------------------------------------------------------------- creation (SIS-4)


def test_course_create_enrols_the_groups_students_from_their_plans(world: World) -> None:
    course = world.course
    assert course.code == "DB101-2025-1-kk"
    assert course.institution_id == world.institution.pk
    assert Syllabus.objects.filter(course=course).count() == 1
    assert sorted(CourseStaff.objects.filter(course=course).values_list("role", "staff_id")) == [
        ("teacher", world.teacher.pk),
        ("tutor", world.tutor.pk),
    ]
    # The other group's student has the discipline too, but the group is not on the course.
    assert enrolled(course) == ["2500001", "2500002"]
    plan_items = set(Enrolment.objects.filter(course=course).values_list("plan_item_id", flat=True))
    assert plan_items == set(
        StudyPlanItem.objects.filter(student__group=world.group).values_list("pk", flat=True)
    )


def test_course_create_takes_the_semester_the_period_is_for_the_group(world: World) -> None:
    # A spring period (semester 2 for the 2025 intake): the plan has the discipline in 1.
    spring = AcademicPeriodFactory.create(
        academic_year=world.period.academic_year,
        number=2,
        starts_on=dt.date(2026, 1, 19),
        ends_on=dt.date(2026, 5, 30),
    )
    course = services.course_create(
        actor=SUPER,
        discipline=world.discipline,
        period=spring,
        language="kk",
        groups=[world.group],
    )
    assert course.code == "DB101-2025-2-kk"
    assert enrolled(course) == []
    StudyPlanItem.objects.filter(student=world.student).update(semester=2)
    assert services.course_enrolments_sync(
        access=selectors.course_access(actor=SUPER, course_id=course.pk)
    ) == services.EnrolmentSync(added=1, reactivated=0, deactivated=0)
    assert enrolled(course) == ["2500001"]


def test_course_create_refuses_a_second_course_of_the_stream(world: World) -> None:
    with pytest.raises(CourseExists) as caught:
        services.course_create(
            actor=SUPER, discipline=world.discipline, period=world.period, language="kk"
        )
    assert (
        caught.value.message == "This discipline already has a course in this period and language."
    )
    russian = services.course_create(
        actor=SUPER, discipline=world.discipline, period=world.period, language="ru"
    )
    assert russian.code == "DB101-2025-1-ru"
    with pytest.raises(CourseExists) as caught:
        services.course_create(
            actor=SUPER,
            discipline=world.discipline,
            period=world.period,
            language="en",
            code="DB101-2025-1-ru",
        )
    assert caught.value.message == "A course with this code already exists."


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("teacher of the course", False),
        ("head of another department", False),
        ("dean of the faculty", False),
        ("registrar of another institution", False),
        ("head of the department", True),
        ("registrar", True),
        ("distance-learning unit", True),
        ("administrator", True),
    ],
)
def test_who_opens_a_course(world: World, actor_user, case: str, allowed: bool) -> None:  # SEC-2
    actor = scope_of(actor_user(case))
    if not allowed:
        with pytest.raises(CourseChangeForbidden):
            services.course_create(
                actor=actor, discipline=world.discipline, period=world.period, language="en"
            )
        assert Course.objects.count() == 1
        return
    course = services.course_create(
        actor=actor, discipline=world.discipline, period=world.period, language="en"
    )
    assert course.code == "DB101-2025-1-en"


def test_course_create_checks_the_institution_of_period_staff_and_groups(world: World) -> None:
    foreign_year = AcademicYearFactory.create(institution=world.other_institution)
    foreign = AcademicPeriodFactory.create(academic_year=foreign_year)
    with pytest.raises(CourseInvalid) as caught:
        services.course_create(
            actor=SUPER, discipline=world.discipline, period=foreign, language="en"
        )
    assert caught.value.message == "The academic period belongs to another institution."
    assert caught.value.extra == {"field": "period"}


def test_enrolments_follow_the_groups_and_plans(world: World) -> None:
    access = selectors.course_access(actor=SUPER, course_id=world.course.pk)
    manual = student_in(world.other_group, world.discipline, name="Әли", number="2500009")
    StudyPlanItem.objects.filter(student=manual).delete()
    services.enrolment_add(access=access, student=manual)
    # The classmate drops the discipline; the student moves to the other group.
    StudyPlanItem.objects.filter(student=world.classmate).update(status="dropped")
    world.student.group = world.other_group
    world.student.save()
    sync = services.course_enrolments_sync(access=access)
    assert sync == services.EnrolmentSync(added=0, reactivated=0, deactivated=2)
    assert enrolled(world.course) == ["2500009"]  # a hand-made enrolment stays
    # Adding the other group brings its students in (the moved student back).
    sync = services.course_groups_set(access=access, groups=[world.group, world.other_group])
    assert sync == services.EnrolmentSync(added=1, reactivated=1, deactivated=0)
    assert enrolled(world.course) == ["2500001", "2500003", "2500009"]


def test_only_managers_change_staff_groups_and_enrolments(world: World) -> None:
    access = access_of(world.teacher.user, world.course)
    assert access.can_edit
    assert not access.can_manage
    with pytest.raises(CourseChangeForbidden) as caught:
        services.course_groups_set(access=access, groups=[])
    assert caught.value.message == (
        "Only the head of the department, the Office Registrar or the distance-learning unit "
        "may change this course."
    )
    assert enrolled(world.course) == ["2500001", "2500002"]


# ---------------------------------------------------------------- content (LMS-1)


def test_content_create_order_move_hide(world: World) -> None:
    access = access_of(world.teacher.user, world.course)
    first = services.module_create(access=access, title="Кіріспе", week=1)
    second = services.module_create(access=access, title="Модельдер", week=2)
    assert (first.position, second.position) == (0, 1)
    lecture = services.material_create(
        access=access,
        module=first,
        kind=MaterialKind.LECTURE,
        title="Дәріс 1",
        body="<h2>Тақырып</h2><p onclick='x()'>Мәтін</p><script>bad()</script>",
    )
    assert lecture.body == "<h2>Тақырып</h2><p>Мәтін</p>"
    link = services.material_create(
        access=access,
        module=first,
        kind=MaterialKind.MEDIA_SERVICE,
        title="Бейне",
        url="https://www.youtube.com/watch?v=abc",
        duration_seconds=1800,
    )
    pdf = services.material_create(
        access=access,
        module=first,
        kind=MaterialKind.FILE,
        title="Слайдтар",
        upload=SimpleUploadedFile("slides.pdf", PDF, content_type="application/x-evil"),
    )
    assert (pdf.mime_type, pdf.size_bytes) == ("application/pdf", len(PDF))
    assert pdf.file.name.startswith("courses/")
    assert pdf.file.name.endswith(".pdf")
    assert default_storage.open(pdf.file.name).read() == PDF
    assert [m.pk for m in Material.objects.filter(module=first).order_by("position")] == [
        lecture.pk,
        link.pk,
        pdf.pk,
    ]
    services.material_move(access=access, material=pdf, offset=-1)
    services.material_move(access=access, material=lecture, offset=-1)  # already first
    assert list(
        Material.objects.filter(module=first).order_by("position").values_list("pk", flat=True)
    ) == [lecture.pk, pdf.pk, link.pk]
    services.module_move(access=access, module=second, offset=-1)
    assert list(
        Module.objects.filter(course=world.course).order_by("position").values_list("pk", flat=True)
    ) == [second.pk, first.pk]
    services.materials_reorder(access=access, module=first, order=[link.pk, lecture.pk, pdf.pk])
    assert list(
        Material.objects.filter(module=first).order_by("position").values_list("pk", flat=True)
    ) == [link.pk, lecture.pk, pdf.pk]
    with pytest.raises(CourseInvalid) as caught:
        services.materials_reorder(access=access, module=first, order=[link.pk, link.pk, pdf.pk])
    assert caught.value.message == "Give every item of the list exactly once."
    services.material_hide(access=access, material=link, hidden=True)
    assert Material.objects.get(pk=link.pk).is_hidden is True
    # Publishing is in the teacher's footprint (FP-4).
    assert list(
        Event.objects.filter(actor=world.teacher.user)
        .order_by("id")
        .values_list("verb", "object_type", "object_id")
    ) == [
        ("published", "material", str(lecture.pk)),
        ("published", "material", str(link.pk)),
        ("published", "material", str(pdf.pk)),
    ]


@pytest.mark.parametrize(
    ("kind", "fields", "message", "field"),
    [
        ("link", {}, "Give the link.", "url"),
        ("link", {"url": "javascript:alert(1)"}, "A link starts with http:// or https://.", "url"),
        ("file", {}, "Upload the file.", "file"),
        ("video", {}, "Upload the file or give a link to it.", "file"),
        ("lecture", {"body": "  "}, "Write the text or upload a file.", "body"),
        ("elibrary", {}, "Give the link to the e-library record or its reference.", "url"),
        ("bogus", {}, "Choose the kind of material.", "kind"),
    ],
)
def test_material_needs_what_its_kind_needs(world: World, kind, fields, message, field) -> None:
    access = access_of(world.teacher.user, world.course)
    module = services.module_create(access=access, title="M")
    with pytest.raises(CourseInvalid) as caught:
        services.material_create(access=access, module=module, kind=kind, title="T", **fields)
    assert (caught.value.message, caught.value.extra) == (message, {"field": field})
    assert Material.objects.count() == 0


def test_a_wrong_file_is_rejected_and_nothing_is_stored(world: World) -> None:
    access = access_of(world.teacher.user, world.course)
    module = services.module_create(access=access, title="M")
    with pytest.raises(UploadRejected):
        services.material_create(
            access=access,
            module=module,
            kind=MaterialKind.VIDEO,
            title="Бейне",
            upload=SimpleUploadedFile("lecture.mp4", b"MZ" + b"\0" * 30),
        )
    assert Material.objects.count() == 0


def test_tutors_and_readers_do_not_edit(world: World, actor_user) -> None:  # SEC-2
    for case in ("tutor of the course", "head of the department", "dean of the faculty"):
        access = access_of(actor_user(case), world.course)
        with pytest.raises(CourseChangeForbidden) as caught:
            services.module_create(access=access, title="M")
        assert caught.value.message == (
            "Only the teachers of this course may change its syllabus and content."
        )
    assert Module.objects.count() == 0
    # The distance-learning unit supports content (S2 §4.4).
    dlu = access_of(actor_user("distance-learning unit"), world.course)
    assert services.module_create(access=dlu, title="M").title == "M"


def test_material_update_replaces_and_removes_the_file(
    world: World, django_capture_on_commit_callbacks
) -> None:
    access = access_of(world.teacher.user, world.course)
    module = services.module_create(access=access, title="M")
    other = services.module_create(access=access, title="N")
    material = services.material_create(
        access=access,
        module=module,
        kind=MaterialKind.LECTURE,
        title="Дәріс",
        body="мәтін",
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    old = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        material = services.material_update(
            access=access,
            material=material,
            title="Дәріс 2",
            body="мәтін",
            upload=SimpleUploadedFile("b.pdf", PDF + b"2"),
            module=other,
        )
    assert material.file.name != old
    assert not default_storage.exists(old)
    assert (material.module_id, material.size_bytes) == (other.pk, len(PDF) + 1)
    kept = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        material = services.material_update(
            access=access, material=material, title="Дәріс 2", body="мәтін", remove_file=True
        )
    assert (material.file.name, material.mime_type, material.size_bytes) == ("", "", 0)
    assert not default_storage.exists(kept)


# ---------------------------------------------------------------- reuse (deep copy)


def test_reuse_copies_the_syllabus_and_content(
    world: World, django_capture_on_commit_callbacks
) -> None:
    source = world.course
    access = access_of(world.teacher.user, source)
    services.syllabus_update(
        access=access,
        description="Сипаттама",
        prerequisites="Информатика",
        grading_policy="60/40",
        consultation_schedule="Сәрсенбі 15:00",
    )
    lo1 = services.outcome_save(access=access, code="LO1", text="Біледі")
    lo2 = services.outcome_save(access=access, code="LO2", text="Істей алады")
    services.topic_save(access=access, week=1, title="Кіріспе", hours_lecture=2)
    services.control_task_save(
        access=access, title="АБ1", kind="midterm", max_points=100, outcome_ids=[lo1.pk, lo2.pk]
    )
    services.literature_save(access=access, kind="main", citation="Дейт К. Введение в БД")
    module = services.module_create(
        access=access,
        title="Апта 1",
        release_at=dt.datetime(2025, 9, 8, 9, 0, tzinfo=dt.UTC),
        is_hidden=True,
    )
    material = services.material_create(
        access=access,
        module=module,
        kind=MaterialKind.FILE,
        title="Слайдтар",
        upload=SimpleUploadedFile("s.pdf", PDF),
        release_at=dt.datetime(2025, 9, 10, 9, 0, tzinfo=dt.UTC),
    )
    services.material_open(access=access_of(world.student.user, source), material=material)
    # The same discipline a year later (the period starts 364 days later).
    year = AcademicYearFactory.create(institution=world.institution, start_year=2026)
    later = AcademicPeriodFactory.create(
        academic_year=year, number=1, starts_on=dt.date(2026, 8, 31), ends_on=dt.date(2026, 12, 27)
    )
    target = services.course_create(
        actor=SUPER, discipline=world.discipline, period=later, language="kk"
    )
    target_access = selectors.course_access(actor=SUPER, course_id=target.pk)
    counts = services.course_content_copy(access=target_access, source=source)
    assert counts == {
        "outcomes": 2,
        "topics": 1,
        "control_tasks": 1,
        "literature": 1,
        "modules": 1,
        "materials": 1,
    }
    target.refresh_from_db()
    assert target.copied_from_id == source.pk
    syllabus = Syllabus.objects.get(course=target)
    assert (syllabus.description, syllabus.grading_policy) == ("Сипаттама", "60/40")
    task = ControlTask.objects.get(course=target)
    assert sorted(o.code for o in task.outcomes.all()) == ["LO1", "LO2"]
    assert {o.course_id for o in task.outcomes.all()} == {target.pk}
    new_module = Module.objects.get(course=target)
    assert (new_module.is_hidden, new_module.release_at) == (
        True,
        dt.datetime(2026, 9, 7, 9, 0, tzinfo=dt.UTC),
    )
    copy = Material.objects.get(module=new_module)
    assert copy.file.name == material.file.name  # shared, not duplicated
    assert copy.release_at == dt.datetime(2026, 9, 9, 9, 0, tzinfo=dt.UTC)
    assert MaterialProgress.objects.filter(material=copy).count() == 0
    # Deleting the copy keeps the file the source still uses; deleting both removes it.
    with django_capture_on_commit_callbacks(execute=True):
        services.material_delete(access=target_access, material=copy)
    assert default_storage.exists(material.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.module_delete(access=access, module=module)
    assert not default_storage.exists(material.file.name)
    with pytest.raises(ContentNotEmpty):
        services.course_content_copy(access=target_access, source=source)
    assert LearningOutcome.objects.filter(course=target).count() == 2
    assert WeeklyTopic.objects.filter(course=target).count() == 1
    assert LiteratureItem.objects.filter(course=target).count() == 1


# ---------------------------------------------------------------- the syllabus (LMS-2)


def test_control_tasks_are_tied_to_outcomes_of_the_course(world: World) -> None:
    access = access_of(world.teacher.user, world.course)
    lo1 = services.outcome_save(access=access, code="LO1", text="Біледі")
    with pytest.raises(CourseInvalid) as caught:
        services.outcome_save(access=access, code="lo1", text="Екінші")
    assert caught.value.message == "Another outcome of this course has this code."
    with pytest.raises(CourseInvalid) as caught:
        services.control_task_save(
            access=access, title="АБ1", kind="midterm", max_points=100, outcome_ids=[]
        )
    assert caught.value.message == "Tie the task to the learning outcomes it checks."
    other = services.course_create(
        actor=SUPER, discipline=world.discipline, period=world.period, language="ru"
    )
    foreign = services.outcome_save(
        access=selectors.course_access(actor=SUPER, course_id=other.pk), code="LO1", text="x"
    )
    with pytest.raises(CourseInvalid) as caught:
        services.control_task_save(
            access=access,
            title="АБ1",
            kind="midterm",
            max_points=100,
            outcome_ids=[lo1.pk, foreign.pk],
        )
    assert (caught.value.message, caught.value.extra) == (
        "Choose outcomes of this course.",
        {"field": "outcomes"},
    )
    task = services.control_task_save(
        access=access, title="АБ1", kind="midterm", week=8, max_points=100, outcome_ids=[lo1.pk]
    )
    assert [o.code for o in task.outcomes.all()] == ["LO1"]


def test_weekly_topics_give_the_synchronous_split(world: World) -> None:  # ONL-2
    access = access_of(world.teacher.user, world.course)
    services.topic_save(access=access, week=1, title="A", hours_lecture=2, hours_practice=2)
    services.topic_save(
        access=access, week=2, title="B", hours_lecture=2, hours_independent=12, delivery="async"
    )
    services.topic_save(access=access, week=3, title="C", hours_lab=2, delivery="in_person")
    split = selectors.syllabus_for(access=access).split
    assert (split.synchronous, split.asynchronous, split.in_person, split.total) == (4, 14, 2, 20)
    assert (split.synchronous_percent, split.asynchronous_percent) == (20.0, 70.0)
    assert split.discipline_hours == 150
    with pytest.raises(CourseInvalid) as caught:
        services.topic_save(access=access, week=31, title="D", hours_lecture=2)
    assert caught.value.message == "The week is a number from 1 to 30."
    with pytest.raises(CourseInvalid) as caught:
        services.topic_save(access=access, week=4, title="D")
    assert caught.value.message == "Give the hours of the topic."


# ---------------------------------------------------------------- progress and footprint


def test_progress_and_footprint_of_a_student(world: World) -> None:  # FP-1, FP-2
    teacher = access_of(world.teacher.user, world.course)
    module = services.module_create(access=teacher, title="M")
    first = services.material_create(
        access=teacher, module=module, kind="lecture", title="L1", body="a"
    )
    second = services.material_create(
        access=teacher, module=module, kind="lecture", title="L2", body="b"
    )
    services.material_create(
        access=teacher,
        module=module,
        kind="link",
        title="Optional",
        url="https://e.example/x",
        completion_required=False,
    )
    Event.objects.all().delete()
    access = access_of(world.student.user, world.course)
    t0 = dt.datetime(2025, 9, 2, 10, 0, tzinfo=dt.UTC)
    services.material_open(access=access, material=first, now=t0)
    services.material_open(access=access, material=first, now=t0 + dt.timedelta(hours=1))
    progress = MaterialProgress.objects.get(material=first, student=world.student)
    assert (progress.first_opened_at, progress.last_opened_at, progress.opened_count) == (
        t0,
        t0 + dt.timedelta(hours=1),
        2,
    )
    services.material_complete(access=access, material=first, now=t0 + dt.timedelta(hours=2))
    services.material_complete(access=access, material=first, now=t0 + dt.timedelta(hours=3))
    assert selectors.required_left(access=access, now=t0 + dt.timedelta(hours=3)) == 1
    services.material_complete(access=access, material=second, now=t0 + dt.timedelta(hours=4))
    assert list(
        Event.objects.order_by("id").values_list("verb", "object_type", "object_id", "actor_id")
    ) == [
        ("viewed", "material", str(first.pk), world.student.user.pk),
        ("viewed", "material", str(first.pk), world.student.user.pk),
        ("completed", "material", str(first.pk), world.student.user.pk),
        ("completed", "material", str(second.pk), world.student.user.pk),
        ("completed", "course", str(world.course.pk), world.student.user.pk),
    ]
    assert set(Event.objects.values_list("course_id", flat=True)) == {world.course.pk}
    # The schedule reads openings within a window (asynchronous attendance, SIS-2).
    assert selectors.material_views_between(
        material_id=first.pk, starts_at=t0, ends_at=t0 + dt.timedelta(minutes=30)
    ) == {world.student.pk: t0}


def test_staff_leave_a_footprint_but_no_progress_and_readers_neither(
    world: World, actor_user
) -> None:  # FP-4
    teacher = access_of(world.teacher.user, world.course)
    module = services.module_create(access=teacher, title="M")
    material = services.material_create(
        access=teacher, module=module, kind="lecture", title="L1", body="a"
    )
    Event.objects.all().delete()
    services.material_open(access=teacher, material=material)
    services.course_visit(access=teacher)
    dean = access_of(actor_user("dean of the faculty"), world.course)
    services.material_open(access=dean, material=material)
    services.course_visit(access=dean)
    assert MaterialProgress.objects.count() == 0
    assert list(Event.objects.order_by("id").values_list("verb", "object_type", "context")) == [
        ("viewed", "material", {"role": "staff"}),
        ("viewed", "course", {"role": "staff"}),
    ]
    with pytest.raises(CourseChangeForbidden):
        services.material_complete(access=teacher, material=material)


def test_publishing_is_recorded(world: World) -> None:
    access = access_of(
        role_user("department_head", world.institution, department=world.department), world.course
    )
    services.course_status_set(access=access, status="draft")
    services.course_status_set(access=access, status="published")
    services.course_status_set(access=access, status="published")
    assert list(Event.objects.values_list("verb", "object_type")) == [("published", "course")]
    with pytest.raises(CourseInvalid):
        services.course_status_set(access=access, status="gone")


def test_a_generated_code_taken_by_another_department_gets_the_department(world: World) -> None:
    twin = DisciplineFactory.create(department=world.other_department, code="DB101")
    course = services.course_create(
        actor=SUPER, discipline=twin, period=world.period, language="kk"
    )
    assert course.code == "PSY-DB101-2025-1-kk"
