"""The 404 and 500 handlers (set in s2c/urls.py) and the CSRF failure view
(settings.CSRF_FAILURE_VIEW). Under /api/ they answer with the API's one error shape
instead of a page."""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from ..api_errors import error_response

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)


def page_not_found(request, exception=None):
    if _is_api(request):
        return error_response("not_found", status=404)
    return render(request, "core/errors/404.html", status=404)


def server_error(request=None):
    """Rendered without the request context or the database: whatever broke may be
    exactly those."""
    if _is_api(request):
        return error_response("server_error", status=500)
    try:
        html = loader.get_template("core/errors/500.html").render()
    except Exception:  # the last line of defence must not fail
        return HttpResponseServerError(b"<h1>500</h1>", content_type="text/html")
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    """A form posted with a missing or stale CSRF token (often: a page left open too long,
    or cookies blocked). Explains it in the user's language instead of Django's page."""
    if _is_api(request):
        return error_response("csrf_failed", status=403)
    return render(request, "core/errors/csrf.html", status=403)
