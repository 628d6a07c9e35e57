"""Forms of the return pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YearEndForm(forms.Form):
    """What the officer chooses for the year-end report; the figures come from the returns."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    number = forms.IntegerField(
        label=_("Document number"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Leave empty to write it by hand when the report is sent."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=100,
        required=False,
        help_text=_("Where the report is signed, e.g. Nha Trang (the province by default)."),
    )
    day = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    signer = forms.CharField(label=_("Signed by (chair)"), max_length=100, required=False)
    header = forms.ChoiceField(
        label=_("Heading on the right"),
        choices=[
            ("union", _("CÔNG ĐOÀN VIỆT NAM")),
            ("state", _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM (national motto)")),
        ],
        initial="union",
        required=False,
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in sorted(years, reverse=True)]
        if years:
            self.fields["year"].initial = max(years)
        self.fields["day"].initial = timezone.localdate()

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "place": data["place"],
            "day": data["day"],
            "signer": data["signer"],
            "state_header": data["header"] == "state",
        }


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Edited template (.docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )


class OpenPeriodForm(forms.Form):
    """An upper level opens a period of a template for every unit under it."""

    template = forms.ModelChoiceField(label=_("Return template"), queryset=None)
    unit = forms.ModelChoiceField(label=_("For the units under"), queryset=None)
    number = forms.IntegerField(
        label=_("Number in the year"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("For a half-year, quarter or month: which one (1 for a yearly return)."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_WIDGET)

    def __init__(self, *args, units, **kwargs):
        from .models import ReturnTemplate

        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReturnTemplate.objects.all()
        self.fields["unit"].queryset = units
        only = units[:2]
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk
