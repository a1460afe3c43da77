"""What the portal puts in core search: published services, agencies and offices."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from s2c.core import search
from s2c.core.models import Agency
from s2c.core.permissions import Visibility

from . import selectors
from .models import Office


def service_document(service) -> search.Document | None:
    if not selectors.is_public(service):
        return None
    requirements = [r.text for r in service.requirements.all()]
    steps = [s.text for s in service.steps.all()]
    life_events = [n for e in service.life_events.all() for n in (e.name, e.name_en) if n]
    # One item a line: snippets keep list items apart.
    body = "\n".join(
        part
        for part in [
            service.description,
            *requirements,
            *steps,
            service.product,
            service.target_users,
            service.agency.name,
        ]
        if part
    )
    keywords = " ".join(
        part
        for part in [service.keywords, service.agency.short_name, " ".join(life_events)]
        if part
    )
    summary = service.summary or service.agency.name
    return search.Document(
        title=service.name,
        title_en=service.name_en,
        url=service.get_absolute_url(),
        summary=summary,
        # Like ``summary``: the agency's (English) name stands in for a missing summary.
        summary_en=service.summary_en or ("" if service.summary else service.agency.name_en),
        body=body,
        keywords=keywords,
        visibility=Visibility.PUBLIC,
        agency_id=service.agency_id,
        region_id=None,
    )


def _services():
    return (
        selectors.public_services()
        .select_related("agency")
        .prefetch_related("requirements", "steps", "life_events")
    )


def agency_document(agency) -> search.Document | None:
    if not agency.is_active:
        return None
    return search.Document(
        title=agency.name,
        title_en=agency.name_en,
        url=reverse("portal:agency", args=[agency.code]),
        summary=agency.mandate[:300] if agency.mandate else agency.get_kind_display(),
        body="\n".join(p for p in [agency.mandate, agency.address, agency.head_name] if p),
        keywords=" ".join(p for p in [agency.short_name, agency.code, "OPD"] if p),
        visibility=Visibility.PUBLIC,
        agency_id=agency.pk,
        region_id=agency.region_id,
    )


def _agencies():
    return Agency.objects.filter(is_active=True)


def office_document(office) -> search.Document | None:
    if not office.is_active or not office.agency.is_active:
        return None
    published = [s for s in office.services.all() if s.status == "published"]
    names = [n for s in published for n in (s.name, s.name_en) if n]
    return search.Document(
        title=office.name,
        url=reverse("portal:office", args=[office.code]),
        summary=office.address,
        body="\n".join(p for p in [office.address, office.hours, *names] if p),
        keywords=office.agency.short_name,
        visibility=Visibility.PUBLIC,
        agency_id=office.agency_id,
        region_id=office.region_id,
    )


def _offices():
    return (
        Office.objects.filter(is_active=True).select_related("agency").prefetch_related("services")
    )


def register() -> None:
    search.register(
        search.SearchType(
            key="portal.service",
            label=_("Public services"),
            model="portal.Service",
            document=service_document,
            queryset=_services,
            order=10,
            priority=10,
        )
    )
    if not any(t.model.lower() == "core.agency" for t in search.all_types()):
        search.register(
            search.SearchType(
                key="portal.agency",
                label=_("Agencies"),
                model="core.Agency",
                document=agency_document,
                queryset=_agencies,
                order=20,
                priority=30,
            )
        )
    search.register(
        search.SearchType(
            key="portal.office",
            label=_("Service offices"),
            model="portal.Office",
            document=office_document,
            queryset=_offices,
            order=30,
            priority=40,
        )
    )
