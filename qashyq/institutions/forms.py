"""Forms of the registrar's pages: they clean input; the services validate and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qashyq.institutions.models import (
    AcademicPeriod,
    AcademicYear,
    Component,
    Curriculum,
    Department,
    Direction,
    Discipline,
    Faculty,
    Institution,
    InstructionLanguage,
    Level,
    Program,
    StudentGroup,
    StudyForm,
)

NAMES = ["name_kk", "name_ru", "name_en"]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DirectionChoiceField(forms.ModelChoiceField[Direction]):
    def label_from_instance(self, obj: Direction) -> str:
        return f"{obj.code} {obj.name}"


class DisciplineChoiceField(forms.ModelChoiceField[Discipline]):
    def label_from_instance(self, obj: Discipline) -> str:
        return _("%(code)s %(name)s, %(credits)s credits") % {
            "code": obj.code,
            "name": obj.name,
            "credits": obj.credits,
        }


class FacultyForm(forms.ModelForm[Faculty]):
    class Meta:
        model = Faculty
        fields = ["code", *NAMES]  # noqa: RUF012


class DepartmentForm(forms.ModelForm[Department]):
    class Meta:
        model = Department
        fields = ["faculty", "code", *NAMES, "epvo_id"]  # noqa: RUF012

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        field = self.fields["faculty"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Faculty.objects.filter(institution=institution).order_by("code")


class ProgramForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        fields = [  # noqa: RUF012
            "department",
            "code",
            "level",
            "direction",
            *NAMES,
            "study_form",
            "language",
            "total_credits",
            "duration_years",
            "is_active",
            "epvo_id",
        ]
        field_classes = {"direction": DirectionChoiceField}  # noqa: RUF012

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(faculty__institution=institution).order_by(
            "faculty__code", "code"
        )


class DisciplineForm(forms.ModelForm[Discipline]):
    class Meta:
        model = Discipline
        fields = [  # noqa: RUF012
            "department",
            "code",
            *NAMES,
            "credits",
            "hours_lecture",
            "hours_practice",
            "hours_lab",
            "hours_independent",
            "control_form",
            "is_mooc_based",
            "synchronous_percent",
            "distance_percent",
        ]
        help_texts = {  # noqa: RUF012
            "hours_independent": _("CRD-1: all hours together equal credits × 30."),
        }

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(faculty__institution=institution).order_by(
            "faculty__code", "code"
        )


class CurriculumForm(forms.ModelForm[Curriculum]):
    class Meta:
        model = Curriculum
        fields = ["admission_year", "approved_on"]  # noqa: RUF012
        widgets = {"approved_on": DATE}  # noqa: RUF012


class CurriculumItemForm(forms.Form):
    discipline = DisciplineChoiceField(queryset=Discipline.objects.none(), label=_("discipline"))
    semester = forms.IntegerField(label=_("semester"), min_value=1, max_value=16)
    component = forms.ChoiceField(
        label=_("component"), choices=Component.choices, initial=Component.GENERAL_MANDATORY
    )
    elective_group = forms.CharField(label=_("elective group"), max_length=40, required=False)
    elective_choose = forms.IntegerField(
        label=_("disciplines to choose"), min_value=1, initial=1, required=False
    )

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        field = self.fields["discipline"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Discipline.objects.filter(department=department).order_by("code")


class ElectiveGroupForm(forms.Form):
    group = forms.CharField(max_length=40, widget=forms.HiddenInput)
    choose = forms.IntegerField(label=_("disciplines to choose"), min_value=1)


class MoveItemForm(forms.Form):
    semester = forms.IntegerField(label=_("semester"), min_value=1, max_value=16)


class AcademicYearForm(forms.ModelForm[AcademicYear]):
    class Meta:
        model = AcademicYear
        fields = ["start_year", "starts_on", "ends_on"]  # noqa: RUF012
        widgets = {"starts_on": DATE, "ends_on": DATE}  # noqa: RUF012


class DefaultPeriodsForm(forms.Form):
    summer = forms.BooleanField(label=_("with a summer semester (6 weeks)"), required=False)


class AcademicPeriodForm(forms.ModelForm[AcademicPeriod]):
    class Meta:
        model = AcademicPeriod
        fields = ["kind", "number", "starts_on", "ends_on", "exam_session_starts_on"]  # noqa: RUF012
        widgets = {  # noqa: RUF012
            "starts_on": DATE,
            "ends_on": DATE,
            "exam_session_starts_on": DATE,
        }


class StudentGroupForm(forms.ModelForm[StudentGroup]):
    class Meta:
        model = StudentGroup
        fields = ["program", "code", "admission_year", "language"]  # noqa: RUF012

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Program.objects.filter(institution=institution).order_by("code")


class ProgramFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("level"), required=False, choices=[("", "—"), *Level.choices])
    faculty = forms.ModelChoiceField(
        label=_("faculty"), required=False, queryset=Faculty.objects.none()
    )
    department = forms.ModelChoiceField(
        label=_("department"), required=False, queryset=Department.objects.none()
    )
    study_form = forms.ChoiceField(
        label=_("study form"), required=False, choices=[("", "—"), *StudyForm.choices]
    )
    language = forms.ChoiceField(
        label=_("language of instruction"),
        required=False,
        choices=[("", "—"), *InstructionLanguage.choices],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, institution_ids: list[int] | None, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        faculties = Faculty.objects.order_by("code")
        departments = Department.objects.order_by("code")
        if institution_ids is not None:
            faculties = faculties.filter(institution_id__in=institution_ids)
            departments = departments.filter(faculty__institution_id__in=institution_ids)
        faculty = self.fields["faculty"]
        department = self.fields["department"]
        assert isinstance(faculty, forms.ModelChoiceField)
        assert isinstance(department, forms.ModelChoiceField)
        faculty.queryset = faculties
        department.queryset = departments
