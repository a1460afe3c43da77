"""One search across every service's public objects: a plain results page, and a partial
that htmx swaps in as the visitor types."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from s2c.core import search
from s2c.core.models import Agency, Region
from s2c.core.pagecache import anonymous_page
from s2c.core.paging import page_number
from s2c.core.search import cache as search_cache

MAX_QUERY = 200
MAX_PAGE = 50


class UnknownCode(Exception):
    pass


def _ids(model, code: str) -> list[int] | None:
    if not code:
        return None
    found = model.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise UnknownCode(code)
    return [found]


def _coded_facets(results) -> dict:
    """Core's facets name agencies and regions by id; links here use their codes."""
    out = {"type": results.facets.get("type", [])}
    for name, model in (("agency", Agency), ("region", Region)):
        facets = results.facets.get(name, [])
        ids = [int(f.key) for f in facets if f.key.isdigit()]
        codes = dict(model.objects.filter(pk__in=ids).values_list("pk", "code"))
        out[name] = [
            search.Facet(codes[int(f.key)], f.label, f.count)
            for f in facets
            if f.key.isdigit() and int(f.key) in codes
        ]
    return out


def _search(request, *, prefix: bool):
    g = request.GET
    q = g.get("q", "")[:MAX_QUERY].strip()
    type_key = g.get("type", "")[:64]
    agency = g.get("agency", "")[:50]
    region = g.get("region", "")[:8]
    results = None
    if q or agency or region or type_key:
        try:
            results = search.query(
                user=request.user,
                q=q,
                types=[type_key] if type_key else None,
                agency_ids=_ids(Agency, agency),
                region_ids=_ids(Region, region),
                page=page_number(request, last=MAX_PAGE),
                page_size=20,
                prefix=prefix,
                # "and N more with the same title" lists them one by one.
                collapse=g.get("each") != "1",
            )
        except UnknownCode:  # an unknown agency or region finds nothing
            results = search.SearchResults(query=q)
    return {
        "facets": _coded_facets(results) if results else {},
        "q": q,
        "type": type_key,
        "agency": agency,
        "region": region,
        "results": results,
        "query": g,
    }


@require_GET
@anonymous_page(versions=(search_cache.VERSION_KEY,))
def search_page(request):
    context = _search(request, prefix=False)
    template = "portal/partials/search_results.html" if request.htmx else "portal/search.html"
    return render(request, template, context)


@require_GET
def search_results(request):
    """The partial behind the instant results (type-ahead: the last word is a prefix);
    ``compact=1`` gives the short list under the home page's search box."""
    compact = request.GET.get("compact") == "1"
    template = (
        "portal/partials/search_suggestions.html"
        if compact
        else "portal/partials/search_results.html"
    )
    return render(request, template, _search(request, prefix=True))
