"""Demo courses (LMS-1, LMS-2, SIS-1) for the academic period `today` falls in.

`demo_courses(institution=, today=)` opens a published course for every discipline that
a group studies in that semester by its students' individual study plans (SIS-4), one
per language of instruction, and gives each one:

- a teacher of the discipline's department (the demo teacher for the demo student's
  courses of their department, and at least one), the demo tutor on the demo student's
  courses; the groups, and enrolments from the plans;
- a syllabus: description, grading policy (60 % rating, 40 % exam), consultations,
  four learning outcomes, fifteen weekly topics with hours split by delivery (every
  third week asynchronous), two midterm controls and a final exam tied to the outcomes,
  main and additional literature;
- fifteen weekly modules released on the Monday of their week (08:00, Almaty) with four
  materials each: a lecture text, a practical or lab task, a video on a media service
  (links under the reserved domain `qashyq.example`), and a task for independent work,
  midterm control materials in weeks 7 and 15 and final ones in week 15; an e-library
  reference in week 1. Texts are in the course's language (kk, ru, en);
- progress of the demo student's group through the weeks already released.

Rows go in with COPY (PostgreSQL) or executemany (SQLite) and reserved ids, so 30,000
students (about a thousand courses, sixty thousand materials, two hundred thousand
enrolments) take seconds. Idempotent: a period that already has courses is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Value
from django.utils import timezone

from qashyq.core.cache import generation_bump
from qashyq.courses.models import (
    ControlTask,
    Course,
    CourseGroup,
    CourseStaff,
    CourseStatus,
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
from qashyq.demo.builder import fixed_username
from qashyq.demo.bulk import Table, db_timestamp, reserve_ids
from qashyq.institutions.models import (
    AcademicPeriod,
    Discipline,
    Institution,
    PeriodKind,
)
from qashyq.people.models import (
    PlanItemStatus,
    RoleAssignment,
    Staff,
    Student,
    StudentStatus,
    StudyPlanItem,
)

ALMATY = ZoneInfo("Asia/Almaty")
WEEKS = 15
LANGUAGES = ("kk", "ru", "en")

TEXT: dict[str, dict[str, Any]] = {
    "kk": {
        "week": "{w}-апта",
        "topics": [
            "Кіріспе: пәннің мақсаты мен міндеттері",
            "Негізгі ұғымдар мен терминдер",
            "Теориялық негіздер",
            "Әдістер мен тәсілдер",
            "Модельдер және олардың қасиеттері",
            "Қолданбалы есептер",
            "Аралық бақылауға дайындық",
            "Талдау және бағалау",
            "Жобалау кезеңдері",
            "Құралдар мен технологиялар",
            "Сапа және сенімділік",
            "Заманауи бағыттар",
            "Кейстерді талдау",
            "Жобаны қорғау",
            "Қорытынды шолу",
        ],
        "lecture": "Дәріс",
        "practical": "Практикалық тапсырма",
        "lab": "Зертханалық жұмыс",
        "video": "Бейнедәріс",
        "independent": "СӨЖ тапсырмасы",
        "midterm": "Аралық бақылау материалдары",
        "final": "Қорытынды бақылау: емтихан сұрақтары",
        "elibrary": "Электрондық кітапхана: негізгі оқулық",
        "body": "<p>{topic} тақырыбы бойынша дәріс мәтіні.</p><h3>Жоспар</h3>"
        "<ol><li>Негізгі ұғымдар</li><li>Мысалдар</li><li>Өзін-өзі тексеру сұрақтары</li></ol>",
        "task": "<p>{topic}: тапсырманы орындап, есепті порталға жүктеңіз.</p>",
        "description": "«{name}» пәні бойынша білім мен дағдыларды қалыптастыру.",
        "grading": "Ағымдағы бақылау және екі аралық бақылау — рейтингтің 60 %, емтихан — 40 %.",
        "consultation": "Сәрсенбі, 15:00–16:00, онлайн-бөлме немесе 305 аудитория.",
        "outcomes": [
            "Пәннің негізгі ұғымдарын түсіндіре алады",
            "Әдістерді практикалық есептерге қолдана алады",
            "Шешімдерді талдап, бағалай алады",
            "Шағын жобаны жобалап, қорғай алады",
        ],
        "controls": ["1-аралық бақылау", "2-аралық бақылау", "Емтихан"],
        "literature": [
            "Негізгі оқулық. — Алматы: Қазақ университеті, 2021. — 320 б.",
            "Практикум. — Астана: Фолиант, 2020. — 180 б.",
            "Қосымша оқу құралы. — Алматы, 2019. — 150 б.",
        ],
    },
    "ru": {
        "week": "Неделя {w}",
        "topics": [
            "Введение: цели и задачи дисциплины",
            "Основные понятия и термины",
            "Теоретические основы",
            "Методы и приёмы",
            "Модели и их свойства",
            "Прикладные задачи",
            "Подготовка к рубежному контролю",
            "Анализ и оценка",
            "Этапы проектирования",
            "Инструменты и технологии",
            "Качество и надёжность",
            "Современные направления",
            "Разбор кейсов",
            "Защита проекта",
            "Итоговый обзор",
        ],
        "lecture": "Лекция",
        "practical": "Практическое задание",
        "lab": "Лабораторная работа",
        "video": "Видеолекция",
        "independent": "Задание СРО",
        "midterm": "Материалы рубежного контроля",
        "final": "Итоговый контроль: вопросы к экзамену",
        "elibrary": "Электронная библиотека: основной учебник",
        "body": "<p>Текст лекции по теме «{topic}».</p><h3>План</h3>"
        "<ol><li>Основные понятия</li><li>Примеры</li><li>Вопросы для самопроверки</li></ol>",
        "task": "<p>{topic}: выполните задание и загрузите отчёт на портал.</p>",
        "description": "Формирование знаний и навыков по дисциплине «{name}».",
        "grading": "Текущий контроль и два рубежных контроля — 60 % рейтинга, экзамен — 40 %.",
        "consultation": "Среда, 15:00–16:00, онлайн-комната или аудитория 305.",
        "outcomes": [
            "Объясняет основные понятия дисциплины",
            "Применяет методы к практическим задачам",
            "Анализирует и оценивает решения",
            "Проектирует и защищает небольшой проект",
        ],
        "controls": ["Рубежный контроль 1", "Рубежный контроль 2", "Экзамен"],
        "literature": [
            "Основной учебник. — Алматы: Қазақ университеті, 2021. — 320 с.",
            "Практикум. — Астана: Фолиант, 2020. — 180 с.",
            "Дополнительное пособие. — Алматы, 2019. — 150 с.",
        ],
    },
    "en": {
        "week": "Week {w}",
        "topics": [
            "Introduction: aims and scope",
            "Key concepts and terms",
            "Theoretical foundations",
            "Methods and techniques",
            "Models and their properties",
            "Applied problems",
            "Preparing for the midterm",
            "Analysis and evaluation",
            "Design stages",
            "Tools and technologies",
            "Quality and reliability",
            "Current directions",
            "Case studies",
            "Project defence",
            "Final review",
        ],
        "lecture": "Lecture",
        "practical": "Practical task",
        "lab": "Laboratory work",
        "video": "Video lecture",
        "independent": "Independent work",
        "midterm": "Midterm control materials",
        "final": "Final control: exam questions",
        "elibrary": "E-library: the main textbook",
        "body": "<p>Lecture notes on {topic}.</p><h3>Outline</h3>"
        "<ol><li>Key concepts</li><li>Examples</li><li>Self-check questions</li></ol>",
        "task": "<p>{topic}: do the task and upload your report to the portal.</p>",
        "description": "Knowledge and skills in {name}.",
        "grading": "Continuous assessment and two midterms: 60 % of the rating; exam: 40 %.",
        "consultation": "Wednesdays, 15:00–16:00, online room or room 305.",
        "outcomes": [
            "Explains the key concepts of the discipline",
            "Applies the methods to practical problems",
            "Analyses and evaluates solutions",
            "Designs and defends a small project",
        ],
        "controls": ["Midterm 1", "Midterm 2", "Exam"],
        "literature": [
            "Main textbook. Almaty: Kazakh University, 2021. 320 p.",
            "Workbook. Astana: Foliant, 2020. 180 p.",
            "Further reading. Almaty, 2019. 150 p.",
        ],
    },
}


@dataclass(frozen=True)
class DemoCoursesSummary:
    period_id: int | None = None
    courses: int = 0
    enrolments: int = 0
    modules: int = 0
    materials: int = 0
    progress: int = 0


def demo_period(institution: Institution, today: dt.date) -> AcademicPeriod | None:
    """The semester `today` falls in, else the next one to start."""
    semesters = AcademicPeriod.objects.filter(
        academic_year__institution=institution, kind=PeriodKind.SEMESTER
    ).select_related("academic_year")
    running = semesters.filter(starts_on__lte=today, ends_on__gte=today).first()
    return running or semesters.filter(starts_on__gt=today).order_by("starts_on").first()


def _week_start(period: AcademicPeriod, week: int) -> dt.datetime:
    monday = period.starts_on - dt.timedelta(days=period.starts_on.weekday())
    day = monday + dt.timedelta(weeks=week - 1)
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=ALMATY)


@dataclass
class _Course:
    pk: int
    discipline: Discipline
    language: str
    groups: set[int]
    code: str


def _plan_rows(
    institution: Institution, period: AcademicPeriod
) -> list[tuple[int, int, int, int, str]]:
    """(plan item, student, group, discipline, group language) of the enrolled students
    whose plan has the discipline in the semester the period is for their group."""
    base = 2 * period.academic_year.start_year + period.number
    rows = (
        StudyPlanItem.objects.filter(
            student__institution=institution,
            student__status=StudentStatus.ENROLLED,
            student__group__isnull=False,
        )
        .exclude(status=PlanItemStatus.DROPPED)
        .annotate(expected=Value(base) - 2 * F("student__group__admission_year"))
        .filter(semester=F("expected"))
        .order_by()
        .values_list(
            "pk", "student_id", "student__group_id", "discipline_id", "student__group__language"
        )
    )
    return [(int(a), int(b), int(c), int(d), str(e)) for a, b, c, d, e in rows]


def _teachers(institution: Institution) -> dict[int, list[int]]:
    """department id → staff ids holding the teacher role there."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = (
        RoleAssignment.objects.filter(institution=institution, role="teacher")
        .exclude(department__isnull=True)
        .values_list("department_id", "user__staff__id")
        .order_by("department_id", "user__staff__id")
    )
    for department_id, staff_id in rows:
        if staff_id not in found[department_id]:
            found[department_id].append(staff_id)
    return found


