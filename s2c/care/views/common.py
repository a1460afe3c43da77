"""Helpers of the care pages: access for care staff and errors shown as pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import render

from s2c.core import permissions
from s2c.core.errors import NotFound, PermissionDenied

from .. import roles


def care_staff_required(view=None, *, check=roles.is_care_staff):
    """Sign-in page for anonymous visitors, 403 for people without a care role. Province
    verifiers and supervisors need no agency membership."""

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not permissions.is_authenticated(request.user):
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise DjangoPermissionDenied
            try:
                return func(request, *args, **kwargs)
            except PermissionDenied:
                raise DjangoPermissionDenied from None
            except NotFound:
                raise Http404 from None

        return wrapper

    return decorator(view) if view is not None else decorator


def public_view(func):
    """Turn the services' NotFound into the 404 page."""

    @wraps(func)
    def wrapper(request, *args, **kwargs):
        try:
            return func(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapper


def staff_render(request, template: str, context: dict, status: int = 200):
    """Render a staff page (the shell counts verifiers and supervisors as staff through
    the staff check care registers with core)."""
    return render(request, template, context, status=status)
