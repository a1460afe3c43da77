"""Reads of the catalogue. Public reads see published services only; staff reads are
scoped to the agencies the user works for."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from s2c.core import pagecache, permissions
from s2c.core.errors import NotFound
from s2c.core.models import Agency, Region

from ..models import LifeEvent, MonitoredEndpoint, Office, Service, ServiceRevision

PUBLISHED = Service.Status.PUBLISHED
HOME_CACHE_SECONDS = 60


@dataclass(frozen=True)
class CatalogueFilters:
    """Filters of the public catalogue; empty values filter nothing."""

    life_event: str = ""  # LifeEvent code
    agency: str = ""  # Agency code
    region: str = ""  # Region code: services with an active office there
    free: bool | None = None
    online: bool | None = None
    q: str = ""  # words in the name (the full search is core search)


def is_public(service: Service) -> bool:
    """The one rule of who may see a service, for one object: published, of an active
    agency. ``public_services`` is the same rule for a query; the search index and the
    stored pages follow it."""
    return service.status == PUBLISHED and service.agency.is_active


def public_services(filters: CatalogueFilters | None = None) -> QuerySet[Service]:
    """Published services of active agencies, by name."""
    f = filters or CatalogueFilters()
    qs = Service.objects.filter(status=PUBLISHED, agency__is_active=True)  # is_public()
    if f.life_event:
        qs = qs.filter(life_events__code=f.life_event)
    if f.agency:
        qs = qs.filter(agency__code=f.agency)
    if f.region:
        offices = Office.objects.filter(
            services=OuterRef("pk"), region__code=f.region, is_active=True
        )
        qs = qs.filter(Exists(offices))
    if f.free is not None:
        qs = qs.filter(is_free=f.free)
    if f.online is True:
        qs = qs.exclude(online_url="")
    elif f.online is False:
        qs = qs.filter(online_url="")
    for word in f.q.split()[:8]:
        qs = qs.filter(
            Q(name__icontains=word) | Q(name_en__icontains=word) | Q(keywords__icontains=word)
        )
    return qs.select_related("agency").order_by("name", "id")


# Offices people most likely need first: those in the most populous regions (Palembang,
# the province capital, with a fifth of its people, heads every list), then by name;
# offices without a region or a region without a population figure last.
OFFICE_ORDER = (F("region__population").desc(nulls_last=True), "name", "id")


def detail_prefetch(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.select_related("agency", "agency__region").prefetch_related(
        "requirements",
        "steps",
        "life_events",
        Prefetch(
            "offices",
            queryset=Office.objects.filter(is_active=True)
            .select_related("region")
            .order_by(*OFFICE_ORDER),
            to_attr="active_offices",
        ),
    )


def _endpoints_match(service: Service) -> Q:
    match = Q(service_id=service.pk)
    if service.online_url:
        match |= Q(agency_id=service.agency_id, url=service.online_url)
    return match


def endpoints_of(service: Service) -> list[MonitoredEndpoint]:
    """The monitored URLs of the service: linked to it, or its online channel's URL."""
    return list(
        MonitoredEndpoint.objects.filter(_endpoints_match(service), is_active=True).order_by(
            "name", "id"
        )
    )


def attach_endpoints(services: list[Service]) -> None:
    """``active_endpoints`` of each service, in one statement for them all."""
    if not services:
        return
    match = Q()
    for service in services:
        match |= _endpoints_match(service)
    found = list(MonitoredEndpoint.objects.filter(match, is_active=True).order_by("name", "id"))
    for service in services:
        service.active_endpoints = [
            e
            for e in found
            if e.service_id == service.pk
            or (
                service.online_url
                and (e.agency_id, e.url) == (service.agency_id, service.online_url)
            )
        ]


def service_for_viewer(*, user, code: str) -> Service:
    """A service page: published for everyone; a draft or withdrawn service only for the
    staff of its agency and province administrators (a preview)."""
    service = detail_prefetch(Service.objects.filter(code=code)).first()
    if service is None:
        raise NotFound(_("There is no such service."))
    if service.status != PUBLISHED and not permissions.can_act_for_agency(user, service.agency_id):
        raise NotFound(_("There is no such service."))
    if not service.agency.is_active and not permissions.is_province_admin(user):
        raise NotFound(_("There is no such service."))
    service.active_endpoints = endpoints_of(service)
    return service


def service_pending_revision(*, user, service: Service) -> ServiceRevision | None:
    """The change waiting for approval, for staff who may see it."""
    if not permissions.can_act_for_agency(user, service.agency_id):
        return None
    return ServiceRevision.objects.filter(service=service, status="pending").first()


