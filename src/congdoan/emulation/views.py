"""Emulation pages: the blocks in your scope, a block with its members' figures, its
years and covenants, and a covenant to prepare and sign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.core.scoping import covers, role_units
from congdoan.core.views import SERVICE_ERRORS, ScopedMixin, apply_service_errors
from congdoan.organizations.models import Unit

from . import movements, scoring, services
from .documents import COVENANT, covenant_docx
from .forms import (
    BlockForm,
    CovenantForm,
    JoinForm,
    LeaveForm,
    MovementForm,
    ProposalForm,
    RegistrationForm,
    ScorecardForm,
    ScoreForm,
    SignForm,
    TermForm,
    VoteForm,
    criterion_forms,
    filled_criteria,
    filled_targets,
    target_forms,
)
from .models import (
    Covenant,
    CovenantStatus,
    EmulationBlock,
    Movement,
    Registration,
    Scorecard,
    ScoreKind,
)


def _organises(user) -> bool:
    """Whether the user is an officer somewhere above the grassroots (may set up blocks)."""
    return user.is_superuser or role_units(user, "officer").filter(kind__level__lte=3).exists()


class BlockListView(LoginRequiredMixin, TemplateView):
    template_name = "emulation/block_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        blocks = (
            EmulationBlock.objects.visible_to(user)
            .select_related("organiser")
            .order_by("organiser__path", "name")
        )
        context = {**super().get_context_data(**kwargs), "blocks": blocks}
        if "form" not in kwargs and _organises(user):
            context["form"] = BlockForm(user=user)
        return context

    def post(self, request, *args, **kwargs):
        form = BlockForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                block = services.create_block(
                    actor=request.user,
                    organiser=data["organiser"],
                    name=data["name"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    units=data["units"],
                    notes=data["notes"],
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The block %(block)s is set up.") % {"block": block})
                return redirect(block)
        return self.render_to_response(self.get_context_data(form=form))


def _indicators(year: int) -> list[tuple[str, str]]:
    """The year-end return's indicators a commitment can be tied to."""
    from congdoan.reports.models import Indicator, IndicatorKind
    from congdoan.reports.services import YEAR_END

    rows = Indicator.objects.filter(template__code=YEAR_END).exclude(kind=IndicatorKind.TEXT)
    latest = rows.filter(template__year__lte=year).order_by("-template__year").first()
    if latest is not None:
        rows = rows.filter(template_id=latest.template_id)
    return list(rows.order_by("order", "code").values_list("code", "label").distinct())


