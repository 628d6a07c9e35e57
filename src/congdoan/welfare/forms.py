"""Forms of the care pages; each feeds a service."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congdoan.members.models import Member
from congdoan.organizations.forms import ScopedForm, UnitCodeField

from .models import Beneficiary, CareKind, Donor, Fund, FundEntry, SavingsGroup

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"min_value": 0, "max_value": 10**12}


def _today():
    return timezone.localdate()


class UnitForm(ScopedForm):
    """A form acting for one union: its kinds of care, its funds, its members."""

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.unit, self.user = unit, user
        if "kind" in self.fields:
            self.fields["kind"].queryset = CareKind.objects.for_unit(unit)
        if "fund" in self.fields:
            self.fields["fund"].queryset = Fund.objects.filter(unit=unit, active=True)

    def member_by_number(self, field: str, number: str) -> Member | None:
        """An active member of the union holding the identity number, or a form error."""
        number = number.strip()
        member = (
            Member.objects.visible_to(self.user).in_subtree(self.unit).holding([number]).first()
        )
        if member is None:
            self.add_error(
                field,
                _("No active member of %(unit)s holds the number %(number)s.")
                % {"unit": self.unit.display_name, "number": number},
            )
        return member


class CareForm(UnitForm):
    kind = forms.ModelChoiceField(label=_("Kind of care"), queryset=None)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=_today)
    beneficiary = forms.ChoiceField(label=_("Received by"), choices=Beneficiary.choices)
    id_number = forms.CharField(
        label=_("Member's identity number (CCCD)"),
        max_length=20,
        required=False,
        help_text=_("The member, or the parent of the child."),
    )
    person_name = forms.CharField(
        label=_("Name of the person"),
        max_length=150,
        required=False,
        help_text=_("For a member's child or a person outside the union."),
    )
    person_note = forms.CharField(label=_("About the person"), max_length=200, required=False)
    amount = forms.IntegerField(
        label=_("Amount (đồng)"),
        required=False,
        help_text=_("Leave empty to use the union's rate for this kind."),
        **MONEY,
    )
    in_kind = forms.CharField(label=_("Gift in kind"), max_length=200, required=False)
    fund = forms.ModelChoiceField(label=_("Paid from"), queryset=None, required=False)
    occasion = forms.CharField(label=_("Occasion"), max_length=200, required=False)
    voucher = forms.CharField(label=_("Decision or voucher number"), max_length=64, required=False)

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip()
        data["member"] = self.member_by_number("id_number", number) if number else None
        return data


class BatchForm(UnitForm):
    kind = forms.ModelChoiceField(label=_("Kind of care"), queryset=None)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=_today)
    occasion = forms.CharField(label=_("Occasion"), max_length=200)
    amount = forms.IntegerField(
        label=_("Amount each (đồng)"),
        required=False,
        help_text=_("Leave empty to use the union's rate for this kind."),
        **MONEY,
    )
    fund = forms.ModelChoiceField(label=_("Paid from"), queryset=None, required=False)
    voucher = forms.CharField(label=_("Decision or voucher number"), max_length=64, required=False)
    everyone = forms.BooleanField(label=_("Every active member of the union"), required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Or choose members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(
        label=_("Or import a list (.xlsx, .csv)"),
        required=False,
        help_text=_(
            "Columns: Họ và tên, Ngày sinh, Số CCCD, Số tiền (optional). Matched to the "
            "union's members by CCCD, or by name and birth date."
        ),
    )

    CHOICES_SHOWN = 500

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, unit=unit, user=user, **kwargs)
        members = (
            Member.objects.visible_to(user).active().in_subtree(unit).order_by("sort_key", "id")
        )
        if members[: self.CHOICES_SHOWN + 1].count() > self.CHOICES_SHOWN:
            del self.fields["members"]  # too many to tick one by one: all, or a list file
        else:
            self.fields["members"].queryset = members

    def clean(self):
        data = super().clean()
        chosen = sum(bool(data.get(name)) for name in ("everyone", "members", "file"))
        if chosen != 1:
            raise forms.ValidationError(
                _("Choose the members one way: every member, a selection, or a list file.")
            )
        return data


class KindForm(UnitForm):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("For example: tham-thai-san")
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    group = forms.ChoiceField(label=_("Group"), choices=CareKind.Group.choices)


class RateForm(UnitForm):
    kind = forms.ModelChoiceField(label=_("Kind of care"), queryset=None)
    amount = forms.IntegerField(label=_("Amount (đồng)"), **MONEY)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET, initial=_today)
    min_member_years = forms.IntegerField(
        label=_("Years of membership required"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("For a Mái ấm công đoàn house."),
    )
    source = forms.CharField(label=_("Decided by"), max_length=200, required=False)


class FundForm(UnitForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Fund.Kind.choices)
    allow_negative = forms.BooleanField(label=_("May go below zero"), required=False)


class MoveForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=_today)
    direction = forms.ChoiceField(label=_("Direction"), choices=FundEntry.Direction.choices)
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1, max_value=10**12)
    description = forms.CharField(label=_("Description"), max_length=255)


class CampaignForm(UnitForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    fund = forms.ModelChoiceField(label=_("Paid into"), queryset=None)
    target = forms.IntegerField(label=_("Target (đồng)"), required=False, **MONEY)
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET, initial=_today)
    ends_on = forms.DateField(label=_("To"), widget=DATE_WIDGET)


class ContributionForm(UnitForm):
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=_today)
    donor = forms.ChoiceField(label=_("From"), choices=Donor.choices)
    everyone = forms.BooleanField(
        label=_("Every active member gives this amount"),
        required=False,
        help_text=_("A whole union's members giving, e.g. a day's wage."),
    )
    id_number = forms.CharField(
        label=_("Member's identity number (CCCD)"), max_length=20, required=False
    )
    donor_unit = UnitCodeField(label=_("Giving union"), required=False)
    donor_name = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1, max_value=10**12)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        data["member"] = None
        if data.get("donor") == Donor.MEMBER and not data.get("everyone"):
            number = (data.get("id_number") or "").strip()
            if not number:
                self.add_error("id_number", _("Give the member's identity number."))
            else:
                data["member"] = self.member_by_number("id_number", number)
        return data


class SavingsGroupForm(UnitForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    contribution = forms.IntegerField(
        label=_("Contribution per cycle (đồng)"), min_value=1, max_value=10**12
    )
    cycle_months = forms.IntegerField(
        label=_("Cycle length (months)"), min_value=1, max_value=12, initial=1
    )
    starts_on = forms.DateField(label=_("First cycle due on"), widget=DATE_WIDGET)
    order = forms.ChoiceField(label=_("Order of payout"), choices=SavingsGroup.Order.choices)
    interest_percent = forms.DecimalField(
        label=_("Interest after receiving (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=0,
    )
    numbers = forms.CharField(
        label=_("Members' identity numbers, in order of payout"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One number per line."),
    )

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in (data.get("numbers") or "").splitlines()]
        members = [self.member_by_number("numbers", line) for line in lines if line]
        data["members"] = [m for m in members if m is not None]
        return data


class PaymentForm(forms.Form):
    paid = forms.IntegerField(label=_("Paid (đồng)"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_WIDGET, initial=_today)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class PayoutForm(forms.Form):
    on = forms.DateField(label=_("Pot paid on"), widget=DATE_WIDGET, initial=_today)
