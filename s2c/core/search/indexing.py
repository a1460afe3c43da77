"""Writes to the index: upserts, removals, bulk loads and rebuilds. Each write of
SearchDocument rows records a SearchChange in the same transaction; the engine applies
the changes (``engine.sync``, run by the worker)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from s2c.core.permissions import Visibility

from . import cache as results_cache
from . import engine, text, types, vocabulary
from .models import SearchChange, SearchDocument
from .types import Document, SearchType

logger = logging.getLogger(__name__)

MAX_TITLE_CHARS = 500
MAX_URL_CHARS = 500
MAX_SUMMARY_CHARS = 5_000
MAX_KEYWORDS_CHARS = 5_000
MAX_BODY_CHARS = 100_000
BATCH_SIZE = 500

_VISIBILITIES = {value for value, _ in Visibility.choices}
_UPDATE_FIELDS = [
    "title",
    "title_en",
    "summary",
    "summary_en",
    "body",
    "keywords",
    "url",
    "language",
    "visibility",
    "agency",
    "region",
    "updated_at",
]


def _clean(type_key: str, object_id: Any, document: Document, now: dt.datetime) -> SearchDocument:
    if not isinstance(document, Document):
        raise TypeError(f"{type_key}: document() must return a search.Document or None")
    if document.visibility not in _VISIBILITIES:
        raise ValueError(f"{type_key}: unknown visibility {document.visibility!r}")
    object_id = str(object_id)
    if not type_key or len(type_key) > 64 or not object_id or len(object_id) > 64:
        raise ValueError("A search document needs a type and an object id of 1 to 64 characters")
    return SearchDocument(
        type=type_key,
        object_id=object_id,
        title=str(document.title or "")[:MAX_TITLE_CHARS],
        title_en=str(document.title_en or "")[:MAX_TITLE_CHARS],
        summary=str(document.summary or "")[:MAX_SUMMARY_CHARS],
        summary_en=str(document.summary_en or "")[:MAX_SUMMARY_CHARS],
        body=str(document.body or "")[:MAX_BODY_CHARS],
        keywords=str(document.keywords or "")[:MAX_KEYWORDS_CHARS],
        url=str(document.url or "")[:MAX_URL_CHARS],
        language=str(document.language or "id")[:8],
        visibility=document.visibility,
        agency_id=document.agency_id,
        region_id=document.region_id,
        updated_at=now,
    )


def write_documents(entries: Iterable[tuple[str, Any, Document]], *, now=None) -> int:
    """Upsert (type, object_id, Document) entries in batched statements; returns the count."""
    now = now or timezone.now()
    written = 0
    iterator = iter(entries)
    while batch := list(islice(iterator, BATCH_SIZE)):
        latest: dict[tuple[str, str], SearchDocument] = {}
        for type_key, object_id, document in batch:
            row = _clean(type_key, object_id, document, now)
            latest[(row.type, row.object_id)] = row
        rows = list(latest.values())
        words: set[str] = set()
        for row in rows:
            for value in (row.title, row.title_en, row.keywords, row.summary, row.summary_en):
                words.update(text.words(value))
            words.update(text.words(row.body))
        with transaction.atomic():
            vocabulary.prepare(words)
            SearchDocument.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["type", "object_id"],
                update_fields=_UPDATE_FIELDS,
            )
            ids = _ids_for(list(latest))
            record_changes(sorted(ids.values()))
        written += len(rows)
    if written:
        results_cache.changed()
    return written


def record_changes(document_ids: list[int]) -> None:
    """Record that these documents changed (written or removed), in the caller's
    transaction. On PostgreSQL each row carries the writing transaction's id."""
    if not document_ids:
        return
    engine.get().dirty = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_searchchange (document_id, txid, created_at) "
                "SELECT unnest(%s::bigint[]), pg_current_xact_id()::text::bigint, now()",
                [list(document_ids)],
            )
    else:
        SearchChange.objects.bulk_create(
            [SearchChange(document_id=pk) for pk in document_ids], batch_size=BATCH_SIZE
        )


def delete_documents(queryset: QuerySet) -> int:
    """Remove the documents of ``queryset`` and record the change; returns the count."""
    removed = 0
    with transaction.atomic():
        ids = list(queryset.order_by().values_list("id", flat=True))
        for i in range(0, len(ids), BATCH_SIZE):
            chunk = ids[i : i + BATCH_SIZE]
            SearchDocument.objects.filter(id__in=chunk).delete()
            record_changes(chunk)
            removed += len(chunk)
    return removed