class BlockDetailView(ScopedMixin, TemplateView):
    """A block in a year: its members with their figures, its leaders, its covenant."""

    template_name = "emulation/block_detail.html"
    scoped_model = EmulationBlock

    def year(self) -> int:
        raw = self.request.GET.get("year") or self.request.POST.get("year") or ""
        return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year

    def forms(self, data=None, action: str = "") -> dict:
        block, user, year = self.get_scoped_object(), self.request.user, self.year()
        units = Unit.objects.filter(pk__in=services.members_during(block, year).values("unit"))
        current = Unit.objects.filter(pk__in=block.memberships.current().values("unit"))
        proposed = services.proposed_leader(block, year)
        bound = lambda name: data if action == name else None  # noqa: E731
        return {
            "term_form": TermForm(
                bound("term"), units=units, initial={"year": year, "leader": proposed}
            ),
            "join_form": JoinForm(bound("join"), user=user),
            "leave_form": LeaveForm(bound("leave"), units=current),
            "covenant_form": CovenantForm(bound("covenant"), initial={"year": year}),
            "targets": target_forms(bound("covenant"), indicators=_indicators(year)),
            "scorecard_form": ScorecardForm(
                bound("scorecard"),
                initial={"year": year, "copy": block.scorecards.filter(year__lt=year).exists()},
            ),
            "criteria": criterion_forms(bound("scorecard")),
        }

    def get_context_data(self, **kwargs):
        block, user, year = self.get_scoped_object(), self.request.user, self.year()
        context = {
            **super().get_context_data(**kwargs),
            "emblock": block,  # not "block": templates give that name to their blocks
            "year": year,
            "figures": services.block_figures(block, year),
            "terms": block.terms.select_related("leader", "deputy"),
            "term": block.terms.filter(year=year).select_related("leader", "deputy").first(),
            "proposed": services.proposed_leader(block, year),
            "covenants": block.covenants.order_by("-year"),
            "scorecards": block.scorecards.order_by("-year"),
            "can_manage": covers(user, block.organiser.path, "officer"),
            "can_prepare": services.leads(user, block, year),
        }
        forms = kwargs.get("forms") or self.forms()
        return {**context, **forms}

    def post(self, request, *args, **kwargs):
        block, user = self.get_scoped_object(), request.user
        action = request.POST.get("action", "")
        forms = self.forms(request.POST, action)
        form = {
            "term": forms["term_form"],
            "join": forms["join_form"],
            "leave": forms["leave_form"],
            "covenant": forms["covenant_form"],
            "scorecard": forms["scorecard_form"],
        }.get(action)
        if form is None:
            return redirect(block)
        targets, criteria = forms["targets"], forms["criteria"]
        extra_valid = {"covenant": targets.is_valid, "scorecard": criteria.is_valid}
        if form.is_valid() and extra_valid.get(action, lambda: True)():
            data = form.cleaned_data
            try:
                if action == "term":
                    services.set_term(
                        actor=user,
                        block=block,
                        year=data["year"],
                        leader=data["leader"],
                        deputy=data["deputy"],
                        handed_over_on=data["handed_over_on"],
                    )
                    messages.success(request, _("The year's leader is recorded."))
                elif action == "join":
                    services.add_member(
                        actor=user,
                        block=block,
                        unit=data["unit"],
                        joined_on=data["date"],
                        decision=data["decision"],
                    )
                    messages.success(request, _("The unit joined the block."))
                elif action == "leave":
                    services.remove_member(
                        actor=user,
                        block=block,
                        unit=data["unit"],
                        left_on=data["date"],
                        decision=data["decision"],
                    )
                    messages.success(request, _("The unit left the block."))
                elif action == "scorecard":
                    card = scoring.create_scorecard(
                        actor=user,
                        block=block,
                        year=data["year"],
                        criteria=None if data["copy"] else filled_criteria(criteria),
                        cross_scoring=data["cross_scoring"],
                    )
                    messages.success(request, _("The scoring table is set."))
                    return redirect(card)
                else:
                    covenant = services.create_covenant(
                        actor=user,
                        block=block,
                        year=data["year"],
                        theme=data["theme"],
                        targets=filled_targets(targets),
                    )
                    messages.success(request, _("The covenant is being prepared."))
                    return redirect(covenant)
                return redirect(f"{block.get_absolute_url()}?year={data.get('year') or ''}")
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(forms=forms))


