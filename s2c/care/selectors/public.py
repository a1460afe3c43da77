"""Public reads: only reports that are publicly listed (verified, not confidential), as
``roles.public_reports`` and ``roles.sight`` decide; a report found by its tracking number
alone is handed out for its status, and the caller shows what ``roles.sight`` allows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from s2c.core import search
from s2c.core.errors import ApplicationError, NotFound

from .. import roles
from ..indexing import TYPE_KEY
from ..inputs import hash_secret, tracking_number
from ..models import YES, Category, Complaint, ComplaintEvent

STATUS_GROUPS = {
    "open": Complaint.OPEN_STATUSES,
    "completed": frozenset({Complaint.Status.COMPLETED, Complaint.Status.CLOSED}),
}


@dataclass
class PublicFilters:
    agency: str = ""  # Agency.code
    category: str = ""  # Category.code
    region: str = ""  # Region.code
    status: str = ""  # "open", "completed" or a Complaint.Status value


def active_categories() -> QuerySet[Category]:
    return (
        Category.objects.filter(is_active=True).select_related("agency").order_by("order", "name")
    )


def _filtered(qs: QuerySet, filters: PublicFilters) -> QuerySet:
    if filters.agency:
        qs = qs.filter(agency__code=filters.agency)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.region:
        qs = qs.filter(region__code=filters.region)
    if filters.status in STATUS_GROUPS:
        qs = qs.filter(status__in=STATUS_GROUPS[filters.status])
    elif filters.status in Complaint.LISTED_STATUSES:
        qs = qs.filter(status=filters.status)
    elif filters.status:
        raise ApplicationError(_("Unknown status filter."), code="invalid_filter")
    return qs


def public_complaints(filters: PublicFilters | None = None) -> QuerySet[Complaint]:
    """Publicly listed reports, newest first."""
    qs = roles.public_reports(Complaint.objects.all())
    qs = _filtered(qs, filters or PublicFilters())
    return qs.select_related("category", "agency", "region").order_by("-created_at", "-id")


def complaint_for_tracking(number: str) -> Complaint:
    """Any report by its tracking number, however typed (``inputs.tracking_number``). The
    caller shows of it what ``roles.sight`` allows: a hidden report's status only."""
    number = tracking_number(number)
    if not number:
        raise ApplicationError(
            _("A tracking number looks like SC-2026-000123."), code="invalid_tracking_number"
        )
    complaint = (
        Complaint.objects.select_related("category", "agency", "region", "merged_into")
        .filter(tracking_number=number)
        .first()
    )
    if complaint is None:
        raise NotFound(_("No report has the tracking number %(number)s.") % {"number": number})
    return complaint


def public_complaint(number: str) -> Complaint:
    """A publicly listed report by its tracking number."""
    complaint = complaint_for_tracking(number)
    if not roles.is_public(complaint):
        raise NotFound(
            _("Report %(number)s is not public.") % {"number": complaint.tracking_number}
        )
    return complaint


def complaint_for_secret(secret: str) -> Complaint:
    """The report a secret follow-up link belongs to."""
    if not secret or len(secret) > 100:
        raise NotFound(_("This follow-up link is not valid."))
    complaint = (
        Complaint.objects.select_related("category", "agency", "region", "merged_into")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )
    if complaint is None:
        raise NotFound(_("This follow-up link is not valid. Check that you copied all of it."))
    return complaint


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, value: str) -> BBox:
        """ "west,south,east,north" as Leaflet's toBBoxString() writes it."""
        try:
            west, south, east, north = (float(v) for v in (value or "").split(","))
        except ValueError:
            raise ApplicationError(
                _("bbox must be four numbers: west,south,east,north."), code="invalid_bbox"
            ) from None
        if not all(math.isfinite(v) for v in (west, south, east, north)) or not (
            -90 <= south <= north <= 90 and -180 <= west <= east <= 180
        ):
            raise ApplicationError(_("bbox is not a valid box."), code="invalid_bbox")
        return cls(south=south, west=west, north=north, east=east)


MAP_LIMIT = 500


MAP_COLUMNS = (
    "tracking_number",
    "title",
    "public_title",
    "status",
    "latitude",
    "longitude",
    "supporters_count",
    "category__name",
    "category__name_en",
)


