"""Sidata's reads. One rule says who may open a document (``openable``), and every list,
page, download, count and the search type use it.

- public: everyone;
- internal to the province: every staff member (and province admins);
- internal to the agency: the agency's staff (and province admins);
- restricted: the named readers and the person who filed it, nobody else (not even a
  province admin: restricted means named).

A trashed document is opened only by its agency's staff (to restore it)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from s2c.core import permissions
from s2c.core.errors import NotFound

from .models import Access, Classification, Document, DocumentVersion


def _open_q(user) -> Q:
    q = Q(access=Access.PUBLIC)
    if not permissions.is_authenticated(user) or not user.is_active:
        return q
    if permissions.is_province_admin(user):
        q |= Q(access__in=[Access.PROVINCE, Access.AGENCY])
    elif permissions.is_staff_member(user):
        q |= Q(access=Access.PROVINCE) | Q(
            access=Access.AGENCY, agency_id__in=permissions.agency_ids(user)
        )
    q |= Q(access=Access.RESTRICTED) & (Q(readers=user) | Q(created_by=user))
    return q


FILTERS = ("year", "classification", "tag", "agency", "access")


def narrowed(
    documents: QuerySet[Document],
    *,
    year: str = "",
    classification: str = "",
    tag: str = "",
    agency: str = "",
    access: str = "",
) -> QuerySet[Document]:
    """``documents`` narrowed by the lists' filters, as the pages and the API take them:
    the year of the document's date (or of its filing, without a date), a classification
    code and the codes below it, a tag, an agency's code, an access level. A value that
    cannot match (a year that is not one, an unknown level) finds nothing, never an
    error."""
    year = str(year or "")[:4]
    if year:
        if not (year.isascii() and year.isdigit() and int(year) >= 1):
            return documents.none()
        documents = documents.filter(
            Q(document_date__year=int(year))
            | Q(document_date__isnull=True, created_at__year=int(year))
        )
    if code := classification[:30]:
        documents = documents.filter(
            Q(classification__code=code) | Q(classification__code__startswith=f"{code}.")
        )
    if word := tag[:100].strip().lower():
        documents = documents.filter(tags__name=word)
    if code := agency[:50]:
        documents = documents.filter(agency__code=code)
    if level := access[:20]:
        documents = documents.filter(access=level) if level in Access.values else documents.none()
    return documents


def facets(documents: QuerySet[Document]) -> dict:
    """Counts by year and by agency of a list (what its page shows beside it)."""
    base = Document.objects.filter(pk__in=documents.values("pk"))
    years = (
        base.annotate(y=ExtractYear("document_date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    agencies = (
        base.values("agency__code", "agency__short_name", "agency__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency__name")[:30]
    )
    return {"years": [y for y in years if y["y"]], "agencies": list(agencies)}


def openable(user) -> QuerySet[Document]:
    """The documents ``user`` may open (not in the trash)."""
    ids = Document.objects.filter(_open_q(user), trashed_at__isnull=True).values("pk")
    return Document.objects.filter(pk__in=ids).select_related("agency", "classification", "current")


def can_open(user, document: Document) -> bool:
    if document.trashed_at is not None:
        return permissions.can_act_for_agency(user, document.agency_id) and _named_ok(
            user, document
        )
    if document.access == Access.PUBLIC:
        return True
    if not permissions.is_authenticated(user) or not user.is_active:
        return False
    if document.access == Access.RESTRICTED:
        return _named_ok(user, document)
    if permissions.is_province_admin(user):
        return True
    if document.access == Access.PROVINCE:
        return permissions.is_staff_member(user)
    return permissions.has_agency_role(user, document.agency_id)


def _named_ok(user, document: Document) -> bool:
    if document.access != Access.RESTRICTED:
        return True
    if not permissions.is_authenticated(user):
        return False
    return document.created_by_id == user.pk or document.readers.filter(pk=user.pk).exists()


def can_edit(user, document: Document) -> bool:
    """Change metadata, add versions, trash: the agency's staff who may open it."""
    return permissions.can_act_for_agency(user, document.agency_id) and (
        can_open(user, document) or (document.trashed_at is not None and _named_ok(user, document))
    )


