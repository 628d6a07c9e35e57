"""Meeting and agreement pages: a union's meetings and agreements with what its units
still owe, one page for each meeting (its minutes, files and, for a tổng kết or a
covenant signing, the article) and each agreement (amendments, grading, files). Every
object comes through ``visible_to``; a sibling union's records are a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.core.scoping import covers
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    apply_service_errors,
    current_unit,
    paginate,
)

from . import article, services
from .documents import minutes_docx
from .duties import duties, expiring
from .forms import (
    AgreementForm,
    AmendmentForm,
    ArticleForm,
    FileForm,
    GradeForm,
    MeetingForm,
)
from .models import Attachment, CollectiveAgreement, Meeting, MeetingKind


def _officer(user, unit) -> bool:
    return covers(user, unit.path, "officer")


def _slug(text: str) -> str:
    from congdoan.core.vntext import fold

    return "-".join(fold(text).split())[:60] or "bai-viet"


class MeetingsHomeView(LoginRequiredMixin, TemplateView):
    """A union's meetings and agreements (its subtree's), what the grassroots unions
    under it still owe this year, agreements about to expire, and the forms to record."""

    template_name = "meetings/home.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = current_unit(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, meeting_form=None, agreement_form=None, **kwargs):
        request, unit, user = self.request, self.unit, self.request.user
        today = timezone.localdate()
        meetings = (
            Meeting.objects.visible_to(user)
            .filter(unit__path__startswith=unit.path)
            .select_related("kind", "unit")
        )
        kind = request.GET.get("kind", "")
        if kind:
            meetings = meetings.filter(kind__code=kind)
        year = request.GET.get("year", "")
        if year.isdigit():
            meetings = meetings.filter(held_on__year=int(year))
        agreements = (
            CollectiveAgreement.objects.visible_to(user)
            .filter(CollectiveAgreement.objects.all().under(unit.path))
            .select_related("unit")
        )
        can_edit = _officer(user, unit)
        if can_edit:
            meeting_form = meeting_form or MeetingForm(
                unit=unit, user=user, initial={"held_on": today}
            )
            agreement_form = agreement_form or AgreementForm(unit=unit, user=user)
        return {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "kinds": MeetingKind.objects.filter(active=True),
            "kind": kind,
            "year": year,
            "page": paginate(request, meetings, per_page=30),
            "agreements": [(a, a.status_on(today)) for a in agreements[:100]],
            "duties": duties(unit, today),
            "expiring": [(a, (a.effective_to - today).days) for a in expiring(user, unit, today)],
            "can_edit": can_edit,
            "meeting_form": meeting_form,
            "agreement_form": agreement_form,
        }

    def post(self, request, *args, **kwargs):
        unit, user = self.unit, request.user
        if not _officer(user, unit):
            raise Http404(_("You are not an officer of this union."))
        action = request.POST.get("action")
        if action == "meeting":
            form = MeetingForm(request.POST, unit=unit, user=user)
            if form.is_valid():
                try:
                    meeting = services.record_meeting(actor=user, unit=unit, spec=form.spec())
                except SERVICE_ERRORS as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("Recorded: %(title)s.") % {"title": meeting})
                    return redirect(meeting.get_absolute_url())
            return self.render_to_response(self.get_context_data(meeting_form=form), status=400)
        if action == "agreement":
            form = AgreementForm(request.POST, unit=unit, user=user)
            if form.is_valid():
                try:
                    agreement = services.record_agreement(actor=user, unit=unit, spec=form.spec())
                except SERVICE_ERRORS as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("The collective agreement is recorded."))
                    return redirect(agreement.get_absolute_url())
            return self.render_to_response(self.get_context_data(agreement_form=form), status=400)
        raise Http404


class _Attachments:
    """Uploading a file to the page's meeting or agreement."""

    def attach(self, request, owner):
        form = FileForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file (at most 10 MB)."))
            return
        upload = form.cleaned_data["file"]
        try:
            services.attach(
                actor=request.user,
                owner=owner,
                name=upload.name,
                content=upload.read(),
                content_type=upload.content_type or "",
            )
        except SERVICE_ERRORS as exc:
            from congdoan.core.errors import service_error_text

            messages.error(request, service_error_text(exc))
        else:
            messages.success(request, _("The file is kept."))


