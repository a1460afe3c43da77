"""The staff area's own pages: the staff home and the audit log viewer."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from .. import permissions, selectors
from ..forms import AuditFilterForm
from ..paging import page_of
from .decorators import staff_required

AUDIT_PAGE_SIZE = 25


@staff_required
def staff_home(request):
    """Who I am here: my agencies and roles, and the services' staff pages."""
    return render(
        request,
        "core/staff/home.html",
        {"memberships": selectors.memberships_of(request.user), "now": timezone.localtime()},
    )


@staff_required(check=permissions.can_view_audit)
def audit_log(request):
    """Province admins read the whole log, agency admins their agencies' entries."""
    form = AuditFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        entries = selectors.audit_entries_for(request.user).none()
    else:
        filters = form.to_filters() if form.is_bound else None
        entries = selectors.audit_entries_for(request.user, filters)
    page = page_of(request, entries, AUDIT_PAGE_SIZE)
    return render(
        request,
        "core/staff/audit_log.html",
        {"form": form, "page": page, "query": request.GET},
    )
