"""Forms of the member pages; each feeds a service in ``services.py``."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from congdoan.organizations.forms import ScopedForm, UnitCodeField

from .models import BirthPrecision, Ethnicity, Gender

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_birth(text: str) -> tuple[date | None, str]:
    """``12/05/1990``, ``12-5-90`` or ``1990`` → (date, precision)."""
    text = (text or "").strip()
    if not text:
        return None, BirthPrecision.DAY
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), BirthPrecision.YEAR
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 1900 if year > date.today().year % 100 else 2000
        return date(year, month, day), BirthPrecision.DAY
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day), BirthPrecision.DAY
    raise ValueError(text)


class MemberForm(ScopedForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth = forms.CharField(
        label=_("Birth date"),
        max_length=10,
        required=False,
        help_text=_("dd/mm/yyyy, or the year alone"),
    )
    id_number = forms.CharField(
        label=_("CCCD number"),
        max_length=20,
        required=False,
        help_text=_(
            "12 digits; a 9-digit old card is accepted and "
            "flagged; a passport number for foreign workers."
        ),
    )
    nationality = forms.CharField(label=_("Nationality"), max_length=2, initial="VN")
    ethnicity = forms.ModelChoiceField(
        label=_("Ethnic group"), queryset=Ethnicity.objects.all(), required=False
    )
    religion = forms.CharField(label=_("Religion"), max_length=60, required=False)
    education = forms.CharField(label=_("General education"), max_length=20, required=False)
    qualification = forms.CharField(
        label=_("Professional qualification"), max_length=100, required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=15, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    joined_on = forms.DateField(label=_("Joined the union on"), required=False, widget=DATE_WIDGET)
    card_number = forms.CharField(label=_("Card number"), max_length=20, required=False)
    party_member = forms.BooleanField(label=_("Party member"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_birth(self):
        try:
            return parse_birth(self.cleaned_data.get("birth", ""))
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write the birth date as dd/mm/yyyy or a year."), code="bad_date"
            ) from exc

    def member_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        data.pop("decision_number", None)
        data.pop("version", None)
        data["birth_date"], data["birth_precision"] = data.pop("birth")
        return data


class AdmitForm(MemberForm):
    unit = UnitCodeField(label=_("Union"), holds_members=True)
    decision_number = forms.CharField(
        label=_("Admission decision number"), max_length=64, required=False
    )
    field_order = ["unit", "full_name", "gender", "birth", "id_number"]


class EditForm(MemberForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransferForm(ScopedForm):
    to_unit = UnitCodeField(
        label=_("Receiving union"),
        anywhere=True,
        holds_members=True,
        help_text=_("Its code; a union outside your scope receives the member itself."),
    )
    on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class LeaveForm(ScopedForm):
    on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    deceased = forms.BooleanField(label=_("Deceased"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        required=False,
        help_text=_("Required when the member leaves."),
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)


class RejoinForm(ScopedForm):
    unit = UnitCodeField(
        label=_("Union"),
        required=False,
        holds_members=True,
        help_text=_("Leave empty to rejoin the union they left."),
    )
    on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)


class BulkForm(ScopedForm):
    ACTIONS = [
        ("transfer", _("Transfer the selection")),
        ("leave", _("Mark the selection as left")),
    ]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    to_unit = UnitCodeField(
        label=_("Receiving union"), anywhere=True, holds_members=True, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "transfer" and not data.get("to_unit"):
            self.add_error("to_unit", _("Choose the receiving union."))
        return data
