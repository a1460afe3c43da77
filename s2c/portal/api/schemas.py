"""Input and output schemas of /api/v1/portal/: explicit fields, kept apart from models."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from s2c.core.api_pagination import PageIn, PageOut
from s2c.core.textinput import TextIn

from ..models import MonitoredEndpoint, ProcessingTimeUnit

# Literal values, not the TextChoices: an enum becomes an OpenAPI component named after its
# class, and Care has a "Kind" too (core.openapi refuses the clash).
EndpointKind = Literal[tuple(MonitoredEndpoint.Kind.values)]


class ServiceFilters(TextIn, PageIn):
    life_event: str | None = Field(None, max_length=40, description="Life event code")
    agency: str | None = Field(None, max_length=50, description="Agency code")
    region: str | None = Field(
        None, max_length=8, description="Region code: services with an office there"
    )
    free: bool | None = Field(None, description="Only free (true) or paid (false) services")
    online: bool | None = Field(None, description="Only services with an online channel")
    q: str | None = Field(
        None, max_length=100, description="Words in the name (Indonesian or English) or keywords"
    )


class OfficeFilters(TextIn, PageIn):
    agency: str | None = Field(None, max_length=50)
    region: str | None = Field(None, max_length=8)


class AgencyProfileFilters(TextIn, PageIn):
    q: str | None = Field(None, max_length=100)
    kind: str | None = Field(None, max_length=16)


class StatusFilters(TextIn, PageIn):
    agency: str | None = Field(None, max_length=50, description="Agency code")


class AgencyRefOut(Schema):
    code: str
    short_name: str
    name: str


class ProcessingTimeOut(Schema):
    value: int | None
    unit: ProcessingTimeUnit | None
    text: str = Field(description='In the request\'s language, e.g. "1 hari kerja"')
    note: str


class ServiceOut(Schema):
    code: str
    name: str = Field(description="The official (Indonesian) name")
    name_en: str = Field(description="The name in English; empty when there is none")
    summary: str
    summary_en: str = Field(description="The summary in English; empty when there is none")
    agency: AgencyRefOut
    is_free: bool
    processing_time: ProcessingTimeOut
    online_url: str
    url: str = Field(description="The service's public page")
    updated_at: dt.datetime


class OfficeOut(Schema):
    code: str
    name: str
    agency: str = Field(description="Agency code")
    address: str
    region: str | None = Field(description="Region code")
    latitude: float | None
    longitude: float | None
    hours: str
    phone: str


class EndpointStateOut(Schema):
    id: UUID
    name: str
    url: str
    kind: EndpointKind
    state: MonitoredEndpoint.State
    last_checked_at: dt.datetime | None
    last_status_code: int | None
    last_response_ms: int | None
    tls_expires_at: dt.datetime | None


class FeedbackCountOut(Schema):
    useful: int
    not_useful: int


class ServiceDetailOut(ServiceOut):
    description: str
    target_users: str
    requirements: list[str] = Field(description="Persyaratan, in order")
    steps: list[str] = Field(description="Prosedur, in order")
    cost: str
    cost_amount: int | None = Field(
        description="The amount to pay in whole rupiah (the lowest when it varies); null "
        "when free or when cost_legal_basis says where it is set"
    )
    cost_legal_basis: str
    product: str
    legal_basis: str
    complaint_channel: str
    life_events: list[str] = Field(description="Life event codes")
    offices: list[OfficeOut]
    online_status: list[EndpointStateOut]
    feedback: FeedbackCountOut
    published_at: dt.datetime | None


class ServicePageOut(PageOut):
    results: list[ServiceOut]


class OfficePageOut(PageOut):
    results: list[OfficeOut]


class LifeEventOut(Schema):
    code: str
    name: str
    name_en: str
    description: str
    description_en: str
    service_count: int


class AgencyProfileOut(Schema):
    code: str
    short_name: str
    name: str
    kind: str
    service_count: int
    url: str


class AgencyProfilePageOut(PageOut):
    results: list[AgencyProfileOut]


class AgencyProfileDetailOut(AgencyProfileOut):
    mandate: str
    head_name: str
    head_title: str
    address: str
    phone: str
    email: str
    website: str
    latitude: float | None
    longitude: float | None
    services: list[ServiceOut]
    offices: list[OfficeOut]


class StatusOut(EndpointStateOut):
    agency: AgencyRefOut
    service: str | None = Field(description="Code of the service this URL is the channel of")
    uptime_90d: float | None = Field(
        description="Percentage of successful checks over the last 90 days, or since "
        "uptime_since when the URL was first checked later"
    )
    uptime_since: dt.date | None = Field(
        description="The first day uptime_90d covers: 90 days ago, or the day of the URL's "
        "first check when that is later; null before the first check"
    )


class StatusPageOut(PageOut):
    results: list[StatusOut]


class DayOut(Schema):
    day: dt.date
    checks: int
    ok_checks: int
    uptime: float | None
    average_ms: int | None


class IncidentOut(Schema):
    started_at: dt.datetime
    resolved_at: dt.datetime | None
    first_error: str
    last_error: str
    failed_checks: int


class StatusDetailOut(StatusOut):
    history: list[DayOut] = Field(description="The last 90 days, oldest first")
    incidents: list[IncidentOut]


class FeedbackIn(TextIn):
    useful: bool
    comment: str = Field("", max_length=500)


class FeedbackOut(Schema):
    useful: int
    not_useful: int
