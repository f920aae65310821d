"""Forms of the assignment pages: they only read input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from qashyq.assignments.data import AssignmentData, CriterionData, LevelData
from qashyq.assignments.models import Assignment, SubmissionKind
from qashyq.gradebook.models import Control

LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    control = forms.ChoiceField(label=_("Control"), choices=Control.choices)
    max_points = forms.DecimalField(
        label=_("Maximum points"), min_value=Decimal("0.01"), decimal_places=2, initial=100
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), required=False, input_formats=LOCAL, widget=LocalDateTimeInput()
    )
    due_at = forms.DateTimeField(
        label=_("Deadline"), input_formats=LOCAL, widget=LocalDateTimeInput()
    )
    cutoff_at = forms.DateTimeField(
        label=_("Cut-off (nothing accepted after)"),
        required=False,
        input_formats=LOCAL,
        widget=LocalDateTimeInput(),
    )
    accept_late = forms.BooleanField(label=_("Accept late work"), required=False, initial=True)
    late_penalty_percent = forms.DecimalField(
        label=_("Late penalty, % per day started"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        initial=0,
    )
    late_penalty_max = forms.DecimalField(
        label=_("Maximum late penalty, %"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        initial=100,
    )
    submission_kind = forms.ChoiceField(
        label=_("What students hand in"), choices=SubmissionKind.choices, initial="both"
    )
    max_files = forms.IntegerField(label=_("Maximum files"), min_value=0, max_value=50, initial=5)
    max_file_mb = forms.IntegerField(
        label=_("Maximum size of a file, MB"), min_value=1, max_value=500, initial=20
    )
    allowed_extensions = forms.CharField(
        label=_("Allowed extensions"), max_length=300, initial="pdf,docx,txt,odt,pptx,png,jpg"
    )
    resubmissions = forms.IntegerField(
        label=_("Resubmissions allowed"), min_value=0, max_value=20, initial=0
    )
    is_group = forms.BooleanField(label=_("Group work (teams)"), required=False)
    is_published = forms.BooleanField(label=_("Published (students see it)"), required=False)

    @classmethod
    def initial_of(cls, assignment: Assignment) -> dict[str, Any]:
        return {name: getattr(assignment, name) for name in cls.base_fields}

    def assignment_data(self) -> AssignmentData:
        d = self.cleaned_data
        return AssignmentData(**{name: d[name] for name in self.fields if name in d})


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)

    def __init__(self, data: QueryDict | None, *, students: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["members"] = forms.TypedMultipleChoiceField(
            label=_("Members"),
            choices=students,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
        )


def rubric_from_post(data: QueryDict) -> tuple[str, list[CriterionData]]:
    """The rubric editor posts `c-N-title` and `c-N-l-M-title` / `c-N-l-M-points`.
    Blank rows are dropped; points that are not numbers count as 0 (shown back)."""
    criteria: list[CriterionData] = []
    for n in range(20):
        title = str(data.get(f"c-{n}-title", "")).strip()
        levels = []
        for m in range(8):
            level_title = str(data.get(f"c-{n}-l-{m}-title", "")).strip()
            raw = str(data.get(f"c-{n}-l-{m}-points", "")).strip().replace(",", ".")
            if not level_title:
                continue
            try:
                points = Decimal(raw or "0")
            except ArithmeticError:
                points = Decimal(-1)
            levels.append(LevelData(title=level_title, points=points))
        if title:
            criteria.append(CriterionData(title=title, levels=tuple(levels)))
    return str(data.get("rubric_title", "")).strip(), criteria
