"""Forms of the account pages."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from congdoan.organizations.forms import ScopedForm, UnitCodeField

from .models import RoleName, User


class LoginForm(AuthenticationForm):
    """Django's login form, saying when an account is locked and until when."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many wrong passwords: this account is locked until %(until)s."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            user = User.objects.filter(username__iexact=username).first()
            if user is not None and user.is_locked():
                until = formats.date_format(
                    timezone.localtime(user.locked_until), "SHORT_DATETIME_FORMAT"
                )
                raise forms.ValidationError(
                    self.error_messages["locked"], code="locked", params={"until": until}
                )
        return super().clean()


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “member sync script”."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Leave empty for no expiry."),
    )


class RoleForm(ScopedForm):
    unit = UnitCodeField(label=_("Unit"))
    role = forms.ChoiceField(label=_("Role"), choices=RoleName.choices)


class UserCreateForm(RoleForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to generate one; it is shown once."),
    )
    field_order = ["username", "full_name", "email", "phone", "password", "unit", "role"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user.is_superuser:
            self.fields["unit"].required = False
            self.fields["role"].required = False
            self.fields["role"].choices = [("", "—"), *RoleName.choices]
