"""A request body that cannot be read is the client's mistake: a 400, never a 500.

Django raises ``MultiPartParserError`` (not a ``BadRequest``) when ``request.POST`` or
``request.FILES`` is read from a multipart body without a boundary, with a broken one, or
with an unreadable part, so whoever read it first (the CSRF check, a form, Ninja's
parser) answered 500; a form-encoded body in another charset than UTF-8 is Django's
``BadRequest``, its bare 400 page even under /api/ and Open311.
``MalformedBodyMiddleware`` reads a POST's form body before the view, where the CSRF
check would read it anyway, and answers a broken one with 400 in the format of the place
it was sent to:

- under /api/: the API's error shape (``core.api_errors``);
- a view with a ``malformed_body_response(request, kwargs, message)`` attribute (Open311,
  which has a format of its own): what that returns (``functools.wraps`` carries the
  attribute through the view's decorators);
- anywhere else: the 400 page.

The same middleware refuses a body larger than ``settings.S2C_MAX_REQUEST_BYTES`` before
anything reads it (413, in the same formats): without it, a 300 MB upload was spooled to
disk before any form looked at it.
"""

from __future__ import annotations

import logging
from io import BytesIO

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .api_errors import error_response

logger = logging.getLogger("s2c.requests")

API_PREFIX = "/api/"
MESSAGE = _("The request body could not be read: it is not valid multipart/form-data.")
ENCODING_MESSAGE = _("The request body could not be read: a form must be sent in UTF-8.")
TOO_LARGE_MESSAGE = _("The request is too large: send at most %(size)s MB at once.")


def max_request_bytes() -> int:
    return int(settings.S2C_MAX_REQUEST_BYTES)


def declared_length(request) -> int:
    """The body's length as the client declared it (0 when it did not, or not as a
    number: Django then reads no body at all)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_error(request, *, read: bool = True) -> str | None:
    """Why the form body of ``request`` cannot be read, or None when it can (or there is
    none): a multipart body without a valid boundary or with a broken part, a
    form-encoded body in another charset than UTF-8. With ``read=False`` only what the
    headers tell is checked and the body is left unread (for the API, whose views read
    the raw body themselves: once ``request.POST`` has read a multipart stream,
    ``request.body`` cannot be read any more)."""
    try:
        if request.content_type == "multipart/form-data":
            # The parser's constructor checks the Content-Type (the boundary) and the
            # length without reading the body.
            MultiPartParser(request.META, BytesIO(b""), request.upload_handlers)
        if read and request.method == "POST":
            request.POST  # noqa: B018 -- parsed now, kept for the view
        elif request.content_type == "application/x-www-form-urlencoded":
            charset = request.content_params.get("charset", "utf-8")
            if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
                return f"a form in {charset}"
    except (MultiPartParserError, BadRequest) as exc:
        return str(exc)
    return None


class MalformedBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = max_request_bytes()
        if declared_length(request) > limit:
            logger.info("Too large a body in %s %s", request.method, request.path)
            message = TOO_LARGE_MESSAGE % {"size": limit // (1024 * 1024)}
            return _refusal(request, view_func, view_kwargs, message, status=413)
        # The API reads its bodies itself; a broken multipart part found there is a 400
        # through core.api_errors.
        reason = body_error(request, read=not request.path.startswith(API_PREFIX))
        if reason is None:
            return None
        logger.info("Unreadable body in %s %s: %s", request.method, request.path, reason)
        message = MESSAGE if request.content_type == "multipart/form-data" else ENCODING_MESSAGE
        return _refusal(request, view_func, view_kwargs, message, status=400)


def _refusal(request, view_func, view_kwargs, message, *, status: int):
    """The refusal in the format of the place the body was sent to."""
    custom = getattr(view_func, "malformed_body_response", None)
    if custom is not None:
        return custom(request, view_kwargs, message, status)
    if request.path.startswith(API_PREFIX):
        code = "bad_request" if status == 400 else "request_too_large"
        return error_response(code, status=status, message=message)
    template = "core/errors/400.html" if status == 400 else "core/errors/413.html"
    return render(request, template, {"message": message}, status=status)
