"""What Sidata puts in the one search: its documents, each shown exactly to those who may
open it (the access level as core's visibility). Restricted and trashed documents are not
in it: their readers find them in Sidata's own lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from s2c.core import search


def document_document(document) -> search.Document | None:
    from .models.documents import VISIBILITY

    visibility = VISIBILITY.get(document.access)
    if visibility is None or document.trashed_at is not None:
        return None  # removes it from the index
    current = document.current
    keywords = " ".join(tag.name for tag in document.tags.all())
    classification = document.classification
    if classification is not None:
        keywords = f"{keywords} {classification.code} {classification.name}".strip()
    return search.Document(
        title=document.title,
        url=document.get_absolute_url(),
        summary=document.description[:300],
        keywords=keywords,
        body=f"{document.description}\n{current.text if current else ''}",
        visibility=visibility,
        agency_id=document.agency_id,
    )


def _documents():
    from .models import Document

    return (
        Document.objects.filter(trashed_at__isnull=True)
        .exclude(access="restricted")
        .select_related("current", "classification")
        .prefetch_related("tags")
    )


DOCUMENT = search.SearchType(
    key="sidata.document",
    label=_("Archive documents"),
    model="sidata.Document",
    document=document_document,
    queryset=_documents,
    order=60,
    priority=80,
)
