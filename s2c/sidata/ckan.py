"""CKAN's Action API (the read side), so that CKAN clients (``ckanapi``) and harvesters
read Sidata's catalogue unchanged: ``/sidata/api/3/action/<name>`` and
``/sidata/api/action/<name>``, GET (query parameters) and POST (a JSON object), with
CKAN's envelope ``{"help", "success", "result"|"error"}``, its error types and statuses.

Only published datasets of active agencies are ever shown, whoever asks: the API takes no
credentials. Words: package = dataset, organization = agency (its ``code`` is the name;
its id a UUID derived from the code), group = topic.

Search runs on the database: words of ``q`` must each appear in the title, description,
name or a tag; ``fq`` (and ``fq_list``) take CKAN's filters ``field:value`` on
organization, groups, tags, res_format, license_id and name, negated with ``-``, and
``metadata_modified``/``metadata_created`` ranges ``[2024-01-01T00:00:00Z TO *]``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import uuid
from collections import Counter
from collections.abc import Callable

from django.db.models import Count, Exists, OuterRef, Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from s2c.core.errors import NotFound
from s2c.core.models import Agency
from s2c.core.textinput import clean_text

from . import ckan_search
from . import datasets as ds
from .models import Dataset, Resource, Tag, Topic
from .models.datasets import LICENCES, licence_title

CKAN_VERSION = "2.10.4"
MAX_ROWS = 1000
DEFAULT_ROWS = 10
FACET_LIMIT = 50
ORG_NAMESPACE = uuid.UUID("6f1c8c1e-4a8e-5d0b-9a55-5f0a2b1d7c01")
TAG_NAMESPACE = uuid.UUID("0a9d3a0e-56f2-5a3b-8f3e-1b6c1f8a9e02")
PROVINCE = "Provinsi Sumatera Selatan"
PROVINCE_CODE = "16"  # Kemendagri's code of Sumatera Selatan

ERROR_STATUS = {
    "Not Found Error": 404,
    "Validation Error": 409,
    "Search Query Error": 409,
    "Authorization Error": 403,
    "Bad Request": 400,
}


class ActionError(Exception):
    def __init__(self, kind: str, message, **extra):
        super().__init__(str(message))
        self.kind = kind
        self.message = str(message)
        self.extra = extra


def not_found(message="Not found") -> ActionError:
    return ActionError("Not Found Error", message)


def invalid(field: str, message: str) -> ActionError:
    return ActionError("Validation Error", message, **{field: [message]})


def bad_search(message: str) -> ActionError:
    return ActionError("Search Query Error", message)


# --- Identifiers and dates -------------------------------------------------------------------


def organization_id(agency: Agency) -> str:
    return str(uuid.uuid5(ORG_NAMESPACE, agency.code))


def tag_id(name: str) -> str:
    return str(uuid.uuid5(TAG_NAMESPACE, name))


def ckan_time(value: dt.datetime | None) -> str | None:
    """CKAN's timestamps: ISO 8601 in UTC without an offset, microseconds when any."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat()


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


# --- Dictionaries --------------------------------------------------------------------------


