"""Open data: the writes (services) and reads (selectors) of datasets and resources.

Who does what:
- the producing agency's staff (any role) create and edit its datasets, add resources,
  and submit a draft for review;
- the walidata (the province's data steward: a province admin) approves a dataset in
  review, which publishes it, or returns it with a note; either side may unpublish;
- everyone sees published datasets; drafts are seen by their agency's staff and the
  walidata only.

Transitions live in one table, ``TRANSITIONS``, that the services, the pages and the
review queue all read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from s2c.core import audit, permissions, uploads
from s2c.core.errors import ApplicationError, NotFound, PermissionDenied
from s2c.core.textinput import clean_text

from .models import Dataset, Resource, Tag, Topic

State = Dataset.State

AUDITED = [
    "name",
    "title",
    "notes",
    "agency",
    "topic",
    "licence",
    "frequency",
    "temporal_start",
    "temporal_end",
    "region",
    "contact_name",
    "contact_email",
    "state",
    "review_note",
]
EDITABLE = [
    "title",
    "notes",
    "topic",
    "licence",
    "frequency",
    "temporal_start",
    "temporal_end",
    "region",
    "contact_name",
    "contact_email",
]
MAX_TAGS = 30
RESOURCE_FOLDER = "sidata/resources"
RESOURCES = uploads.UploadPolicy(
    kinds={uploads.CSV, uploads.XLSX, uploads.TEXT}, max_bytes=50 * uploads.MB
)


def is_walidata(user) -> bool:
    """The province's data steward: reviews and publishes datasets."""
    return permissions.is_province_admin(user)


def can_edit(user, dataset: Dataset) -> bool:
    if is_walidata(user):
        return True
    return dataset.state in (State.DRAFT, State.RETURNED) and permissions.has_agency_role(
        user, dataset.agency_id
    )


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    walidata_only: bool


TRANSITIONS = {
    "submit": Transition("submit", (State.DRAFT, State.RETURNED), State.IN_REVIEW, False),
    "approve": Transition("approve", (State.IN_REVIEW,), State.PUBLISHED, True),
    "return": Transition("return", (State.IN_REVIEW,), State.RETURNED, True),
    "unpublish": Transition("unpublish", (State.PUBLISHED,), State.DRAFT, False),
}


def allowed_actions(user, dataset: Dataset) -> list[str]:
    """The transitions ``user`` may apply to ``dataset`` now (for buttons and checks)."""
    out = []
    for name, rule in TRANSITIONS.items():
        if dataset.state not in rule.sources:
            continue
        if is_walidata(user) or (
            not rule.walidata_only and permissions.has_agency_role(user, dataset.agency_id)
        ):
            out.append(name)
    return out


# --- Input rules ----------------------------------------------------------------------------

_TAG = re.compile(r"^[\w .-]{1,100}$", re.UNICODE)


def _one_line(value, limit: int) -> str:
    return " ".join(clean_text(str(value or "")).split())[:limit]


def clean_tags(tags) -> list[str]:
    """Tag words: lowercase, one line, no duplicates, CKAN's characters only."""
    if isinstance(tags, str):
        tags = tags.split(",")
    out: list[str] = []
    for raw in tags or ():
        tag = _one_line(raw, 100).lower()
        if not tag:
            continue
        if not _TAG.match(tag):
            raise ApplicationError(
                _("A tag may hold letters, digits, spaces, '-', '_' and '.' only: %(tag)s")
                % {"tag": tag},
                extra={"fields": {"tags": [_("Invalid tag.")]}},
            )
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise ApplicationError(
            _("At most %(n)s tags.") % {"n": MAX_TAGS}, extra={"fields": {"tags": ["too many"]}}
        )
    return out


def _validate(dataset: Dataset) -> None:
    try:
        dataset.full_clean(exclude=["tags"])
    except ValidationError as exc:
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        first = next(iter(fields.values()))[0] if fields else _("Invalid dataset.")
        raise ApplicationError(first, extra={"fields": fields}) from None