class CovenantView(ScopedMixin, TemplateView):
    """A covenant: its commitments, prepared by the organiser or the year's leader, then
    signed for every member unit; the Word document."""

    template_name = "emulation/covenant.html"
    scoped_model = Covenant

    def get(self, request, *args, **kwargs):
        covenant = self.get_scoped_object()
        if request.GET.get("docx"):
            name = f"giao-uoc-thi-dua-{covenant.year}-{covenant.block_id}.docx"
            return file_response(covenant_docx(covenant), name, DOCX_TYPE)
        return super().get(request, *args, **kwargs)

    def actuals(self, covenant: Covenant) -> list[tuple]:
        """Each commitment tied to an indicator with every member's value in the returns."""
        found = scoring.target_actuals(covenant)
        members = [m.unit for m in services.members_during(covenant.block, covenant.year)]
        return [
            (target, [(unit, found[target.pk].get(unit.pk)) for unit in members])
            for target in covenant.targets.all()
            if target.pk in found
        ]

    def forms(self, data=None, action: str = "") -> dict:
        covenant = self.get_scoped_object()
        units = [m.unit for m in services.members_on(covenant.block, timezone.localdate())]
        if not units:
            units = [m.unit for m in services.members_during(covenant.block, covenant.year)]
        initial = [
            {"text": t.text, "indicator": t.indicator, "target": t.target}
            for t in covenant.targets.all()
        ]
        edit_form = CovenantForm(
            data if action == "edit" else None,
            initial={"year": covenant.year, "theme": covenant.theme},
        )
        edit_form.fields["year"].disabled = True  # a covenant stays in its year
        return {
            "edit_form": edit_form,
            "targets": target_forms(
                data if action == "edit" else None,
                initial=initial,
                indicators=_indicators(covenant.year),
            ),
            "sign_form": SignForm(data if action == "sign" else None, units=units),
        }

    def get_context_data(self, **kwargs):
        covenant = self.get_scoped_object()
        user = self.request.user
        draft = covenant.status == CovenantStatus.DRAFT
        forms = kwargs.get("forms") or self.forms()
        return {
            **super().get_context_data(**kwargs),
            "covenant": covenant,
            "emblock": covenant.block,
            "draft": draft,
            "can_prepare": draft and services.leads(user, covenant.block, covenant.year),
            "signatories": covenant.signatories.select_related("unit"),
            "actuals": self.actuals(covenant),
            "kind": COVENANT,
            **forms,
        }

    def post(self, request, *args, **kwargs):
        covenant, user = self.get_scoped_object(), request.user
        action = request.POST.get("action", "")
        forms = self.forms(request.POST, action)
        version = int(request.POST.get("version") or covenant.version)
        try:
            if action == "edit":
                form, targets = forms["edit_form"], forms["targets"]
                if form.is_valid() and targets.is_valid():
                    services.update_covenant(
                        actor=user,
                        covenant=covenant,
                        version=version,
                        theme=form.cleaned_data["theme"],
                        targets=filled_targets(targets),
                    )
                    messages.success(request, _("The covenant was saved."))
                    return redirect(covenant)
            elif action == "sign":
                form = forms["sign_form"]
                if form.is_valid():
                    services.sign_covenant(
                        actor=user,
                        covenant=covenant,
                        version=version,
                        signed_on=form.cleaned_data["signed_on"],
                        place=form.cleaned_data["place"],
                        signatories=form.signatories(),
                    )
                    messages.success(request, _("The covenant is signed."))
                    return redirect(covenant)
            else:
                return redirect(covenant)
        except SERVICE_ERRORS as exc:
            apply_service_errors(forms["sign_form" if action == "sign" else "edit_form"], exc)
        return self.render_to_response(self.get_context_data(forms=forms))


class ScorecardView(ScopedMixin, TemplateView):
    """A block's scoring table for a year: the ranking, and the forms to score (a unit
    its own, members crosswise where the block decides, the leader the agreed score)
    and to record the peer vote."""

    template_name = "emulation/scorecard.html"
    scoped_model = Scorecard

    def forms(self, data=None, action: str = "") -> dict:
        card, user = self.get_scoped_object(), self.request.user
        members = Unit.objects.filter(
            pk__in=services.members_during(card.block, card.year).values("unit")
        ).order_by("path")
        mine = members.filter(pk__in=Unit.objects.visible_to(user, "officer"))
        criteria = list(card.criteria.all())
        bound = lambda name: data if action == name else None  # noqa: E731
        forms = {}
        if mine.exists():
            forms["self_form"] = ScoreForm(
                bound("self"), prefix="self", criteria=criteria, units=mine
            )
            if card.cross_scoring:
                forms["cross_form"] = ScoreForm(
                    bound("cross"), prefix="cross", criteria=criteria, units=members, scorers=mine
                )
        if services.leads(user, card.block, card.year):
            forms["agreed_form"] = ScoreForm(
                bound("agreed"), prefix="agreed", criteria=criteria, units=members
            )
            if not hasattr(card, "vote"):
                forms["vote_form"] = VoteForm(bound("vote"), units=members)
            forms["propose_form"] = ProposalForm(bound("propose"), units=members)
        return forms

    def get_context_data(self, **kwargs):
        card = self.get_scoped_object()
        forms = kwargs.get("forms") or self.forms()
        groups: dict[str, list] = {}
        for criterion in card.criteria.all():
            groups.setdefault(criterion.group, []).append(criterion)
        return {
            **super().get_context_data(**kwargs),
            "card": card,
            "emblock": card.block,
            "groups": groups.items(),
            "ranking": scoring.ranking(card),
            "vote": getattr(card, "vote", None),
            **forms,
        }

    def post(self, request, *args, **kwargs):
        card, user = self.get_scoped_object(), request.user
        action = request.POST.get("action", "")
        forms = self.forms(request.POST, action)
        form = forms.get(f"{action}_form")
        if form is None:
            return redirect(card)
        if form.is_valid():
            try:
                if action == "propose":
                    from congdoan.awards.services import propose_from_block

                    nomination = propose_from_block(
                        actor=user,
                        block=card.block,
                        year=card.year,
                        award=form.cleaned_data["award"],
                        unit=form.cleaned_data["unit"],
                        achievements=form.cleaned_data["achievements"],
                    )
                    messages.success(request, _("The block's proposal is drafted."))
                    return redirect(nomination)
                if action == "vote":
                    scoring.record_vote(
                        actor=user,
                        scorecard=card,
                        held_on=form.cleaned_data["held_on"],
                        voters=form.cleaned_data["voters"],
                        results=form.results(),
                        minutes=form.cleaned_data["minutes"],
                    )
                    messages.success(request, _("The peer vote is recorded."))
                else:
                    scoring.enter_scores(
                        actor=user,
                        scorecard=card,
                        unit=form.cleaned_data["unit"],
                        kind=ScoreKind(action),
                        scorer=form.cleaned_data.get("scorer"),
                        points=form.points(),
                    )
                    messages.success(request, _("The scores are saved."))
                return redirect(card)
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(forms=forms))


