"""Helpers to put documents in the index directly (no service models needed)."""

from __future__ import annotations

import itertools

from s2c.core import search
from s2c.core.permissions import Visibility

_seq = itertools.count(1)


def document_type(key: str, label: str) -> search.SearchType:
    """A search type for documents indexed directly (no model of their own)."""
    return search.SearchType(
        key=key,
        label=label,
        model="core.JointLeaveDay",
        document=lambda obj: None,
        queryset=lambda: [],
    )


def add_doc(
    title: str,
    *,
    type: str = "test.page",
    object_id: str | None = None,
    body: str = "",
    summary: str = "",
    keywords: str = "",
    title_en: str = "",
    summary_en: str = "",
    visibility: str = Visibility.PUBLIC,
    agency=None,
    region=None,
    url: str | None = None,
) -> str:
    """Index one document and return its object id."""
    object_id = object_id or f"obj-{next(_seq)}"
    search.index_document(
        type=type,
        object_id=object_id,
        document=search.Document(
            title=title,
            url=url if url is not None else f"/test/{object_id}/",
            body=body,
            summary=summary,
            keywords=keywords,
            title_en=title_en,
            summary_en=summary_en,
            visibility=visibility,
            agency_id=getattr(agency, "pk", agency),
            region_id=getattr(region, "pk", region),
        ),
    )
    return object_id


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def facet_counts(results, name: str) -> dict[str, int]:
    return {facet.key: facet.count for facet in results.facets[name]}