def most_used_services(limit: int = 8) -> list[Service]:
    key = f"portal:most-used:{pagecache._version()}:{limit}"
    found = cache.get(key)
    if found is None:
        found = list(
            Service.objects.filter(status=PUBLISHED, agency__is_active=True)
            .select_related("agency")
            .order_by("-view_count", "name")[:limit]
        )
        cache.set(key, found, HOME_CACHE_SECONDS)
    return found


def life_events() -> list[LifeEvent]:
    """Life events with their number of published services (cached a minute)."""
    key = f"portal:life-events:{pagecache._version()}"
    found = cache.get(key)
    if found is None:
        counts = dict(
            Service.life_events.through.objects.filter(
                service__status=PUBLISHED, service__agency__is_active=True
            )
            .values_list("lifeevent_id")
            .annotate(n=Count("id"))
        )
        found = list(LifeEvent.objects.all())
        for event in found:
            event.service_count = counts.get(event.pk, 0)
        cache.set(key, found, HOME_CACHE_SECONDS)
    return found


def life_event(*, code: str) -> LifeEvent:
    event = LifeEvent.objects.filter(code=code).first()
    if event is None:
        raise NotFound(_("There is no such life event."))
    return event


def regions_with_offices() -> QuerySet[Region]:
    return Region.objects.annotate(
        office_count=Count("offices", filter=Q(offices__is_active=True))
    ).order_by("code")


def region(*, code: str) -> Region:
    found = Region.objects.filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no such region."))
    return found


def public_offices(*, agency: str = "", region: str = "") -> QuerySet[Office]:
    qs = Office.objects.filter(is_active=True, agency__is_active=True)
    if agency:
        qs = qs.filter(agency__code=agency)
    if region:
        qs = qs.filter(region__code=region)
    return qs.select_related("agency", "region").order_by(*OFFICE_ORDER)


def office_for_public(*, code: str) -> Office:
    office = public_offices().filter(code=code).first()
    if office is None:
        raise NotFound(_("There is no such office."))
    return office


# --- staff ---------------------------------------------------------------------------


def services_for_staff(*, user, status: str = "", agency: Agency | None = None, q: str = ""):
    """The services of the agencies the user works for (all for province admins)."""
    qs = permissions.scope_to_agencies(Service.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    if agency is not None:
        qs = qs.filter(agency=agency)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    pending = ServiceRevision.objects.filter(service=OuterRef("pk"), status="pending")
    return (
        qs.select_related("agency")
        .annotate(has_pending=Exists(pending))
        .order_by("agency__name", "name")
    )


def service_for_staff(*, user, code: str) -> Service:
    service = (
        Service.objects.select_related("agency")
        .prefetch_related("requirements", "steps", "life_events", "offices")
        .filter(code=code)
        .first()
    )
    if service is None or not permissions.can_act_for_agency(user, service.agency_id):
        raise NotFound(_("There is no such service."))
    return service


def review_queue(*, user) -> tuple[QuerySet[Service], QuerySet[ServiceRevision]]:
    """What waits for a province administrator: drafts submitted for publication and
    proposed changes to published services."""
    if not permissions.is_province_admin(user):
        return Service.objects.none(), ServiceRevision.objects.none()
    drafts = (
        Service.objects.filter(review_requested_at__isnull=False)
        .exclude(status=PUBLISHED)
        .select_related("agency")
        .order_by("review_requested_at")
    )
    revisions = (
        ServiceRevision.objects.filter(status="pending")
        .select_related("service", "service__agency", "submitted_by")
        .order_by("submitted_at")
    )
    return drafts, revisions


def revision_for_staff(*, user, pk: int) -> ServiceRevision:
    revision = (
        ServiceRevision.objects.select_related("service", "service__agency", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if revision is None or not permissions.can_act_for_agency(user, revision.service.agency_id):
        raise NotFound(_("There is no such revision."))
    return revision


def revisions_of(*, user, service: Service) -> QuerySet[ServiceRevision]:
    if not permissions.can_act_for_agency(user, service.agency_id):
        return ServiceRevision.objects.none()
    return service.revisions.select_related("submitted_by", "reviewed_by")


def offices_for_staff(*, user, agency: Agency | None = None) -> QuerySet[Office]:
    qs = permissions.scope_to_agencies(Office.objects.all(), user)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.select_related("agency", "region").order_by("agency__name", "name")


def office_for_staff(*, user, code: str) -> Office:
    office = Office.objects.select_related("agency", "region").filter(code=code).first()
    if office is None or not permissions.can_act_for_agency(user, office.agency_id):
        raise NotFound(_("There is no such office."))
    return office
