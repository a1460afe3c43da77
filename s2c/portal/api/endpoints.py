"""The portal's Django Ninja router, mounted by core at /api/v1/portal/.

Every GET answers with a weak ``ETag`` and honours ``If-None-Match`` (304). Lists use
core's page/page_size envelope. Reads go through the portal's selectors."""

from __future__ import annotations

from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from s2c.core import api_auth, pagecache
from s2c.core.api_errors import InvalidInput
from s2c.core.api_pagination import paginate_items
from s2c.core.conditional import conditional_json
from s2c.core.middleware import client_ip
from s2c.core.models import Agency, Region

from .. import selectors, services
from ..models import LifeEvent, Service
from ..selectors import status as status_selectors
from . import schemas as s

router = Router(tags=["portal"])


def _agency_ref(agency) -> dict:
    return {"code": agency.code, "short_name": agency.short_name, "name": agency.name}


def service_data(service: Service) -> dict:
    return {
        "code": service.code,
        "name": service.name,
        "name_en": service.name_en,
        "summary": service.summary,
        "summary_en": service.summary_en,
        "agency": _agency_ref(service.agency),
        "is_free": service.is_free,
        "processing_time": {
            "value": service.processing_time_value,
            "unit": service.processing_time_unit or None,
            "text": service.processing_time_display,
            "note": service.processing_time_note,
        },
        "online_url": service.online_url,
        "url": service.get_absolute_url(),
        "updated_at": service.updated_at,
    }


def office_data(office) -> dict:
    return {
        "code": office.code,
        "name": office.name,
        "agency": office.agency.code,
        "address": office.address,
        "region": office.region.code if office.region_id else None,
        "latitude": office.latitude,
        "longitude": office.longitude,
        "hours": office.hours,
        "phone": office.phone,
    }


def endpoint_state(endpoint) -> dict:
    return {
        "id": endpoint.public_id,
        "name": endpoint.name,
        "url": endpoint.url,
        "kind": endpoint.kind,
        "state": endpoint.state,
        "last_checked_at": endpoint.last_checked_at,
        "last_status_code": endpoint.last_status_code,
        "last_response_ms": endpoint.last_response_ms,
        "tls_expires_at": endpoint.tls_expires_at,
    }


def _check_codes(**codes) -> None:
    """Unknown filter codes are a 422 naming the field, not an empty list."""
    models = {"agency": Agency, "region": Region, "life_event": LifeEvent}
    problems = {
        name: [str(_("There is no %(name)s with this code.") % {"name": name.replace("_", " ")})]
        for name, value in codes.items()
        if value and not models[name].objects.filter(code=value).exists()
    }
    if problems:
        raise InvalidInput(_("Some values in the request are not valid."), extra=problems)


@router.get("/services", response=s.ServicePageOut, summary="Public services")
@pagecache.public_answer
def service_list(request, filters: Query[s.ServiceFilters]):
    _check_codes(agency=filters.agency, region=filters.region, life_event=filters.life_event)
    qs = selectors.public_services(
        selectors.CatalogueFilters(
            life_event=filters.life_event or "",
            agency=filters.agency or "",
            region=filters.region or "",
            free=filters.free,
            online=filters.online,
            q=filters.q or "",
        )
    )
    data = paginate_items(qs, filters, results=lambda items: [service_data(x) for x in items])
    return conditional_json(request, s.ServicePageOut, data)


@router.get("/services/{code}", response=s.ServiceDetailOut, summary="One public service")
@pagecache.public_answer
def service_detail(request, code: str):
    service = selectors.service_for_viewer(user=api_auth.acting_user(request), code=code)
    data = {
        **service_data(service),
        "description": service.description,
        "target_users": service.target_users,
        "requirements": [r.text for r in service.requirements.all()],
        "steps": [x.text for x in service.steps.all()],
        "cost": service.cost,
        "cost_amount": service.cost_amount,
        "cost_legal_basis": service.cost_legal_basis,
        "product": service.product,
        "legal_basis": service.legal_basis,
        "complaint_channel": service.complaint_channel,
        "life_events": [e.code for e in service.life_events.all()],
        "offices": [office_data(o) for o in service.active_offices],
        "online_status": [endpoint_state(e) for e in service.active_endpoints],
        "feedback": {"useful": service.feedback_useful, "not_useful": service.feedback_not_useful},
        "published_at": service.published_at,
    }
    return conditional_json(request, s.ServiceDetailOut, data)


@router.post("/services/{code}/feedback", response=s.FeedbackOut, summary='"Was this page useful?"')
def service_feedback(request, code: str, payload: s.FeedbackIn):
    api_auth.acting_user(request)  # checks CSRF for a browser session
    service = selectors.service_for_viewer(user=None, code=code)
    services.feedback_submit(
        service=service,
        useful=payload.useful,
        comment=payload.comment,
        ip=client_ip(request),
        language=request.LANGUAGE_CODE,
    )
    service.refresh_from_db(fields=["feedback_useful", "feedback_not_useful"])
    return {"useful": service.feedback_useful, "not_useful": service.feedback_not_useful}


