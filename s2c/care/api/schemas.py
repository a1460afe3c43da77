"""Input and output schemas of /api/v1/care/, apart from the models, with explicit fields.
Public outputs carry the public (redacted, masked) text and never a reporter's identity."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.urls import reverse
from ninja import Field, Schema

from s2c.core.textinput import TextIn

from .. import inputs, presenters
from ..models import Category, Complaint

# Literal values, not the TextChoices: an enum becomes an OpenAPI component named after its
# class, and Gov has a "Kind" too (core.openapi refuses the clash).
ReportKind = Literal[tuple(Complaint.Kind.values)]


class AttributeOut(Schema):
    code: str
    datatype: str
    required: bool
    description: str
    datatype_description: str
    values: list[dict]


class CategoryOut(Schema):
    code: str = Field(description="Also the Open311 service_code")
    name: str
    name_en: str
    description: str
    group: str
    keywords: list[str]
    agency: str | None = Field(description="Code of the agency (OPD) responsible by default")
    verify_days: int
    followup_days: int
    resolve_days: int
    reopen_days: int
    escalation_days: int
    requires_evidence: bool = Field(
        description="A report needs at least one photo or document (or a media URL)"
    )
    attributes: list[AttributeOut]

    @staticmethod
    def resolve_keywords(obj: Category) -> list[str]:
        return obj.keyword_list()

    @staticmethod
    def resolve_agency(obj: Category) -> str | None:
        return obj.agency.code if obj.agency_id else None

    @staticmethod
    def resolve_attributes(obj: Category) -> list:
        return list(obj.attributes.all())


def limited(length: inputs.Length, *args, **kwargs):
    """A text field whose limit (``inputs``) the OpenAPI document states and the service
    enforces, so the API refuses an over-long value as the page does."""
    return Field(*args, json_schema_extra={"maxLength": length.max}, **kwargs)


class ReportIn(TextIn):
    """Sent form-encoded or as multipart (with up to 5 files in ``files``)."""

    kind: ReportKind = Complaint.Kind.PENGADUAN.value
    category: str = Field(max_length=50, description="A category code")
    title: str = limited(inputs.TITLE)
    description: str = limited(inputs.DESCRIPTION)
    privacy: Complaint.Privacy = Complaint.Privacy.PUBLIC
    latitude: float | None = None
    longitude: float | None = None
    address: str = limited(inputs.ADDRESS, "")
    kecamatan: str = limited(inputs.KECAMATAN, "")
    region: str = Field("", max_length=8, description="A region code, e.g. 1671")
    agency: str = Field(
        "", max_length=50, description="The agency the reporter believes is responsible"
    )
    name: str = limited(inputs.NAME, "")
    email: str = limited(inputs.EMAIL, "")
    phone: str = limited(inputs.PHONE, "")
    language: str = Field("id", max_length=8)


class ReportCreatedOut(Schema):
    tracking_number: str
    status: str
    deadline: dt.date | None = Field(description="The date by which it will be verified")
    follow_secret: str = Field(description="Shown once: keep it to follow, reply and rate")
    follow_url: str
    track_url: str


class TimelineOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    actor: str
    note: str
    target: str
    attachments: list[str] = Field(description="URLs of public files")


class ReportOut(Schema):
    tracking_number: str
    kind: str
    category: str
    category_name: str
    title: str
    status: str
    status_label: str
    agency: str | None
    agency_name: str | None
    region: str | None
    kecamatan: str
    latitude: float | None
    longitude: float | None
    supporters: int
    created_at: dt.datetime
    updated_at: dt.datetime
    url: str

    @staticmethod
    def from_complaint(c: Complaint, request=None) -> dict:
        return {
            "tracking_number": c.tracking_number,
            "kind": c.kind,
            "category": c.category.code,
            "category_name": c.category.display_name,
            "title": presenters.public_title(c),
            "status": c.status,
            "status_label": str(Complaint.Status(c.status).label),
            "agency": c.agency.code if c.agency_id else None,
            "agency_name": c.agency.name if c.agency_id else None,
            "region": c.region.code if c.region_id else None,
            "kecamatan": c.kecamatan,
            "latitude": c.latitude,
            "longitude": c.longitude,
            "supporters": c.supporters_count,
            "created_at": c.created_at,
            "updated_at": c.public_updated_at,
            "url": _absolute(request, c.get_absolute_url()),
        }


class ReportDetailOut(ReportOut):
    description: str
    address: str
    resolution: str
    status_reason: str
    rating: int | None
    merged_into: str | None
    timeline: list[TimelineOut]


class TrackOut(Schema):
    """A report that is not public shows its status only (the other fields null), unless
    the caller is its reporter, signed in, or staff who handle it."""

    tracking_number: str
    status: str
    status_label: str
    is_public: bool
    deadline: dt.date | None
    agency_name: str | None
    created_at: dt.datetime | None
    url: str | None = Field(description="The public page; null for a report that is not public")


class SupportOut(Schema):
    counted: bool
    supporters: int


class FollowOut(ReportDetailOut):
    privacy: str
    can_rate: bool
    can_reopen: bool
    can_reply: bool
    rate_until: dt.date | None


class ReplyIn(TextIn):
    message: str = limited(inputs.TEXT)


class RatingIn(TextIn):
    rating: int = Field(ge=1, le=5)
    comment: str = limited(inputs.COMMENT, "")


class ReopenIn(TextIn):
    reason: str = limited(inputs.TEXT)


class LeagueOut(Schema):
    agency: str
    agency_name: str
    received: int
    completed: int
    overdue: int
    sla_percent: float | None
    median_followup_hours: float | None
    median_followup_days: float | None
    satisfaction: float | None


def _absolute(request, path: str) -> str:
    if request is None:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def timeline_out(entries, request=None) -> list[dict]:
    return [
        {
            "at": e.event.at,
            "kind": e.event.kind,
            "label": e.label,
            "actor": e.actor,
            "note": e.note,
            "target": e.target,
            "attachments": [_absolute(request, _file_url(a)) for a in e.attachments],
        }
        for e in entries
    ]


def _file_url(attachment) -> str:
    return reverse("care:attachment", args=[attachment.pk])


def detail_out(c: Complaint, request=None) -> dict:
    data = ReportOut.from_complaint(c, request)
    data.update(
        description=presenters.public_description(c),
        address=c.address,
        resolution=presenters.pii.mask(c.resolution),
        status_reason=presenters.pii.mask(c.status_reason),
        rating=c.rating,
        merged_into=c.merged_into.tracking_number if c.merged_into_id else None,
        timeline=timeline_out(presenters.public_timeline(c), request),
    )
    return data
