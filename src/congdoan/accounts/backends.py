"""Password login that locks an account after repeated failures."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import services


class LockoutModelBackend(ModelBackend):
    """Django's model backend, refusing locked accounts and counting wrong passwords."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        model = get_user_model()
        if username is None:
            username = kwargs.get(model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = model._default_manager.get(username__iexact=username)
        except model.DoesNotExist:
            model().set_password(password)  # same time as a real check
            return None
        if user.is_locked():
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            services.register_successful_login(user)
            return user
        services.register_failed_login(user)
        return None
