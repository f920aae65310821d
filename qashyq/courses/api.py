"""Courses API: courses and "my courses" (SIS-1), the syllabus (LMS-1, LMS-2, ONL-2),
modules and materials (LMS-1, LMS-3), progress (FP-2).

Permissions are the pages' (SEC-2): a course that is absent or that you may not read
answers 404, also for writes (a student of another group gets 404 for its course and
its materials); a course you read but may not change answers 403. A student sees
released content only. A material's file is downloaded from `file_url`, which honours
HTTP range requests (206) for players on slow links.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from qashyq.core.scope import actor_scope_of
from qashyq.courses import selectors, services
from qashyq.courses.errors import CourseInvalid
from qashyq.courses.models import (
    ControlKind,
    ControlTask,
    Course,
    CourseStatus,
    Delivery,
    LearningOutcome,
    LiteratureItem,
    LiteratureKind,
    Material,
    MaterialKind,
    Module,
    WeeklyTopic,
)
from qashyq.courses.selectors import CourseAccess, CourseFilter
from qashyq.institutions import selectors as structure
from qashyq.institutions.models import InstructionLanguage, StudentGroup
from qashyq.people.models import Staff

router = Router(tags=["courses"])


class Pagination(LimitOffsetPagination):
    """`limit` (at most 100, default 50) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=100)
        offset: int = Field(0, ge=0)


def _access(request: HttpRequest, course_id: int) -> CourseAccess:
    return selectors.course_access(actor=actor_scope_of(request), course_id=course_id)


def _row(model: Any, access: CourseAccess, item_id: int) -> Any:  # noqa: ANN401
    """A syllabus row of the course, or the course's 404."""
    row = model._default_manager.filter(course=access.course, pk=item_id).first()
    if row is None:
        raise selectors.not_found()
    return row


# ---------------------------------------------------------------- schemas: courses


class RefOut(Schema):
    id: int
    code: str
    name: str


class PeriodOut(Schema):
    id: int
    label: str
    starts_on: dt.date
    ends_on: dt.date

    @staticmethod
    def resolve_label(obj: Any) -> str:  # noqa: ANN401
        return str(obj)


class CourseOut(Schema):
    id: int
    code: str
    discipline: RefOut
    period: PeriodOut
    language: str
    status: str
    copied_from_id: int | None


class StaffOut(Schema):
    staff_id: int
    role: str
    full_name: str

    @staticmethod
    def resolve_full_name(obj: Any) -> str:  # noqa: ANN401
        return str(obj.staff.user.get_full_name())


class CourseDetailOut(CourseOut):
    staff: list[StaffOut]
    my_roles: list[str] = Field(description="Your roles on the course: teacher, tutor, assistant.")
    enrolled: bool = Field(description="You are a student of the course.")
    can_edit: bool = Field(description="You may edit the syllabus and content.")
    can_manage: bool = Field(description="You may change teachers, groups, status, enrolments.")


class MyCourseOut(Schema):
    course: CourseOut
    role: str
    required: int
    completed: int
    percent: int


class CourseIn(Schema):
    discipline_id: int
    period_id: int
    language: InstructionLanguage
    code: str = Field("", max_length=40)
    teacher_ids: list[int] = Field(default_factory=list)
    tutor_ids: list[int] = Field(default_factory=list)
    assistant_ids: list[int] = Field(default_factory=list)
    group_ids: list[int] = Field(default_factory=list)


class CoursePatch(Schema):
    status: CourseStatus


class ReuseIn(Schema):
    source_id: int


class ReuseOut(Schema):
    outcomes: int
    topics: int
    control_tasks: int
    literature: int
    modules: int
    materials: int


class EnrolmentSyncOut(Schema):
    added: int
    reactivated: int
    deactivated: int


class CourseFilterIn(Schema):
    status: CourseStatus | None = None
    period: int | None = None
    department: int | None = None
    discipline: int | None = None
    search: str = Field("", max_length=100, description="Course code or discipline code/name.")


