"""Writes of the demo app: generate a demo university, or remove one.

The demo university is ordinary data of `institutions` and `people`; nothing
marks it as a demo except its institution code and its accounts' e-mail domain
(``<code>.qashyq.example``, a reserved top-level domain, so mail never leaves).
"""

from __future__ import annotations

import datetime as dt
import re

from django.apps import apps as django_apps
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qashyq.accounts.models import User
from qashyq.core.cache import generation_bump
from qashyq.courses.models import Course, Enrolment, MaterialProgress, ReadinessAct
from qashyq.demo.assessment import demo_assessment
from qashyq.demo.assignments import demo_assignments
from qashyq.demo.builder import FIXED_ACCOUNTS, DemoBuilder, fixed_username
from qashyq.demo.courses import demo_courses
from qashyq.demo.data import DemoSummary
from qashyq.demo.distance import demo_distance
from qashyq.demo.errors import DemoAccountsTaken, DemoInstitutionExists, DemoInvalidOptions
from qashyq.demo.gradebook import demo_gradebook, demo_gradebook_delete
from qashyq.demo.lrs import demo_lrs
from qashyq.demo.questions import demo_questions, demo_questions_delete
from qashyq.demo.regulations import demo_regulations
from qashyq.demo.schedule import demo_schedule, demo_schedule_delete
from qashyq.distance.models import RectorOrder, RectorOrderEntry, TransferApplication
from qashyq.institutions.models import (
    AcademicYear,
    Curriculum,
    Department,
    Discipline,
    Faculty,
    Institution,
    Program,
    StudentGroup,
)
from qashyq.people.models import (
    RoleAssignment,
    Staff,
    Student,
    StudentStatusChange,
    StudyPlanItem,
)
from qashyq.reports.demo import demo_reports, demo_reports_delete

CODE_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")
DELETE_CHUNK = 5000


@transaction.atomic
def demo_university_generate(
    *,
    students: int,
    seed: int = 2026,
    institution_code: str = "demo",
    reset: bool = False,
    today: dt.date | None = None,
    capabilities: bool = True,
) -> DemoSummary:
    """Generate a demo university of `students` students, the same for the same seed.

    Refuses when the institution code exists, unless `reset`, which first removes
    that institution and its people (`demo_university_delete`). The current
    academic year is the one `today` falls in (it starts on 1 September).
    `capabilities=False` stops after the foundation (structure, people, plans): the tests
    of each later capability's demo module call that module themselves.
    """
    if students < 1:
        raise DemoInvalidOptions(_("A demo university needs at least one student."))
    if not CODE_PATTERN.match(institution_code):
        raise DemoInvalidOptions(
            _("An institution code is 1–40 Latin letters, digits, hyphens or underscores.")
        )
    if Institution.objects.filter(code=institution_code).exists():
        if not reset:
            raise DemoInstitutionExists(
                _(
                    "The institution “%(code)s” already exists. Run the command again with "
                    "--reset to delete it and generate it anew."
                )
                % {"code": institution_code},
                institution_code=institution_code,
            )
        demo_university_delete(institution_code=institution_code)
        generation_bump("people", "structure")
    fixed = [fixed_username(name, institution_code) for name in FIXED_ACCOUNTS]
    taken = sorted(User.objects.filter(username__in=fixed).values_list("username", flat=True))
    if taken:
        raise DemoAccountsTaken(
            _(
                "These demo user names already belong to other accounts: %(names)s. Rename "
                "them, or generate the demo under another --institution-code."
            )
            % {"names": ", ".join(taken)},
            usernames=taken,
        )
    builder = DemoBuilder(
        students=students,
        seed=seed,
        institution_code=institution_code,
        today=today or timezone.localdate(),
    )
    summary = builder.build()
    generation_bump("people", "structure")  # bulk inserts bypass the services
    # The later capabilities, each through its own demo module (issues 3 and 4): the
    # rule pack and distance items first (the courses read the plans), then courses,
    # their timetable, and transfers filed and approved through the distance services.
    # A million rows just arrived: give the planner statistics now rather than whenever
    # autovacuum gets to it (stale estimates picked poor joins for the home page, and for
    # the capabilities' own queries below, which run before anything is committed).
    _analyze()
    if capabilities:
        _capabilities(Institution.objects.get(code=institution_code), builder.today)
        _analyze()
    return summary


