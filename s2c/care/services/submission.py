"""Receiving a report: validation, rate limits, files, the tracking number and the secret
follow-up link; and citizens' support (+1) for an existing report."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from s2c.core.errors import ApplicationError, Conflict, NotFound
from s2c.core.models import Agency, Region

from .. import deadlines, inputs, notify, ratelimit, roles
from ..models import ApiKey, Category, Complaint, ComplaintEvent, Support, TrackingCounter
from .common import Role, add_event, after_change, logger, now_or
from .files import MAX_FILES, attach_files, kept_on_success, store_files

# Sumatera Selatan with a margin: a pin outside is a mistake.
BOUNDS = {"lat": (-5.4, -1.2), "lon": (101.8, 106.4)}
# The cleaning and the limits live in ``inputs`` (the form and the API schema read them).
PHONE_RE = inputs.PHONE_RE
hash_secret = inputs.hash_secret
normalize_phone = inputs.normalize_phone


class InvalidComplaint(ApplicationError):
    """A submission with one or more invalid fields: ``extra["fields"]`` maps each field
    to its message, so a form can show them beside the fields."""

    code = "invalid_report"


@dataclass
class ComplaintInput:
    """What a citizen (or an app on their behalf) submits."""

    kind: str = Complaint.Kind.PENGADUAN
    category: str = ""  # Category.code
    title: str = ""
    description: str = ""
    privacy: str = Complaint.Privacy.PUBLIC
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    kecamatan: str = ""
    region: str = ""  # Region.code
    agency: str = ""  # Agency.code the reporter believes is responsible
    name: str = ""
    email: str = ""
    phone: str = ""
    attributes: dict = field(default_factory=dict)
    media_url: str = ""
    language: str = "id"


@dataclass
class Submitted:
    complaint: Complaint
    secret: str  # the follow-up token: shown once, only its hash is stored


def _validate(data: ComplaintInput) -> tuple[dict, dict[str, str]]:
    """Clean values and per-field error messages."""
    errs: dict[str, str] = {}
    clean: dict = {}
    if data.kind not in Complaint.Kind.values:
        errs["kind"] = _("Choose what kind of report this is.")
    category = Category.objects.filter(code=data.category or "", is_active=True).first()
    if category is None:
        errs["category"] = _("Choose a category from the list.")
    clean["category"] = category
    title = inputs.one_line(data.title)
    if not inputs.TITLE.min <= len(title) <= inputs.TITLE.max:
        errs["title"] = _("Give a title of %(min)s to %(max)s characters.") % {
            "min": inputs.TITLE.min,
            "max": inputs.TITLE.max,
        }
    clean["title"] = title
    description = inputs.multi_line(data.description)
    if not inputs.DESCRIPTION.min <= len(description) <= inputs.DESCRIPTION.max:
        errs["description"] = _("Describe the problem in %(min)s to %(max)s characters.") % {
            "min": inputs.DESCRIPTION.min,
            "max": inputs.DESCRIPTION.max,
        }
    clean["description"] = description
    # The optional texts, trimmed as the form trims them: over the limit they are refused
    # with Django's own message (the one the form gave before the service checked them).
    for name in ("address", "kecamatan", "name", "email", "phone"):
        value = (getattr(data, name) or "").strip()
        message = inputs.too_long(value, inputs.REPORT_FIELDS[name])
        if message:
            errs[name] = message
    if data.privacy not in Complaint.Privacy.values:
        errs["privacy"] = _("Choose who may see this report.")
    lat, lon = data.latitude, data.longitude
    if (lat is None) != (lon is None):
        errs["location"] = _("A location needs both a latitude and a longitude.")
    elif lat is not None:
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lat, lon)):
            errs["location"] = _("The location is not a valid coordinate.")
        elif not (
            BOUNDS["lat"][0] <= lat <= BOUNDS["lat"][1]
            and BOUNDS["lon"][0] <= lon <= BOUNDS["lon"][1]
        ):
            errs["location"] = _("The location is outside Sumatera Selatan.")
    clean["region"] = None
    if data.region:
        clean["region"] = Region.objects.filter(code=data.region).first()
        if clean["region"] is None:
            errs["region"] = _("Choose a kabupaten or kota from the list.")
    clean["suggested_agency"] = None
    if data.agency:
        clean["suggested_agency"] = Agency.objects.filter(code=data.agency, is_active=True).first()
        if clean["suggested_agency"] is None:
            errs["agency"] = _("Choose an agency from the list, or leave it empty.")
    email = (data.email or "").strip().lower()
    if email and "email" not in errs:
        try:
            validate_email(email)
        except ValidationError:
            errs["email"] = _("Enter a valid email address.")
    clean["email"] = email
    phone = normalize_phone(data.phone)
    if phone and "phone" not in errs and not PHONE_RE.match(phone):
        errs["phone"] = _("Enter a phone number of 8 to 15 digits, e.g. 0812 3456 7890.")
    clean["phone"] = phone
    if data.privacy != Complaint.Privacy.ANONIM and not (email or phone):
        errs["contact"] = _(
            "Give an email address or a phone number so the agency can reach you, "
            "or choose an anonymous report."
        )
    clean["name"] = inputs.one_line(data.name)
    if data.media_url:
        try:
            URLValidator(schemes=["http", "https"])(data.media_url)
        except ValidationError:
            errs["media_url"] = _("The media URL is not a valid web address.")
    if category is not None:
        clean["attributes"] = _validate_attributes(category, data.attributes or {}, errs)
    return clean, errs


def evidence_missing(category: Category | None, *, files: Sequence, media_url: str = "") -> str:
    """Why a report lacks the evidence its category needs ("" when it has it or needs
    none). The report form asks it too, to show it with the form's own errors."""
    if category is None or not category.requires_evidence or files or media_url:
        return ""
    return _(
        "Reports about “%(category)s” need evidence: attach at least one photo or document."
    ) % {"category": category.display_name}


