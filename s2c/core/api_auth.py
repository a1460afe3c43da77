"""Who is calling the API.

Browsers use their Django session; on unsafe methods (POST, PUT, PATCH, DELETE) the CSRF
token is checked, as for a form. Apps will use API keys: the developers app adds them by
registering a resolver, without changing any endpoint::

    from s2c.core import api_auth
    api_auth.register_resolver(user_from_api_key)   # (request) -> user or None

Endpoints that need someone signed in use ``auth=api_auth.signed_in``; public endpoints
that show more to staff (search, say) ask ``api_auth.acting_user(request)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja.errors import HttpError
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from . import permissions

Resolver = Callable[[Any], Any]
_resolvers: list[Resolver] = []

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def register_resolver(resolver: Resolver) -> None:
    """Add a way to find the caller from the request (tried before the session)."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def _resolve(request):
    for resolver in _resolvers:
        user = resolver(request)
        if permissions.is_authenticated(user):
            return user
    return None


class SignedIn(SessionAuth):
    """Ninja auth: a registered resolver's user, else the session's user (CSRF checked)."""

    def __call__(self, request):
        user = _resolve(request)
        if user is not None:
            return user
        if not permissions.is_authenticated(getattr(request, "user", None)):
            return None  # no session: 401, not a CSRF complaint
        return super().__call__(request)  # checks CSRF, then returns the session's user


signed_in = SignedIn()


def acting_user(request):
    """The caller for a public endpoint: a resolver's user, the session's user, or the
    anonymous user. A session used by an unsafe method must pass the CSRF check."""
    auth = getattr(request, "auth", None)
    if permissions.is_authenticated(auth):
        return auth
    user = _resolve(request)
    if user is not None:
        return user
    user = request.user
    if permissions.is_authenticated(user) and request.method not in SAFE_METHODS:
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed")
    return user