def _detail(access: CourseAccess) -> dict[str, Any]:
    course = access.course
    return {
        "id": course.pk,
        "code": course.code,
        "discipline": course.discipline,
        "period": course.period,
        "language": course.language,
        "status": course.status,
        "copied_from_id": course.copied_from_id,
        "staff": list(access.staff),
        "my_roles": sorted(access.staff_roles),
        "enrolled": access.is_student,
        "can_edit": access.can_edit,
        "can_manage": access.can_manage,
    }


def _staff(institution_id: int, ids: list[int], field: str) -> list[Staff]:
    found = list(Staff.objects.filter(institution_id=institution_id, pk__in=ids))
    if len(found) != len(set(ids)):
        raise CourseInvalid(_("Choose staff of this institution."), field=field)
    return found


def _groups(institution_id: int, ids: list[int]) -> list[StudentGroup]:
    found = list(StudentGroup.objects.filter(program__institution_id=institution_id, pk__in=ids))
    if len(found) != len(set(ids)):
        raise CourseInvalid(_("Choose groups of this institution."), field="group_ids")
    return found


# ---------------------------------------------------------------- courses


@router.get("/courses", response=list[CourseOut])
@paginate(Pagination)
def course_list(request: HttpRequest, filters: Query[CourseFilterIn]) -> QuerySet[Course]:
    """Courses you may read: your own as a student, teacher or tutor, and those of your
    department, faculty or institution by your role (SEC-2)."""
    return selectors.course_list_for(
        actor=actor_scope_of(request),
        filters=CourseFilter(
            status=filters.status or "",
            period_id=filters.period,
            department_id=filters.department,
            discipline_id=filters.discipline,
            search=filters.search,
        ),
    )


@router.get("/courses/mine", response=list[MyCourseOut])
def my_course_list(request: HttpRequest) -> list[Any]:
    """Your own courses (SIS-1): as a student with your progress (completed of the
    released materials that count), as a teacher, tutor or assistant with your role;
    current and future periods first, then past ones."""
    mine = selectors.my_courses(actor=actor_scope_of(request))
    return [*mine.current, *mine.past]


@router.post("/courses", response={201: CourseDetailOut})
def course_create(request: HttpRequest, payload: CourseIn) -> Status[dict[str, Any]]:
    """Open the course of a discipline for an academic period and language, with its
    teachers, tutors, assistants and groups; the groups' students are enrolled from
    their individual study plans (SIS-4). The head of the discipline's department, the
    Office Registrar, the distance-learning unit and administrators may."""
    actor = actor_scope_of(request)
    discipline = structure.discipline_get_for(actor=actor, discipline_id=payload.discipline_id)
    period = structure.academic_period_get_for(actor=actor, period_id=payload.period_id)
    institution_id = discipline.department.faculty.institution_id
    course = services.course_create(
        actor=actor,
        discipline=discipline,
        period=period,
        language=payload.language,
        code=payload.code,
        teachers=_staff(institution_id, payload.teacher_ids, "teacher_ids"),
        tutors=_staff(institution_id, payload.tutor_ids, "tutor_ids"),
        assistants=_staff(institution_id, payload.assistant_ids, "assistant_ids"),
        groups=_groups(institution_id, payload.group_ids),
    )
    return Status(201, _detail(_access(request, course.pk)))


@router.get("/courses/{course_id}", response=CourseDetailOut)
def course_detail(request: HttpRequest, course_id: int) -> dict[str, Any]:
    """One course with its staff and what you may do in it."""
    return _detail(_access(request, course_id))


@router.patch("/courses/{course_id}", response=CourseDetailOut)
def course_update(request: HttpRequest, course_id: int, payload: CoursePatch) -> dict[str, Any]:
    """Publish a course (its students see it), archive it, or take it back to draft."""
    access = _access(request, course_id)
    services.course_status_set(access=access, status=payload.status)
    return _detail(_access(request, course_id))


