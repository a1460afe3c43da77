"""The one reading of a latitude or longitude sent as text (a query parameter, a form field
of Open311, a map's box): a finite number on the globe, or an error that the caller turns
into a 400. ``float()`` alone accepts "inf", "nan" and "1e999", which later broke the
arithmetic (``math.cos(inf)``) or the database query with a 500.

    latitude = coordinates.parse(request.GET.get("latitude"), "latitude")  # None if blank
"""

from __future__ import annotations

import math
from typing import Literal

from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError

Axis = Literal["latitude", "longitude"]

LIMITS: dict[str, float] = {"latitude": 90.0, "longitude": 180.0}


class InvalidCoordinate(ApplicationError):
    """Not a number, not finite, or off the globe."""

    status_code = 400
    code = "invalid_coordinate"


def is_valid(value: float, axis: Axis) -> bool:
    return math.isfinite(value) and -LIMITS[axis] <= value <= LIMITS[axis]


def parse(raw: str | None, axis: Axis, *, name: str | None = None) -> float | None:
    """``raw`` as a coordinate on ``axis``; None when it is blank. ``name`` is the
    parameter's name in the message (``axis`` if not given)."""
    text = (raw or "").strip()
    if not text:
        return None
    label = name or axis
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidCoordinate(_("%(name)s must be a number.") % {"name": label})
    if not is_valid(value, axis):
        limit = LIMITS[axis]
        raise InvalidCoordinate(
            _("%(name)s must be from %(low)s to %(high)s.")
            % {"name": label, "low": f"{-limit:g}", "high": f"{limit:g}"}
        )
    return value