@transaction.atomic
def demo_courses(*, institution: Institution, today: dt.date) -> DemoCoursesSummary:
    """Courses of the current semester with syllabus, content and enrolments (see the
    module doc)."""
    period = demo_period(institution, today)
    if period is None:
        return DemoCoursesSummary()
    if Course.objects.filter(institution=institution, period=period).exists():
        return DemoCoursesSummary(period_id=period.pk)
    now = timezone.now()
    rng = random.Random(f"{institution.code}:{period.pk}:courses")  # noqa: S311 - demo data
    rows = _plan_rows(institution, period)
    by_key: dict[tuple[int, str], _Course] = {}
    disciplines = {
        d.pk: d
        for d in Discipline.objects.filter(pk__in={r[3] for r in rows}).select_related("department")
    }
    keys: list[tuple[int, str]] = []
    codes: set[str] = set()
    for _item_id, _student_id, group_id, discipline_id, group_language in rows:
        language = group_language if group_language in LANGUAGES else "kk"
        key = (discipline_id, language)
        course = by_key.get(key)
        if course is None:
            discipline = disciplines[discipline_id]
            year = period.academic_year.start_year
            code = f"{discipline.code}-{year}-{period.number}-{language}"[:40]
            if code in codes:  # the same discipline code in two departments
                code = f"{discipline.department.code}-{code}"[:40]
            codes.add(code)
            course = by_key[key] = _Course(0, discipline, language, set(), code)
            keys.append(key)
        course.groups.add(group_id)
    # Courses: few hundred rows, bulk_create returns their ids.
    made = Course.objects.bulk_create(
        [
            Course(
                institution=institution,
                discipline=by_key[k].discipline,
                period=period,
                code=by_key[k].code,
                language=by_key[k].language,
                status=CourseStatus.PUBLISHED,
            )
            for k in keys
        ],
        batch_size=500,
    )
    for key, course_row in zip(keys, made, strict=True):
        by_key[key].pk = course_row.pk
    course_of = {key: by_key[key].pk for key in keys}
    Syllabus.objects.bulk_create(
        [
            Syllabus(
                course_id=c.pk,
                description=TEXT[c.language]["description"].format(name=_name(c)),
                grading_policy=TEXT[c.language]["grading"],
                consultation_schedule=TEXT[c.language]["consultation"],
            )
            for c in by_key.values()
        ],
        batch_size=1000,
    )
    CourseGroup.objects.bulk_create(
        [
            CourseGroup(course_id=c.pk, group_id=g)
            for c in by_key.values()
            for g in sorted(c.groups)
        ],
        batch_size=2000,
    )
    enrolments = Table(Enrolment, ("course", "student", "plan_item"), now=now).insert(
        (course_of[(discipline_id, lang if lang in LANGUAGES else "kk")], student_id, item_id)
        for item_id, student_id, _group, discipline_id, lang in rows
    )
    _staff(institution, period, list(by_key.values()))
    modules, materials = _content(list(by_key.values()), period, now=now)
    progress = _progress(institution, period, now=now, rng=rng)
    generation_bump("people", "structure")
    return DemoCoursesSummary(
        period_id=period.pk,
        courses=len(by_key),
        enrolments=enrolments,
        modules=modules,
        materials=materials,
        progress=progress,
    )