class MeetingDetailView(ScopedMixin, _Attachments, TemplateView):
    scoped_model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, form=None, **kwargs):
        meeting = self.get_scoped_object()
        can_edit = _officer(self.request.user, meeting.unit)
        if form is None and can_edit:
            form = MeetingForm(
                initial=MeetingForm.initial_for(meeting), unit=meeting.unit, user=self.request.user
            )
        return {
            **super().get_context_data(**kwargs),
            "meeting": meeting,
            "warning": meeting.form_warning(),
            "guests": meeting.guests.all(),
            "resolutions": meeting.resolutions.all(),
            "elected": meeting.elected.select_related("member"),
            "files": meeting.files.defer("content"),
            "can_edit": can_edit,
            "form": form,
            "file_form": FileForm(),
        }

    def post(self, request, pk: int):
        meeting = self.get_scoped_object()
        if not _officer(request.user, meeting.unit):
            raise Http404(_("You are not an officer of this union."))
        if request.POST.get("action") == "file":
            self.attach(request, meeting)
            return redirect(meeting.get_absolute_url())
        form = MeetingForm(request.POST, unit=meeting.unit, user=request.user)
        if form.is_valid():
            try:
                services.update_meeting(
                    actor=request.user,
                    meeting=meeting,
                    spec=form.spec(),
                    version=form.cleaned_data.get("version") or 0,
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The meeting is saved."))
                return redirect(meeting.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MinutesView(ScopedMixin, View):
    scoped_model = Meeting

    def get(self, request, pk: int):
        meeting = self.get_scoped_object()
        return file_response(minutes_docx(meeting), f"bien-ban-{meeting.pk}.docx", DOCX_TYPE)


class ArticleView(ScopedMixin, TemplateView):
    """The article drafted from the records, editable before it is exported."""

    scoped_model = Meeting
    template_name = "meetings/article.html"

    def meeting(self) -> Meeting:
        meeting = self.get_scoped_object()
        if not meeting.kind.article:
            raise Http404(_("No article is drafted from this kind of meeting."))
        return meeting

    def get_context_data(self, form=None, **kwargs):
        meeting = self.meeting()
        current = article.current(meeting)
        can_edit = _officer(self.request.user, meeting.unit)
        if form is None and can_edit:
            form = ArticleForm(
                initial={"title": current.title, "text": current.text, "version": meeting.version}
            )
        return {
            **super().get_context_data(**kwargs),
            "meeting": meeting,
            "article": current,
            "edited": bool(meeting.article_text),
            "can_edit": can_edit,
            "form": form,
        }

    def post(self, request, pk: int):
        meeting = self.meeting()
        if not _officer(request.user, meeting.unit):
            raise Http404(_("You are not an officer of this union."))
        form = ArticleForm(request.POST)
        redraft = request.POST.get("action") == "redraft"
        if redraft:
            form = ArticleForm(
                {"title": "", "text": "", "version": request.POST.get("version", "0")}
            )
            form.is_valid()
        if redraft or form.is_valid():
            data = form.cleaned_data
            try:
                services.save_article(
                    actor=request.user,
                    meeting=meeting,
                    title="" if redraft else data["title"],
                    text="" if redraft else data["text"],
                    version=data.get("version") or 0,
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Drafted afresh from the records.")
                    if redraft
                    else _("The article is saved."),
                )
                return redirect("meetings:article", meeting.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ArticleExportView(ScopedMixin, View):
    scoped_model = Meeting

    def get(self, request, pk: int, fmt: str):
        meeting = self.get_scoped_object()
        if not meeting.kind.article:
            raise Http404
        current = article.current(meeting)
        name = _slug(current.title)
        if fmt == "html":
            response = HttpResponse(
                article.as_html(current), content_type="text/html; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.html"'
            return response
        return file_response(article.as_docx(current), f"{name}.docx", DOCX_TYPE)


class AgreementDetailView(ScopedMixin, _Attachments, TemplateView):
    scoped_model = CollectiveAgreement
    template_name = "meetings/agreement_detail.html"

    def get_context_data(self, form=None, amend_form=None, grade_form=None, **kwargs):
        agreement = self.get_scoped_object()
        user = self.request.user
        can_edit = _officer(user, agreement.unit)
        parent = agreement.unit.parent or agreement.unit
        can_grade = _officer(user, parent)
        year = timezone.localdate().year
        criteria = services.criteria_for(year)
        if can_edit and form is None:
            form = AgreementForm(
                initial=AgreementForm.initial_for(agreement),
                unit=agreement.unit,
                user=user,
                agreement=agreement,
            )
        if can_grade and grade_form is None and criteria:
            scores = {s.criterion_id: s.points for s in agreement.scores.all()}
            grade_form = GradeForm(
                criteria=criteria, initial={f"c{c.pk}": scores.get(c.pk) for c in criteria}
            )
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "agreement": agreement,
            "status": agreement.status_on(today),
            "amendments": agreement.amendments.all(),
            "covered": agreement.covers.all(),
            "files": agreement.files.defer("content"),
            "scores": agreement.scores.select_related("criterion"),
            "can_edit": can_edit,
            "can_grade": can_grade and bool(criteria),
            "grade_year": year,
            "form": form,
            "amend_form": amend_form or AmendmentForm(),
            "grade_form": grade_form,
            "file_form": FileForm(),
        }

    def post(self, request, pk: int):
        agreement = self.get_scoped_object()
        user, action = request.user, request.POST.get("action")
        if action == "grade":
            parent = agreement.unit.parent or agreement.unit
            if not _officer(user, parent):
                raise Http404(_("Only the level above grades an agreement."))
            year = timezone.localdate().year
            form = GradeForm(request.POST, criteria=services.criteria_for(year))
            if form.is_valid():
                try:
                    graded = services.grade(
                        actor=user, agreement=agreement, year=year, points=form.points()
                    )
                except SERVICE_ERRORS as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(
                        request, _("Graded %(grade)s.") % {"grade": graded.grade or "—"}
                    )
                    return redirect(agreement.get_absolute_url())
            return self.render_to_response(self.get_context_data(grade_form=form), status=400)
        if not _officer(user, agreement.unit):
            raise Http404(_("You are not an officer of this union."))
        if action == "file":
            self.attach(request, agreement)
            return redirect(agreement.get_absolute_url())
        if action == "amend":
            form = AmendmentForm(request.POST)
            if form.is_valid():
                try:
                    services.amend(actor=user, agreement=agreement, **form.cleaned_data)
                except SERVICE_ERRORS as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("The amendment is recorded."))
                    return redirect(agreement.get_absolute_url())
            return self.render_to_response(self.get_context_data(amend_form=form), status=400)
        form = AgreementForm(request.POST, unit=agreement.unit, user=user, agreement=agreement)
        if form.is_valid():
            try:
                services.update_agreement(
                    actor=user,
                    agreement=agreement,
                    spec=form.spec(),
                    version=form.cleaned_data.get("version") or 0,
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The collective agreement is saved."))
                return redirect(agreement.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AttachmentView(ScopedMixin, View):
    scoped_model = Attachment

    def get(self, request, pk: int):
        attachment = self.get_scoped_object()
        return file_response(
            bytes(attachment.content), attachment.download_name, attachment.content_type
        )
