"""Small helpers shared by the portal's views."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse

from s2c.core import pagecache
from s2c.core.paging import CachedCountPaginator


def page_of(request, qs, per_page: int = 20, *, count_key: str = ""):
    if count_key:
        # The catalogue's counts change with what public pages show: the pages' version.
        paginator = CachedCountPaginator(
            qs,
            per_page,
            count_key=f"portal:{count_key}",
            version=f"pages-{pagecache._version()}",
            seconds=pagecache.seconds(),
        )
    else:
        paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


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