@router.post("/courses/{course_id}/reuse", response=ReuseOut)
def course_reuse(request: HttpRequest, course_id: int, payload: ReuseIn) -> dict[str, int]:
    """Fill this course (it must have no syllabus rows or modules yet) with a deep copy of
    another course's syllabus and content; release dates move with the period. Returns
    the rows copied per part."""
    access = _access(request, course_id)
    source = selectors.course_get_for(actor=access.actor, course_id=payload.source_id)
    return services.course_content_copy(access=access, source=source)


@router.post("/courses/{course_id}/enrolments/sync", response=EnrolmentSyncOut)
def enrolments_sync(request: HttpRequest, course_id: int) -> services.EnrolmentSync:
    """Enrol the course's groups again from their study plans (SIS-4): newcomers in,
    students who left the group or dropped the discipline out (their progress stays)."""
    return services.course_enrolments_sync(access=_access(request, course_id))


# ---------------------------------------------------------------- the syllabus


class SyllabusTextIn(Schema):
    description: str = Field("", max_length=20000)
    prerequisites: str = Field("", max_length=5000)
    grading_policy: str = Field("", max_length=20000)
    consultation_schedule: str = Field("", max_length=5000)


class OutcomeIn(Schema):
    code: str = Field(..., min_length=1, max_length=12)
    text: str = Field(..., min_length=1, max_length=5000)


class OutcomeOut(Schema):
    id: int
    code: str
    text: str
    position: int


class TopicIn(Schema):
    week: int = Field(..., ge=1, le=30)
    title: str = Field(..., min_length=1, max_length=300)
    hours_lecture: int = Field(0, ge=0, le=200)
    hours_practice: int = Field(0, ge=0, le=200)
    hours_lab: int = Field(0, ge=0, le=200)
    hours_independent: int = Field(0, ge=0, le=200)
    delivery: Delivery = Delivery.SYNCHRONOUS


class TopicOut(Schema):
    id: int
    week: int
    title: str
    hours_lecture: int
    hours_practice: int
    hours_lab: int
    hours_independent: int
    delivery: str


class ControlTaskIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    kind: ControlKind
    week: int | None = Field(None, ge=1, le=30)
    max_points: int = Field(100, ge=1, le=1000)
    outcome_ids: list[int] = Field(..., description="The learning outcomes the task checks.")


class ControlTaskOut(Schema):
    id: int
    title: str
    kind: str
    week: int | None
    max_points: int
    outcome_ids: list[int]

    @staticmethod
    def resolve_outcome_ids(obj: ControlTask) -> list[int]:
        return [o.pk for o in obj.outcomes.all()]


class LiteratureIn(Schema):
    kind: LiteratureKind
    citation: str = Field(..., min_length=1, max_length=2000)
    url: str = Field("", max_length=200)
    elibrary_id: str = Field("", max_length=100)


class LiteratureOut(Schema):
    id: int
    kind: str
    citation: str
    url: str
    elibrary_id: str


class SplitOut(Schema):
    synchronous: int
    asynchronous: int
    in_person: int
    total: int
    discipline_hours: int
    synchronous_percent: float
    asynchronous_percent: float
    in_person_percent: float


class SyllabusOut(Schema):
    description: str
    prerequisites: str
    grading_policy: str
    consultation_schedule: str
    outcomes: list[OutcomeOut]
    topics: list[TopicOut]
    control_tasks: list[ControlTaskOut]
    literature: list[LiteratureOut]
    split: SplitOut = Field(description="Hours of the plan by delivery (ONL-2).")
    uncovered_outcome_ids: list[int] = Field(description="Outcomes no control task checks.")