def map_complaints(bbox: BBox, filters: PublicFilters | None = None, limit: int = MAP_LIMIT):
    """Listed reports with a location inside the box, newest first (at most ``limit``), as
    dicts of ``MAP_COLUMNS``. Without a status filter the map shows open reports."""
    filters = filters or PublicFilters()
    qs = roles.public_reports(Complaint.objects.all()).filter(
        latitude__gte=bbox.south,
        latitude__lte=bbox.north,
        longitude__gte=bbox.west,
        longitude__lte=bbox.east,
    )
    # "open" and "completed" are exactly the open and the not-open listed reports: the
    # flag is in the map index, the status is not.
    if filters.status in ("", "open", "completed"):
        qs = qs.filter(is_open__in=(filters.status != "completed",))
        filters = PublicFilters(
            agency=filters.agency, category=filters.category, region=filters.region
        )
    qs = _filtered(qs, filters)
    # Two steps: the newest ids from the covering map index, then just those rows.
    ids = list(qs.order_by("-created_at").values_list("id", flat=True)[:limit])
    return list(Complaint.objects.filter(pk__in=ids).order_by("-created_at").values(*MAP_COLUMNS))


NEARBY_METRES = 100


def similar_complaints(
    *,
    category: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    text: str = "",
    limit: int = 5,
) -> list[Complaint]:
    """Open public reports a citizen might support instead of filing a duplicate: the same
    category within ~100 m, then reports with similar words (through the search index)."""
    found: dict[int, Complaint] = {}
    if category and latitude is not None and longitude is not None:
        dlat = NEARBY_METRES / 111_320
        dlon = dlat / max(math.cos(math.radians(latitude)), 0.01)
        for c in (
            roles.public_reports(Complaint.objects.all())
            .filter(
                is_open__in=YES,
                category__code=category,
                latitude__gte=latitude - dlat,
                latitude__lte=latitude + dlat,
                longitude__gte=longitude - dlon,
                longitude__lte=longitude + dlon,
            )
            .select_related("category")
            .order_by("-created_at")[:limit]
        ):
            found[c.pk] = c
    text = " ".join((text or "").split())[:200]
    if len(found) < limit and len(text) >= 4:
        results = search.query(user=AnonymousUser(), q=text, types=[TYPE_KEY], page_size=10)
        ids = [int(h.object_id) for h in results.hits if str(h.object_id).isdigit()]
        if results.matched_all and ids:
            for c in (
                roles.public_reports(Complaint.objects.all())
                .filter(pk__in=ids, is_open__in=YES)
                .select_related("category")
            ):
                if len(found) >= limit:
                    break
                found.setdefault(c.pk, c)
    return list(found.values())[:limit]


@dataclass
class RequestQuery:
    """Open311 GET requests filters. Ids (``numbers``) override every other filter, as
    GeoReport v2 says."""

    numbers: list[str]
    service_code: str = ""
    start: object = None  # aware datetime
    end: object = None
    statuses: set[str] | None = None  # {"open", "closed"}
    limit: int = 1000


def open311_requests(query: RequestQuery) -> list[Complaint]:
    """Listed reports matching the filters (newest first), or the reports asked for by
    number, listed or not: the adapter shows what ``roles.sight`` allows, a hidden one's
    status only. Since ids override the filters, no filter can tell a hidden report's
    category or date. Each carries ``status_note`` (the last public note of the province
    or the agency) and ``photo_id`` (its first public photo), in the same query."""
    qs = Complaint.objects.select_related("category", "agency", "region")
    if query.numbers:
        numbers = {tracking_number(n) for n in query.numbers} - {""}
        qs = qs.filter(tracking_number__in=numbers)
    else:
        qs = roles.public_reports(qs)
        if query.service_code:
            qs = qs.filter(category__code=query.service_code)
        if query.start is not None:
            qs = qs.filter(created_at__gte=query.start)
        if query.end is not None:
            qs = qs.filter(created_at__lte=query.end)
        if query.statuses and query.statuses != {"open", "closed"}:
            qs = qs.filter(is_open__in=[("open" in query.statuses)])
    notes = (
        ComplaintEvent.objects.filter(complaint=OuterRef("pk"), is_public=True)
        .exclude(note="")
        .exclude(actor_role=ComplaintEvent.Role.REPORTER)
        .order_by("-at", "-id")
        .values("note")[:1]
    )
    photos = (
        roles.public_files()
        .filter(complaint=OuterRef("pk"), kind="photo")
        .order_by("id")
        .values("pk")[:1]
    )
    qs = qs.annotate(status_note=Subquery(notes), photo_id=Subquery(photos))
    return list(qs.order_by("-created_at", "-id")[: query.limit])


def complaint_for_submission_token(token: str) -> Complaint:
    complaint = Complaint.objects.filter(submission_token=(token or "")[:32]).first()
    if complaint is None or len(token or "") != 32:
        raise NotFound(_("No request has this token."))
    return complaint
