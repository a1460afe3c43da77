"""/api/v1/portal/: the catalogue, offices, life events, agency profiles and status."""

from .endpoints import router

__all__ = ["router"]
