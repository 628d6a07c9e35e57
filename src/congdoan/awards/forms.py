"""Forms of the award pages; each feeds a service."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congdoan.organizations.forms import ScopedForm, UnitCodeField

from .models import AwardTitle

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NominationForm(ScopedForm):
    unit = forms.ModelChoiceField(label=_("Proposed by"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    award = forms.ModelChoiceField(
        label=_("Award"), queryset=AwardTitle.objects.filter(active=True)
    )
    id_number = forms.CharField(
        label=_("Member's identity number (CCCD)"),
        max_length=20,
        required=False,
        help_text=_("For an individual award."),
    )
    nominee_unit = UnitCodeField(
        label=_("Unit proposed"), required=False, help_text=_("For a collective award.")
    )
    achievements = forms.CharField(
        label=_("Achievements"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year
        if len(units[:2]) == 1:
            self.fields["unit"].initial = units[0].pk

    def clean(self):
        from congdoan.members.models import Member

        data = super().clean()
        number = (data.get("id_number") or "").strip()
        data["member"] = None
        if number:
            member = (
                Member.objects.visible_to(self.user)
                .holding([number])
                .select_related("unit")
                .first()
            )
            if member is None:
                self.add_error("id_number", _("No active member with this number in your scope."))
            data["member"] = member
        if not number and not data.get("nominee_unit"):
            self.add_error(None, _("Give the member's identity number or the unit's code."))
        return data


class DecisionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Decided by"), queryset=None)
    decided_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    signer = forms.CharField(label=_("Signed by"), max_length=120)
    signer_title = forms.CharField(label=_("Position"), max_length=120, initial=_("Chair"))
    nominations = forms.ModelMultipleChoiceField(
        label=_("Approved nominations"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["nominations"].queryset = nominations
        self.fields["decided_on"].initial = timezone.localdate()
        if len(units[:2]) == 1:
            self.fields["unit"].initial = units[0].pk
