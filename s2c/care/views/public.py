"""Citizen pages under /lapor/: report, similar reports, tracking, public reports, map,
league table and public files. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from s2c.core import coordinates
from s2c.core.api_errors import error_response
from s2c.core.errors import ApplicationError
from s2c.core.forms import apply_error
from s2c.core.middleware import client_ip
from s2c.core.models import Agency, Region
from s2c.core.paging import window_of
from s2c.core.views.decorators import public_view

from .. import deadlines, pii, presenters, roles, selectors, services
from ..forms import ComplaintForm, TrackForm
from ..models import Attachment, Complaint
from ..pagecache import anonymous_page
from ..selectors import stats
from ..web import supporter_key

SESSION_SECRETS = "care_secrets"
# Service errors without a field of their own, shown beside the nearest field.
FIELD_FOR_ERROR = {"contact": "email", "location": "address", "media_url": None}
PAGE_SIZE = 20


def _filters(request) -> selectors.PublicFilters:
    g = request.GET
    return selectors.PublicFilters(
        agency=g.get("agency", "")[:50],
        category=g.get("category", "")[:50],
        region=g.get("region", "")[:8],
        status=g.get("status", "")[:20],
    )


def _complaint_input(form: ComplaintForm, request) -> services.ComplaintInput:
    d = form.cleaned_data
    return services.ComplaintInput(
        kind=d["kind"],
        category=d["category"],
        title=d["title"],
        description=d["description"],
        privacy=d["privacy"],
        latitude=d.get("latitude"),
        longitude=d.get("longitude"),
        address=d.get("address", ""),
        kecamatan=d.get("kecamatan", ""),
        region=d.get("region", ""),
        agency=d.get("agency", ""),
        name=d.get("name", ""),
        email=d.get("email", ""),
        phone=d.get("phone", ""),
        attributes=form.attribute_values(),
        language=request.LANGUAGE_CODE or "id",
    )


@require_http_methods(["GET", "POST"])
@anonymous_page()
def report(request):
    """The report form. Before the report is sent, similar open reports nearby are shown
    so the citizen can support one instead; a refused form keeps what was typed."""
    # A link may choose the category (search answers "lapor jalan rusak" with
    # /lapor/?category=...); an unknown code is ignored.
    initial = {"category": request.GET.get("category", "")[:50]}
    form = ComplaintForm(request.POST or None, request.FILES or None, initial=initial)
    similar: list = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not d.get("confirm_new"):
            similar = selectors.similar_complaints(
                category=d["category"],
                latitude=d.get("latitude"),
                longitude=d.get("longitude"),
                text=f"{d['title']} {d['description']}"[:200],
            )
        if similar:
            form.data = form.data.copy()
            form.data["confirm_new"] = "on"
        else:
            try:
                submitted = services.complaint_submit(
                    data=_complaint_input(form, request),
                    files=request.FILES.getlist("files"),
                    user=request.user,
                    client_ip=client_ip(request),
                )
            except ApplicationError as exc:
                names = {**FIELD_FOR_ERROR, **form.service_field_names()}
                apply_error(form, exc, field_names=names)
            else:
                number = submitted.complaint.tracking_number
                secrets = request.session.get(SESSION_SECRETS, {})
                secrets[number] = submitted.secret
                request.session[SESSION_SECRETS] = dict(list(secrets.items())[-10:])
                return redirect("care:submitted", number)
    return render(
        request,
        "care/report.html",
        {
            "form": form,
            "similar": similar,
            "map_tiles": settings.S2C_MAP_TILES,
            "map_attribution": settings.S2C_MAP_ATTRIBUTION,
            "had_files": bool(request.FILES),
        },
    )


@require_GET
def similar(request):
    """The similar open reports, as a fragment for the form's live check. A location it
    cannot use (not a number, inf, nan, off the globe) is a 400 in the API's error shape
    (the page's script then shows nothing); no location looks by words only."""
    try:
        latitude = coordinates.parse(request.GET.get("latitude"), "latitude")
        longitude = coordinates.parse(request.GET.get("longitude"), "longitude")
    except coordinates.InvalidCoordinate as exc:
        return error_response(exc.code, status=400, message=exc.message, details=exc.extra)
    found = selectors.similar_complaints(
        category=request.GET.get("category", "")[:50],
        latitude=latitude,
        longitude=longitude,
        text=request.GET.get("text", "")[:200],
    )
    return render(request, "care/_similar.html", {"similar": found})


@require_GET
@public_view
def submitted(request, number: str):
    """After submitting: the tracking number and the secret follow-up link (kept in this
    browser's session only; it is never shown again)."""
    secret = request.session.get(SESSION_SECRETS, {}).get(number)
    if secret is None:
        return redirect(f"{reverse('care:track')}?number={number}")
    complaint = selectors.complaint_for_tracking(number)
    return render(
        request,
        "care/submitted.html",
        {
            "complaint": complaint,
            "secret": secret,
            "follow_url": request.build_absolute_uri(reverse("care:follow", args=[secret])),
        },
    )


@require_GET
def track(request):
    """Look a report up by its tracking number: what ``roles.sight`` allows this viewer,
    for a hidden report and a stranger its status only; the reporter (signed in, or this
    browser that sent it) and staff see more."""
    form = TrackForm(request.GET or None)
    complaint = None
    if form.is_valid():
        try:
            complaint = selectors.complaint_for_tracking(form.cleaned_data["number"])
        except ApplicationError as exc:
            apply_error(form, exc, field="number")
    tracked = None
    if complaint is not None:
        sent_here = complaint.tracking_number in request.session.get(SESSION_SECRETS, {})
        tracked = presenters.tracked(request.user, complaint, secret=sent_here)
    return render(request, "care/track.html", {"form": form, "tracked": tracked})


@require_GET
@anonymous_page()
def report_list(request):
    """Public reports, newest first, filtered; works without JavaScript."""
    try:
        qs = selectors.public_complaints(_filters(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        qs = selectors.public_complaints()
    window = window_of(request, qs, PAGE_SIZE)
    return render(
        request,
        "care/list.html",
        {
            "reports": [(c, presenters.public_title(c)) for c in window.object_list],
            "page": window.number,
            "has_next": window.has_next,
            "query": request.GET,
            **_filter_choices(),
        },
    )


def _filter_choices() -> dict:
    return {
        "categories": selectors.active_categories(),
        "agencies": Agency.objects.filter(is_active=True).order_by("name"),
        "regions": Region.objects.order_by("name"),
        "statuses": [("open", _("Open")), ("completed", _("Completed"))]
        + [
            (s, Complaint.Status(s).label)
            for s in Complaint.Status.values
            if s in Complaint.LISTED_STATUSES
        ],
    }


@require_GET
@anonymous_page()
@public_view
def detail(request, number: str):
    complaint = selectors.public_complaint(number)
    return render(
        request,
        "care/detail.html",
        {
            "complaint": complaint,
            "title": presenters.public_title(complaint),
            "description": presenters.public_description(complaint),
            "answers": presenters.attribute_answers(complaint, public=True),
            "timeline": presenters.public_timeline(complaint),
            "countdown": deadlines.countdown(complaint),
            "map_tiles": settings.S2C_MAP_TILES,
            "map_attribution": settings.S2C_MAP_ATTRIBUTION,
        },
    )


@require_POST
@public_view
def support(request, number: str):
    complaint = selectors.public_complaint(number)
    try:
        counted = services.support_add(
            complaint=complaint, supporter_key=supporter_key(request), client_ip=client_ip(request)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Thank you: your support is counted.")
            if counted
            else _("You already support this report."),
        )
    return redirect("care:public-detail", number)


@require_GET
@anonymous_page()
def map_page(request):
    return render(
        request,
        "care/map.html",
        {
            "map_tiles": settings.S2C_MAP_TILES,
            "map_attribution": settings.S2C_MAP_ATTRIBUTION,
            "query": request.GET,
            **_filter_choices(),
        },
    )


@require_GET
@anonymous_page()
def map_geojson(request):
    """Markers for the map: GeoJSON of the listed reports in ``bbox``."""
    try:
        bbox = selectors.BBox.parse(request.GET.get("bbox", ""))
        found = selectors.map_complaints(bbox, _filters(request))
    except ApplicationError as exc:
        return error_response(exc.code, status=400, message=exc.message, details=exc.extra)
    english = (translation.get_language() or "id").startswith("en")
    url = reverse("care:public-detail", args=["NUMBER"])
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [c["longitude"], c["latitude"]]},
            "properties": {
                "tracking_number": c["tracking_number"],
                "title": pii.mask(c["public_title"] or c["title"]),
                "category": c["category__name_en"]
                if english and c["category__name_en"]
                else c["category__name"],
                "status": c["status"],
                "status_label": str(Complaint.Status(c["status"]).label),
                "supporters": c["supporters_count"],
                "url": url.replace("NUMBER", c["tracking_number"]),
            },
        }
        for c in found
    ]
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "truncated": len(features) >= selectors.public.MAP_LIMIT,
        }
    )


@require_GET
@anonymous_page()
def league(request):
    services.statistics_refresh(unless_done=True)
    start, end = stats.default_period()
    result = stats.compute(start=start, end=end)
    return render(request, "care/league.html", {"rows": stats.league(result), "stats": result})


@require_GET
def attachment(request, pk: int):
    """A public file of a publicly listed report."""
    a = Attachment.objects.select_related("complaint").filter(pk=pk).first()
    if a is None or not roles.can_see_attachment(request.user, a, via=roles.PUBLIC):
        raise Http404
    return file_response(a)


def file_response(a: Attachment) -> FileResponse:
    response = FileResponse(
        default_storage.open(a.file.name, "rb"),
        content_type=a.content_type,
        as_attachment=not a.is_image,
        filename=a.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