def organization_dict(agency: Agency, *, package_count: int | None = None) -> dict:
    out = {
        "id": organization_id(agency),
        "name": agency.code,
        "title": agency.name,
        "display_name": agency.name,
        "description": agency.mandate,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(agency.created_at),
        "type": "organization",
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def group_dict(topic: Topic, *, package_count: int | None = None) -> dict:
    out = {
        "id": str(topic.public_id),
        "name": topic.name,
        "title": topic.title,
        "display_name": topic.title,
        "description": topic.description,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(topic.created_at),
        "type": "group",
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def tag_dict(name: str) -> dict:
    return {
        "id": tag_id(name),
        "name": name,
        "display_name": name,
        "state": "active",
        "vocabulary_id": None,
    }


def resource_url(request, resource: Resource) -> str:
    if resource.url:
        return resource.url
    return _absolute(
        request,
        reverse("sidata:resource-download", args=[resource.dataset.name, resource.public_id]),
    )


def resource_dict(request, resource: Resource, dataset: Dataset) -> dict:
    resource.dataset = dataset
    return {
        "id": str(resource.public_id),
        "package_id": str(dataset.public_id),
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "url": resource_url(request, resource),
        "url_type": "upload" if resource.file else None,
        "size": resource.size,
        "hash": resource.sha256,
        "position": resource.position,
        "created": ckan_time(resource.created_at),
        "last_modified": ckan_time(resource.modified_at),
        "metadata_modified": ckan_time(resource.modified_at),
        "state": "active",
        "datastore_active": False,
        "cache_url": None,
        "resource_type": None,
    }


def _extras(dataset: Dataset) -> list[dict]:
    pairs = [
        ("produsen_data", dataset.agency.name),
        ("update_frequency", dataset.frequency),
        ("temporal_start", dataset.temporal_start.isoformat() if dataset.temporal_start else ""),
        ("temporal_end", dataset.temporal_end.isoformat() if dataset.temporal_end else ""),
        ("spatial_coverage", str(dataset.region) if dataset.region_id else PROVINCE),
        ("spatial_code", dataset.region.code if dataset.region_id else PROVINCE_CODE),
        ("topic", dataset.topic.title if dataset.topic_id else ""),
    ]
    return [{"key": k, "value": v} for k, v in pairs if v]


def package_dict(request, dataset: Dataset) -> dict:
    """A dataset as CKAN 2.10's package_show shows it. ``dataset`` comes with its
    relations (``ds._with_relations``)."""
    tags = [t.name for t in dataset.tags.all()]
    resources = [resource_dict(request, r, dataset) for r in dataset.resources.all()]
    return {
        "id": str(dataset.public_id),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": dataset.licence in LICENCES,
        "license_id": dataset.licence,
        "license_title": licence_title(dataset.licence),
        "license_url": LICENCES.get(dataset.licence, ("", ""))[1],
        "author": dataset.agency.name,
        "author_email": None,
        "maintainer": dataset.contact_name or None,
        "maintainer_email": dataset.contact_email or None,
        "url": _absolute(request, reverse("sidata:dataset", args=[dataset.name])),
        "version": None,
        "metadata_created": ckan_time(dataset.created_at),
        "metadata_modified": ckan_time(dataset.modified_at),
        "owner_org": organization_id(dataset.agency),
        "organization": organization_dict(dataset.agency),
        "groups": [group_dict(dataset.topic)] if dataset.topic_id else [],
        "tags": [tag_dict(t) for t in tags],
        "num_tags": len(tags),
        "resources": resources,
        "num_resources": len(resources),
        "extras": _extras(dataset),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


# --- Parameters ----------------------------------------------------------------------------


def _int(params: dict, name: str, default: int, low: int = 0, high: int = 10**9) -> int:
    value = params.get(name, default)
    if value in (None, ""):
        return default
    try:
        if isinstance(value, bool):
            raise ValueError
        number = int(value) if not isinstance(value, str) else int(value.strip())
    except (TypeError, ValueError, OverflowError):
        raise invalid(name, "Invalid integer") from None
    if number < low:
        raise invalid(name, f"Must be a natural number of {low} or more")
    return min(number, high)


def _bool(params: dict, name: str, default: bool = False) -> bool:
    value = params.get(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off", ""):
        return False
    raise invalid(name, "Not a boolean")


def _str(params: dict, name: str, default: str = "", limit: int = 1000) -> str:
    value = params.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str | int | float):
        raise invalid(name, "Must be a string")
    return clean_text(str(value))[:limit]


def _list(params: dict, name: str) -> list[str]:
    """A list parameter: a JSON list (POST or GET), or repeated/comma-separated values."""
    value = params.get(name)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise invalid(name, "Not a JSON list") from None
        else:
            value = [v for v in text.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(name, "Must be a list of strings")
    return [clean_text(v).strip()[:200] for v in value][:100]


# --- Search --------------------------------------------------------------------------------

FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id")
SORT_FIELDS = {
    "metadata_modified": "metadata_modified",
    "metadata_created": "metadata_created",
    "name": "name",
    "title_string": "title_string",
    "title": "title",
    "score": "metadata_modified",  # no relevance score: newest first, as CKAN's default ends
}
_RANGE = re.compile(r"^\[\s*(\S+)\s+TO\s+(\S+)\s*\]$", re.IGNORECASE)
Predicate = Callable[[ckan_search.Entry], bool]


def _solr_time(text: str, field: str) -> dt.datetime | None:
    if text == "*":
        return None
    text = text.strip('"')
    now = timezone.now()
    if text.upper().startswith("NOW"):
        rest = text[3:]
        match = re.fullmatch(r"(?:-(\d{1,6})(DAYS?|HOURS?|MINUTES?))?", rest.upper())
        if not match:
            raise bad_search(f"Cannot parse {field} range: {text[:50]}")
        if match.group(1):
            unit = match.group(2).rstrip("S").lower() + "s"
            return now - dt.timedelta(**{unit: int(match.group(1))})
        return now
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad_search(f"Cannot parse {field} range: {text[:50]}") from None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def _agency_ids(value: str) -> set[int]:
    """Agencies by code or by their CKAN id."""
    found = set(Agency.objects.filter(is_active=True, code=value).values_list("pk", flat=True))
    return found or {a.pk for a in _agencies_by_id(value)}


def _agencies_by_id(value: str) -> list[Agency]:
    try:
        uuid.UUID(value)
    except ValueError:
        return []
    return [a for a in Agency.objects.filter(is_active=True) if organization_id(a) == value]


def _filter(field: str, value: str) -> Predicate:
    """One fq (or q) term ``field:value`` as a test of a catalogue entry."""
    value = value.strip('"')
    if field in ("organization", "owner_org"):
        ids = _agency_ids(value)
        return lambda e: e.agency_id in ids
    if field == "groups":
        topic_ids = set(Topic.objects.filter(name=value).values_list("pk", flat=True))
        return lambda e: e.topic_id in topic_ids
    if field == "tags":
        tag = value.lower()
        return lambda e: tag in e.tags
    if field == "res_format":
        fmt = value.upper()
        return lambda e: fmt in e.formats
    if field == "license_id":
        return lambda e: e.licence == value
    if field == "name":
        return lambda e: e.name == value
    if field in ("id", "entity_id"):
        return lambda e: e.public_id == value.lower()
    if field in ("metadata_modified", "metadata_created"):
        match = _RANGE.match(value)
        if not match:
            raise bad_search(f"{field} takes a range such as [2024-01-01T00:00:00Z TO *]")
        low, high = _solr_time(match.group(1), field), _solr_time(match.group(2), field)
        attribute = "modified" if field == "metadata_modified" else "created"
        return lambda e: (
            (low is None or getattr(e, attribute) >= low)
            and (high is None or getattr(e, attribute) <= high)
        )
    if field in ("capacity", "dataset_type", "type", "state", "site_id"):
        ok = {
            "capacity": "public",
            "dataset_type": "dataset",
            "type": "dataset",
            "state": "active",
        }.get(field)
        matches = ok is None or value == ok
        return lambda e: matches
    raise bad_search(f"Cannot filter on {field[:50]}")


def _fq_terms(text: str) -> list[str]:
    # ``field:"a value"`` stays one term; shlex keeps ranges split, so they are rejoined.
    text = re.sub(r"\[\s*(\S+)\s+TO\s+(\S+)\s*\]", lambda m: f"[{m[1]}\x00TO\x00{m[2]}]", text)
    try:
        parts = shlex.split(text, posix=True)
    except ValueError:
        raise bad_search("Unbalanced quotes in fq") from None
    return [p.replace("\x00", " ") for p in parts if p.upper() not in ("AND", "+")]


def parse_fq(texts: list[str]) -> list[Predicate]:
    tests: list[Predicate] = []
    for text in texts:
        for term in _fq_terms(text):
            negate = term.startswith("-")
            term = term.lstrip("+-")
            field, found, value = term.partition(":")
            if not found or not value:
                raise bad_search(f"fq terms read field:value, not {term[:50]}")
            test = _filter(field, value)
            tests.append((lambda e, t=test: not t(e)) if negate else test)
    return tests


def _words(text: str) -> list[str]:
    text = text.strip()
    if text in ("", "*", "*:*"):
        return []
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    return [w for w in words[:20] if w.upper() not in ("AND", "OR", "+")]


def parse_q(text: str) -> list[Predicate]:
    """Words of ``q``: each must appear in the title, description or name, or be a tag;
    ``field:value`` terms filter as in fq."""
    tests: list[Predicate] = []
    for word in _words(text):
        field, found, value = word.partition(":")
        if found and value and (field in FACET_FIELDS or field in ("name", "metadata_modified")):
            tests.append(_filter(field, value))
            continue
        word = word.strip("+").lower()[:100]
        if word:
            tests.append(lambda e, w=word: w in e.text or w in e.tags)
    return tests


def words_q(text: str) -> Q:
    """The same words as a database filter (for the API's list of visible datasets)."""
    q = Q()
    for word in _words(text):
        word = word.strip("+")[:100]
        if not word:
            continue
        q &= (
            Q(title__icontains=word)
            | Q(notes__icontains=word)
            | Q(name__icontains=word)
            | Q(
                Exists(
                    Dataset.tags.through.objects.filter(
                        dataset_id=OuterRef("pk"), tag__name=word.lower()
                    )
                )
            )
        )
    return q


def parse_sort(text: str) -> list[tuple[str, bool]]:
    order: list[tuple[str, bool]] = []
    for part in [p.strip() for p in (text or "score desc, metadata_modified desc").split(",")]:
        if not part:
            continue
        bits = part.split()
        field = bits[0]
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if field not in SORT_FIELDS or direction not in ("asc", "desc") or len(bits) > 2:
            raise bad_search(f"Cannot sort by {part[:50]}")
        key = SORT_FIELDS[field]
        descending = direction == "desc" or field == "score"
        if key not in {k for k, _ in order}:
            order.append((key, descending))
    return order


def _facet_items(field: str, counts: Counter, limit: int) -> list[tuple[str, str, int]]:
    """[(name, display_name, count)], most first, for one facet's counts."""
    if field == "organization":
        agencies = Agency.objects.filter(pk__in=list(counts)).values_list("pk", "code", "name")
        items = [(code, name, counts[pk]) for pk, code, name in agencies]
    elif field == "groups":
        topics = Topic.objects.filter(pk__in=list(counts)).values_list("pk", "name", "title")
        items = [(name, title, counts[pk]) for pk, name, title in topics]
    elif field == "license_id":
        items = [(k, licence_title(k), n) for k, n in counts.items()]
    else:
        items = [(k, k, n) for k, n in counts.items()]
    items.sort(key=lambda item: (-item[2], item[0]))
    return items if limit < 0 else items[:limit]


def _page(ids: list[int]) -> list[Dataset]:
    found = {d.pk: d for d in ds._with_relations(ds.published_datasets().filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def search(params: dict, request=None) -> dict:
    """package_search: the matching published datasets, their count and facets."""
    rows = _int(params, "rows", DEFAULT_ROWS, 0, MAX_ROWS)
    start = _int(params, "start", 0, 0, 10**7)
    fq_texts = [_str(params, "fq")] + _list(params, "fq_list")
    order = parse_sort(_str(params, "sort"))
    facet_fields = _list(params, "facet.field")
    facet_limit = _int(params, "facet.limit", FACET_LIMIT, -1, 10_000)
    for field in facet_fields:
        if field not in FACET_FIELDS:
            raise bad_search(f"Cannot facet on {field[:50]}")
    tests = parse_q(_str(params, "q")) + parse_fq([t for t in fq_texts if t])
    catalogue = ckan_search.catalogue()
    entries = catalogue.entries
    if tests:
        entries = [e for e in entries if all(test(e) for test in tests)]
    entries = ckan_search.sort_entries(entries, order)
    ids = [e.pk for e in entries[start : start + rows]]
    base = request.build_absolute_uri("/") if request is not None else ""
    results = ckan_search.packages(
        catalogue,
        ids,
        base,
        lambda missing: {d.pk: package_dict(request, d) for d in _page(missing)},
    )
    facets: dict[str, dict] = {}
    search_facets: dict[str, dict] = {}
    if _bool(params, "facet", True):
        for field in facet_fields:
            items = _facet_items(field, ckan_search.facet(entries, field, catalogue), facet_limit)
            facets[field] = {name: n for name, _, n in items}
            search_facets[field] = {
                "title": field,
                "items": [{"name": name, "display_name": d, "count": n} for name, d, n in items],
            }
    return {
        "count": len(entries),
        "results": results,
        "facets": facets,
        "search_facets": search_facets,
        "sort": _str(params, "sort") or "score desc, metadata_modified desc",
    }


# --- Actions -------------------------------------------------------------------------------


def _published_count_by_agency() -> dict[int, int]:
    rows = ds.published_datasets().values("agency_id").annotate(n=Count("pk"))
    return {r["agency_id"]: r["n"] for r in rows}


def _agency(params: dict) -> Agency:
    key = _str(params, "id", limit=200)
    if not key:
        raise invalid("id", "Missing value")
    agency = Agency.objects.filter(is_active=True, code=key).first()
    if agency is None:
        found = _agencies_by_id(key)
        agency = found[0] if found else None
    if agency is None:
        raise not_found("Organization not found")
    return agency


def _topic(params: dict) -> Topic:
    key = _str(params, "id", limit=200)
    if not key:
        raise invalid("id", "Missing value")
    topic = Topic.objects.filter(name=key).first()
    if topic is None:
        try:
            topic = Topic.objects.filter(public_id=uuid.UUID(key)).first()
        except ValueError:
            topic = None
    if topic is None:
        raise not_found("Group not found")
    return topic


def _list_sorted(params: dict, items: list[dict], default: str) -> list[dict]:
    sort = _str(params, "sort", default) or default
    bits = sort.replace(",", " ").split()
    field = bits[0] if bits else "name"
    if field not in ("name", "title", "package_count"):
        raise invalid("sort", f"Cannot sort by {field[:50]}")
    reverse_ = len(bits) > 1 and bits[1].lower() == "desc"
    items.sort(key=lambda d: (d.get(field) or 0) if field == "package_count" else d[field])
    if reverse_:
        items.reverse()
    offset = _int(params, "offset", 0)
    limit = _int(params, "limit", 1000, 0, 1000)
    return items[offset : offset + limit]


def action_package_list(request, params):
    limit = _int(params, "limit", 0, 0)
    offset = _int(params, "offset", 0)
    names = ds.published_datasets().order_by("name").values_list("name", flat=True)
    names = names[offset : offset + limit] if limit else names[offset:]
    return list(names)


def action_package_search(request, params):
    return search(params, request)


def action_package_show(request, params):
    key = _str(params, "id", limit=200) or _str(params, "name_or_id", limit=200)
    if not key:
        raise invalid("id", "Missing value")
    try:
        dataset = ds.dataset_for_public(name=key)
    except NotFound:
        raise not_found() from None
    return package_dict(request, dataset)


def action_resource_show(request, params):
    key = _str(params, "id", limit=200)
    if not key:
        raise invalid("id", "Missing value")
    try:
        resource = ds.resource_for_viewer(user=None, public_id=key)
    except NotFound:
        raise not_found("Resource was not found.") from None
    return resource_dict(request, resource, resource.dataset)


def action_organization_list(request, params):
    counts = _published_count_by_agency()
    agencies = Agency.objects.filter(is_active=True)
    wanted = _list(params, "organizations")
    if wanted:
        agencies = agencies.filter(code__in=wanted)
    items = [organization_dict(a, package_count=counts.get(a.pk, 0)) for a in agencies]
    items = _list_sorted(params, items, "name asc")
    if _bool(params, "all_fields"):
        return items
    return [item["name"] for item in items]


def action_organization_show(request, params):
    agency = _agency(params)
    qs = ds.published_datasets().filter(agency=agency)
    out = organization_dict(agency, package_count=qs.count())
    out["users"] = []
    out["extras"] = [{"key": "short_name", "value": agency.short_name}]
    if _bool(params, "include_datasets"):
        rows = ds._with_relations(qs.order_by("-modified_at", "-id"))[:10]
        out["packages"] = [package_dict(request, d) for d in rows]
    return out


def action_group_list(request, params):
    counts = dict(
        ds.published_datasets()
        .filter(topic__isnull=False)
        .values_list("topic_id")
        .annotate(n=Count("pk"))
    )
    topics = Topic.objects.all()
    wanted = _list(params, "groups")
    if wanted:
        topics = topics.filter(name__in=wanted)
    items = [group_dict(t, package_count=counts.get(t.pk, 0)) for t in topics]
    items = _list_sorted(params, items, "name asc")
    if _bool(params, "all_fields"):
        return items
    return [item["name"] for item in items]


def action_group_show(request, params):
    topic = _topic(params)
    qs = ds.published_datasets().filter(topic=topic)
    out = group_dict(topic, package_count=qs.count())
    out["users"] = []
    out["extras"] = []
    if _bool(params, "include_datasets"):
        rows = ds._with_relations(qs.order_by("-modified_at", "-id"))[:10]
        out["packages"] = [package_dict(request, d) for d in rows]
    return out


def action_tag_list(request, params):
    query = _str(params, "query", limit=100).lower()
    used = Tag.objects.filter(
        Exists(
            Dataset.tags.through.objects.filter(
                tag_id=OuterRef("pk"), dataset__in=ds.published_datasets()
            )
        )
    ).order_by("name")
    if query:
        used = used.filter(name__icontains=query)
    names = list(used.values_list("name", flat=True)[:5000])
    if _bool(params, "all_fields"):
        return [tag_dict(n) for n in names]
    return names


def action_status_show(request, params):
    return {
        "site_title": "Sidata Sumatera Selatan",
        "site_description": "Satu Data Provinsi Sumatera Selatan",
        "site_url": _absolute(request, "/sidata/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": "id",
        "extensions": ["s2c-sidata"],
    }


ACTIONS: dict[str, Callable] = {
    name.removeprefix("action_"): fn
    for name, fn in dict(globals()).items()
    if name.startswith("action_") and callable(fn)
}


# --- The view ------------------------------------------------------------------------------


def _help(request, name: str) -> str:
    return _absolute(request, f"/sidata/api/3/action/help_show?name={name}")


def envelope_error(request, name: str, kind: str, message: str, **extra):
    body = {
        "help": _help(request, name),
        "success": False,
        "error": {"__type": kind, "message": message} | extra,
    }
    response = JsonResponse(body, status=ERROR_STATUS.get(kind, 400))
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _params(request) -> dict:
    params: dict = {}
    for key, values in request.GET.lists():
        params[clean_text(key)] = values[0] if len(values) == 1 else values
    if request.method == "POST":
        if request.content_type == "application/json" or (request.body[:1] in (b"{", b"[")):
            try:
                body = json.loads(request.body.decode("utf-8") or "{}")
            except (UnicodeDecodeError, ValueError, RecursionError):
                raise ActionError("Bad Request", "JSON Error: could not read the body") from None
            if not isinstance(body, dict):
                raise ActionError("Bad Request", "JSON Error: the body must be an object")
            params.update(body)
        else:
            for key, values in request.POST.lists():
                params[clean_text(key)] = values[0] if len(values) == 1 else values
    # A repeated GET parameter (facet.field=a&facet.field=b) is a list; CKAN's JSON
    # strings are read by the actions themselves.
    return params


@csrf_exempt
def action_view(request, name: str):
    """One action, GET or POST, in CKAN's envelope."""
    if request.method not in ("GET", "POST", "HEAD", "OPTIONS"):
        response = envelope_error(request, name, "Bad Request", "Use GET or POST.")
        response.status_code = 405
        response["Allow"] = "GET, POST"
        return response
    if request.method == "OPTIONS":
        response = JsonResponse({})
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST"
        response["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
        return response
    action = ACTIONS.get(name)
    if action is None:
        return envelope_error(
            request, name, "Bad Request", f"Bad request - Action name not known: {name[:100]}"
        )
    try:
        params = _params(request)
        params.pop("callback", None)
        result = action(request, params)
    except ActionError as exc:
        return envelope_error(request, name, exc.kind, exc.message, **exc.extra)
    response = JsonResponse(
        {"help": _help(request, name), "success": True, "result": result},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _malformed(request, kwargs, message, status=400):
    return envelope_error(request, kwargs.get("name", ""), "Bad Request", str(message))


action_view.malformed_body_response = _malformed
