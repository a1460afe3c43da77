"""The public status page of the agencies' web services."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from s2c.core.views.decorators import public_view

from ..pagecache import anonymous_page
from ..selectors import status as selectors


@require_GET
@anonymous_page()
def status_page(request):
    endpoints = list(selectors.public_endpoints())
    series = selectors.history([e.pk for e in endpoints])
    first = selectors.first_checked([e.pk for e in endpoints])
    rows = [
        {
            "endpoint": e,
            "days": series[e.pk],
            "uptime": selectors.uptime(series[e.pk]),
            "measured": selectors.measured(series[e.pk], first.get(e.pk)),
            "tls_soon": selectors.tls_expiring_soon(e),
        }
        for e in endpoints
    ]
    down = sum(1 for e in endpoints if e.state == e.State.DOWN)
    return render(
        request,
        "portal/status.html",
        {
            "rows": rows,
            "down_count": down,
            "up_count": sum(1 for e in endpoints if e.state == e.State.UP),
            "incidents": selectors.recent_incidents(limit=10),
        },
    )


@require_GET
@anonymous_page()
@public_view
def endpoint_page(request, public_id):
    endpoint = selectors.endpoint_for_public(public_id=public_id)
    days = selectors.history([endpoint.pk])[endpoint.pk]
    return render(
        request,
        "portal/status_endpoint.html",
        {
            "endpoint": endpoint,
            "days": days,
            "uptime": selectors.uptime(days),
            "measured": selectors.measured(
                days, selectors.first_checked([endpoint.pk]).get(endpoint.pk)
            ),
            "tls_soon": selectors.tls_expiring_soon(endpoint),
            "incidents": selectors.recent_incidents(endpoint=endpoint, limit=50),
            "checks": selectors.recent_checks(endpoint=endpoint, limit=20),
        },
    )
