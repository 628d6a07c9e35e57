"""Forms of the meeting and agreement pages; each feeds a service. Lists an officer
types (guests, resolutions, the elected committee) are one line each, so a phone's
keyboard is enough."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congdoan.emulation.models import Covenant, EmulationBlock
from congdoan.members.models import Member
from congdoan.organizations.forms import ScopedForm, UnitCodesField

from .models import CollectiveAgreement, CommitteeRole, Form, MeetingKind
from .services import AgreementSpec, MeetingSpec

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROLE_WORDS = {
    **{str(label).lower(): value for value, label in CommitteeRole.choices},
    "chủ tịch": CommitteeRole.CHAIR,
    "phó chủ tịch": CommitteeRole.VICE_CHAIR,
    "ủy viên bch": CommitteeRole.EXECUTIVE,
    "ủy viên ban chấp hành": CommitteeRole.EXECUTIVE,
    "chủ nhiệm ubkt": CommitteeRole.INSPECTION_CHAIR,
    "chủ nhiệm ủy ban kiểm tra": CommitteeRole.INSPECTION_CHAIR,
    "ủy viên ubkt": CommitteeRole.INSPECTION,
    "ủy viên ủy ban kiểm tra": CommitteeRole.INSPECTION,
    **{value: value for value in CommitteeRole.values},
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MeetingForm(ScopedForm):
    kind = forms.ModelChoiceField(
        label=_("Kind of meeting"), queryset=MeetingKind.objects.filter(active=True)
    )
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    year = forms.IntegerField(
        label=_("Work year"),
        required=False,
        min_value=1950,
        max_value=2100,
        help_text=_("The year the meeting reviews or plans; empty: the year it is held."),
    )
    title = forms.CharField(
        label=_("Name of the meeting"),
        max_length=300,
        required=False,
        help_text=_("Empty: the kind and year."),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    chairs = forms.CharField(label=_("Chaired by"), max_length=500, required=False)
    secretary = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    form = forms.ChoiceField(label=_("Form"), choices=Form.choices, initial=Form.FULL)
    expected = forms.IntegerField(
        label=_("Expected"), min_value=0, max_value=1_000_000, required=False
    )
    present = forms.IntegerField(
        label=_("Present"), min_value=0, max_value=1_000_000, required=False
    )
    guests = forms.CharField(
        label=_("Invited guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name | title | body."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proceedings = forms.CharField(
        label=_("Proceedings"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolutions = forms.CharField(
        label=_("Resolutions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One numbered item per line."),
    )
    block = forms.ModelChoiceField(
        label=_("Emulation block"), queryset=EmulationBlock.objects.none(), required=False
    )
    covenant = forms.ModelChoiceField(
        label=_("Covenant signed"), queryset=Covenant.objects.none(), required=False
    )
    next_theme = forms.CharField(
        label=_("Next year's theme"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    term_from = forms.IntegerField(
        label=_("Term from"), required=False, min_value=1950, max_value=2100
    )
    term_to = forms.IntegerField(label=_("Term to"), required=False, min_value=1950, max_value=2100)
    elected = forms.CharField(
        label=_("Committee elected (congress)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: identity number (CCCD) | role "
            "(chủ tịch, phó chủ tịch, ủy viên BCH, ủy viên UBKT)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.unit, self.user = unit, user
        blocks = EmulationBlock.objects.filter(
            Q(organiser=unit) | Q(memberships__unit=unit)
        ).distinct()
        self.fields["block"].queryset = blocks
        self.fields["covenant"].queryset = Covenant.objects.filter(block__in=blocks)

    @classmethod
    def initial_for(cls, meeting) -> dict:
        return {
            **{
                name: getattr(meeting, name)
                for name in (
                    "kind",
                    "held_on",
                    "year",
                    "title",
                    "place",
                    "chairs",
                    "secretary",
                    "form",
                    "expected",
                    "present",
                    "agenda",
                    "proceedings",
                    "block",
                    "covenant",
                    "next_theme",
                    "term_from",
                    "term_to",
                    "version",
                )
            },
            "guests": "\n".join(
                " | ".join(part for part in (g.name, g.title, g.body)) for g in meeting.guests.all()
            ),
            "resolutions": "\n".join(r.text for r in meeting.resolutions.all()),
            "elected": "\n".join(
                f"{e.member.id_number} | {e.get_role_display()}"
                for e in meeting.elected.select_related("member")
            ),
        }

    def clean(self):
        data = super().clean()
        guests = []
        for line in _lines(data.get("guests", "")):
            parts = [part.strip() for part in line.split("|")] + ["", ""]
            guests.append((parts[0], parts[1], parts[2]))
        data["guest_rows"] = guests
        elected = []
        for n, line in enumerate(_lines(data.get("elected", "")), start=1):
            number, _bar, role = (part.strip() for part in line.partition("|"))
            role = ROLE_WORDS.get(role.lower())
            if role is None:
                self.add_error("elected", _("Line %(n)s: give the role after a |.") % {"n": n})
                continue
            member = (
                Member.objects.visible_to(self.user).in_subtree(self.unit).holding([number]).first()
            )
            if member is None:
                self.add_error(
                    "elected",
                    _("Line %(n)s: no active member of %(unit)s holds the number %(number)s.")
                    % {"n": n, "unit": self.unit.display_name, "number": number},
                )
                continue
            elected.append((member, role))
        data["elected_rows"] = elected
        return data

    def spec(self) -> MeetingSpec:
        d = self.cleaned_data
        return MeetingSpec(
            kind=d["kind"],
            held_on=d["held_on"],
            title=d.get("title", ""),
            year=d.get("year"),
            place=d.get("place", ""),
            chairs=d.get("chairs", ""),
            secretary=d.get("secretary", ""),
            form=d.get("form") or Form.FULL,
            expected=d.get("expected"),
            present=d.get("present"),
            agenda=d.get("agenda", ""),
            proceedings=d.get("proceedings", ""),
            block=d.get("block"),
            covenant=d.get("covenant"),
            term_from=d.get("term_from"),
            term_to=d.get("term_to"),
            next_theme=d.get("next_theme", ""),
            guests=d["guest_rows"],
            resolutions=_lines(d.get("resolutions", "")),
            elected=d["elected_rows"],
        )


class AgreementForm(ScopedForm):
    employer = forms.CharField(label=_("Employer"), max_length=300)
    tax_code = forms.CharField(label=_("Employer's tax code"), max_length=14, required=False)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET, required=False)
    effective_from = forms.DateField(label=_("In force from"), widget=DATE_WIDGET, required=False)
    effective_to = forms.DateField(label=_("In force until"), widget=DATE_WIDGET, required=False)
    workers = forms.IntegerField(
        label=_("Workers covered"), min_value=0, max_value=10_000_000, initial=0
    )
    covers = UnitCodesField(
        label=_("Grassroots unions covered (a sector agreement)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Codes of the grassroots unions under this one that the agreement covers."),
    )
    replaces = forms.ModelChoiceField(
        label=_("Replaces"), queryset=CollectiveAgreement.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit, user, agreement=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.unit = unit
        others = CollectiveAgreement.objects.filter(unit=unit)
        if agreement is not None:
            others = others.exclude(pk=agreement.pk)
        self.fields["replaces"].queryset = others

    @classmethod
    def initial_for(cls, agreement) -> dict:
        return {
            **{
                name: getattr(agreement, name)
                for name in (
                    "employer",
                    "tax_code",
                    "number",
                    "signed_on",
                    "effective_from",
                    "effective_to",
                    "workers",
                    "replaces",
                    "notes",
                    "version",
                )
            },
            "covers": "\n".join(u.code for u in agreement.covers.all()),
        }

    def spec(self) -> AgreementSpec:
        d = self.cleaned_data
        return AgreementSpec(
            employer=d["employer"],
            tax_code=d.get("tax_code", ""),
            number=d.get("number", ""),
            signed_on=d.get("signed_on"),
            effective_from=d.get("effective_from"),
            effective_to=d.get("effective_to"),
            workers=d.get("workers") or 0,
            covers=d.get("covers") or [],
            replaces=d.get("replaces"),
            notes=d.get("notes", ""),
        )


class AmendmentForm(forms.Form):
    on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET, initial=timezone.localdate)
    summary = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 2}))


class GradeForm(forms.Form):
    """One field per criterion of the year's table, each bounded by its points."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.text} (≤ {criterion.points})",
                min_value=0,
                max_value=criterion.points,
            )

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Headline"), max_length=300)
    text = forms.CharField(
        label=_("Article"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paragraphs are separated by an empty line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (at most 10 MB)"))
