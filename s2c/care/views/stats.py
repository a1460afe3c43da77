"""Statistics for staff (page, CSV, XLSX) and Open311 API keys for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from s2c.core import permissions, tabular
from s2c.core.api_errors import InvalidInput
from s2c.core.errors import ApplicationError
from s2c.core.views.decorators import staff_required

from .. import exports, roles, selectors, services
from ..models import ApiKey
from ..selectors import stats


def _stats(request):
    services.statistics_refresh(unless_done=True)
    start, end = stats.parse_period(request.GET.get("from", ""), request.GET.get("to", ""))
    return stats.compute(start=start, end=end, agency_ids=roles.statistics_scope(request.user))


@require_GET
@staff_required
def statistics(request):
    try:
        result = _stats(request)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        start, end = stats.default_period()
        result = stats.compute(
            start=start, end=end, agency_ids=roles.statistics_scope(request.user)
        )
    return render(
        request,
        "care/staff/stats.html",
        {
            "stats": result,
            "query": request.GET,
            "from_value": result.start.strftime("%Y-%m"),
            "to_value": result.end.strftime("%Y-%m"),
        },
    )


@require_GET
@staff_required
def statistics_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        result = _stats(request)
    except InvalidInput as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain")
    name = f"sumsel-care-{result.start:%Y%m}-{result.end:%Y%m}.{fmt}"
    return tabular.response(exports.table(result), fmt=fmt, filename=name)


@require_http_methods(["GET", "POST"])
@staff_required(check=permissions.is_province_admin)
def api_keys(request):
    issued = None
    values = {}
    if request.method == "POST":
        values = {
            "name": request.POST.get("name", ""),
            "contact_email": request.POST.get("contact_email", ""),
        }
        try:
            issued = services.api_key_issue(by=request.user, **values)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            values = {}
    return render(
        request,
        "care/staff/api_keys.html",
        {
            "keys": selectors.api_keys_for(request.user),
            "issued": issued,
            "values": values,
        },
    )


@require_POST
@staff_required(check=permissions.is_province_admin)
def api_key_revoke(request, pk: int):
    key = get_object_or_404(ApiKey, pk=pk)
    services.api_key_revoke(by=request.user, api_key=key)
    messages.success(request, _("The key of %(name)s is revoked.") % {"name": key.name})
    return redirect("care:staff-apikeys")
