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
"""

from __future__ import annotations

import logging
from io import BytesIO

from django.core.exceptions import BadRequest
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .api_errors import error_response

logger = logging.getLogger("s2c.requests")

API_PREFIX = "/api/"
MESSAGE = _("The request body could not be read: it is not valid multipart/form-data.")
ENCODING_MESSAGE = _("The request body could not be read: a form must be sent in UTF-8.")


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
        # The API reads its bodies itself; a broken multipart part found there is a 400
        # through core.api_errors.
        reason = body_error(request, read=not request.path.startswith(API_PREFIX))
        if reason is None:
            return None
        logger.info("Unreadable body in %s %s: %s", request.method, request.path, reason)
        message = MESSAGE if request.content_type == "multipart/form-data" else ENCODING_MESSAGE
        custom = getattr(view_func, "malformed_body_response", None)
        if custom is not None:
            return custom(request, view_kwargs, message)
        if request.path.startswith(API_PREFIX):
            return error_response("bad_request", status=400, message=message)
        return render(request, "core/errors/400.html", {"message": MESSAGE}, status=400)