def _set_tags(dataset: Dataset, tags: list[str]) -> None:
    objs = []
    for name in tags:
        tag, _created = Tag.objects.get_or_create(name=name)
        objs.append(tag)
    dataset.tags.set(objs)


def _touch(dataset: Dataset) -> None:
    dataset.modified_at = timezone.now()
    Dataset.objects.filter(pk=dataset.pk).update(modified_at=dataset.modified_at)


# --- Services ------------------------------------------------------------------------------


@transaction.atomic
def dataset_create(
    *,
    agency,
    name: str,
    title: str,
    by,
    notes: str = "",
    topic: Topic | None = None,
    tags=(),
    licence: str = Dataset.Licence.CC_BY,
    frequency: str = Dataset.Frequency.ANNUAL,
    temporal_start: dt.date | None = None,
    temporal_end: dt.date | None = None,
    region=None,
    contact_name: str = "",
    contact_email: str = "",
) -> Dataset:
    """A new draft dataset of ``agency``; only its staff or the walidata may add one."""
    if not permissions.can_act_for_agency(by, agency):
        raise PermissionDenied(_("You may not add datasets for this agency."))
    tag_names = clean_tags(tags)
    dataset = Dataset(
        agency=agency,
        name=_one_line(name, 200).lower(),
        title=_one_line(title, 300),
        notes=clean_text(notes or "").strip(),
        topic=topic,
        licence=licence,
        frequency=frequency,
        temporal_start=temporal_start,
        temporal_end=temporal_end,
        region=region,
        contact_name=_one_line(contact_name, 200),
        contact_email=_one_line(contact_email, 300),
        created_by=by,
    )
    _validate(dataset)
    dataset.save()
    _set_tags(dataset, tag_names)
    audit.record(
        actor=by,
        action="sidata.dataset.create",
        obj=dataset,
        after=audit.snapshot(dataset, AUDITED) | {"tags": tag_names},
    )
    return dataset


@transaction.atomic
def dataset_edit(*, dataset: Dataset, by, tags=None, **changes) -> Dataset:
    """Change the metadata of a draft or returned dataset (the walidata: in any state).
    Only the ``EDITABLE`` fields and ``tags``."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if not can_edit(by, dataset):
        raise PermissionDenied(_("You may not edit this dataset now."))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = audit.snapshot(dataset, AUDITED)
    for field, value in changes.items():
        if field in ("title", "contact_name", "contact_email"):
            value = _one_line(value, 300)
        elif field == "notes":
            value = clean_text(value or "").strip()
        setattr(dataset, field, value)
    dataset.modified_at = timezone.now()
    _validate(dataset)
    dataset.save()
    old_tags = sorted(dataset.tags.values_list("name", flat=True))
    after = audit.snapshot(dataset, AUDITED)
    if tags is not None:
        new_tags = clean_tags(tags)
        _set_tags(dataset, new_tags)
        before, after = before | {"tags": old_tags}, after | {"tags": sorted(new_tags)}
    audit.record(actor=by, action="sidata.dataset.edit", obj=dataset, before=before, after=after)
    return dataset


@transaction.atomic
def dataset_transition(*, dataset: Dataset, action: str, by, note: str = "") -> Dataset:
    """Apply one of ``TRANSITIONS`` (submit, approve, return, unpublish)."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise ApplicationError(_("Unknown action."))
    dataset = Dataset.objects.select_for_update().select_related("agency").get(pk=dataset.pk)
    if not (
        is_walidata(by)
        or (not rule.walidata_only and permissions.has_agency_role(by, dataset.agency_id))
    ):
        raise PermissionDenied(_("You may not do this to this dataset."))
    if dataset.state not in rule.sources:
        raise ApplicationError(
            _("This dataset is %(state)s: it cannot be changed that way.")
            % {"state": dataset.get_state_display()},
            code="wrong_state",
        )
    note = clean_text(note or "").strip()
    if action == "return" and not note:
        raise ApplicationError(
            _("Say what must change before the dataset can be published."),
            extra={"fields": {"note": [_("This field is required.")]}},
        )
    if action == "submit" and not dataset.resources.exists():
        raise ApplicationError(_("Add at least one resource before submitting the dataset."))
    before = audit.snapshot(dataset, AUDITED)
    dataset.state = rule.target
    if action in ("return", "unpublish"):
        dataset.review_note = note
    elif action == "approve":
        dataset.review_note = ""
        dataset.published_at = dataset.published_at or timezone.now()
    dataset.modified_at = timezone.now()
    dataset.save()
    audit.record(
        actor=by,
        action=f"sidata.dataset.{action}",
        obj=dataset,
        before=before,
        after=audit.snapshot(dataset, AUDITED),
        note=note,
    )
    return dataset


