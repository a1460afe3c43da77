"""Reads of the agency directory (core's agencies, as the portal shows them)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from s2c.core import permissions, search
from s2c.core.errors import NotFound
from s2c.core.models import Agency

from ..models import Service

PUBLISHED = Service.Status.PUBLISHED


def public_agencies(*, q: str = "", kind: str = "") -> QuerySet[Agency]:
    """Active agencies with their number of published services."""
    qs = Agency.objects.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    for word in q.split()[:8]:
        qs = qs.filter(Q(name__icontains=word) | Q(short_name__icontains=word))
    return (
        qs.annotate(
            service_count=Count("portal_services", filter=Q(portal_services__status=PUBLISHED))
        )
        .select_related("region")
        .order_by("name", "id")
    )


def agency_for_public(*, code: str) -> Agency:
    agency = (
        Agency.objects.select_related("region", "parent").filter(code=code, is_active=True).first()
    )
    if agency is None:
        raise NotFound(_("There is no such agency."))
    return agency


def can_manage_some_agency(user) -> bool:
    """A province admin, or an agency admin somewhere (a ``staff_required`` check)."""
    return permissions.is_province_admin(user) or bool(
        permissions.agency_ids(user, {permissions.AGENCY_ADMIN})
    )


def managed_agencies(*, user) -> QuerySet[Agency]:
    """The agencies whose profile, services, offices and URLs the user may edit."""
    if permissions.is_province_admin(user):
        return Agency.objects.order_by("name")
    return Agency.objects.filter(
        pk__in=permissions.agency_ids(user, {permissions.AGENCY_ADMIN})
    ).order_by("name")


def agency_for_manager(*, user, code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not permissions.can_manage_agency(user, agency):
        raise NotFound(_("There is no such agency."))
    return agency


def agency_figures(*, user, agency: Agency) -> list[dict]:
    """What other services index about the agency, counted by type (open datasets,
    complaints, ...), as core search shows them to ``user``; empty without search."""
    results = search.query(user=user, q="", types=None, agency_ids=[agency.pk], page=1, page_size=1)
    return [
        {"key": f.key, "label": f.label, "count": f.count}
        for f in results.facets.get("type", [])
        if not f.key.startswith("portal.")
    ]