def _syllabus_out(access: CourseAccess) -> dict[str, Any]:
    view = selectors.syllabus_for(access=access)
    split = view.split
    return {
        "description": view.syllabus.description,
        "prerequisites": view.syllabus.prerequisites,
        "grading_policy": view.syllabus.grading_policy,
        "consultation_schedule": view.syllabus.consultation_schedule,
        "outcomes": view.outcomes,
        "topics": view.topics,
        "control_tasks": view.control_tasks,
        "literature": [*view.main_literature, *view.additional_literature],
        "split": {
            "synchronous": split.synchronous,
            "asynchronous": split.asynchronous,
            "in_person": split.in_person,
            "total": split.total,
            "discipline_hours": split.discipline_hours,
            "synchronous_percent": split.synchronous_percent,
            "asynchronous_percent": split.asynchronous_percent,
            "in_person_percent": split.in_person_percent,
        },
        "uncovered_outcome_ids": [o.pk for o in view.uncovered_outcomes],
    }


@router.get("/courses/{course_id}/syllabus", response=SyllabusOut)
def syllabus_detail(request: HttpRequest, course_id: int) -> dict[str, Any]:
    """The whole syllabus: texts, learning outcomes, weekly topics with hours and delivery
    and their synchronous/asynchronous split (ONL-2), control tasks with the outcomes they
    check, literature, the consultation schedule (LMS-1, LMS-2)."""
    return _syllabus_out(_access(request, course_id))


@router.put("/courses/{course_id}/syllabus", response=SyllabusOut)
def syllabus_update(
    request: HttpRequest, course_id: int, payload: SyllabusTextIn
) -> dict[str, Any]:
    """Replace the syllabus texts (the course's teachers)."""
    access = _access(request, course_id)
    services.syllabus_update(access=access, **payload.model_dump())
    return _syllabus_out(access)


@router.post("/courses/{course_id}/outcomes", response={201: OutcomeOut})
def outcome_create(
    request: HttpRequest, course_id: int, payload: OutcomeIn
) -> Status[LearningOutcome]:
    """Add a learning outcome; its code is unique in the course."""
    access = _access(request, course_id)
    return Status(201, services.outcome_save(access=access, **payload.model_dump()))


@router.put("/courses/{course_id}/outcomes/{outcome_id}", response=OutcomeOut)
def outcome_update(
    request: HttpRequest, course_id: int, outcome_id: int, payload: OutcomeIn
) -> LearningOutcome:
    """Change a learning outcome."""
    access = _access(request, course_id)
    outcome = _row(LearningOutcome, access, outcome_id)
    return services.outcome_save(access=access, outcome=outcome, **payload.model_dump())


@router.delete("/courses/{course_id}/outcomes/{outcome_id}", response={204: None})
def outcome_delete(request: HttpRequest, course_id: int, outcome_id: int) -> Status[None]:
    """Remove a learning outcome; control tasks no longer check it."""
    access = _access(request, course_id)
    services.outcome_delete(access=access, outcome=_row(LearningOutcome, access, outcome_id))
    return Status(204, None)


@router.post("/courses/{course_id}/topics", response={201: TopicOut})
def topic_create(request: HttpRequest, course_id: int, payload: TopicIn) -> Status[WeeklyTopic]:
    """Add a line of the calendar-thematic plan (week, topic, hours, delivery; ONL-2)."""
    access = _access(request, course_id)
    return Status(201, services.topic_save(access=access, **payload.model_dump()))


@router.put("/courses/{course_id}/topics/{topic_id}", response=TopicOut)
def topic_update(
    request: HttpRequest, course_id: int, topic_id: int, payload: TopicIn
) -> WeeklyTopic:
    """Change a weekly topic."""
    access = _access(request, course_id)
    topic = _row(WeeklyTopic, access, topic_id)
    return services.topic_save(access=access, topic=topic, **payload.model_dump())


@router.delete("/courses/{course_id}/topics/{topic_id}", response={204: None})
def topic_delete(request: HttpRequest, course_id: int, topic_id: int) -> Status[None]:
    """Remove a weekly topic."""
    access = _access(request, course_id)
    services.topic_delete(access=access, topic=_row(WeeklyTopic, access, topic_id))
    return Status(204, None)


