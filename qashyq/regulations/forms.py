"""Forms of the regulations pages: the rule-browser filters, emergency periods."""

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
