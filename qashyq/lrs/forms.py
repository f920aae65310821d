"""The administrators' form for issuing LRS client credentials."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qashyq.lrs.models import ReadScope


class ClientForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("The platform that will use the credentials, e.g. the MOOC platform."),
    )
    can_write_statements = forms.BooleanField(
        label=_("May send statements"), required=False, initial=True
    )
    read_scope = forms.ChoiceField(
        label=_("May read statements"), choices=ReadScope.choices, initial=ReadScope.OWN
    )
    can_documents = forms.BooleanField(
        label=_("May use the state and profile documents"), required=False, initial=True
    )
