"""API authentication: personal tokens (``Authorization: Bearer``) or the browser session."""

from ninja.security import HttpBearer, SessionAuth

from .services import user_for_token


class TokenAuth(HttpBearer):
    """A personal API token created on the profile page or with ``congdoan create-token``."""

    def authenticate(self, request, token: str):
        user = user_for_token(token.strip())
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The logged-in browser session (CSRF-checked on writes)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api_auth = [TokenAuth(), ActiveSessionAuth()]