def dataset_submit(*, dataset, by):
    return dataset_transition(dataset=dataset, action="submit", by=by)


def dataset_approve(*, dataset, by):
    """The walidata publishes a dataset in review."""
    return dataset_transition(dataset=dataset, action="approve", by=by)


def dataset_return(*, dataset, note: str, by):
    return dataset_transition(dataset=dataset, action="return", by=by, note=note)


def dataset_unpublish(*, dataset, by, note: str = ""):
    return dataset_transition(dataset=dataset, action="unpublish", by=by, note=note)


def _detect_json(data: bytes) -> str | None:
    """ "GeoJSON" or "JSON" when ``data`` is a JSON document, else None."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] not in (b"{", b"["):
        return None
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if isinstance(value, dict) and value.get("type") in (
        "FeatureCollection",
        "Feature",
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    ):
        return "GeoJSON"
    return "JSON"


def validate_resource_file(file, *, name: str | None = None) -> tuple[uploads.ValidatedFile, str]:
    """The file through the shared upload checks, and its format (CSV, XLSX, JSON,
    GeoJSON). Plain text that is neither CSV nor JSON is refused."""
    validated = uploads.validate(file, RESOURCES, name=name)
    return validated, resource_format(validated)


def resource_format(validated: uploads.ValidatedFile) -> str:
    if validated.content_type == uploads.XLSX:
        return "XLSX"
    kind = _detect_json(validated.content)
    if kind:
        return kind
    if validated.content_type == uploads.CSV:
        return "CSV"
    raise ApplicationError(
        _("This kind of file is not accepted: %(kind)s. Accepted: %(accepted)s.")
        % {"kind": uploads.label(validated.content_type), "accepted": "CSV, XLSX, JSON, GeoJSON"},
        code="file_kind",
    )


_EXTENSIONS = {"CSV": "csv", "XLSX": "xlsx", "JSON": "json", "GeoJSON": "geojson"}
_MIMETYPES = {
    "CSV": "text/csv",
    "XLSX": uploads.XLSX,
    "JSON": "application/json",
    "GeoJSON": "application/geo+json",
}


@transaction.atomic
def resource_add(
    *,
    dataset: Dataset,
    name: str,
    by,
    description: str = "",
    file=None,
    url: str = "",
    format: str = "",
) -> Resource:
    """Add a file (validated; CSV, XLSX, JSON, GeoJSON) or a link to ``dataset``."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    if not can_edit(by, dataset):
        raise PermissionDenied(_("You may not change this dataset now."))
    if (file is None) == (not url):
        raise ApplicationError(
            _("Give either a file or a link."), extra={"fields": {"file": [_("Required.")]}}
        )
    resource = Resource(
        dataset=dataset,
        name=_one_line(name, 200) or _one_line(getattr(file, "name", ""), 200),
        description=clean_text(description or "").strip(),
        position=dataset.resources.count(),
    )
    if file is not None:
        if isinstance(file, uploads.ValidatedFile):  # already checked by a form's field
            validated, fmt = file, resource_format(file)
        else:
            validated, fmt = validate_resource_file(file)
        stored_name = uploads.storage_name(
            RESOURCE_FOLDER, validated.original_name, _EXTENSIONS[fmt]
        )
        stored_name = default_storage.save(stored_name, ContentFile(validated.content))
        resource.file.name = stored_name
        resource.format = fmt
        resource.mimetype = _MIMETYPES[fmt]
        resource.size = validated.size
        resource.sha256 = validated.sha256
        resource.name = resource.name or validated.original_name
    else:
        resource.url = _one_line(url, 1000)
        resource.format = _one_line(format, 20).upper()
    try:
        resource.full_clean(exclude=["dataset"])
    except ValidationError as exc:
        if file is not None:
            default_storage.delete(resource.file.name)
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        raise ApplicationError(next(iter(fields.values()))[0], extra={"fields": fields}) from None
    resource.save()
    _touch(dataset)
    audit.record(
        actor=by,
        action="sidata.resource.add",
        obj=resource,
        agency=dataset.agency_id,
        after={
            "dataset": dataset.name,
            "name": resource.name,
            "format": resource.format,
            "sha256": resource.sha256,
            "url": resource.url,
        },
    )
    return resource


