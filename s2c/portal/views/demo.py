"""Local stand-ins for agencies' online services, so the demo's status page has something
real to check without the internet, and a service's "use the online service" link leads
to a page that says what the service does, how to use it and what to have ready (from
the demo data, ``s2c.portal.demo.online``). Not served in production."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from s2c.core.models import Agency

from ..demo import online
from ..seed import MANDATES

UNAVAILABLE = "gangguan"  # the demo's "down" service


@require_GET
def online_service(request, name: str):
    if getattr(settings, "PRODUCTION", False):
        raise Http404
    if name == UNAVAILABLE:
        response = HttpResponse(
            "Layanan sedang dalam pemeliharaan (demo).", status=503, content_type="text/plain"
        )
        # A staged outage for the status page, not a failure of S2C: without this, Django
        # logs every check of it as "ERROR django.request Service Unavailable", and a
        # clean demo's console shows an ERROR every few minutes.
        response._has_been_logged = True
        return response
    if name in online.WEBSITES:
        code = online.WEBSITES[name]
        agency = Agency.objects.filter(code=code).first()
        return render(
            request,
            "portal/demo_online.html",
            {
                "agency": agency,
                "agency_code": code,
                "website": True,
                "mandate": (agency.mandate if agency and agency.mandate else MANDATES.get(code)),
                "services": online.agency_services(code),
            },
        )
    found = online.online_service(name)
    if found is None:
        raise Http404
    return render(
        request,
        "portal/demo_online.html",
        {
            "agency": Agency.objects.filter(code=found.agency).first(),
            "agency_code": found.agency,
            "online": found,
            "services": found.services,
        },
    )
