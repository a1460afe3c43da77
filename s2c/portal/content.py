"""A service's Standar Pelayanan as one plain value: what a form, an import row, the API
and a pending revision all carry, validated in one place and applied in one place."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from s2c.core.errors import ApplicationError

from .models import LifeEvent, Office, ProcessingTimeUnit, Service, ServiceRequirement, ServiceStep

MAX_ITEMS = 50
TEXT_LIMITS = {
    "name": 200,
    "name_en": 200,
    "summary": 300,
    "summary_en": 300,
    "keywords": 500,
    "processing_time_note": 300,
    "online_url": 500,
}
ITEM_LIMIT = 500
# The largest amount a service may state: Rp 10 milyar (far above any provincial tariff;
# a larger figure is a typing error).
MAX_RUPIAH = 10_000_000_000
_RUPIAH = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+")


def parse_rupiah(text: str) -> int | None:
    """An amount of rupiah as people write it: "150000", "150.000", "Rp 150.000",
    "Rp150,000" (no cents). Empty: None. Raises ``ValueError`` with a message for the
    user for anything else (negative, decimals, "inf", "nan", more than ``MAX_RUPIAH``)."""
    value = re.sub(r"^\s*rp\.?", "", str(text or ""), flags=re.IGNORECASE)
    value = value.replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    if value.startswith("-"):
        raise ValueError(_("The amount cannot be negative."))
    if not _RUPIAH.fullmatch(value):
        raise ValueError(_("Write the amount in whole rupiah, e.g. 150000 or Rp 150.000."))
    amount = int(value.replace(".", "").replace(",", ""))
    if amount > MAX_RUPIAH:
        raise ValueError(_("The amount is too large: at most Rp 10.000.000.000."))
    return amount


# The plain fields a revision may change, in the order the Standar Pelayanan lists them.
SCALAR_FIELDS = (
    "name",
    "name_en",
    "summary",
    "summary_en",
    "description",
    "keywords",
    "target_users",
    "processing_time_value",
    "processing_time_unit",
    "processing_time_note",
    "is_free",
    "cost",
    "cost_amount",
    "cost_legal_basis",
    "product",
    "legal_basis",
    "complaint_channel",
    "online_url",
)
LIST_FIELDS = ("requirements", "steps", "life_events", "offices")


@dataclass
class ServiceContent:
    name: str = ""
    name_en: str = ""  # optional: shown to English readers, Indonesian when empty
    summary: str = ""
    summary_en: str = ""
    description: str = ""
    keywords: str = ""
    target_users: str = ""
    processing_time_value: int | None = None
    processing_time_unit: str = ""
    processing_time_note: str = ""
    is_free: bool = False
    cost: str = ""
    cost_amount: int | None = None  # whole rupiah
    cost_legal_basis: str = ""
    product: str = ""
    legal_basis: str = ""
    complaint_channel: str = ""
    online_url: str = ""
    requirements: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    life_events: list[str] = field(default_factory=list)  # LifeEvent codes
    offices: list[str] = field(default_factory=list)  # Office codes

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServiceContent:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        content = cls(**values)
        content.normalise()
        return content

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def normalise(self) -> None:
        for name in SCALAR_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, value.strip().replace("\r\n", "\n"))
        for name in LIST_FIELDS:
            items = getattr(self, name) or []
            setattr(self, name, [str(i).strip() for i in items if str(i).strip()])
        self.is_free = bool(self.is_free)
        if self.is_free:
            self.cost_amount = None  # a free service has nothing to pay

    def validate(self, *, agency_id: int) -> None:
        """Raise ``ApplicationError`` naming every field that is wrong."""
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if not self.name:
            add("name", _("Give the service a name."))
        for name, limit in TEXT_LIMITS.items():
            if len(getattr(self, name) or "") > limit:
                add(name, _("Use at most %(limit)d characters.") % {"limit": limit})
        value, unit = self.processing_time_value, self.processing_time_unit
        if value is not None and (not isinstance(value, int) or value < 1 or value > 10000):
            add("processing_time_value", _("The processing time must be a whole number from 1."))
        if unit and unit not in ProcessingTimeUnit.values:
            add("processing_time_unit", _("Choose minutes, hours, working days or calendar days."))
        amount = self.cost_amount
        if amount is not None and (
            isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_RUPIAH
        ):
            add(
                "cost_amount",
                _("Write the amount in whole rupiah, from 0 to Rp 10.000.000.000."),
            )
        if (value is None) != (not unit):
            add("processing_time_value", _("Give both the processing time and its unit."))
        if self.online_url:
            try:
                URLValidator(schemes=["http", "https"])(self.online_url)
            except ValidationError:
                add("online_url", _("Enter a full web address starting with http:// or https://."))
        for name in ("requirements", "steps"):
            items = getattr(self, name)
            if len(items) > MAX_ITEMS:
                add(name, _("List at most %(n)d items.") % {"n": MAX_ITEMS})
            if any(len(i) > ITEM_LIMIT for i in items):
                add(name, _("Keep each item under %(n)d characters.") % {"n": ITEM_LIMIT})
        if self.life_events:
            known = set(
                LifeEvent.objects.filter(code__in=self.life_events).values_list("code", flat=True)
            )
            unknown = [c for c in self.life_events if c not in known]
            if unknown:
                add(
                    "life_events",
                    _("Unknown life event: %(codes)s.") % {"codes": ", ".join(unknown)},
                )
        if self.offices:
            known = set(
                Office.objects.filter(
                    code__in=self.offices, agency_id=agency_id, is_active=True
                ).values_list("code", flat=True)
            )
            unknown = [c for c in self.offices if c not in known]
            if unknown:
                add(
                    "offices",
                    _("These offices are not active offices of this agency: %(codes)s.")
                    % {"codes": ", ".join(unknown)},
                )
        if errors:
            raise ApplicationError(
                _("Please correct the marked fields."), code="invalid", extra={"fields": errors}
            )

    def missing_for_publication(self) -> list[str]:
        """The Standar Pelayanan components a published service must state."""
        missing = []
        if not self.requirements:
            missing.append(_("requirements"))
        if not self.steps:
            missing.append(_("procedure"))
        if self.processing_time_value is None:
            missing.append(_("processing time"))
        if not self.is_free and self.cost_amount is None and not self.cost_legal_basis:
            missing.append(_("the amount to pay or where it is set (or mark it free)"))
        if not self.product:
            missing.append(_("product"))
        if not self.complaint_channel:
            missing.append(_("complaint channel"))
        if not self.offices and not self.online_url:
            missing.append(_("where to get it (an office or the online channel)"))
        return missing


def content_of(service: Service) -> ServiceContent:
    """The service's current (published or draft) content."""
    if service.pk is None:
        return ServiceContent()
    data = {name: getattr(service, name) for name in SCALAR_FIELDS}
    data["requirements"] = [r.text for r in service.requirements.all()]
    data["steps"] = [s.text for s in service.steps.all()]
    data["life_events"] = sorted(e.code for e in service.life_events.all())
    data["offices"] = sorted(o.code for o in service.offices.all())
    return ServiceContent.from_dict(data)


def apply_content(service: Service, content: ServiceContent) -> None:
    """Write ``content`` onto the (saved) service row and its ordered rows."""
    for name in SCALAR_FIELDS:
        setattr(service, name, getattr(content, name))
    service.full_clean(exclude=["offices", "life_events", "code"])
    service.save()
    ServiceRequirement.objects.filter(service=service).delete()
    ServiceRequirement.objects.bulk_create(
        ServiceRequirement(service=service, position=i, text=t)
        for i, t in enumerate(content.requirements, start=1)
    )
    ServiceStep.objects.filter(service=service).delete()
    ServiceStep.objects.bulk_create(
        ServiceStep(service=service, position=i, text=t)
        for i, t in enumerate(content.steps, start=1)
    )
    service.life_events.set(LifeEvent.objects.filter(code__in=content.life_events))
    service.offices.set(Office.objects.filter(code__in=content.offices))


def changes(before: ServiceContent, after: ServiceContent) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each component that differs, in Standar Pelayanan order."""
    out = []
    for name in SCALAR_FIELDS + LIST_FIELDS:
        a, b = getattr(before, name), getattr(after, name)
        if name in ("life_events", "offices"):
            a, b = sorted(a), sorted(b)
        if a != b:
            out.append((name, a, b))
    return out
