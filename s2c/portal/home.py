"""The blocks Sumsel Gov adds to the province's home page (core renders them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from s2c.core.registry import HomeSection

from . import pagecache, selectors

# Searches shown under the home page's search box, as examples of what can be found.
EXAMPLE_SEARCHES = ["perpanjang STNK", "izin usaha", "rumah sakit", "beasiswa", "legalisir ijazah"]


# The sections are cached as rendered HTML (per language and catalogue version); their
# data is passed as callables, so the database is only asked when a fragment is rebuilt.


def _search_context(request) -> dict:
    return {"portal_examples": EXAMPLE_SEARCHES, "portal_search_label": _("Search services")}


def _popular_context(request) -> dict:
    return {
        "portal_popular": lambda: selectors.most_used_services(limit=6),
        "portal_page_version": pagecache._version(),
    }


def _life_events_context(request) -> dict:
    return {
        "portal_life_events": selectors.life_events,
        "portal_page_version": pagecache._version(),
    }


SECTIONS = [
    HomeSection("portal-search", "portal/home/_search.html", _search_context, order=5),
    HomeSection("portal-popular", "portal/home/_popular.html", _popular_context, order=20),
    HomeSection(
        "portal-life-events", "portal/home/_life_events.html", _life_events_context, order=30
    ),
]
