"""Account pages: login, profile with API tokens, users and their roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from congdoan.core.views import SERVICE_ERRORS, apply_service_errors, done, paginate

from . import services
from .forms import LoginForm, RoleForm, TokenForm, UserCreateForm
from .models import Role, User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class ProfileView(LoginRequiredMixin, FormView):
    """The user's own account: roles, and personal API tokens."""

    template_name = "accounts/profile.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "roles": user.roles.active().select_related("unit"),
            "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        }

    def form_valid(self, form):
        token, key = services.create_token(
            user=self.request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data.get("days"),
        )
        context = self.get_context_data(form=TokenForm(), new_key=key, new_token=token)
        return self.render_to_response(context)


class TokenRevokeView(LoginRequiredMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(request.user.api_tokens, pk=pk)
        services.revoke_token(user=request.user, token=token)
        return done(
            request,
            _("The token %(name)s no longer works.") % {"name": token.name},
            "accounts:profile",
        )


class ManagerMixin(LoginRequiredMixin):
    """Pages for superusers and unit administrators (inside their subtree)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.can_manage_users(request.user):
            raise PermissionDenied(_("Only administrators manage accounts."))
        return super().dispatch(request, *args, **kwargs)


class UserListView(ManagerMixin, TemplateView):
    template_name = "accounts/user_list.html"

    def get_context_data(self, **kwargs):
        users = User.objects.visible_to(self.request.user).order_by("username")
        q = self.request.GET.get("q", "").strip()
        if q:
            users = users.filter(username__icontains=q) | users.filter(full_name__icontains=q)
        return {**super().get_context_data(**kwargs), "page": paginate(self.request, users), "q": q}


class UserCreateView(ManagerMixin, FormView):
    template_name = "accounts/user_form.html"
    form_class = UserCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user, password = services.create_user(
                actor=self.request.user,
                username=data["username"],
                password=data.get("password") or None,
                full_name=data["full_name"],
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                unit=data.get("unit"),
                role=data.get("role") or None,
            )
        except SERVICE_ERRORS as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        if not data.get("password"):
            messages.info(
                self.request,
                _("Password for %(user)s: %(password)s (shown once)")
                % {"user": user.username, "password": password},
            )
        return done(
            self.request, _("Created the account %(user)s.") % {"user": user.username}, user
        )


class UserDetailView(ManagerMixin, FormView):
    """One account: its roles (in the viewer's scope), a form to give one more."""

    template_name = "accounts/user_detail.html"
    form_class = RoleForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and services.can_manage_users(request.user):
            self.account = get_object_or_404(User.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        roles = (
            Role.objects.visible_to(self.request.user)
            .filter(user=self.account)
            .select_related("unit", "granted_by")
            .order_by("revoked_at", "unit__path")
        )
        return {**super().get_context_data(**kwargs), "account": self.account, "roles": roles}

    def form_valid(self, form):
        try:
            services.grant_role(
                actor=self.request.user,
                user=self.account,
                unit=form.cleaned_data["unit"],
                role=form.cleaned_data["role"],
            )
        except SERVICE_ERRORS as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        return done(self.request, _("Role given."), self.account)


class RoleRevokeView(ManagerMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, pk):
        role = get_object_or_404(
            Role.objects.visible_to(request.user, "admin").select_related("unit", "user"), pk=pk
        )
        try:
            services.revoke_role(actor=request.user, role=role)
        except SERVICE_ERRORS as exc:
            messages.error(request, str(exc))
        return redirect(role.user)
