"""Forms of the people pages: they clean input; the services validate and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qashyq.institutions.models import (
    Department,
    Faculty,
    Institution,
    InstructionLanguage,
    Program,
    StudentGroup,
    StudyForm,
)
from qashyq.people.models import Funding, PriorEducation, Role, Sex, StudentStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK: list[tuple[str, str]] = [("", "—")]


class ProgramChoiceField(forms.ModelChoiceField[Program]):
    def label_from_instance(self, obj: Program) -> str:
        return f"{obj.code} {obj.name}"


class StudentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, student number or IIN"),
    )
    program = ProgramChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False
    )
    faculty = forms.ModelChoiceField(
        label=_("Faculty"), queryset=Faculty.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK + list(StudentStatus.choices), required=False
    )
    study_form = forms.ChoiceField(
        label=_("Study form"), choices=BLANK + list(StudyForm.choices), required=False
    )
    group = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, institution_ids: list[int] | None, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        programs = Program.objects.order_by("code")
        faculties = Faculty.objects.order_by("code")
        if institution_ids is not None:
            programs = programs.filter(institution_id__in=institution_ids)
            faculties = faculties.filter(institution_id__in=institution_ids)
        self._set_queryset("program", programs)
        self._set_queryset("faculty", faculties)

    def _set_queryset(self, name: str, queryset: Any) -> None:  # noqa: ANN401
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class _InstitutionForm(forms.Form):
    """A form whose choices (programs, groups, departments …) are of one institution."""

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self.institution = institution
        querysets: dict[str, Any] = {
            "program": Program.objects.filter(institution=institution).order_by("code"),
            "group": StudentGroup.objects.filter(program__institution=institution).order_by("code"),
            "department": Department.objects.filter(faculty__institution=institution).order_by(
                "code"
            ),
            "faculty": Faculty.objects.filter(institution=institution).order_by("code"),
        }
        for name, queryset in querysets.items():
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset


class StudentForm(_InstitutionForm):
    """The personal file (SIS-6). The IIN is checked by the service (IIN-1)."""

    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail (for signing in)"), required=False)
    program = ProgramChoiceField(label=_("Program"), queryset=Program.objects.none())
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StudentGroup.objects.none(), required=False
    )
    admission_year = forms.IntegerField(label=_("Intake year"), min_value=1990, max_value=2100)
    course_year = forms.IntegerField(label=_("Year of study"), min_value=1, max_value=7, initial=1)
    iin = forms.CharField(
        label=_("IIN"),
        max_length=12,
        required=False,
        help_text=_("12 digits; the control digit is checked."),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"), choices=BLANK + list(Sex.choices), required=False)
    citizenship = forms.CharField(label=_("Citizenship"), max_length=2, initial="KZ")
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    study_form = forms.ChoiceField(label=_("Study form"), choices=StudyForm.choices)
    language = forms.ChoiceField(
        label=_("Language of instruction"), choices=InstructionLanguage.choices
    )
    funding = forms.ChoiceField(label=_("Funding"), choices=Funding.choices)
    prior_education = forms.ChoiceField(
        label=_("Admitted on the basis of"),
        choices=PriorEducation.choices,
        initial=PriorEducation.GENERAL_SECONDARY,
    )


class StudentCreateForm(StudentForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the student number."),
    )
    student_number = forms.CharField(
        label=_("Student ID number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to generate one."),
    )
    enrolled_on = forms.DateField(label=_("Enrolled on"), required=False, widget=DATE)
    order_number = forms.CharField(label=_("Order number"), max_length=40, required=False)


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=StudentStatus.choices)
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE)
    order_number = forms.CharField(label=_("Order number"), max_length=40, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class StaffForm(_InstitutionForm):
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    academic_degree = forms.CharField(label=_("Academic degree"), max_length=100, required=False)
    academic_title = forms.CharField(label=_("Academic title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class StaffCreateForm(StaffForm):
    username = forms.CharField(label=_("User name"), max_length=150)

    field_order = ["username"]  # noqa: RUF012


class RoleAssignForm(_InstitutionForm):
    """SEC-2: dean → faculty; department head, teacher → department; advisor → group;
    tutor → group or department; the other roles → the whole institution."""

    login = forms.CharField(
        label=_("User name or e-mail"),
        max_length=254,
        help_text=_("A person of this institution: staff, a student or a role holder."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    faculty = forms.ModelChoiceField(
        label=_("Faculty"), queryset=Faculty.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StudentGroup.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
