"""Local stand-ins for agencies' online services, so the demo's status page has something
real to check without the internet. Not served in production."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

UNAVAILABLE = "gangguan"  # the demo's "down" service


@require_GET
def online_service(request, name: str):
    if getattr(settings, "PRODUCTION", False):
        raise Http404
    if name == UNAVAILABLE:
        return HttpResponse(
            "Layanan sedang dalam pemeliharaan (demo).", status=503, content_type="text/plain"
        )
    return HttpResponse(
        f"Layanan online {name} (demo S2C): berjalan.", content_type="text/plain; charset=utf-8"
    )
