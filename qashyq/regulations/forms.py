"""Forms of the regulations pages: the rule-browser filters, emergency periods, the
lists of disciplines open to distance learning (LIM-6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(format="%Y-%m-%d", **kwargs)


class RuleFilterForm(forms.Form):
    act = forms.ChoiceField(label=_("Act"), required=False)
    requirement = forms.ChoiceField(label=_("Requirement"), required=False)
    as_of = forms.DateField(label=_("In force on"), required=False, widget=DateInput())
    institution = forms.ChoiceField(label=_("Rules binding the institution"), required=False)

    def __init__(
        self,
        *args: Any,  # noqa: ANN401
        acts: list[tuple[str, str]],
        requirements: list[str],
        institutions: list[tuple[str, str]],
        **kwargs: Any,  # noqa: ANN401
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, str]]] = {
            "act": [("", "—"), *acts],
            "requirement": [("", "—"), *[(r, r) for r in requirements]],
            "institution": [("", str(_("every act"))), *institutions],
        }
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values


class EmergencyPeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("E.g. the authorized body's recommendation: quarantine, an emergency."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if isinstance(starts, dt.date) and isinstance(ends, dt.date) and ends < starts:
            self.add_error("ends_on", _("The period ends before it starts."))
        return cleaned


class DistanceListForm(forms.Form):
    """A list's scope, period and note (LIM-6); the disciplines are chosen on its page."""

    program = forms.ChoiceField(
        label=_("Education program"),
        required=False,
        help_text=_("Leave empty for a list of the whole institution."),
    )
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput())
    effective_until = forms.DateField(
        label=_("In force until"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day; leave empty while no newer list replaces it."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,  # noqa: ANN401
        programs: list[tuple[str, str]],
        **kwargs: Any,  # noqa: ANN401
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", str(_("the whole institution"))), *programs]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("effective_from"), cleaned.get("effective_until")
        if isinstance(starts, dt.date) and isinstance(ends, dt.date) and ends < starts:
            self.add_error("effective_until", _("The list's period ends before it starts."))
        return cleaned


class DistanceListApproveForm(forms.Form):
    """The rector's order that approves a list (LIM-6)."""

    order_number = forms.CharField(label=_("Order number"), max_length=60)
    order_date = forms.DateField(label=_("Order date"), widget=DateInput())


class DisciplineSearchForm(forms.Form):
    """Find disciplines to put on a list: words of the code or name, a department."""

    q = forms.CharField(label=_("Code or name"), required=False, max_length=100)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(
        self,
        *args: Any,  # noqa: ANN401
        departments: list[tuple[str, str]],
        **kwargs: Any,  # noqa: ANN401
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *departments]
