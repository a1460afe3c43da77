"""Public pages: the service catalogue, a service, agencies, offices, regions."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from s2c.core import pagecache
from s2c.core.middleware import client_ip
from s2c.core.models import Agency
from s2c.core.paging import page_of
from s2c.core.views.decorators import public_view

from .. import jsonld, maps, pages, selectors, services
from ..forms import FeedbackForm
from ..pagecache import anonymous_page
from ..selectors import status as status_selectors
from ._common import tristate

PAGE_SIZE = 20
AGENCY_SERVICES_SHOWN = 50


def _catalogue_filters(request, **fixed) -> selectors.CatalogueFilters:
    g = request.GET
    values = {
        "life_event": g.get("life_event", "")[:40],
        "agency": g.get("agency", "")[:50],
        "region": g.get("region", "")[:8],
        "free": tristate(g.get("free")),
        "online": tristate(g.get("online")),
        "q": g.get("q", "")[:100],
    }
    values.update(fixed)
    return selectors.CatalogueFilters(**values)


def _catalogue_page(request, filters: selectors.CatalogueFilters):
    """A page of the catalogue; its total changes with what public pages show, so it is
    cached under the pages' version."""
    return page_of(
        request,
        selectors.public_services(filters),
        PAGE_SIZE,
        count_key=f"portal:{filters!r}",
        version=f"pages-{pagecache._version()}",
        seconds=pagecache.seconds(),
    )


def _catalogue(request, *, template="portal/catalogue.html", heading=None, **fixed):
    filters = _catalogue_filters(request, **fixed)
    page = _catalogue_page(request, filters)
    return render(
        request,
        template,
        {
            "page": page,
            "filters": filters,
            "query": request.GET,
            "life_events": selectors.life_events(),
            "agencies": Agency.objects.filter(is_active=True)
            .only("code", "short_name", "name")
            .order_by("short_name"),
            "regions": selectors.regions_with_offices(),
            "heading": heading,
            **fixed,
        },
    )


@require_GET
@anonymous_page()
def catalogue(request):
    return _catalogue(request)


@require_GET
@anonymous_page()
@public_view
def life_event(request, code: str):
    event = selectors.life_event(code=code)
    return _catalogue(request, heading=event, life_event=event.code)


@require_GET
@anonymous_page()
def regions(request):
    return render(request, "portal/regions.html", {"regions": selectors.regions_with_offices()})


@require_GET
@anonymous_page()
@public_view
def region(request, code: str):
    found = selectors.region(code=code)
    offices = list(selectors.public_offices(region=code)[:200])
    filters = _catalogue_filters(request, region=code)
    return render(
        request,
        "portal/region.html",
        {
            "region": found,
            "offices": offices,
            "page": _catalogue_page(request, filters),
            "query": request.GET,
            "map_points": maps.markers(offices),
            **maps.tiles(),
        },
    )


def _count_view(request, meta) -> None:
    if meta and meta.get("service_id"):
        services.service_viewed(service_id=meta["service_id"])


@require_GET
@anonymous_page(on_hit=_count_view, store=pages.store, live=pages.live)
@public_view
def service_detail(request, code: str):
    service = selectors.service_for_viewer(user=request.user, code=code)
    if service.is_published:
        services.service_viewed(service_id=service.pk)
    response, meta = pages.render(request, service)
    if service.is_published:
        response.page_cache_meta = meta
    return response


@require_POST
@public_view
def service_feedback(request, code: str):
    """ "Was this page useful?" without JavaScript (a redirect back) or with htmx (the
    block is swapped in place)."""
    service = selectors.service_for_viewer(user=None, code=code)
    form = FeedbackForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.feedback_submit(
                service=service,
                useful=form.cleaned_data["useful"],
                comment=form.cleaned_data["comment"],
                ip=client_ip(request),
                language=request.LANGUAGE_CODE,
            )
        except services.RateLimited as exc:
            error = str(exc.message)
    else:
        error = _("Choose yes or no.")
    if request.htmx:
        return render(
            request,
            "portal/partials/feedback.html",
            {
                "service": service,
                "feedback_done": not error,
                "feedback_error": error,
                "feedback_form": form,
            },
            status=200 if not error else 400,
        )
    if error:
        messages.error(request, error)
        return redirect(service.get_absolute_url() + "#feedback")
    return redirect(service.get_absolute_url() + "?feedback=thanks#feedback")


@require_GET
@anonymous_page()
def agencies(request):
    q = request.GET.get("q", "")[:100]
    page = page_of(request, selectors.public_agencies(q=q), 50)
    return render(request, "portal/agencies.html", {"page": page, "q": q, "query": request.GET})


@require_GET
@anonymous_page()
@public_view
def agency_detail(request, code: str):
    agency = selectors.agency_for_public(code=code)
    agency_services = selectors.public_services(selectors.CatalogueFilters(agency=code))
    offices = list(selectors.public_offices(agency=code)[:100])
    endpoints = list(status_selectors.public_endpoints(agency=agency))
    points = maps.markers(offices)
    if not points and agency.latitude is not None:
        points = [
            {
                "name": agency.name,
                "lat": float(agency.latitude),
                "lon": float(agency.longitude),
                "address": agency.address,
            }
        ]
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "services": list(agency_services[:AGENCY_SERVICES_SHOWN]),
            "service_count": agency_services.count(),
            "offices": offices,
            "endpoints": endpoints,
            "figures": selectors.agency_figures(user=request.user, agency=agency),
            "json_ld": jsonld.script(
                jsonld.agency_page(agency, offices, request.build_absolute_uri)
            ),
            "map_points": points,
            **maps.tiles(),
        },
    )


@require_GET
@anonymous_page()
@public_view
def office_detail(request, code: str):
    office = selectors.office_for_public(code=code)
    office_services = selectors.public_services().filter(offices=office)
    return render(
        request,
        "portal/office.html",
        {
            "office": office,
            "services": office_services[:100],
            "map_points": maps.markers([office]),
            **maps.tiles(),
        },
    )