@transaction.atomic
def resource_remove(*, resource: Resource, by) -> None:
    dataset = Dataset.objects.select_for_update().get(pk=resource.dataset_id)
    if not can_edit(by, dataset):
        raise PermissionDenied(_("You may not change this dataset now."))
    audit.record(
        actor=by,
        action="sidata.resource.remove",
        obj=resource,
        agency=dataset.agency_id,
        before={"name": resource.name, "sha256": resource.sha256, "url": resource.url},
        only_changes=False,
    )
    resource.delete()  # the stored file stays: an archive keeps what it once published
    _touch(dataset)


# --- Selectors -------------------------------------------------------------------------------


def _with_relations(qs: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return qs.select_related("agency", "topic", "region").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("resources", queryset=Resource.objects.order_by("position", "id")),
    )


def published_datasets() -> QuerySet[Dataset]:
    """What anyone may see: published datasets of active agencies."""
    return Dataset.objects.filter(state=State.PUBLISHED, agency__is_active=True)


def datasets_for_staff(*, user) -> QuerySet[Dataset]:
    """Every dataset of the user's agencies (every dataset for the walidata)."""
    if is_walidata(user):
        return Dataset.objects.all()
    return Dataset.objects.filter(agency_id__in=permissions.agency_ids(user))


def visible_datasets(*, user) -> QuerySet[Dataset]:
    """Published datasets, and the drafts the user works on."""
    if is_walidata(user):
        return Dataset.objects.all()
    ids = permissions.agency_ids(user)
    q = Q(state=State.PUBLISHED, agency__is_active=True)
    if ids:
        q |= Q(agency_id__in=ids)
    return Dataset.objects.filter(q)


def dataset_for_viewer(*, user, name: str) -> Dataset:
    """One dataset by its name (or UUID) that ``user`` may see, with its relations."""
    qs = _with_relations(visible_datasets(user=user))
    dataset = _by_name_or_id(qs, name)
    if dataset is None:
        raise NotFound(_("No such dataset."))
    return dataset


def dataset_for_public(*, name: str) -> Dataset:
    dataset = _by_name_or_id(_with_relations(published_datasets()), name)
    if dataset is None:
        raise NotFound(_("No such dataset."))
    return dataset


def _by_name_or_id(qs: QuerySet[Dataset], key) -> Dataset | None:
    key = str(key or "")[:200]
    if not key:
        return None
    try:
        return qs.filter(public_id=uuid.UUID(key)).first() or qs.filter(name=key).first()
    except ValueError:
        return qs.filter(name=key).first()


def review_queue(*, user) -> QuerySet[Dataset]:
    """Datasets waiting for the walidata, oldest first; nothing for anyone else."""
    if not is_walidata(user):
        return Dataset.objects.none()
    return (
        Dataset.objects.filter(state=State.IN_REVIEW)
        .select_related("agency")
        .order_by("modified_at", "id")
    )


def resource_for_viewer(*, user, public_id) -> Resource:
    """One resource of a dataset ``user`` may see."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound(_("No such resource.")) from None
    resource = (
        Resource.objects.filter(public_id=key, dataset__in=visible_datasets(user=user))
        .select_related("dataset", "dataset__agency")
        .first()
    )
    if resource is None:
        raise NotFound(_("No such resource."))
    return resource


def topics() -> QuerySet[Topic]:
    return Topic.objects.all()
