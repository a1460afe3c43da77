"""Sumsel Care in the shared search index: publicly listed reports only.

Confidential (rahasia) reports are never indexed, and no document ever carries a
reporter's identity: the text is the public (redacted, masked) version."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from s2c.core import search
from s2c.core.permissions import Visibility

from . import presenters, roles
from .models import Category, Complaint

TYPE_KEY = "care.complaint"
CATEGORY_KEY = "care.category"
# What people say when they want to report a problem, in both languages: a category's
# document answers "lapor jalan rusak" or "report a pothole" with its report form.
REPORT_WORDS = (
    "lapor laporkan laporan adu adukan aduan pengaduan keluhan komplain "
    "report complain complaint problem"
)


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
            [
                complaint.tracking_number,
                category.name,
                category.name_en,
                category.keywords,
                complaint.kecamatan,
            ]
        ),
        visibility=Visibility.PUBLIC,
        agency_id=complaint.agency_id,
        region_id=complaint.region_id,
    )


def queryset():
    return roles.public_reports(Complaint.objects.all()).select_related("category", "region")


def category_document(category: Category) -> search.Document | None:
    """An active category as the way to report its problem: its report form."""
    if not category.is_active:
        return None
    agency = category.agency.short_name if category.agency_id else ""

    def summary(language: str) -> str:
        with translation.override(language):
            if agency:
                return gettext(
                    "Report this problem through Sumsel Care; %(agency)s follows it up."
                ) % {"agency": agency}
            return gettext("Report this problem through Sumsel Care.")

    return search.Document(
        title=category.name,
        title_en=category.name_en,
        summary=summary("id"),
        summary_en=summary("en"),
        body=category.description,
        keywords=" ".join(
            p for p in (category.keywords, category.group, agency, REPORT_WORDS) if p
        ),
        url=f"{reverse('care:report')}?category={category.code}",
        visibility=Visibility.PUBLIC,
        agency_id=category.agency_id,
    )


def categories():
    return Category.objects.filter(is_active=True).select_related("agency")


def category_changed(sender, instance: Category, **kwargs) -> None:
    """A category was saved or deleted (the Django admin, the seed): its document follows
    on commit (None for an inactive one removes it)."""
    pk = instance.pk

    def run() -> None:
        found = categories().filter(pk=pk).first()
        if found is None:
            search.unindex_document(type=CATEGORY_KEY, object_id=pk)
        else:
            search.index_document(
                type=CATEGORY_KEY, object_id=pk, document=category_document(found)
            )

    transaction.on_commit(run)


def register() -> None:
    search.register(
        search.SearchType(
            key=CATEGORY_KEY,
            label=_("Report a problem (Sumsel Care)"),
            model="care.Category",
            document=category_document,
            queryset=categories,
            order=35,
            priority=20,
        )
    )
    search.register(
        search.SearchType(
            key=TYPE_KEY,
            label=_("Public reports (Sumsel Care)"),
            model="care.Complaint",
            document=document,
            queryset=queryset,
            order=40,
            priority=50,
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
