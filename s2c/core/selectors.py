"""Reads of core's data, each scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import permissions
from .models import Agency, AuditEntry, Membership, Region


@dataclass(frozen=True)
class AuditFilters:
    """Filters of the audit log viewer; empty values filter nothing. Dates are days in
    the current time zone (Asia/Jakarta), both ends included."""

    actor: str = ""  # part of the actor's name or username
    action: str = ""  # the action, or its beginning ("admin.", "care.complaint.")
    object_type: str = ""  # e.g. "core.agency"
    agency_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entries_for(user, filters: AuditFilters | None = None) -> QuerySet[AuditEntry]:
    """The audit entries ``user`` may read, newest first: all of them for a province
    admin, those of their agencies for an agency admin, none for anyone else."""
    if not permissions.can_view_audit(user):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.select_related("actor", "agency")
    if not permissions.is_province_admin(user):
        qs = qs.filter(agency_id__in=permissions.agency_ids(user, {permissions.AGENCY_ADMIN}))
    f = filters or AuditFilters()
    if f.actor:
        qs = qs.filter(Q(actor_repr__icontains=f.actor) | Q(actor__username__iexact=f.actor))
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.agency_id is not None:
        qs = qs.filter(agency_id=f.agency_id)
    if f.date_from is not None:
        qs = qs.filter(at__gte=_start_of(f.date_from))
    if f.date_to is not None:
        qs = qs.filter(at__lt=_start_of(f.date_to + dt.timedelta(days=1)))
    return qs.order_by("-at", "-id")


def audit_agencies_for(user) -> QuerySet[Agency]:
    """The agencies whose entries ``user`` may read (for the viewer's agency filter)."""
    if permissions.is_province_admin(user):
        return Agency.objects.order_by("name")
    return Agency.objects.filter(
        pk__in=permissions.agency_ids(user, {permissions.AGENCY_ADMIN})
    ).order_by("name")


def memberships_of(user) -> QuerySet[Membership]:
    """The user's active roles in active agencies (what the staff home shows)."""
    if not permissions.is_authenticated(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__name", "role")
    )


def region_list() -> QuerySet[Region]:
    """Every kabupaten and kota: public data."""
    return Region.objects.order_by("code")


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def _visible_agencies(user) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("region", "parent")
    if permissions.is_province_admin(user):
        return qs
    return qs.filter(is_active=True)


def agency_list(
    user, *, kind: str | None = None, region_code: str | None = None, q: str | None = None
) -> QuerySet[Agency]:
    """Agencies (OPD) ``user`` may see: active ones for everyone, inactive ones too for
    province admins; optionally by kind, region code and a text in their names or code."""
    qs = _visible_agencies(user)
    if kind:
        qs = qs.filter(kind=kind)
    if region_code:
        qs = qs.filter(region__code=region_code)
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(name_en__icontains=q)
            | Q(code__icontains=q)
        )
    return qs.order_by("name", "code")


def agency_by_code(user, code: str) -> Agency | None:
    return _visible_agencies(user).filter(code=code).first()
