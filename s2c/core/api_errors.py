"""The API's one error shape, for every failure:

    {"error": {"code": "not_found", "message": "<in the request's language>", "details": {}}}

``install_error_handlers(api)`` makes a NinjaAPI answer this way for ApplicationError
(status and code from the error, ``extra`` as details), validation errors (422, details
per field), 404, 401/403 (CSRF included), 405, 429 and unexpected exceptions (500, a
generic message, the traceback only in the log). The 404/500 handlers in
s2c.core.views.errors use ``error_response`` for unknown URLs under /api/.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from ninja.errors import HttpError, Throttled, ValidationError

from .errors import ApplicationError

logger = logging.getLogger("s2c.api")

MESSAGES = {
    "bad_request": _("The request could not be understood."),
    "not_authenticated": _("Sign in, or send credentials, to use this endpoint."),
    "permission_denied": _("You do not have permission to do this."),
    "csrf_failed": _("The request was refused because its CSRF token is missing or wrong."),
    "not_found": _("The requested resource was not found."),
    "method_not_allowed": _("This HTTP method is not allowed here."),
    "validation_error": _("Some values in the request are not valid."),
    "throttled": _("Too many requests. Please wait a moment and try again."),
    "server_error": _(
        "Something went wrong on our side. The error has been logged; please try again later."
    ),
    "error": _("The request failed."),
}

_CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    422: "validation_error",
    429: "throttled",
    500: "server_error",
}


class InvalidInput(ApplicationError):
    """A query or body value that is well-formed but unusable (an unknown code, say):
    answered like a validation error. ``extra`` maps field names to messages."""

    status_code = 422
    code = "validation_error"


def error_body(code: str, message: Any = None, details: dict | None = None) -> dict:
    return {
        "error": {
            "code": code,
            "message": str(
                message if message is not None else MESSAGES.get(code, MESSAGES["error"])
            ),
            "details": details or {},
        }
    }


def error_response(
    code: str,
    *,
    status: int,
    message: Any = None,
    details: dict | None = None,
) -> JsonResponse:
    return JsonResponse(error_body(code, message, details), status=status)


def _field_errors(errors: list[dict]) -> dict[str, list[str]]:
    """Ninja's error list → {"page_size": ["Input should be less than or equal to 100"]}:
    the location without its source (query, path, body), joined with dots."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        name = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "request")
        message = error.get("msg") or next((str(v) for v in error.values()), "")
        fields.setdefault(name, []).append(str(message))
    return fields


def _http_error(request, exc: HttpError):
    status = exc.status_code
    code = _CODE_BY_STATUS.get(status, "error")
    if status == 403 and "csrf" in str(exc).lower():
        code = "csrf_failed"
    wait = math.ceil(exc.wait) if isinstance(exc, Throttled) and exc.wait is not None else None
    details = {"retry_after": wait} if wait is not None else {}
    response = error_response(code, status=status, details=details)
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response


def _unexpected(request, exc: Exception):
    logger.exception("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return error_response("server_error", status=500)


def install_error_handlers(api) -> None:
    api.add_exception_handler(
        ApplicationError,
        lambda request, exc: error_response(
            exc.code, status=exc.status_code, message=exc.message, details=exc.extra
        ),
    )
    api.add_exception_handler(
        ValidationError,
        lambda request, exc: error_response(
            "validation_error", status=422, details=_field_errors(exc.errors)
        ),
    )
    api.add_exception_handler(Http404, lambda request, exc: error_response("not_found", status=404))
    api.add_exception_handler(
        PermissionDenied, lambda request, exc: error_response("permission_denied", status=403)
    )
    for bad in (BadRequest, SuspiciousOperation, MultiPartParserError):
        api.add_exception_handler(
            bad, lambda request, exc: error_response("bad_request", status=400)
        )
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Exception, _unexpected)


def as_error_shape(response):
    """Ninja answers a wrong method with a bare 405; give it the error shape."""
    if isinstance(response, HttpResponseNotAllowed):
        allowed = sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())
        shaped = error_response("method_not_allowed", status=405, details={"allowed": allowed})
        shaped["Allow"] = ", ".join(allowed)
        return shaped
    return response
