"""Access decorators for staff pages (the view still scopes its data through selectors)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .. import permissions


def staff_required(view=None, *, check=None):
    """Anonymous visitors go to the sign-in page; signed-in people who are not staff
    (or fail ``check(user)``) get the 403 page.

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
                return redirect_to_login(request.get_full_path())
            if not permissions.is_staff_member(user) or (check is not None and not check(user)):
                raise PermissionDenied
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
