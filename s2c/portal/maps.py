"""The Leaflet map of the public pages (a service's, an agency's, an office's, a region's):
its markers and its tile server."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings


def markers(points) -> list[dict]:
    """Markers for the map: offices (or anything with a name and a place)."""
    out = []
    for p in points:
        if p.latitude is None or p.longitude is None:
            continue
        out.append(
            {
                "name": p.name,
                "lat": float(Decimal(p.latitude)),
                "lon": float(Decimal(p.longitude)),
                "address": getattr(p, "address", ""),
            }
        )
    return out


def tiles() -> dict:
    return {
        "map_tiles": settings.S2C_MAP_TILES,
        "map_attribution": settings.S2C_MAP_ATTRIBUTION,
    }