def _name(course: _Course) -> str:
    d = course.discipline
    return {"kk": d.name_kk, "ru": d.name_ru, "en": d.name_en}[course.language] or d.name_kk


def _staff(institution: Institution, period: AcademicPeriod, courses: list[_Course]) -> None:
    """A teacher per course from the discipline's department (round robin); the demo
    teacher and tutor on the demo student's courses."""
    teachers = _teachers(institution)
    turn: dict[int, int] = defaultdict(int)
    code = institution.code
    demo_student = Student.objects.filter(user__username=fixed_username("student", code)).first()
    demo_teacher = Staff.objects.filter(user__username=fixed_username("teacher", code)).first()
    demo_tutor = Staff.objects.filter(user__username=fixed_username("tutor", code)).first()
    featured = set()
    if demo_student is not None and demo_student.group_id is not None:
        featured = {c.pk for c in courses if demo_student.group_id in c.groups}
    rows: set[tuple[int, int, str]] = set()
    teacher_has_course = False
    for course in courses:
        department_id = course.discipline.department_id
        if (
            demo_teacher is not None
            and course.pk in featured
            and demo_teacher.department_id == department_id
        ):
            rows.add((course.pk, demo_teacher.pk, "teacher"))
            teacher_has_course = True
            continue
        pool = teachers.get(department_id, [])
        if pool:
            rows.add((course.pk, pool[turn[department_id] % len(pool)], "teacher"))
            turn[department_id] += 1
    if demo_teacher is not None and not teacher_has_course and featured:
        rows.add((min(featured), demo_teacher.pk, "teacher"))
    if demo_tutor is not None:
        rows |= {(pk, demo_tutor.pk, "tutor") for pk in featured}
    CourseStaff.objects.bulk_create(
        [CourseStaff(course_id=c, staff_id=s, role=r) for c, s, r in sorted(rows)],
        batch_size=2000,
    )


