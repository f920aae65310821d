"""Every page renders for a registrar, with an elective group in the curriculum."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qashyq.institutions import services
from qashyq.institutions.models import Component
from qashyq.institutions.tests.conftest import scope
from qashyq.institutions.tests.factories import (
    AcademicPeriodFactory,
    CurriculumFactory,
    DisciplineFactory,
    StudentGroupFactory,
)
from qashyq.institutions.tests.test_views import signed_in

pytestmark = pytest.mark.django_db


def test_every_page_renders(make_user, institution, faculty, department, program):
    registrar = scope("registrar", institution)
    curriculum = CurriculumFactory.create(program=program)
    for discipline in DisciplineFactory.create_batch(2, department=department):
        services.curriculum_item_add(
            actor=registrar,
            curriculum=curriculum,
            discipline=discipline,
            semester=5,
            component=Component.ELECTIVE,
            elective_group="КВ-3",
        )
    period = AcademicPeriodFactory.create(academic_year__institution=institution)
    group = StudentGroupFactory.create(program=program)
    discipline = DisciplineFactory.create(department=department)
    client = signed_in(make_user("registrar", institution))
    urls = [
        reverse("institutions:overview"),
        reverse("institutions:program_list") + "?level=bachelor&q=6B",
        reverse("institutions:program_detail", args=[program.pk]),
        reverse("institutions:program_create"),
        reverse("institutions:program_edit", args=[program.pk]),
        reverse("institutions:faculty_create"),
        reverse("institutions:faculty_edit", args=[faculty.pk]),
        reverse("institutions:department_create"),
        reverse("institutions:department_edit", args=[department.pk]),
        reverse("institutions:discipline_list"),
        reverse("institutions:discipline_create"),
        reverse("institutions:discipline_edit", args=[discipline.pk]),
        reverse("institutions:curriculum_create", args=[program.pk]),
        reverse("institutions:curriculum_detail", args=[curriculum.pk]),
        reverse("institutions:curriculum_edit", args=[curriculum.pk]),
        reverse("institutions:calendar"),
        reverse("institutions:academic_year_create"),
        reverse("institutions:academic_year_edit", args=[period.academic_year_id]),
        reverse("institutions:academic_period_create", args=[period.academic_year_id]),
        reverse("institutions:academic_period_edit", args=[period.pk]),
        reverse("institutions:group_list"),
        reverse("institutions:group_create"),
        reverse("institutions:group_edit", args=[group.pk]),
    ]
    statuses = {url: client.get(url).status_code for url in urls}
    assert statuses == dict.fromkeys(urls, 200)
    editor = client.get(reverse("institutions:curriculum_detail", args=[curriculum.pk]))
    assert editor.context["summary"].elective_credits == 5
    assert "КВ-3" in editor.content.decode()
