"""Forms of the emulation pages; each one feeds a service in ``services.py``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congdoan.organizations.forms import ScopedForm, UnitCodeField, UnitCodesField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BlockForm(ScopedForm):
    organiser = UnitCodeField(label=_("Organised by"))
    name = forms.CharField(label=_("Name of the block"), max_length=200)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    units = UnitCodesField(
        label=_("Member units"),
        help_text=_("Unit codes, one per line, in the order the leadership rotates."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TermForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    leader = forms.ModelChoiceField(label=_("Leader (khối trưởng)"), queryset=None)
    deputy = forms.ModelChoiceField(label=_("Deputy (khối phó)"), queryset=None, required=False)
    handed_over_on = forms.DateField(
        label=_("Last year's leader hands over on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = units
        self.fields["deputy"].queryset = units


class JoinForm(ScopedForm):
    unit = UnitCodeField(label=_("Unit"))
    date = forms.DateField(label=_("Member from"), widget=DATE_WIDGET)
    decision = forms.CharField(label=_("Decision number"), max_length=60)


class LeaveForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    date = forms.DateField(label=_("Member until"), widget=DATE_WIDGET)
    decision = forms.CharField(label=_("Decision number"), max_length=60)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CovenantForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    theme = forms.CharField(
        label=_("Theme"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TargetForm(forms.Form):
    text = forms.CharField(
        label=_("Commitment"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )
    indicator = forms.ChoiceField(label=_("Tied to the indicator"), required=False)
    target = forms.DecimalField(
        label=_("Target value"), required=False, min_value=0, max_digits=16, decimal_places=2
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "—"), *indicators]


TargetFormSet = forms.formset_factory(TargetForm, extra=3, max_num=50)


def target_forms(data=None, *, initial=None, indicators=()):
    return TargetFormSet(
        data, initial=initial, prefix="t", form_kwargs={"indicators": list(indicators)}
    )


def filled_targets(formset) -> list[dict]:
    """The commitments typed in the formset, blank rows skipped."""
    return [
        {
            "text": form.cleaned_data.get("text", ""),
            "indicator": form.cleaned_data.get("indicator", ""),
            "target": form.cleaned_data.get("target"),
        }
        for form in formset.forms
        if form.cleaned_data.get("text")
    ]


class SignForm(forms.Form):
    """When and where the covenant is signed, and who signs for each member unit."""

    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place of signing"), max_length=200)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        self.fields["signed_on"].initial = timezone.localdate()
        for unit in self.units:
            self.fields[f"name_{unit.pk}"] = forms.CharField(
                label=_("Representative of %(unit)s") % {"unit": unit.name}, max_length=120
            )
            self.fields[f"title_{unit.pk}"] = forms.CharField(
                label=_("Position"), max_length=120, initial=_("Chair")
            )

    def rows(self):
        """Each unit with its two fields, for the template."""
        return [(unit, self[f"name_{unit.pk}"], self[f"title_{unit.pk}"]) for unit in self.units]

    def signatories(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"unit": unit, "name": data[f"name_{unit.pk}"], "title": data[f"title_{unit.pk}"]}
            for unit in self.units
        ]


class CriterionForm(forms.Form):
    group = forms.CharField(label=_("Group"), max_length=200, required=False)
    text = forms.CharField(label=_("Criterion"), max_length=2000, required=False)
    points = forms.DecimalField(
        label=_("Points"), required=False, min_value=0, max_digits=6, decimal_places=2
    )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=5, max_num=200)


class ScorecardForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    copy = forms.BooleanField(label=_("Copy last year's criteria"), required=False)
    cross_scoring = forms.BooleanField(label=_("Members score each other"), required=False)


def criterion_forms(data=None):
    return CriterionFormSet(data, prefix="c")


def filled_criteria(formset) -> list[dict]:
    return [
        {
            "group": form.cleaned_data.get("group", ""),
            "text": form.cleaned_data.get("text", ""),
            "points": form.cleaned_data.get("points"),
        }
        for form in formset.forms
        if form.cleaned_data.get("text")
    ]


class ScoreForm(forms.Form):
    """Points and evidence for each criterion of a table, for one unit."""

    unit = forms.ModelChoiceField(label=_("Unit scored"), queryset=None)

    def __init__(self, *args, criteria, units, scorers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["unit"].queryset = units
        if len(units[:2]) == 1:
            self.fields["unit"].initial = units[0].pk
        if scorers is not None:
            self.fields["scorer"] = forms.ModelChoiceField(label=_("Scored by"), queryset=scorers)
        for criterion in self.criteria:
            self.fields[f"p_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.text} (≤ {format(criterion.points.normalize(), 'f')})",
                required=False,
                min_value=0,
                max_digits=6,
                decimal_places=2,
            )
            self.fields[f"e_{criterion.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def points(self) -> dict[int, tuple]:
        data = self.cleaned_data
        return {c.pk: (data.get(f"p_{c.pk}"), data.get(f"e_{c.pk}", "")) for c in self.criteria}


class VoteForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    voters = forms.IntegerField(label=_("Voters"), min_value=1, max_value=10000)
    minutes = forms.CharField(
        label=_("Minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"v_{unit.pk}"] = forms.IntegerField(
                label=_("Votes for %(unit)s") % {"unit": unit.name},
                min_value=0,
                max_value=10000,
                initial=0,
            )

    def results(self) -> dict:
        return {unit: self.cleaned_data[f"v_{unit.pk}"] for unit in self.units}


class ProposalForm(forms.Form):
    """The block proposes one of its member units for an award (after the peer vote)."""

    unit = forms.ModelChoiceField(label=_("Member unit proposed"), queryset=None)
    award = forms.ModelChoiceField(label=_("Award"), queryset=None)
    achievements = forms.CharField(
        label=_("Achievements"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, **kwargs):
        from congdoan.awards.models import AwardTitle, Recipient

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["award"].queryset = AwardTitle.objects.filter(
            active=True, recipient=Recipient.COLLECTIVE
        )


class MovementForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Launched by"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=300)
    slogan = forms.CharField(label=_("Slogan"), max_length=300, required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("To"), widget=DATE_WIDGET)
    parent = forms.ModelChoiceField(
        label=_("Movement of the level above"), queryset=None, required=False
    )
    titles = forms.ModelMultipleChoiceField(
        label=_("Titles it leads to"), queryset=None, required=False
    )

    def __init__(self, *args, units, movements, **kwargs):
        from congdoan.awards.models import AwardTitle

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["parent"].queryset = movements
        self.fields["titles"].queryset = AwardTitle.objects.filter(active=True)


class RegistrationForm(forms.Form):
    """A union registers its members (by CCCD, or all of them) or itself for a title."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    award = forms.ModelChoiceField(label=_("Title"), queryset=None)
    movement = forms.ModelChoiceField(label=_("Movement"), queryset=None, required=False)
    everyone = forms.BooleanField(label=_("Every active member of the unit"), required=False)
    id_numbers = forms.CharField(
        label=_("Members' identity numbers (CCCD), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a collective title, leave empty: the unit registers itself."),
    )

    def __init__(self, *args, units, movements, **kwargs):
        from congdoan.awards.models import AwardTitle

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["movement"].queryset = movements
        self.fields["award"].queryset = AwardTitle.objects.filter(active=True, kind="title")
        self.fields["year"].initial = timezone.localdate().year