def _analyze() -> None:
    """ANALYZE Qashyq's own tables on PostgreSQL. Naming them keeps ANALYZE off the shared
    system catalogs, whose locks would be held to the end of this transaction and stop
    another database's ANALYZE (a second test worker) until then."""
    if connection.vendor != "postgresql":
        return
    tables = sorted(
        connection.ops.quote_name(model._meta.db_table)
        for model in django_apps.get_models(include_auto_created=True)
        if model.__module__.startswith("qashyq.") and not model._meta.proxy
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _capabilities(institution: Institution, today: dt.date) -> None:
    demo_regulations(institution=institution, today=today)
    demo_courses(institution=institution, today=today)
    demo_questions(institution=institution, today=today)
    demo_schedule(institution=institution, today=today)
    demo_gradebook(institution=institution, today=today)
    demo_assessment(institution=institution, today=today)
    demo_assignments(institution=institution, today=today)
    demo_distance(institution=institution, today=today)
    # The footprint's own demo last: another platform's statements through the LRS, then
    # a few weeks of activity folded into the reports' rollups (issue 6).
    demo_lrs(institution=institution, today=today)
    demo_reports(institution=institution, today=today)
    generation_bump("people", "structure")


@transaction.atomic
def demo_university_delete(*, institution_code: str) -> bool:
    """Delete an institution with all its structure, students, staff and their accounts.

    Every user who is a student or a staff member of the institution is deleted
    with it. Returns False when there is no such institution.
    """
    institution = Institution.objects.filter(code=institution_code).first()
    if institution is None:
        return False
    user_ids = list(
        Student.objects.filter(institution=institution).values_list("user_id", flat=True)
    ) + list(Staff.objects.filter(institution=institution).values_list("user_id", flat=True))
    # What the later capabilities hang on people and structure goes first: classes and
    # attendance, transfers and orders, courses with their content and progress.
    demo_reports_delete(institution=institution)
    demo_schedule_delete(institution=institution)
    demo_gradebook_delete(institution=institution)
    demo_questions_delete(institution=institution)
    RectorOrderEntry.objects.filter(order__institution=institution).delete()
    TransferApplication.objects.filter(institution=institution).delete()
    RectorOrder.objects.filter(institution=institution).delete()
    MaterialProgress.objects.filter(material__module__course__institution=institution)._raw_delete(
        connection.alias
    )
    ReadinessAct.objects.filter(program__institution=institution).delete()
    Course.objects.filter(institution=institution).delete()
    # Largest tables first, with single DELETE statements (no cascades left to collect).
    plans = StudyPlanItem.objects.filter(student__institution=institution)
    if (
        StudyPlanItem.objects.exclude(student__institution=institution).exists()
        or Enrolment.objects.exists()  # other institutions' enrolments point at plan items
    ):
        plans.delete()
    else:  # the only institution with plans: empty the table at once
        _empty_table(StudyPlanItem, Enrolment)
    StudentStatusChange.objects.filter(student__institution=institution).delete()
    RoleAssignment.objects.filter(institution=institution).delete()
    Student.objects.filter(institution=institution).delete()
    Staff.objects.filter(institution=institution).delete()
    for start in range(0, len(user_ids), DELETE_CHUNK):
        User.objects.filter(pk__in=user_ids[start : start + DELETE_CHUNK]).delete()
    Curriculum.objects.filter(program__institution=institution).delete()
    StudentGroup.objects.filter(program__institution=institution).delete()
    Program.objects.filter(institution=institution).delete()
    Discipline.objects.filter(department__faculty__institution=institution).delete()
    Department.objects.filter(faculty__institution=institution).delete()
    Faculty.objects.filter(institution=institution).delete()
    AcademicYear.objects.filter(institution=institution).delete()
    institution.delete()
    return True


def _empty_table(model: type[models.Model], *referencing: type[models.Model]) -> None:
    """Empty `model`'s table at once; `referencing` are the (already empty) tables whose
    foreign keys point at it, which PostgreSQL truncates in the same statement."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(
                connection.ops.quote_name(m._meta.db_table) for m in (model, *referencing)
            )
            # Deferred foreign-key checks of the deletes above must run before TRUNCATE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables}")
        else:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - SQLite truncates this fast