def _validate_attributes(category: Category, given: dict, errs: dict) -> dict:
    result: dict = {}
    for attr in category.attributes.all():
        value = given.get(attr.code)
        if value in (None, "", []):
            if attr.required:
                errs[f"attribute_{attr.code}"] = _("Answer “%(question)s”.") % {
                    "question": attr.description
                }
            continue
        if attr.datatype == attr.Datatype.NUMBER:
            try:
                value = float(value)
                if not math.isfinite(value):  # inf and nan are no JSON: a 500 when stored
                    raise ValueError(value)
            except (TypeError, ValueError):
                errs[f"attribute_{attr.code}"] = _("“%(question)s” needs a number.") % {
                    "question": attr.description
                }
                continue
        elif attr.datatype in (attr.Datatype.SINGLE, attr.Datatype.MULTI):
            values = value if isinstance(value, list) else [value]
            values = [str(v) for v in values]
            if (
                attr.datatype == attr.Datatype.SINGLE
                and len(values) != 1
                or any(v not in attr.value_keys() for v in values)
            ):
                errs[f"attribute_{attr.code}"] = _("Choose a listed answer for “%(question)s”.") % {
                    "question": attr.description
                }
                continue
            value = values if attr.datatype == attr.Datatype.MULTI else values[0]
        else:
            value = str(value)[: inputs.ATTRIBUTE_TEXT.max]
        result[attr.code] = value
    return result


def nearest_region(lat: float, lon: float) -> Region | None:
    """The kabupaten/kota whose centre is nearest: an approximation for filtering."""
    best, best_d = None, None
    for region in Region.objects.exclude(latitude=None).exclude(longitude=None):
        d = (float(region.latitude) - lat) ** 2 + (float(region.longitude) - lon) ** 2
        if best_d is None or d < best_d:
            best, best_d = region, d
    return best


def allocate_tracking_number(year: int) -> str:
    """The next SC-YYYY-NNNNNN; the year's counter row stays locked until commit."""
    counter = TrackingCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        TrackingCounter.objects.bulk_create(
            [TrackingCounter(year=year, last=0)], ignore_conflicts=True
        )
        counter = TrackingCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return inputs.TRACKING_FORMAT.format(year=year, number=counter.last)


def _rate_values(data: ComplaintInput, clean: dict, client_ip, api_key):
    contacts = [v for v in (clean.get("email"), clean.get("phone")) if v]
    return ([client_ip] if client_ip and api_key is None else []), contacts