class MovementListView(LoginRequiredMixin, TemplateView):
    """Movements you take part in; launching one for your unit; registering members or
    the unit for titles at the start of the year."""

    template_name = "emulation/movements.html"

    def units(self):
        return role_units(self.request.user, "officer")

    def forms(self, data=None, action: str = "") -> dict:
        units = self.units()
        if not units.exists():
            return {}
        movements = Movement.objects.visible_to(self.request.user)
        return {
            "movement_form": MovementForm(
                data if action == "launch" else None, units=units, movements=movements
            ),
            "registration_form": RegistrationForm(
                data if action == "register" else None, units=units, movements=movements
            ),
        }

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "movements": Movement.objects.visible_to(user)
            .select_related("unit")
            .prefetch_related("titles")[:100],
            "registrations": Registration.objects.visible_to(user)
            .select_related("award", "member", "unit")
            .order_by("-year", "-id")[:50],
            **(kwargs.get("forms") or self.forms()),
        }

    def post(self, request, *args, **kwargs):
        from congdoan.members.models import Member

        action = request.POST.get("action", "")
        forms = self.forms(request.POST, action)
        form = forms.get({"launch": "movement_form", "register": "registration_form"}.get(action))
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                if action == "launch":
                    movements.launch_movement(
                        actor=request.user,
                        unit=data["unit"],
                        name=data["name"],
                        slogan=data["slogan"],
                        decision_number=data["decision_number"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                        parent=data["parent"],
                        titles=data["titles"],
                    )
                    messages.success(request, _("The movement is launched."))
                    return redirect("emulation:movement_list")
                unit, award = data["unit"], data["award"]
                if award.recipient == "collective":
                    movements.register(
                        actor=request.user,
                        year=data["year"],
                        award=award,
                        unit=unit,
                        movement=data["movement"],
                    )
                    made = 1
                else:
                    people = Member.objects.in_subtree(unit).active()
                    if not data["everyone"]:
                        numbers = [n.strip() for n in data["id_numbers"].split() if n.strip()]
                        found = {m.id_number: m for m in people.holding(numbers)}
                        missing = [n for n in numbers if n not in found]
                        if missing or not numbers:
                            form.add_error(
                                "id_numbers",
                                _("No active member of %(unit)s with the number %(n)s.")
                                % {"unit": unit.name, "n": ", ".join(missing)}
                                if missing
                                else _("Give the members' numbers, or tick every member."),
                            )
                            return self.render_to_response(self.get_context_data(forms=forms))
                        people = list(found.values())
                    made = movements.register_members(
                        actor=request.user,
                        unit=unit,
                        year=data["year"],
                        award=award,
                        members=people,
                        movement=data["movement"],
                    )
                messages.success(request, _("%(n)s registered.") % {"n": made})
                return redirect("emulation:movement_list")
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(forms=forms))