@router.post("/courses/{course_id}/control-tasks", response={201: ControlTaskOut})
def control_task_create(
    request: HttpRequest, course_id: int, payload: ControlTaskIn
) -> Status[ControlTask]:
    """Add a control task tied to the learning outcomes it checks (at least one)."""
    access = _access(request, course_id)
    return Status(201, services.control_task_save(access=access, **payload.model_dump()))


@router.put("/courses/{course_id}/control-tasks/{task_id}", response=ControlTaskOut)
def control_task_update(
    request: HttpRequest, course_id: int, task_id: int, payload: ControlTaskIn
) -> ControlTask:
    """Change a control task and the outcomes it checks."""
    access = _access(request, course_id)
    task = _row(ControlTask, access, task_id)
    return services.control_task_save(access=access, task=task, **payload.model_dump())


@router.delete("/courses/{course_id}/control-tasks/{task_id}", response={204: None})
def control_task_delete(request: HttpRequest, course_id: int, task_id: int) -> Status[None]:
    """Remove a control task."""
    access = _access(request, course_id)
    services.control_task_delete(access=access, task=_row(ControlTask, access, task_id))
    return Status(204, None)


@router.post("/courses/{course_id}/literature", response={201: LiteratureOut})
def literature_create(
    request: HttpRequest, course_id: int, payload: LiteratureIn
) -> Status[LiteratureItem]:
    """Add main or additional literature (a reference, a link, an e-library record)."""
    access = _access(request, course_id)
    return Status(201, services.literature_save(access=access, **payload.model_dump()))


@router.put("/courses/{course_id}/literature/{item_id}", response=LiteratureOut)
def literature_update(
    request: HttpRequest, course_id: int, item_id: int, payload: LiteratureIn
) -> LiteratureItem:
    """Change a literature item."""
    access = _access(request, course_id)
    item = _row(LiteratureItem, access, item_id)
    return services.literature_save(access=access, item=item, **payload.model_dump())


@router.delete("/courses/{course_id}/literature/{item_id}", response={204: None})
def literature_delete(request: HttpRequest, course_id: int, item_id: int) -> Status[None]:
    """Remove a literature item."""
    access = _access(request, course_id)
    services.literature_delete(access=access, item=_row(LiteratureItem, access, item_id))
    return Status(204, None)


# ---------------------------------------------------------------- modules and materials


class MaterialOut(Schema):
    id: int
    module_id: int
    kind: str
    title: str
    url: str
    mime_type: str
    size_bytes: int
    duration_seconds: int | None
    position: int
    is_hidden: bool
    release_at: dt.datetime | None
    completion_required: bool
    file_url: str | None = Field(None, description="The file, with range requests (206).")

    @staticmethod
    def resolve_file_url(obj: Material) -> str | None:
        if not obj.file:
            return None
        return reverse("courses:material_file", args=[obj.module.course_id, obj.pk])


class MaterialDetailOut(MaterialOut):
    body: str = Field(description="Sanitized HTML of a lecture or task text.")


class MaterialRowOut(MaterialOut):
    opened: bool
    completed: bool


class ModuleOut(Schema):
    id: int
    title: str
    week: int | None
    position: int
    is_hidden: bool
    release_at: dt.datetime | None


class ModuleContentOut(ModuleOut):
    materials: list[MaterialRowOut]


class ContentOut(Schema):
    modules: list[ModuleContentOut]
    required: int = Field(description="Released materials that count towards progress.")
    completed: int = Field(description="Of those, completed by you (students).")


class ModuleIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    week: int | None = Field(None, ge=1, le=30)
    is_hidden: bool = False
    release_at: dt.datetime | None = None


class OrderIn(Schema):
    ids: list[int] = Field(..., description="Every id of the list exactly once, in order.")


