"""Pages of the member import wizard: upload, progress, mapping and preview, commit."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from congdoan.core.downloads import file_response
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    apply_service_errors,
    done,
    service_error_text,
)
from congdoan.core.xlsx import XLSX_TYPE, workbook_response
from congdoan.organizations.forms import ScopedForm, UnitCodeField

from . import services
from .columns import ALIASES, EXPORT_FIELDS, HEADERS
from .exporting import error_copy
from .models import ImportJob


class UploadForm(ScopedForm):
    unit = UnitCodeField(
        label=gettext_lazy("Union"),
        help_text=gettext_lazy("The grassroots union the list belongs to."),
    )
    file = forms.FileField(
        label=gettext_lazy("Member list"), help_text=gettext_lazy(".xlsx, .xls, .ods, .csv or .txt")
    )


class ImportStartView(LoginRequiredMixin, FormView):
    form_class = UploadForm
    template_name = "members/import_start.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        recent = (
            ImportJob.objects.visible_to(self.request.user)
            .defer("data")
            .select_related("unit", "created_by")[:10]
        )
        return {**super().get_context_data(**kwargs), "recent": recent}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = services.start_import(
                actor=self.request.user,
                unit=form.cleaned_data["unit"],
                filename=upload.name,
                data=upload.read(),
            )
        except SERVICE_ERRORS as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(job)


class ImportJobMixin(ScopedMixin):
    scoped_model = ImportJob


class ImportDetailView(ImportJobMixin, TemplateView):
    """The job: progress while it runs; mapping, counts and problems once checked."""

    template_name = "members/import_detail.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["members/_import_body.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        job = self.get_scoped_object()
        fields = [
            (name, ALIASES[name][0], job.mapping.get(name)) for name in ALIASES if name != "row"
        ]
        problems = job.problems[:300]
        return {
            **super().get_context_data(**kwargs),
            "job": job,
            "fields": fields,
            "columns": list(enumerate(job.headers)),
            "problems": problems,
            "more_problems": max(0, job.problem_count - len(problems)),
        }


class ImportMappingView(ImportJobMixin, View):
    def post(self, request, pk):
        job = self.get_scoped_object()
        mapping = {}
        for name in ALIASES:
            value = request.POST.get(f"map_{name}", "")
            if value.isdigit():
                mapping[name] = int(value)
        try:
            services.remap_import(actor=request.user, job=job, mapping=mapping)
        except SERVICE_ERRORS as exc:
            return done(request, service_error_text(exc), job)
        return redirect(job)


class ImportCommitView(ImportJobMixin, View):
    def post(self, request, pk):
        job = self.get_scoped_object()
        try:
            services.request_commit(actor=request.user, job=job)
        except SERVICE_ERRORS as exc:
            from django.contrib import messages

            messages.error(request, service_error_text(exc))
        return redirect(job)


class ImportErrorsView(ImportJobMixin, View):
    def get(self, request, pk):
        job = self.get_scoped_object()
        if not job.data:
            raise Http404("saved imports keep no file")
        return file_response(error_copy(job), "loi-nhap-doan-vien.xlsx", XLSX_TYPE)


@login_required
def import_template(request):
    """An empty member sheet in the column layout the import and the export share."""
    header = [HEADERS[name] for name in EXPORT_FIELDS]
    example = [
        1,
        "Nguyễn Thị Hoa",
        "12/05/1990",
        "Nữ",
        "079190000123",
        "VN",
        "Kinh",
        "",
        "12/12",
        "Cử nhân",
        "Giáo viên",
        "",
        "01/09/2015",
        "",
        "0905123456",
        "",
        "",
        "",
        "",
    ]
    return workbook_response("mau-danh-sach-doan-vien.xlsx", _("Members"), header, [example])
