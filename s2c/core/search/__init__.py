"""The shared search index: every service registers its public objects here, and one
query searches them all with what the asking user may see (see docs/plugging-in.md).

    from s2c.core import search
    search.register(search.SearchType(key=..., label=..., model=..., document=..., queryset=...))
    search.index(obj); search.unindex(obj)
    results = search.query(user=request.user, q="perpanjang stnk")

This package is also the ``search`` Django app, imported while apps load: the names
below that touch the database import their modules (and so the models) when called.
"""

from __future__ import annotations

from typing import Any

from .types import (
    Document,
    Facet,
    Hit,
    SearchResults,
    SearchType,
    all_types,
    get_type,
    register,
    unregister,
)

__all__ = [
    "Document",
    "Facet",
    "Hit",
    "SearchResults",
    "SearchType",
    "all_types",
    "codes",
    "engine_query",
    "get_type",
    "index",
    "index_document",
    "index_documents",
    "index_many",
    "query",
    "rebuild",
    "rebuild_engine",
    "register",
    "sync",
    "unindex",
    "unindex_document",
    "unregister",
]


# The functions below import ``indexing`` and ``querying`` when called: this package is an
# installed app, imported while apps load, and those modules need the models.


def index(obj: Any) -> None:
    """Upsert ``obj`` (its type's ``document()`` returning None removes it). Call it in
    ``transaction.on_commit`` after a write."""
    from .indexing import index as _index

    _index(obj)


def unindex(obj: Any) -> None:
    from .indexing import unindex as _unindex

    _unindex(obj)


def index_many(objs, *, now=None) -> int:
    """Index many instances in batched writes (seeding, imports); returns the count."""
    from .indexing import index_many as _index_many

    return _index_many(objs, now=now)


def index_document(*, type: str, object_id: Any, document: Document | None) -> None:
    """Upsert one document directly, without a model instance (None removes it)."""
    from .indexing import index_document as _index_document

    _index_document(type=type, object_id=object_id, document=document)


def index_documents(entries) -> int:
    """Upsert many ``(type, object_id, Document)`` entries in batched writes."""
    from .indexing import write_documents

    return write_documents(entries)


def unindex_document(*, type: str, object_id: Any) -> None:
    from .indexing import unindex_document as _unindex_document

    _unindex_document(type=type, object_id=object_id)


def codes() -> tuple[dict[int, str], dict[int, str]]:
    """({agency id: code}, {region id: code}) for naming results and facets (cached)."""
    from .querying import codes as _codes

    return _codes()


def rebuild(type_key: str | None = None, *, stdout=None) -> dict[str, int]:
    """Re-index one type (or all) from its queryset; drops documents no longer there."""
    from .indexing import rebuild as _rebuild

    return _rebuild(type_key, stdout=stdout)


def sync(*, limit: int | None = None) -> int:
    """Apply the recorded document changes to the engine's index (the worker does this
    every half second); returns how many documents were replaced or removed. Returns 0
    when another process is applying them."""
    from .engine import Busy
    from .engine import get as get_engine

    try:
        return get_engine().sync(limit=limit)
    except Busy:
        return 0


def rebuild_engine(*, progress=None) -> int:
    """Rebuild the engine's index from the documents in the database (a new generation,
    swapped in when complete); ``progress``: a stream for a progress bar."""
    from .engine import get as get_engine

    return get_engine().rebuild(progress=progress)


def engine_query(*, user, q: str, types=None, agency_ids=None, region_ids=None):
    """(searcher, engine query) for a question, as ``query`` asks the engine first: for
    measuring the engine's own time."""
    from .querying import engine_query as _engine_query

    return _engine_query(user=user, q=q, types=types, agency_ids=agency_ids, region_ids=region_ids)


def query(
    *,
    user,
    q: str,
    types=None,
    agency_ids=None,
    region_ids=None,
    page=1,
    page_size=20,
    prefix: bool = False,
    collapse: bool = True,
    any_word: bool = False,
) -> SearchResults:
    """Search what ``user`` may see. See ``querying.query``; ``collapse=False`` lists
    near-identical documents one by one; ``any_word=True`` ranks the documents holding
    any of the words (more like this), instead of first those holding them all."""
    from .querying import query as _query

    return _query(
        user=user,
        q=q,
        types=types,
        agency_ids=agency_ids,
        region_ids=region_ids,
        page=page,
        page_size=page_size,
        prefix=prefix,
        collapse=collapse,
        any_word=any_word,
    )
