"""Open311 GeoReport v2 at /open311/v2/: a thin adapter over the care services and
selectors (see docs/open311.md)."""
