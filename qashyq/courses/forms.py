"""Forms of the course pages: they parse input only; the services decide (STYLE)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from qashyq.courses.models import (
    ControlKind,
    CourseStatus,
    Delivery,
    LearningOutcome,
    LiteratureKind,
    MaterialKind,
    Module,
)
from qashyq.institutions.models import (
    AcademicPeriod,
    Discipline,
    InstructionLanguage,
    StudentGroup,
)
from qashyq.people.models import Staff

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=help_text,
    )


class StaffChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Staff) -> str:
        return f"{obj.user.get_full_name()} · {obj.position}" if obj.position else str(obj)


class PeriodChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AcademicPeriod) -> str:
        return f"{obj} ({obj.starts_on:%d.%m.%Y}–{obj.ends_on:%d.%m.%Y})"


class DisciplineChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Discipline) -> str:
        return f"{obj.code} {obj.name}"


class CourseStartForm(forms.Form):
    """Step 1 of a new course: the discipline, the period, the language of instruction."""

    discipline = DisciplineChoiceField(label=_("Discipline"), queryset=Discipline.objects.none())
    period = PeriodChoiceField(label=_("Academic period"), queryset=AcademicPeriod.objects.none())
    language = forms.ChoiceField(
        label=_("Language of instruction"), choices=InstructionLanguage.choices
    )

    def __init__(
        self,
        data: Any = None,  # noqa: ANN401 - a QueryDict
        *,
        disciplines: QuerySet[Discipline],
        periods: QuerySet[AcademicPeriod],
    ) -> None:
        super().__init__(data)
        self.fields["discipline"].queryset = disciplines  # type: ignore[attr-defined]
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]


class CoursePeopleForm(forms.Form):
    """Teachers, tutors, assistants and groups of a course (step 2, and the settings)."""

    teachers = StaffChoiceField(
        label=_("Teachers"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tutors = StaffChoiceField(
        label=_("Tutors"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    assistants = StaffChoiceField(
        label=_("Assistants"),
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=StudentGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Students are enrolled from these groups' individual study plans."),
    )

    def __init__(
        self,
        data: Any = None,  # noqa: ANN401 - a QueryDict
        *,
        staff: QuerySet[Staff],
        groups: QuerySet[StudentGroup],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        for name in ("teachers", "tutors", "assistants"):
            self.fields[name].queryset = staff  # type: ignore[attr-defined]
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]


class CourseCreateForm(CoursePeopleForm):
    code = forms.CharField(
        label=_("Course code"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to generate one from the discipline and the period."),
    )
    field_order = ("code", "teachers", "tutors", "assistants", "groups")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CourseStatus.choices)


class ReuseForm(forms.Form):
    source: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Reuse the course"), queryset=Module.objects.none()
    )

    def __init__(self, data: Any = None, *, sources: QuerySet[Any]) -> None:  # noqa: ANN401
        super().__init__(data)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]


class EnrolForm(forms.Form):
    student_number = forms.CharField(label=_("Student ID number"), max_length=20)


# ---------------------------------------------------------------- the syllabus


class SyllabusForm(forms.Form):
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    prerequisites = forms.CharField(
        label=_("Prerequisites"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    grading_policy = forms.CharField(
        label=_("Grading policy"), widget=forms.Textarea, required=False
    )
    consultation_schedule = forms.CharField(
        label=_("Consultation schedule"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Days, hours and where or how (online room, chat) the teacher consults."),
    )


class OutcomeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=12, help_text=_("E.g. LO1."))
    text = forms.CharField(label=_("Learning outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class TopicForm(forms.Form):
    week = forms.IntegerField(label=_("Week"), min_value=1, max_value=30)
    title = forms.CharField(label=_("Topic"), max_length=300)
    hours_lecture = forms.IntegerField(label=_("Lecture hours"), min_value=0, initial=0)
    hours_practice = forms.IntegerField(label=_("Practice hours"), min_value=0, initial=0)
    hours_lab = forms.IntegerField(label=_("Laboratory hours"), min_value=0, initial=0)
    hours_independent = forms.IntegerField(
        label=_("Independent work hours"), min_value=0, initial=0
    )
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Delivery.choices)


class ControlTaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ControlKind.choices)
    week = forms.IntegerField(label=_("Week"), min_value=1, max_value=30, required=False)
    max_points = forms.IntegerField(label=_("Maximum points"), min_value=1, initial=100)
    outcomes = forms.ModelMultipleChoiceField(
        label=_("Outcomes checked"),
        queryset=LearningOutcome.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        data: Any = None,  # noqa: ANN401
        *,
        outcomes: QuerySet[LearningOutcome],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["outcomes"].queryset = outcomes  # type: ignore[attr-defined]


class LiteratureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LiteratureKind.choices)
    citation = forms.CharField(label=_("Reference"), widget=forms.Textarea(attrs={"rows": 2}))
    url = forms.CharField(label=_("Link"), max_length=200, required=False)
    elibrary_id = forms.CharField(label=_("E-library record"), max_length=100, required=False)


# ---------------------------------------------------------------- content


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    week = forms.IntegerField(label=_("Week"), min_value=1, max_value=30, required=False)
    is_hidden = forms.BooleanField(label=_("Hidden from students"), required=False)
    release_at = _datetime_field(
        _("Opens at"), _("Students see the module from this moment (Almaty time).")
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_(
            "Plain text, or HTML: paragraphs, headings, lists, tables, links. Scripts and "
            "styles are removed."
        ),
    )
    file = forms.FileField(label=_("File"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the file"), required=False)
    url = forms.CharField(label=_("Link"), max_length=500, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=1, max_value=1440, required=False
    )
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none())
    is_hidden = forms.BooleanField(label=_("Hidden from students"), required=False)
    release_at = _datetime_field(
        _("Opens at"), _("Students see the material from this moment (Almaty time).")
    )
    completion_required = forms.BooleanField(
        label=_("Counts towards progress"), required=False, initial=True
    )

    def __init__(
        self,
        data: Any = None,  # noqa: ANN401
        files: Any = None,  # noqa: ANN401
        *,
        kind: str,
        modules: QuerySet[Module],
        editing: bool,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, files, initial=initial)
        self.fields["module"].queryset = modules  # type: ignore[attr-defined]
        if not editing:
            del self.fields["remove_file"]
            del self.fields["module"]
        if kind in {MaterialKind.LINK, MaterialKind.MEDIA_SERVICE}:
            del self.fields["file"]
            self.fields.pop("remove_file", None)
        if kind in {
            MaterialKind.FILE,
            MaterialKind.IMAGE,
            MaterialKind.LINK,
            MaterialKind.MEDIA_SERVICE,
        }:
            self.fields["body"].label = _("Description")
            self.fields["body"].widget.attrs["rows"] = 3
        if kind not in {MaterialKind.VIDEO, MaterialKind.AUDIO, MaterialKind.MEDIA_SERVICE}:
            del self.fields["duration_minutes"]
        if kind == MaterialKind.ELIBRARY:
            self.fields["body"].label = _("Reference")
            self.fields["url"].label = _("Link to the e-library record")