@router.get("/offices", response=s.OfficePageOut, summary="Service offices")
@pagecache.public_answer
def office_list(request, filters: Query[s.OfficeFilters]):
    _check_codes(agency=filters.agency, region=filters.region)
    qs = selectors.public_offices(agency=filters.agency or "", region=filters.region or "")
    data = paginate_items(qs, filters, results=lambda items: [office_data(x) for x in items])
    return conditional_json(request, s.OfficePageOut, data)


@router.get("/offices/{code}", response=s.OfficeOut, summary="One office")
@pagecache.public_answer
def office_detail(request, code: str):
    return conditional_json(
        request, s.OfficeOut, office_data(selectors.office_for_public(code=code))
    )


@router.get("/life-events", response=list[s.LifeEventOut], summary="Life events")
@pagecache.public_answer
def life_event_list(request):
    data = [
        {
            "code": e.code,
            "name": e.name,
            "name_en": e.name_en,
            "description": e.description,
            "description_en": e.description_en,
            "service_count": e.service_count,
        }
        for e in selectors.life_events()
    ]
    return conditional_json(request, list[s.LifeEventOut], data)


def _agency_profile(agency) -> dict:
    return {
        "code": agency.code,
        "short_name": agency.short_name,
        "name": agency.name,
        "kind": agency.kind,
        "service_count": getattr(agency, "service_count", 0),
        "url": reverse("portal:agency", args=[agency.code]),
    }


@router.get("/agencies", response=s.AgencyProfilePageOut, summary="Agency profiles")
@pagecache.public_answer
def agency_list(request, filters: Query[s.AgencyProfileFilters]):
    qs = selectors.public_agencies(q=filters.q or "", kind=filters.kind or "")
    data = paginate_items(qs, filters, results=lambda items: [_agency_profile(x) for x in items])
    return conditional_json(request, s.AgencyProfilePageOut, data)


@router.get(
    "/agencies/{code}",
    response=s.AgencyProfileDetailOut,
    summary="An agency's profile with its services and offices",
)
def agency_detail(request, code: str):
    agency = selectors.agency_for_public(code=code)
    agency_services = list(selectors.public_services(selectors.CatalogueFilters(agency=code)))
    agency.service_count = len(agency_services)
    data = {
        **_agency_profile(agency),
        "mandate": agency.mandate,
        "head_name": agency.head_name,
        "head_title": agency.head_title,
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.email,
        "website": f"https://{agency.website_domain}/" if agency.website_domain else "",
        "latitude": agency.latitude,
        "longitude": agency.longitude,
        "services": [service_data(x) for x in agency_services],
        "offices": [office_data(o) for o in selectors.public_offices(agency=code)],
    }
    return conditional_json(request, s.AgencyProfileDetailOut, data)


def _status(endpoint, series, first_checked: dict) -> dict:
    measured = status_selectors.measured(series, first_checked.get(endpoint.pk))
    return {
        **endpoint_state(endpoint),
        "agency": _agency_ref(endpoint.agency),
        "service": endpoint.service.code if endpoint.service_id else None,
        "uptime_90d": status_selectors.uptime(series),
        "uptime_since": measured.since if measured else None,
    }


def _statuses(endpoints: list) -> list[dict]:
    ids = [e.pk for e in endpoints]
    series, first = status_selectors.history(ids), status_selectors.first_checked(ids)
    return [_status(e, series[e.pk], first) for e in endpoints]


@router.get("/status", response=s.StatusPageOut, summary="Monitored web services, now")
@pagecache.public_answer
def status_list(request, filters: Query[s.StatusFilters]):
    _check_codes(agency=filters.agency)
    qs = status_selectors.public_endpoints()
    if filters.agency:
        qs = qs.filter(agency__code=filters.agency)
    data = paginate_items(qs, filters, results=_statuses)
    return conditional_json(request, s.StatusPageOut, data, max_age=30)


@router.get("/status/{endpoint_id}", response=s.StatusDetailOut, summary="90-day history")
@pagecache.public_answer
def status_detail(request, endpoint_id: UUID):
    endpoint = status_selectors.endpoint_for_public(public_id=endpoint_id)
    series = status_selectors.history([endpoint.pk])[endpoint.pk]
    data = {
        **_status(endpoint, series, status_selectors.first_checked([endpoint.pk])),
        "history": [
            {
                "day": d.day,
                "checks": d.checks,
                "ok_checks": d.ok_checks,
                "uptime": d.uptime,
                "average_ms": d.average_ms,
            }
            for d in series
        ],
        "incidents": [
            {
                "started_at": i.started_at,
                "resolved_at": i.resolved_at,
                "first_error": i.first_error,
                "last_error": i.last_error,
                "failed_checks": i.failed_checks,
            }
            for i in status_selectors.recent_incidents(endpoint=endpoint)
        ],
    }
    return conditional_json(request, s.StatusDetailOut, data, max_age=30)
