"""Open311 GeoReport v2: discovery, services, service definitions, requests (POST with an
api_key, form-encoded; GET list and one) and tokens, in JSON and XML, with the spec's
errors. Status is open/closed; agency_responsible is the OPD."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from s2c.core import coordinates
from s2c.core.calendar import JAKARTA
from s2c.core.errors import ApplicationError, NotFound
from s2c.core.middleware import client_ip
from s2c.core.textinput import clean_data

from .. import pii, presenters, roles, selectors, services
from ..models import Category, Complaint
from ..pagecache import anonymous_page
from ..services.apikeys import api_key_for
from ..services.submission import InvalidComplaint
from ..web import attributes_from
from .render import error, respond, w3c

JURISDICTION = "sumselprov.go.id"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01T00:00:00+07:00"
MAX_REQUESTS = 1000


def _format(kwargs) -> str:
    fmt = kwargs.get("fmt")
    return fmt if fmt in ("json", "xml") else "json"


def open311(*methods: str):
    """An Open311 endpoint answering ``methods`` (GET by default): the known format, the
    single jurisdiction, and every failure in the spec's format, a wrong method (405,
    with Allow) and an unreadable body (400, through core's MalformedBodyMiddleware)
    included. No CSRF check: the endpoints use no cookies, a POST carries its api_key."""
    allowed = tuple(methods) or ("GET",)
    answered = allowed + (("HEAD",) if "GET" in allowed else ())

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, fmt: str, **kwargs):
            if fmt not in ("json", "xml"):
                return error("json", 404, _("Formats are json and xml."))
            if request.method not in answered:
                response = error(
                    fmt,
                    405,
                    _("This endpoint answers %(methods)s only.") % {"methods": ", ".join(allowed)},
                )
                response["Allow"] = ", ".join(answered)
                return response
            # Every parameter follows core's input rule before anything reads it (a NUL in a
            # service_code reached PostgreSQL, which refuses it: a 500).
            request.GET = clean_data(request.GET)
            if request.method == "POST":
                request.POST = clean_data(request.POST)
            jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
            if jurisdiction and jurisdiction != JURISDICTION:
                return error(
                    fmt,
                    404,
                    _("Unknown jurisdiction_id; this endpoint serves %(j)s.") % {"j": JURISDICTION},
                )
            try:
                response = view(request, *args, fmt=fmt, **kwargs)
                # Here, not in respond(): an answer kept by the page cache has no headers
                # but its type.
                response["Access-Control-Allow-Origin"] = "*"
                return response
            except NotFound as exc:
                return error(fmt, 404, exc.message)
            except ApplicationError as exc:
                return error(
                    fmt,
                    exc.status_code if exc.status_code in (400, 403, 404, 429) else 400,
                    exc.message,
                )

        wrapper.malformed_body_response = lambda request, kwargs, message, status=400: error(
            _format(kwargs), status, message
        )
        return csrf_exempt(wrapper)

    return decorator


@open311()
@anonymous_page()
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    return respond(
        fmt,
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": _("Sumsel Care, Diskominfo Provinsi Sumatera Selatan"),
            "key_service": _("API keys are issued by the province's administrators (Diskominfo)."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


def _service(c: Category) -> dict:
    return {
        "service_code": c.code,
        "service_name": c.display_name,
        "description": c.description,
        "metadata": bool(c.attr_count),
        "type": "realtime",
        "keywords": ", ".join(c.keyword_list()),
        "group": c.group,
    }


@open311()
@anonymous_page()
def service_list(request, fmt):
    categories = selectors.active_categories().annotate(attr_count=Count("attributes"))
    return respond(fmt, "services", [_service(c) for c in categories])


@open311()
@anonymous_page()
def service_definition(request, code, fmt):
    category = selectors.active_categories().filter(code=code).first()
    if category is None:
        raise NotFound(_("No service has the code %(code)s.") % {"code": code})
    return respond(
        fmt,
        "service_definition",
        {
            "service_code": category.code,
            "attributes": [
                {
                    "variable": True,
                    "code": a.code,
                    "datatype": a.datatype,
                    "required": a.required,
                    "datatype_description": a.datatype_description,
                    "order": a.order,
                    "description": a.description,
                    "values": [
                        {"key": v.get("key"), "name": v.get("name")} for v in a.values or []
                    ],
                }
                for a in category.attributes.all()
            ],
        },
    )


def _coordinate(post, name: str, axis: coordinates.Axis) -> float | None:
    """A finite number on the globe or nothing (InvalidCoordinate, a 400, otherwise)."""
    return coordinates.parse(post.get(name), axis, name=name)


def _post_request(request, fmt):
    post = request.POST
    api_key = api_key_for(post.get("api_key", ""))
    if api_key is None:
        return error(fmt, 403, _("api_key is missing or not valid."))
    service_code = post.get("service_code", "").strip()
    if not service_code:
        return error(fmt, 400, _("service_code is required."))
    if not Category.objects.filter(code=service_code, is_active=True).exists():
        return error(fmt, 404, _("No service has the code %(code)s.") % {"code": service_code})
    lat, lon = _coordinate(post, "lat", "latitude"), _coordinate(post, "long", "longitude")
    address = post.get("address_string", "").strip()
    if (lat is None or lon is None) and not address and not post.get("address_id"):
        return error(fmt, 400, _("Give lat and long, or address_string."))
    description = post.get("description", "").strip()
    name = " ".join(p for p in (post.get("first_name", ""), post.get("last_name", "")) if p)
    title = " ".join(description.split())[:80] or service_code
    try:
        submitted = services.complaint_submit(
            data=services.ComplaintInput(
                category=service_code,
                title=title,
                description=description,
                privacy=post.get("privacy", Complaint.Privacy.PUBLIC),
                latitude=lat,
                longitude=lon,
                address=address,
                name=name,
                email=post.get("email", ""),
                phone=post.get("phone", ""),
                attributes=attributes_from(post),
                media_url=post.get("media_url", ""),
                language=(request.LANGUAGE_CODE or "id"),
            ),
            client_ip=client_ip(request),
            api_key=api_key,
            source=Complaint.Source.OPEN311,
        )
    except InvalidComplaint as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.extra.get("fields", {}).items())
        return error(fmt, 400, details or exc.message)
    c = submitted.complaint
    return respond(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": c.tracking_number,
                "token": c.submission_token,
                "service_notice": _(
                    "Verified by the province within %(n)s working days (by %(date)s)."
                )
                % {"n": c.category.verify_days, "date": c.deadline.isoformat()},
                "account_id": None,
            }
        ],
        status=201,
    )


def _parse_date(value: str, name: str):
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApplicationError(
            _("%(name)s must be a W3C date-time, e.g. 2026-01-31T08:00:00+07:00.") % {"name": name}
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=JAKARTA)
    try:
        # Year 1 or 9999 with an offset falls off the calendar in UTC (an OverflowError
        # in the query: a 500 before).
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        raise ApplicationError(
            _("%(name)s is outside the dates this service can read.") % {"name": name}
        ) from None


def _get_requests(request, fmt):
    g = request.GET
    numbers = [n.strip() for n in g.get("service_request_id", "").split(",") if n.strip()]
    statuses = {s.strip() for s in g.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        return error(fmt, 400, _("status must be open, closed or both."))
    start, end = (
        _parse_date(g.get("start_date", ""), "start_date"),
        _parse_date(g.get("end_date", ""), "end_date"),
    )
    if not numbers and start is None and end is None:
        start = timezone.now() - dt.timedelta(days=90)
    found = selectors.open311_requests(
        selectors.RequestQuery(
            numbers=numbers[:MAX_REQUESTS],
            service_code=g.get("service_code", "").strip(),
            start=start,
            end=end,
            statuses=statuses or None,
            limit=MAX_REQUESTS,
        )
    )
    file_url = _file_urls(request)
    return respond(fmt, "service_requests", [_request(c, file_url) for c in found])


@open311("GET", "POST")
@anonymous_page()  # GET only: a POST always reaches the view
def requests_view(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


@open311()
@anonymous_page()
def request_detail(request, number, fmt):
    found = selectors.open311_requests(selectors.RequestQuery(numbers=[number], limit=1))
    if not found:
        raise NotFound(_("No request has the id %(id)s.") % {"id": number})
    return respond(fmt, "service_requests", [_request(found[0], _file_urls(request))])


@open311()
def token(request, token, fmt):
    c = selectors.complaint_for_submission_token(token)
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": c.tracking_number, "token": c.submission_token}],
    )


_PK = 987654321  # a placeholder for a file's id in its URL


def _file_urls(request):
    """The absolute URL of a public file by its id, resolved once per answer (a reverse per
    row was a third of a 1000-request list's time)."""
    url = request.build_absolute_uri(reverse("care:attachment", args=[_PK]))
    return lambda pk: url.replace(str(_PK), str(pk))


def _request(c: Complaint, file_url) -> dict:
    """One request as ``roles.sight`` shows it to anyone (Open311 uses no cookies): a
    report that is not public is its id and status, every other field empty. The note
    and the photo come annotated by ``selectors.open311_requests`` (no query per row)."""
    data = {
        "service_request_id": c.tracking_number,
        "status": "open" if c.is_open else "closed",
        "status_notes": "",
        "service_name": "",
        "service_code": "",
        "description": "",
        "agency_responsible": "",
        "service_notice": "",
        "requested_datetime": None,
        "updated_datetime": None,
        "expected_datetime": None,
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }
    if roles.sight(None, c) < roles.Sight.PUBLIC:
        return data
    data.update(
        status_notes=pii.mask(c.status_note or ""),
        service_name=c.category.display_name,
        service_code=c.category.code,
        description=presenters.public_description(c),
        agency_responsible=c.agency.name if c.agency_id else "",
        requested_datetime=w3c(c.created_at),
        updated_datetime=w3c(c.public_updated_at),
        expected_datetime=(
            w3c(dt.datetime.combine(c.deadline, dt.time(23, 59), tzinfo=JAKARTA))
            if c.is_open and c.deadline
            else None
        ),
        address=", ".join(
            p for p in (c.address, c.kecamatan, c.region.display_name if c.region_id else "") if p
        ),
        lat=c.latitude,
        long=c.longitude,
        media_url=file_url(c.photo_id) if c.photo_id else c.media_url,
    )
    return data
