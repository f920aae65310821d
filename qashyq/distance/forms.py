"""Forms of the transfer pages: they parse input; the services judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qashyq.distance.models import (
    ROUTE_ROLES,
    ApplicationStatus,
    Decision,
    FiledAs,
)
from qashyq.people.models import Role
from qashyq.regulations.data import GroundRule
from qashyq.regulations.models import EvidenceKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ApplicationForm(forms.Form):
    """The application itself (ELIG-6). Every field is optional here: a draft keeps
    whatever was entered; the submission says what is missing."""

    ground = forms.ChoiceField(label=_("Ground"), required=False)
    starts_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines to study at a distance"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("Application to the rector"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In your own words: what you ask for and why."),
    )
    filed_as = forms.ChoiceField(
        label=_("Filed by"), choices=FiledAs.choices, required=False, initial=FiledAs.SELF
    )
    representative_name = forms.CharField(
        label=_("Representative's full name"), required=False, max_length=200
    )
    representative_document = forms.CharField(
        label=_("Document confirming the representation"),
        required=False,
        max_length=200,
        help_text=_("E.g. a birth certificate or a court decision, with its number and date."),
    )

    def __init__(
        self,
        *args: Any,  # noqa: ANN401
        grounds: list[GroundRule],
        disciplines: list[tuple[int, str]],
        representative: bool,
        **kwargs: Any,  # noqa: ANN401
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [("", "—")] + [(r.ground, r.label) for r in grounds]  # type: ignore[attr-defined]
        self.fields["disciplines"].choices = [(str(pk), label) for pk, label in disciplines]  # type: ignore[attr-defined]
        if representative:  # a registered representative: the relation is on file
            for name in ("filed_as", "representative_name", "representative_document"):
                del self.fields[name]


class EvidenceForm(forms.Form):
    """One attachment; the fields matter only when a file is chosen."""

    kind = forms.ChoiceField(label=_("Kind of document"), required=False)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    number = forms.CharField(label=_("Document number"), required=False, max_length=60)
    issuer = forms.CharField(label=_("Issued by"), required=False, max_length=200)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *EvidenceKind.choices]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or to return for changes; the student sees it."),
    )


def _role_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(r, str(Role(r).label)) for r in ROUTE_ROLES]


class RouteForm(forms.Form):
    """Up to six steps in order; an empty step is skipped."""

    reminder_days = forms.CharField(
        label=_("Reminders, days before the end"),
        max_length=40,
        help_text=_("Numbers separated by commas, e.g. 7, 1."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        for index in range(1, len(ROUTE_ROLES) + 1):
            self.fields[f"step_{index}"] = forms.ChoiceField(
                label=pgettext_lazy("route", "Step %(number)s") % {"number": index},
                choices=_role_choices,
                required=False,
            )

    def clean_reminder_days(self) -> list[int]:
        raw = str(self.cleaned_data["reminder_days"])
        try:
            return [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Enter whole numbers separated by commas.")) from None

    def roles(self) -> list[str]:
        return [
            str(self.cleaned_data.get(f"step_{i}") or "") for i in range(1, len(ROUTE_ROLES) + 1)
        ]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    ground = forms.ChoiceField(label=_("Ground"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, grounds: list[GroundRule], **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—"), *ApplicationStatus.choices]  # type: ignore[attr-defined]
        self.fields["ground"].choices = [("", "—")] + [(r.ground, r.label) for r in grounds]  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    effective_on = forms.DateField(label=_("Academic leave from"), widget=DateInput())
    order_number = forms.CharField(label=_("Order number"), required=False, max_length=40)
