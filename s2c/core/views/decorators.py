"""The wrappers every service's page views use.

``public_view``: a selector's or service's ``NotFound`` becomes the 404 page and its
``PermissionDenied`` the 403 page. ``staff_required``: the same, after the access check
(sign-in page for anonymous visitors, 403 for people who are not staff or fail
``check(user)``), and marks every answer personal (``Cache-Control: no-store``, see
``core.middleware.SecurityHeadersMiddleware``). The view still scopes its data through
selectors.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from .. import permissions
from ..errors import NotFound, PermissionDenied
from ..middleware import mark_personal


def _errors_as_pages(func, request, args, kwargs):
    try:
        return func(request, *args, **kwargs)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc.message)) from None


def public_view(view):
    """A page anyone may open: ``NotFound`` → 404 page, ``PermissionDenied`` → 403 page.

    @public_view
    def service_detail(request, code): ...
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return _errors_as_pages(view, request, args, kwargs)

    return wrapper


def staff_required(view=None, *, check=None):
    """Anonymous visitors go to the sign-in page; signed-in people who are not staff
    (or fail ``check(user)``, e.g. a service's own role check) get the 403 page; then as
    ``public_view``. A service counts its own roles as staff through
    ``permissions.register_staff_check``.

        @staff_required
        def inbox(request): ...

        @staff_required(check=permissions.can_view_audit)
        def audit_log(request): ...
    """

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not permissions.is_authenticated(user):
                return mark_personal(redirect_to_login(request.get_full_path()))
            if not permissions.is_staff_member(user) or (check is not None and not check(user)):
                raise DjangoPermissionDenied
            return mark_personal(_errors_as_pages(func, request, args, kwargs))

        return wrapper

    return decorator(view) if view is not None else decorator
