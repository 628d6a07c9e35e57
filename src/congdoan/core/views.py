"""Base page views: login required and every object read through the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import documents, docx
from .downloads import file_response
from .errors import ConflictError, service_error_text  # noqa: F401  (for the views)
from .models import AuditLog


class ScopedMixin(LoginRequiredMixin):
    """Pages about unit-owned rows: the object comes from ``visible_to`` or is a 404.

    ``scoped_model`` names the model, ``required_role`` the weakest role that may open
    the page. A page never filters by unit on its own.
    """

    scoped_model = None
    required_role = "viewer"
    pk_url_kwarg = "pk"

    def scoped_queryset(self, role: str | None = None):
        return self.scoped_model.objects.visible_to(self.request.user, role or self.required_role)

    def get_scoped_object(self, role: str | None = None):
        if not hasattr(self, "_scoped_object"):
            self._scoped_object = get_object_or_404(
                self.scoped_queryset(role), pk=self.kwargs[self.pk_url_kwarg]
            )
        return self._scoped_object


def current_unit(request):
    """The union a page is about: ``?unit=`` inside the user's scope (else a 404), else
    the first union where the user holds a role; an operator starts at the root."""
    from congdoan.organizations.models import Unit

    from .scoping import role_units

    units = Unit.objects.visible_to(request.user).select_related("kind", "parent")
    wanted = request.GET.get("unit") or request.POST.get("unit")
    if wanted and str(wanted).isdigit():
        return get_object_or_404(units, pk=int(wanted))
    unit = role_units(request.user, "viewer").select_related("kind", "parent").first()
    if unit is None and request.user.is_superuser:
        unit = units.order_by("path").first()
    if unit is None:
        raise Http404(_("You hold no role on a union."))
    return unit


def apply_service_errors(form, exc: Exception) -> None:
    """Show a service's ``ValidationError``/``PermissionDenied`` on the form that called it."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc)
    elif isinstance(exc, ConflictError):
        form.add_error(None, str(exc.message))
    else:
        form.add_error(None, str(exc) or _("You are not allowed to do this."))


SERVICE_ERRORS = (ValidationError, PermissionDenied, ConflictError)


def paginate(request, rows, per_page: int = 50, count: int | None = None):
    """A page of ``rows``; ``count``, when the caller already knows it, spares the
    database a count of the whole list."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))


def done(request, message: str, to):
    messages.success(request, message)
    return redirect(to)


class AuditView(LoginRequiredMixin, TemplateView):
    """Every audit entry about units in the user's scope, newest first."""

    template_name = "core/audit.html"

    def get_context_data(self, **kwargs):
        entries = AuditLog.objects.visible_to(self.request.user).select_related("actor", "unit")
        action = self.request.GET.get("action", "").strip()
        if action:
            entries = entries.filter(action__startswith=action)
        return {
            **super().get_context_data(**kwargs),
            "page": paginate(self.request, entries),
            "action": action,
        }


def filters_from(request, schema):
    """A page's filters from its query string, through the same schema as the API.

    A value that does not parse (``joined=abc``) is dropped on its own; the other
    filters still apply.
    """
    from pydantic import ValidationError as SchemaError

    data = {k: v for k, v in request.GET.items() if v and k in schema.model_fields}
    try:
        return schema.model_validate(data)
    except SchemaError as exc:
        for error in exc.errors():
            if error.get("loc"):
                data.pop(error["loc"][0], None)
        return schema.model_validate(data)


class DocumentTemplateView(ScopedMixin, View):
    """A unit's Word template for one kind of document: GET downloads the template in use
    (``?default=1`` the built-in one), POST uploads an edited one or goes back to the one
    above (officers of the unit). Pages that write a document link here."""

    required_role = "viewer"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        from congdoan.organizations.models import Unit

        self.scoped_model = Unit
        self.kind = documents.kind_of(kwargs["kind"])
        if self.kind is None:
            raise Http404(_("No such document."))

    def get(self, request, *args, **kwargs):
        unit = self.get_scoped_object()
        if request.GET.get("default"):
            content = self.kind.default()
        else:
            content = documents.template_bytes(unit, self.kind)
        return file_response(content, self.kind.filename, docx.DOCX_TYPE)

    def post(self, request, *args, **kwargs):
        unit = self.get_scoped_object()
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = "/"
        try:
            if request.POST.get("action") == "reset":
                documents.reset_template(actor=request.user, unit=unit, kind=self.kind)
                messages.success(request, _("The template above this unit is used again."))
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("Choose the edited .docx file to upload."))
                if upload.size > docx.MAX_TEMPLATE_BYTES:
                    raise ValidationError(_("The template is larger than 5 MB."))
                documents.upload_template(
                    actor=request.user,
                    unit=unit,
                    kind=self.kind,
                    filename=upload.name,
                    content=upload.read(),
                )
                messages.success(
                    request,
                    _("The template is in use for %(unit)s and the units under it.")
                    % {"unit": unit.name},
                )
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
        return redirect(back)
