"""One error contract: services raise ``ApplicationError`` (or a subclass); the API turns
it into the one error body, views into a form error or a message in the user's language."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: Any, *, code: str | None = None, extra: dict | None = None):
        super().__init__(str(message))
        self.message = message  # may be a lazy translation, rendered in the active language
        if code:
            self.code = code
        self.extra = extra or {}


class PermissionDenied(ApplicationError):
    status_code = 403
    code = "permission_denied"


class NotFound(ApplicationError):
    status_code = 404
    code = "not_found"


class Conflict(ApplicationError):
    status_code = 409
    code = "conflict"