def complaint_submit(
    *,
    data: ComplaintInput,
    files: Sequence = (),
    user=None,
    client_ip: str | None = None,
    api_key: ApiKey | None = None,
    source: str = Complaint.Source.WEB,
    now: dt.datetime | None = None,
) -> Submitted:
    """Receive a report from a citizen (signed in or not) or an app."""
    now = now_or(now)
    data = inputs.cleaned(data)
    clean, errs = _validate(data)
    if len(files) > MAX_FILES:
        errs["files"] = _("Attach at most %(n)s files.") % {"n": MAX_FILES}
    missing = evidence_missing(clean.get("category"), files=files, media_url=data.media_url)
    if missing:
        errs["files"] = missing
    if errs:
        raise InvalidComplaint(_("Please correct the marked fields."), extra={"fields": errs})
    ip_values, contacts = _rate_values(data, clean, client_ip, api_key)
    ratelimit.check("ip", ip_values)
    ratelimit.check("contact", contacts)
    if api_key is not None:
        ratelimit.check("key", [str(api_key.pk)])

    stored = store_files(files, folder="care/reports")
    category: Category = clean["category"]
    region = clean["region"]
    if region is None and data.latitude is not None:
        region = nearest_region(data.latitude, data.longitude)
    secret = secrets.token_urlsafe(24)
    complaint = Complaint(
        kind=data.kind,
        category=category,
        title=clean["title"],
        description=clean["description"],
        privacy=data.privacy,
        status=Complaint.Status.RECEIVED,
        region=region,
        kecamatan=(data.kecamatan or "").strip(),
        address=(data.address or "").strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        suggested_agency=clean["suggested_agency"],
        reporter_user=user if getattr(user, "is_authenticated", False) else None,
        reporter_name=clean["name"],
        reporter_email=clean["email"],
        reporter_phone=clean["phone"],
        language=(data.language or "id")[:8],
        secret_hash=hash_secret(secret),
        submission_token=uuid.uuid4().hex,
        source=source,
        api_key=api_key,
        attributes=clean.get("attributes", {}),
        media_url=data.media_url or "",
        deadline=deadlines.verify_deadline(category, now),
        created_at=now,
        public_updated_at=now,
    )
    complaint.sync_flags()
    with kept_on_success(stored), transaction.atomic():
        complaint.tracking_number = allocate_tracking_number(deadlines.local_date(now).year)
        complaint.save()
        event = add_event(
            complaint,
            kind=ComplaintEvent.Kind.SUBMITTED,
            role=Role.REPORTER,
            at=now,
            is_public=True,
            to_status=complaint.status,
        )
        attach_files(complaint, event, stored, role=Role.REPORTER, public=True, at=now)
        after_change(complaint, None)
        # In the transaction: the confirmation with the follow-up link is committed with
        # the complaint, or neither is (core.notifications queues its send with it).
        notify.reporter_received(complaint.pk, secret)
    ratelimit.count("ip", ip_values)
    ratelimit.count("contact", contacts)
    if api_key is not None:
        ratelimit.count("key", [str(api_key.pk)])
    logger.info("care report received %s via %s", complaint.tracking_number, source)
    return Submitted(complaint=complaint, secret=secret)


def support_add(
    *,
    complaint: Complaint,
    supporter_key: str,
    client_ip: str | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """A citizen's +1 on an open, publicly listed report. False when already counted."""
    now = now_or(now)
    if not roles.is_public(complaint) or not complaint.is_open:
        raise Conflict(_("Only open public reports can be supported."), code="not_supportable")
    if not supporter_key:
        raise NotFound(_("We could not recognise your browser; enable cookies and try again."))
    ratelimit.check("support", [client_ip or ""])
    key_hash = hashlib.sha256(f"support:{supporter_key}".encode()).hexdigest()
    try:
        with transaction.atomic():
            Support.objects.create(complaint=complaint, key_hash=key_hash, created_at=now)
            Complaint.objects.filter(pk=complaint.pk).update(
                supporters_count=F("supporters_count") + 1
            )
    except IntegrityError:
        return False
    ratelimit.count("support", [client_ip or ""])
    complaint.refresh_from_db(fields=["supporters_count"])
    return True