class MaterialIn(Schema):
    kind: MaterialKind
    title: str = Field(..., min_length=1, max_length=300)
    body: str = Field("", max_length=500000)
    url: str = Field("", max_length=500)
    duration_seconds: int | None = Field(None, ge=1, le=86400)
    is_hidden: bool = False
    release_at: dt.datetime | None = None
    completion_required: bool = True


class MaterialPatch(Schema):
    """Only the fields sent change."""

    title: str | None = Field(None, min_length=1, max_length=300)
    body: str | None = Field(None, max_length=500000)
    url: str | None = Field(None, max_length=500)
    duration_seconds: int | None = Field(None, ge=1, le=86400)
    is_hidden: bool | None = None
    release_at: dt.datetime | None = None
    completion_required: bool | None = None
    module_id: int | None = None
    remove_file: bool = False


class ProgressOut(Schema):
    material_id: int
    completed: bool


class StudentProgressOut(Schema):
    student_id: int
    student_number: str
    full_name: str
    group: str | None
    opened: int
    completed: int
    required: int
    percent: int
    last_opened_at: dt.datetime | None


def _module(access: CourseAccess, module_id: int) -> Module:
    return selectors.module_get_for(access=access, module_id=module_id)


def _material(access: CourseAccess, material_id: int) -> Material:
    return selectors.material_get_for(access=access, material_id=material_id)


@router.get("/courses/{course_id}/content", response=ContentOut)
def content_detail(request: HttpRequest, course_id: int) -> dict[str, Any]:
    """Modules and their materials as you see them (a student: released content only),
    with your progress; texts are left out (GET a material for its text)."""
    page = selectors.course_page(access=_access(request, course_id))
    return {
        "modules": [
            {
                **{f: getattr(row.module, f) for f in ModuleOut.model_fields},
                "materials": [
                    {
                        **{
                            f: getattr(m.material, f)
                            for f in MaterialOut.model_fields
                            if f != "file_url"
                        },
                        "file_url": reverse(
                            "courses:material_file", args=[course_id, m.material.pk]
                        )
                        if m.material.file
                        else None,
                        "opened": m.opened,
                        "completed": m.completed,
                    }
                    for m in row.materials
                ],
            }
            for row in page.modules
        ],
        "required": page.required,
        "completed": page.completed,
    }


@router.post("/courses/{course_id}/modules", response={201: ModuleOut})
def module_create(request: HttpRequest, course_id: int, payload: ModuleIn) -> Status[Module]:
    """Add a module (usually a week) at the end of the course."""
    access = _access(request, course_id)
    return Status(201, services.module_create(access=access, **payload.model_dump()))


@router.put("/courses/{course_id}/modules/{module_id}", response=ModuleOut)
def module_update(
    request: HttpRequest, course_id: int, module_id: int, payload: ModuleIn
) -> Module:
    """Change a module: title, week, hidden, release date (Almaty time if no offset)."""
    access = _access(request, course_id)
    return services.module_update(
        access=access, module=_module(access, module_id), **payload.model_dump()
    )


@router.delete("/courses/{course_id}/modules/{module_id}", response={204: None})
def module_delete(request: HttpRequest, course_id: int, module_id: int) -> Status[None]:
    """Delete a module with its materials."""
    access = _access(request, course_id)
    services.module_delete(access=access, module=_module(access, module_id))
    return Status(204, None)


@router.put("/courses/{course_id}/modules-order", response={204: None})
def modules_reorder(request: HttpRequest, course_id: int, payload: OrderIn) -> Status[None]:
    """Put the course's modules in this order."""
    services.modules_reorder(access=_access(request, course_id), order=payload.ids)
    return Status(204, None)


@router.put("/courses/{course_id}/modules/{module_id}/order", response={204: None})
def materials_reorder(
    request: HttpRequest, course_id: int, module_id: int, payload: OrderIn
) -> Status[None]:
    """Put a module's materials in this order."""
    access = _access(request, course_id)
    services.materials_reorder(access=access, module=_module(access, module_id), order=payload.ids)
    return Status(204, None)


