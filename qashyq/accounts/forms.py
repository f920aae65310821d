"""Forms of the accounts pages: input shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qashyq.accounts.models import AuthEventKind, Language


class SigninForm(forms.Form):
    username = forms.CharField(
        label=_("User name or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the six digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "maxlength": "7",
            }
        ),
    )


class TotpDisableForm(TotpCodeForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ProfileForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Interface language"), choices=Language.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What is the token for?"), max_length=100)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Leave empty for a token that does not expire."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AuthEventFilterForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=254, required=False)
    kind = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("All events")), *AuthEventKind.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(label=_("Address"), max_length=45, required=False)