def _content(
    courses: list[_Course], period: AcademicPeriod, *, now: dt.datetime
) -> tuple[int, int]:
    """Syllabus rows and weekly modules with materials for every course."""
    outcome_ids = reserve_ids(LearningOutcome, 4 * len(courses))
    task_ids = reserve_ids(ControlTask, 3 * len(courses))
    module_ids = reserve_ids(Module, WEEKS * len(courses))
    outcomes: list[tuple[Any, ...]] = []
    tasks: list[tuple[Any, ...]] = []
    links: list[tuple[int, int]] = []
    topics: list[tuple[Any, ...]] = []
    literature: list[tuple[Any, ...]] = []
    modules: list[tuple[Any, ...]] = []
    materials: list[tuple[Any, ...]] = []
    for index, course in enumerate(courses):
        text = TEXT[course.language]
        lo = outcome_ids[4 * index : 4 * index + 4]
        for n, (pk, wording) in enumerate(zip(lo, text["outcomes"], strict=True)):
            outcomes.append((pk, course.pk, f"LO{n + 1}", wording, n))
        ct = task_ids[3 * index : 3 * index + 3]
        for pk, title, kind, week, checks in zip(
            ct,
            text["controls"],
            ("midterm", "midterm", "final"),
            (7, 15, None),
            ((lo[0], lo[1]), (lo[2], lo[3]), tuple(lo)),
            strict=True,
        ):
            tasks.append((pk, course.pk, title, kind, week, 100))
            links.extend((pk, outcome) for outcome in checks)
        for position, citation in enumerate(text["literature"]):
            kind = "main" if position < 2 else "additional"
            literature.append((course.pk, kind, citation, position))
        discipline = course.discipline
        per_week = max(1, (discipline.hours_lecture + discipline.hours_practice) // WEEKS)
        independent = max(1, discipline.hours_independent // WEEKS)
        base = f"https://media.qashyq.example/{course.code.lower()}"
        for week in range(1, WEEKS + 1):
            module_id = module_ids[WEEKS * index + week - 1]
            topic = text["topics"][week - 1]
            delivery = "async" if week % 3 == 0 else "sync"
            topics.append(
                (
                    course.pk,
                    week,
                    topic,
                    per_week // 2 or 1,
                    per_week - per_week // 2,
                    0,
                    independent,
                    delivery,
                )
            )
            release = db_timestamp(_week_start(period, week))
            modules.append(
                (
                    module_id,
                    course.pk,
                    f"{text['week'].format(w=week)}. {topic}",
                    week,
                    week - 1,
                    release,
                )
            )
            lab = week % 4 == 0 and discipline.hours_lab > 0
            items: list[tuple[str, str, str, str, int | None]] = [
                (
                    MaterialKind.LECTURE,
                    f"{text['lecture']} {week}. {topic}",
                    text["body"].format(topic=topic),
                    "",
                    None,
                ),
                (
                    MaterialKind.LAB if lab else MaterialKind.PRACTICAL,
                    f"{text['lab' if lab else 'practical']} {week}",
                    text["task"].format(topic=topic),
                    "",
                    None,
                ),
                (
                    MaterialKind.MEDIA_SERVICE,
                    f"{text['video']} {week}",
                    "",
                    f"{base}/week-{week}",
                    2400 + 60 * week,
                ),
            ]
            if week == 1:
                items.append(
                    (
                        MaterialKind.ELIBRARY,
                        text["elibrary"],
                        "",
                        "https://elib.qashyq.example/book/1",
                        None,
                    )
                )
            elif week in {7, 15}:
                items.append(
                    (
                        MaterialKind.MIDTERM,
                        f"{text['midterm']} ({week})",
                        text["task"].format(topic=topic),
                        "",
                        None,
                    )
                )
            else:
                items.append(
                    (
                        MaterialKind.INDEPENDENT,
                        f"{text['independent']} {week}",
                        text["task"].format(topic=topic),
                        "",
                        None,
                    )
                )
            if week == WEEKS:
                items.append(
                    (MaterialKind.FINAL, text["final"], text["task"].format(topic=topic), "", None)
                )
            for position, (kind, title, body, url, seconds) in enumerate(items):
                materials.append(
                    (
                        module_id,
                        kind,
                        title[:300],
                        body,
                        url,
                        seconds,
                        position,
                        kind != MaterialKind.ELIBRARY,
                    )
                )
    Table(LearningOutcome, ("id", "course", "code", "text", "position"), now=now).insert(outcomes)
    Table(ControlTask, ("id", "course", "title", "kind", "week", "max_points"), now=now).insert(
        tasks
    )
    Table(ControlTask.outcomes.through, ("controltask", "learningoutcome"), now=now).insert(links)
    Table(
        WeeklyTopic,
        (
            "course",
            "week",
            "title",
            "hours_lecture",
            "hours_practice",
            "hours_lab",
            "hours_independent",
            "delivery",
        ),
        now=now,
    ).insert(topics)
    Table(LiteratureItem, ("course", "kind", "citation", "position"), now=now).insert(literature)
    Table(Module, ("id", "course", "title", "week", "position", "release_at"), now=now).insert(
        modules
    )
    written = Table(
        Material,
        (
            "module",
            "kind",
            "title",
            "body",
            "url",
            "duration_seconds",
            "position",
            "completion_required",
        ),
        now=now,
    ).insert(materials)
    return len(modules), written


def _progress(
    institution: Institution, period: AcademicPeriod, *, now: dt.datetime, rng: random.Random
) -> int:
    """The demo student's group has opened and completed most of what is released."""
    student = Student.objects.filter(
        user__username=fixed_username("student", institution.code)
    ).first()
    if student is None or student.group_id is None:
        return 0
    released = list(
        Material.objects.filter(
            module__course__period=period,
            module__course__enrolments__student=student,
            module__release_at__lte=now,
        )
        # No default ordering: it joined the discipline, period, year and institution, and
        # PostgreSQL's plan for that on a freshly generated demo ran for minutes.
        .order_by()
        .values_list("pk", "module__release_at", "module__course_id")
    )
    classmates = list(
        Enrolment.objects.filter(
            course__period=period, student__group_id=student.group_id, is_active=True
        )
        .order_by()
        .values_list("student_id", "course_id")
    )
    courses_of: dict[int, set[int]] = defaultdict(set)
    for student_id, course_id in classmates:
        courses_of[student_id].add(course_id)

    def rows() -> Iterator[tuple[Any, ...]]:
        for material_id, released_at, course_id in released:
            if released_at is None:
                continue
            for student_id, courses in courses_of.items():
                if course_id not in courses or rng.random() > 0.8:
                    continue
                opened = released_at + dt.timedelta(hours=rng.randint(1, 72))
                if opened > now:
                    continue
                done = opened + dt.timedelta(minutes=rng.randint(10, 90))
                yield (
                    material_id,
                    student_id,
                    db_timestamp(opened),
                    db_timestamp(opened),
                    rng.randint(1, 3),
                    db_timestamp(done) if rng.random() < 0.85 and done <= now else None,
                )

    return Table(
        MaterialProgress,
        (
            "material",
            "student",
            "first_opened_at",
            "last_opened_at",
            "opened_count",
            "completed_at",
        ),
        now=now,
    ).insert(rows())
