"""An agency's public profile, edited by its own administrators or the province."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from s2c.core import audit
from s2c.core.errors import ApplicationError
from s2c.core.models import Agency

from ..indexing import reindex_agency_on_commit
from ._common import require_manage


@dataclass
class AgencyProfile:
    mandate: str = ""
    head_name: str = ""
    head_title: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website_domain: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _clean_domain(value: str) -> str:
    value = value.strip().lower()
    for prefix in ("https://", "http://"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    return value.strip("/")


@transaction.atomic
def agency_profile_update(*, by, agency: Agency, profile: AgencyProfile) -> Agency:
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    require_manage(by=by, agency_id=agency.pk)
    profile_fields = [f.name for f in fields(AgencyProfile)]
    before = audit.snapshot(agency, profile_fields)
    profile.website_domain = _clean_domain(profile.website_domain)
    errors: dict[str, list[str]] = {}
    if (profile.latitude is None) != (profile.longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    if profile.website_domain and ("/" in profile.website_domain or " " in profile.website_domain):
        errors["website_domain"] = [_("Enter a domain name only, e.g. dinkes.sumselprov.go.id.")]
    for f in fields(AgencyProfile):
        value = getattr(profile, f.name)
        setattr(agency, f.name, value.strip() if isinstance(value, str) else value)
    try:
        agency.full_clean(exclude=["logo", "parent", "region"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), extra={"fields": errors})
    agency.save()
    audit.record(
        actor=by,
        action="portal.agency.update",
        obj=agency,
        before=before,
        after=audit.snapshot(agency, profile_fields),
    )
    reindex_agency_on_commit(agency.pk)
    return agency