def document_for(user, public_id) -> Document:
    """The document, if ``user`` may open it; else NotFound (never saying it exists)."""
    document = (
        Document.objects.select_related("agency", "classification", "current")
        .filter(public_id=public_id)
        .first()
    )
    if document is None or not can_open(user, document):
        raise NotFound(_("No such document."))
    return document


def version_of(document: Document, number: int) -> DocumentVersion:
    version = document.versions.filter(number=number).first() if 0 < number < 2**31 else None
    if version is None:
        raise NotFound(_("No such version."))
    return version


def documents_for_staff(*, user, trashed: bool = False) -> QuerySet[Document]:
    """The documents of the user's agencies they may open (the trash with ``trashed``)."""
    qs = Document.objects.select_related("agency", "classification", "current")
    if not permissions.is_province_admin(user):
        qs = qs.filter(agency_id__in=permissions.agency_ids(user))
    qs = qs.filter(Q(~Q(access=Access.RESTRICTED)) | Q(readers=user) | Q(created_by=user))
    qs = qs.filter(trashed_at__isnull=not trashed).distinct()
    return qs


def shared_with(user) -> QuerySet[Document]:
    """Restricted documents naming ``user`` as a reader."""
    if not permissions.is_authenticated(user):
        return Document.objects.none()
    return (
        Document.objects.filter(access=Access.RESTRICTED, readers=user, trashed_at__isnull=True)
        .select_related("agency", "current")
        .distinct()
    )


def agencies_for_staff(*, user):
    from s2c.core.models import Agency

    qs = Agency.objects.filter(is_active=True).order_by("name")
    if permissions.is_province_admin(user):
        return qs
    return qs.filter(pk__in=permissions.agency_ids(user))


def readers_named(names: list[str]) -> list:
    """The active users of these user names (a restricted document's named readers), or
    ApplicationError naming the ones there are none of."""
    from django.contrib.auth import get_user_model

    from s2c.core.errors import ApplicationError

    users = list(get_user_model().objects.filter(username__in=names, is_active=True))
    unknown = sorted(set(names) - {u.username for u in users})
    if unknown:
        raise ApplicationError(
            _("No active user is named %(names)s.") % {"names": ", ".join(unknown[:10])},
            extra={"fields": {"readers": [_("Unknown user name.")]}},
        )
    return users


def classifications():
    return Classification.objects.filter(is_active=True).order_by("code")


def integrity_problems(*, user) -> QuerySet[DocumentVersion]:
    """Versions found changed or missing, of the documents the user works on."""
    docs = documents_for_staff(user=user).values("pk")
    return (
        DocumentVersion.objects.filter(document__in=docs)
        .exclude(integrity__in=[DocumentVersion.Integrity.OK, DocumentVersion.Integrity.UNCHECKED])
        .select_related("document", "document__agency")
    )


def failed_extractions(*, user) -> QuerySet[DocumentVersion]:
    docs = documents_for_staff(user=user).values("pk")
    return DocumentVersion.objects.filter(
        document__in=docs, extraction=DocumentVersion.Extraction.FAILED
    ).select_related("document")


def retention_due(*, user, today: dt.date | None = None) -> list[tuple[Document, str, dt.date]]:
    """The user's agencies' documents whose active or inactive period has ended and on
    which nothing was decided since: (document, "inactive" | disposition, due date),
    oldest first. Documents under legal hold are listed (a hold stops destruction, not
    the review). Only the documents whose kept dates have passed are read."""
    today = today or timezone.localdate()
    due = []
    docs = (
        documents_for_staff(user=user)
        .filter(Q(active_until__lte=today) | Q(inactive_until__lte=today))
        .prefetch_related("decisions")
        .select_related("classification__parent__parent__parent")
    )
    for document in docs.iterator(chunk_size=500):
        active_end, inactive_end = document.active_until, document.inactive_until
        disposition = document.classification.retention()[2] if document.classification else ""
        decisions = list(document.decisions.all())
        latest = decisions[0] if decisions else None
        if latest is not None and latest.decision in ("destroy", "permanent"):
            continue
        if latest is not None and latest.keep_until and latest.keep_until > today:
            continue
        moved = any(d.decision == "inactive" for d in decisions)
        if inactive_end is not None and inactive_end <= today:
            due.append((document, disposition or "review", inactive_end))
        elif active_end is not None and active_end <= today and not moved:
            due.append((document, "inactive", active_end))
    due.sort(key=lambda row: (row[2], row[0].pk))
    return due
