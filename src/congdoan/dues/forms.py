"""The dues pages' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DuesGroup, Fund, Payer

DATE = forms.DateInput(attrs={"type": "date"})
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y"]


class SettingForm(forms.Form):
    group = forms.ChoiceField(label=_("Dues group"), choices=DuesGroup.choices)
    effective_from = forms.DateField(
        label=_("From the month"), widget=MONTH, input_formats=MONTH_FORMATS
    )
    own_rate = forms.DecimalField(
        label=_("Own higher rate (per cent)"),
        min_value=0,
        max_value=10,
        decimal_places=3,
        required=False,
    )
    resolution = forms.CharField(label=_("Resolution"), max_length=300, required=False)


class SheetForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=MONTH, input_formats=MONTH_FORMATS)


class RemitForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"), choices=Fund.choices)
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1, max_value=10**12)
    on = forms.DateField(label=_("Paid up on"), widget=DATE)
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)


class FundForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=MONTH, input_formats=MONTH_FORMATS)
    wage_fund = forms.IntegerField(
        label=_("Social-insurance wage fund (đồng)"), min_value=0, max_value=10**13
    )
    paid = forms.IntegerField(
        label=_("Paid up (đồng)"), min_value=0, max_value=10**13, required=False
    )
    paid_on = forms.DateField(label=_("Paid up on"), widget=DATE, required=False)
    payer = forms.ChoiceField(label=_("How"), choices=Payer.choices)


class PayrollForm(forms.Form):
    file = forms.FileField(label=_("Payroll (.xlsx, .xls, .csv)"))


class AdjustmentForm(forms.Form):
    member = forms.ChoiceField(label=_("Member"))
    amount = forms.IntegerField(label=_("Amount (đồng, negative for a refund)"))
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sheet is not None:
            self.fields["member"].choices = [
                (line.member_id, line.member.full_name)
                for line in sheet.lines.select_related("member")
            ]