def _ids_for(keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    by_type: dict[str, list[str]] = {}
    for type_key, object_id in keys:
        by_type.setdefault(type_key, []).append(object_id)
    found: dict[tuple[str, str], int] = {}
    for type_key, object_ids in by_type.items():
        for pk, object_id in SearchDocument.objects.filter(
            type=type_key, object_id__in=object_ids
        ).values_list("id", "object_id"):
            found[(type_key, object_id)] = pk
    return found


def index_document(*, type: str, object_id: Any, document: Document | None) -> None:
    """Upsert one document directly (``None`` removes it): for bulk seeding, tests and
    objects that are not model instances."""
    if document is None:
        unindex_document(type=type, object_id=object_id)
    else:
        write_documents([(type, object_id, document)])


def unindex_document(*, type: str, object_id: Any) -> None:
    delete_documents(SearchDocument.objects.filter(type=type, object_id=str(object_id)))
    results_cache.changed()


def _types_of(obj: Any) -> list[SearchType]:
    found = types.types_for_model(obj._meta.label_lower)
    if not found:
        # Logged, not raised: index() runs on commit, after the user's write succeeded.
        logger.warning("search: no search type is registered for %s", obj._meta.label)
    return found


def index(obj: Any) -> None:
    """Upsert ``obj`` under every search type registered for its model."""
    for search_type in _types_of(obj):
        index_document(type=search_type.key, object_id=obj.pk, document=search_type.document(obj))


def unindex(obj: Any) -> None:
    for search_type in _types_of(obj):
        unindex_document(type=search_type.key, object_id=obj.pk)


def _entries(objs: Iterable[Any], removed: list[tuple[str, str]]):
    for obj in objs:
        for search_type in _types_of(obj):
            document = search_type.document(obj)
            if document is None:
                removed.append((search_type.key, str(obj.pk)))
            else:
                yield search_type.key, obj.pk, document


def _remove(keys: list[tuple[str, str]]) -> None:
    by_type: dict[str, list[str]] = {}
    for type_key, object_id in keys:
        by_type.setdefault(type_key, []).append(object_id)
    for type_key, object_ids in by_type.items():
        for i in range(0, len(object_ids), BATCH_SIZE):
            delete_documents(
                SearchDocument.objects.filter(
                    type=type_key, object_id__in=object_ids[i : i + BATCH_SIZE]
                )
            )
    if keys:
        results_cache.changed()


def index_many(objs: Iterable[Any], *, now=None) -> int:
    """Index many model instances in batched writes; returns how many are in the index
    (objects whose document() is None are removed)."""
    removed: list[tuple[str, str]] = []
    written = write_documents(_entries(objs, removed), now=now)
    _remove(removed)
    return written


def _iterate(objs: Iterable[Any]) -> Iterable[Any]:
    if isinstance(objs, QuerySet):
        if not objs.query.order_by and not objs.ordered:
            objs = objs.order_by("pk")
        return objs.iterator(chunk_size=BATCH_SIZE)
    return objs


def rebuild(type_key: str | None = None, *, stdout=None) -> dict[str, int]:
    """Re-index every object of one type (or of all types) from its queryset, and drop
    documents that are no longer there (or whose type is no longer registered)."""
    if type_key is not None:
        search_type = types.get_type(type_key)
        if search_type is None:
            raise LookupError(f"Unknown search type {type_key!r}")
        selected = [search_type]
    else:
        selected = types.all_types()
        delete_documents(SearchDocument.objects.exclude(type__in=[t.key for t in selected]))
    counts: dict[str, int] = {}
    for search_type in selected:
        start = timezone.now()

        def entries(st=search_type):
            for obj in _iterate(st.queryset()):
                document = st.document(obj)
                if document is not None:
                    yield st.key, obj.pk, document

        counts[search_type.key] = write_documents(entries())
        delete_documents(SearchDocument.objects.filter(type=search_type.key, updated_at__lt=start))
        if stdout is not None:
            stdout.write(f"{search_type.key}: {counts[search_type.key]} documents\n")
    results_cache.changed()
    return counts
