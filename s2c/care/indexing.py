"""Sumsel Care in the shared search index: publicly listed reports only.

Confidential (rahasia) reports are never indexed, and no document ever carries a
reporter's identity: the text is the public (redacted, masked) version."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from s2c.core import search
from s2c.core.permissions import Visibility

from . import presenters, roles
from .models import Complaint

TYPE_KEY = "care.complaint"


def document(complaint: Complaint) -> search.Document | None:
    if roles.sight(None, complaint) < roles.Sight.PUBLIC:
        return None
    category = complaint.category
    place = ", ".join(
        p
        for p in (complaint.kecamatan, complaint.region.display_name if complaint.region_id else "")
        if p
    )
    return search.Document(
        title=presenters.public_title(complaint),
        body=presenters.public_description(complaint),
        summary=" · ".join(
            p
            for p in (
                complaint.tracking_number,
                category.name,
                place,
                str(Complaint.Status(complaint.status).label),
            )
            if p
        ),
        url=complaint.get_absolute_url(),
        keywords=" ".join(
            [complaint.tracking_number, category.name, category.keywords, complaint.kecamatan]
        ),
        visibility=Visibility.PUBLIC,
        agency_id=complaint.agency_id,
        region_id=complaint.region_id,
    )


def queryset():
    return roles.public_reports(Complaint.objects.all()).select_related("category", "region")


def register() -> None:
    search.register(
        search.SearchType(
            key=TYPE_KEY,
            label=_("Public reports (Sumsel Care)"),
            model="care.Complaint",
            document=document,
            queryset=queryset,
            order=40,
        )
    )


def reindex(complaint_id: int) -> None:
    """Upsert (or drop) one report's document; called on commit after every change."""
    complaint = (
        Complaint.objects.select_related("category", "region").filter(pk=complaint_id).first()
    )
    if complaint is None:
        search.unindex_document(type=TYPE_KEY, object_id=complaint_id)
        return
    search.index(complaint)
