"""Small helpers shared by the portal's views."""

from __future__ import annotations

import json

from django.urls import NoReverseMatch, reverse


def optional_url(name: str, *args) -> str:
    """The URL of another service's page, or "" while that service is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def json_ld(data: dict) -> str:
    """schema.org data for a ``<script type="application/ld+json">`` (safe to embed)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def tristate(value: str | None) -> bool | None:
    if value in ("1", "true", "yes", "ya"):
        return True
    if value in ("0", "false", "no", "tidak"):
        return False
    return None
