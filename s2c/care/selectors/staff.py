"""Staff reads: what the acting user may see, nothing else.

Province verifiers and supervisors see every report; agency staff see the reports
dispositioned to their agencies (and, in the "related" view, those where their agency is
a related agency)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from s2c.core import calendar, paging, permissions
from s2c.core.errors import ApplicationError, NotFound, PermissionDenied
from s2c.core.models import Agency, Region, User

from .. import roles
from ..inputs import tracking_number
from ..models import YES, ApiKey, Category, Complaint

SORTS = {
    "deadline": [F("deadline").asc(nulls_last=True), "created_at"],
    "newest": ["-created_at"],
    "oldest": ["created_at"],
}


@dataclass
class InboxFilters:
    view: str = ""  # "": own agency (agency staff) / everything (province); "verify",
    #                   "related", "escalated", "mine"
    status: str = "open"  # "open", "all", or a Complaint.Status value
    category: str = ""  # Category.code
    region: str = ""  # Region.code
    agency: str = ""  # Agency.code (province staff)
    overdue: bool = False
    sort: str = "deadline"


# The inbox totals are cached (core.paging); every write to a report forgets them.
INBOX_COUNTS = "care.inbox"


def inbox_count_key(user, filters: InboxFilters, today: dt.date) -> str:
    """What decides which reports an inbox lists, besides the reports themselves."""
    scope = "province" if roles.is_province_staff(user) else sorted(permissions.agency_ids(user))
    return f"{INBOX_COUNTS}:{user.pk}:{scope}:{filters!r}:{today.isoformat()}"


def inbox_version() -> int:
    return paging.version(INBOX_COUNTS)


def forget_inbox_counts(**kwargs) -> None:
    """A report changed (also a signal receiver: post_save and post_delete of Complaint)."""
    paging.bump(INBOX_COUNTS)


def _base(user, view: str) -> QuerySet[Complaint]:
    if not roles.is_care_staff(user):
        raise PermissionDenied(_("Only Sumsel Care staff may open the inbox."))
    qs = Complaint.objects.all()
    own = permissions.agency_ids(user)
    if view == "related":
        return qs.filter(related_agencies__in=own).distinct()
    if roles.is_province_staff(user):
        return qs
    return qs.filter(agency_id__in=own)


def inbox(user, filters: InboxFilters | None = None, *, today: dt.date | None = None):
    """The reports the user works on, filtered; by deadline (overdue first) by default."""
    f = filters or InboxFilters()
    qs = _base(user, f.view)
    today = today or calendar.today()
    if f.view == "verify":
        qs = qs.filter(status__in=Complaint.VERIFIER_STATUSES)
    elif f.view == "escalated":
        qs = qs.filter(is_open__in=YES, escalated_at__isnull=False)
    elif f.view == "mine":
        qs = qs.filter(assigned_to=user)
    if f.status == "open":
        qs = qs.filter(is_open__in=YES)
    elif f.status in Complaint.Status.values:
        qs = qs.filter(status=f.status)
    elif f.status not in ("", "all"):
        raise ApplicationError(_("Unknown status filter."), code="invalid_filter")
    if f.category:
        qs = qs.filter(category__code=f.category)
    if f.region:
        qs = qs.filter(region__code=f.region)
    if f.agency and roles.is_province_staff(user):
        qs = qs.filter(agency__code=f.agency)
    if f.overdue:
        qs = qs.filter(is_open__in=YES, deadline__lt=today)
    if f.sort not in SORTS:
        raise ApplicationError(_("Unknown sort order."), code="invalid_sort")
    order = SORTS[f.sort]
    if f.sort == "deadline" and (f.status == "open" or f.overdue):
        # Open reports always have a deadline: a plain ascending order walks the
        # (agency, is_open, deadline) index on SQLite as well as on PostgreSQL.
        order = ["deadline"]
    return qs.select_related("category", "agency", "region", "assigned_to").order_by(*order, "id")


def inbox_choice_lists(user) -> tuple[list, list, list]:
    """What the inbox's filters offer: (code, name, name_en) of the active categories,
    (code, display name) of the regions, and (code, name, short name) of the active
    agencies for province staff (empty for agency staff). Categories and regions change
    rarely (the Django admin) and are kept a minute in the cache."""
    categories = cache.get_or_set(
        "care:inbox:categories",
        lambda: list(
            Category.objects.filter(is_active=True)
            .order_by("order", "name")
            .values_list("code", "name", "name_en")
        ),
        60,
    )
    regions = cache.get_or_set(
        "care:inbox:regions",
        lambda: [
            (r.code, r.display_name)
            for r in Region.objects.order_by("name").only("code", "name", "kind")
        ],
        60,
    )
    agencies = []
    if roles.is_province_staff(user):
        agencies = list(
            Agency.objects.filter(is_active=True)
            .order_by("name")
            .values_list("code", "name", "short_name")
        )
    return categories, regions, agencies


def complaint_for_staff(user, number: str) -> Complaint:
    """Find a report by tracking number and check the user may open it (Zulip's
    ``access_message``): the caller cannot forget the check."""
    number = tracking_number(number) or (number or "").strip().upper()[:40]
    complaint = (
        Complaint.objects.select_related(
            "category", "agency", "region", "assigned_to", "merged_into", "suggested_agency"
        )
        .filter(tracking_number=number)
        .first()
    )
    if complaint is None:
        raise NotFound(_("No report has the tracking number %(number)s.") % {"number": number})
    if not roles.can_view(user, complaint):
        raise PermissionDenied(_("You may not open this report."))
    return complaint


def officers_for(user, complaint: Complaint) -> QuerySet[User]:
    """The staff of the responsible agency, to assign to (only for its own staff)."""
    if not complaint.agency_id or not roles.can_act_as_agency(user, complaint):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__agency_id=complaint.agency_id,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
        .only("id", "username", "full_name", "first_name", "last_name")
    )


def assignable_officers(user) -> QuerySet[User]:
    """Staff of the agencies the user works in (for bulk assignment in the inbox)."""
    own = permissions.agency_ids(user)
    if not own:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__agency_id__in=own,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
        .only("id", "username", "full_name", "first_name", "last_name")
    )


def api_keys_for(user):
    """Open311 API keys, for province administrators only."""
    if not permissions.is_province_admin(user):
        return ApiKey.objects.none()
    return ApiKey.objects.select_related("created_by", "owner").order_by("-created_at")