@router.post(
    "/courses/{course_id}/modules/{module_id}/materials", response={201: MaterialDetailOut}
)
def material_create(
    request: HttpRequest,
    course_id: int,
    module_id: int,
    payload: Form[MaterialIn],
    file: File[UploadedFile | None] = None,
) -> Status[Material]:
    """Add a material (multipart form): a lecture or task text (sanitized HTML), a file
    (PDF, DOCX, PPTX, XLSX, images, audio, video: checked by type, content and size), a
    link to a media service or the e-library."""
    access = _access(request, course_id)
    material = services.material_create(
        access=access, module=_module(access, module_id), upload=file, **payload.model_dump()
    )
    return Status(201, material)


@router.get("/courses/{course_id}/materials/{material_id}", response=MaterialDetailOut)
def material_detail(request: HttpRequest, course_id: int, material_id: int) -> Material:
    """One material with its text. Reading it does not count as opening: POST …/open."""
    return _material(_access(request, course_id), material_id)


@router.patch("/courses/{course_id}/materials/{material_id}", response=MaterialDetailOut)
def material_update(
    request: HttpRequest, course_id: int, material_id: int, payload: MaterialPatch
) -> Material:
    """Change a material (JSON; a new file goes through the page form)."""
    access = _access(request, course_id)
    material = _material(access, material_id)
    sent = payload.model_dump(exclude_unset=True)
    module_id = sent.pop("module_id", None)
    fields: dict[str, Any] = {
        "title": material.title,
        "body": material.body,
        "url": material.url,
        "duration_seconds": material.duration_seconds,
        "is_hidden": material.is_hidden,
        "release_at": material.release_at,
        "completion_required": material.completion_required,
    }
    fields.update({k: v for k, v in sent.items() if k in fields})
    return services.material_update(
        access=access,
        material=material,
        module=None if module_id is None else _module(access, module_id),
        remove_file=payload.remove_file,
        **fields,
    )


@router.delete("/courses/{course_id}/materials/{material_id}", response={204: None})
def material_delete(request: HttpRequest, course_id: int, material_id: int) -> Status[None]:
    """Delete a material with the students' progress on it."""
    access = _access(request, course_id)
    services.material_delete(access=access, material=_material(access, material_id))
    return Status(204, None)


@router.post("/courses/{course_id}/materials/{material_id}/open", response={204: None})
def material_open(request: HttpRequest, course_id: int, material_id: int) -> Status[None]:
    """Record that you opened the material (a mobile client showing it): your progress
    and the footprint count it (FP-2)."""
    access = _access(request, course_id)
    services.material_open(access=access, material=_material(access, material_id))
    return Status(204, None)


@router.post("/courses/{course_id}/materials/{material_id}/complete", response=ProgressOut)
def material_complete(request: HttpRequest, course_id: int, material_id: int) -> dict[str, Any]:
    """Mark the material completed (the course's students; idempotent)."""
    access = _access(request, course_id)
    progress = services.material_complete(access=access, material=_material(access, material_id))
    return {"material_id": progress.material_id, "completed": progress.completed_at is not None}


@router.get("/courses/{course_id}/progress", response=list[StudentProgressOut])
@paginate(Pagination)
def progress_list(request: HttpRequest, course_id: int) -> list[dict[str, Any]]:
    """Every active student's progress (staff, the department, the institution's offices;
    a student gets 404: their own progress is in GET …/content)."""
    rows = selectors.course_progress_for(access=_access(request, course_id))
    return [
        {
            "student_id": r.enrolment.student_id,
            "student_number": r.enrolment.student.student_number,
            "full_name": r.enrolment.student.user.get_full_name(),
            "group": r.enrolment.student.group.code if r.enrolment.student.group else None,
            "opened": r.opened,
            "completed": r.completed,
            "required": r.required,
            "percent": r.percent,
            "last_opened_at": r.last_opened_at,
        }
        for r in rows
    ]
