"""Sidata's writes: typed, keyword-only, in one transaction, permission-checked and
audited. The archive never changes a stored file: a new upload is a new version."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from s2c.core import audit, permissions, scheduler, search, uploads
from s2c.core.errors import ApplicationError, PermissionDenied

from . import conf, selectors
from .models import Access, Classification, Document, DocumentVersion, RetentionDecision, Tag

logger = logging.getLogger("s2c.sidata")

AUDITED = ["title", "description", "document_date", "classification", "access", "legal_hold"]
MAX_TAGS = 30
MAX_READERS = 200
MAX_RELATED = 100


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _folder(agency) -> str:
    return f"sidata/{agency.code}".lower()


def _title_from(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return " ".join(stem.replace("_", " ").replace("-", " ").split())[:300] or _("Untitled")


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = []
    for name in names:
        word = " ".join(str(name).split()).lower()[:100]
        if word and word not in cleaned:
            cleaned.append(word)
    if len(cleaned) > MAX_TAGS:
        raise ApplicationError(
            _("A document has at most %(n)d tags.") % {"n": MAX_TAGS},
            extra={"fields": {"tags": [_("Too many tags.")]}},
        )
    return [Tag.objects.get_or_create(name=word)[0] for word in cleaned]


def _check_access(access: str) -> None:
    if access not in Access.values:
        raise ApplicationError(
            _("Choose who may open the document."),
            extra={"fields": {"access": [_("Not a known access level.")]}},
        )


def _check_classification(classification) -> None:
    if classification is not None and not classification.is_active:
        raise ApplicationError(
            _("This classification code is no longer in use."),
            extra={"fields": {"classification": [_("Choose a code in use.")]}},
        )


def _store(file, agency) -> uploads.StoredFile:
    return uploads.accept(file=file, policy=conf.archive_policy(), folder=_folder(agency))


def _new_version(
    document: Document, stored: uploads.StoredFile, *, note: str, by
) -> DocumentVersion:
    number = (
        DocumentVersion.objects.filter(document=document)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=stored.name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        note=note.strip()[:500],
        uploaded_by=by if permissions.is_authenticated(by) else None,
    )
    document.current = version
    document.updated_at = timezone.now()
    document.save(update_fields=["current", "updated_at"])
    _queue_extraction(version.pk)
    return version


def _queue_extraction(version_id: int) -> None:
    from . import tasks

    scheduler.enqueue_with_transaction(tasks.extract_version, version_id)


def _reindex(document: Document) -> None:
    # Restricted or trashed documents leave the index (search_types returns None).
    search.index(document)


def document_create(
    *,
    agency,
    file,
    by,
    title: str = "",
    description: str = "",
    document_date: dt.date | None = None,
    classification: Classification | None = None,
    tags: Iterable[str] = (),
    access: str = Access.AGENCY,
    readers: Iterable = (),
    note: str = "",
) -> Document:
    """File a new document of ``agency`` with its first version (``file``); only the
    agency's staff (or a province admin) may. The file's text is extracted in the
    background."""
    if not permissions.can_act_for_agency(by, agency):
        raise PermissionDenied(_("You may not file documents for this agency."))
    _check_access(access)
    _check_classification(classification)
    readers = list(readers)
    if len(readers) > MAX_READERS:
        raise ApplicationError(_("Too many named readers."))
    stored = _store(file, agency)
    try:
        with transaction.atomic():
            document = Document(
                agency=agency,
                title=(title or "").strip()[:300] or _title_from(stored.original_name),
                description=(description or "").strip(),
                document_date=document_date,
                classification=classification,
                access=access,
                created_by=by,
            )
            document.keep_retention()
            document.full_clean(exclude=["current", "created_by"])
            document.save()
            document.tags.set(_tags(tags))
            if access == Access.RESTRICTED:
                document.readers.set(readers)
            _new_version(document, stored, note=note, by=by)
            audit.record(
                actor=by,
                action="sidata.document.create",
                obj=document,
                after={**audit.snapshot(document, AUDITED), "sha256": stored.sha256},
            )
            _reindex(document)
    except BaseException:
        default_storage.delete(stored.name)
        raise
    return document


def version_add(*, document: Document, file, by, note: str = "") -> DocumentVersion:
    """A new file for ``document``: the history keeps every earlier one."""
    if not selectors.can_edit(by, document):
        raise PermissionDenied(_("You may not change this document."))
    if document.trashed_at is not None:
        raise ApplicationError(_("Restore the document from the trash first."))
    stored = _store(file, document.agency)
    try:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document.pk)
            version = _new_version(locked, stored, note=note, by=by)
            audit.record(
                actor=by,
                action="sidata.document.version",
                obj=locked,
                after={"version": version.number, "sha256": stored.sha256},
                only_changes=False,
            )
            _reindex(locked)
    except BaseException:
        default_storage.delete(stored.name)
        raise
    document.refresh_from_db()
    return version


@transaction.atomic
def document_update(
    *,
    document: Document,
    by,
    title: str,
    description: str = "",
    document_date: dt.date | None = None,
    classification: Classification | None = None,
    tags: Iterable[str] = (),
    access: str,
    readers: Iterable = (),
    related: Iterable[Document] = (),
) -> Document:
    """Change a document's metadata (its files stay as they are)."""
    if not selectors.can_edit(by, document):
        raise PermissionDenied(_("You may not change this document."))
    _check_access(access)
    if classification != document.classification:
        _check_classification(classification)
    related = [d for d in related if d.pk != document.pk]
    if len(related) > MAX_RELATED:
        raise ApplicationError(_("Too many related documents."))
    for other in related:
        if not selectors.can_open(by, other):
            raise PermissionDenied(_("You may not link a document you cannot open."))
    before = audit.snapshot(document, AUDITED)
    document.title = (title or "").strip()[:300]
    document.description = (description or "").strip()
    document.document_date = document_date
    document.classification = classification
    document.access = access
    document.updated_at = timezone.now()
    document.keep_retention()
    document.full_clean(exclude=["current", "created_by"])
    document.save()
    document.tags.set(_tags(tags))
    document.readers.set(list(readers) if access == Access.RESTRICTED else [])
    document.related.set(related)
    audit.record(
        actor=by,
        action="sidata.document.update",
        obj=document,
        before=before,
        after=audit.snapshot(document, AUDITED),
    )
    _reindex(document)
    return document


def suggestion_apply(*, document: Document, suggestion, by) -> Document:
    """Take a suggestion (``suggestions.suggest``): its classification code when the
    document has none, and its tags beside the document's own."""
    return document_update(
        document=document,
        by=by,
        title=document.title,
        description=document.description,
        document_date=document.document_date,
        classification=document.classification or suggestion.classification,
        tags=[t.name for t in document.tags.all()] + list(suggestion.tags),
        access=document.access,
        readers=list(document.readers.all()),
        related=list(document.related.all()),
    )


@transaction.atomic
def document_trash(*, document: Document, by) -> Document:
    """Move to the trash: hidden from everyone but its agency's staff, removed for good
    after ``S2C_SIDATA_TRASH_DAYS`` unless restored; a legal hold forbids it."""
    if not selectors.can_edit(by, document):
        raise PermissionDenied(_("You may not change this document."))
    if document.legal_hold:
        raise ApplicationError(_("A document under legal hold cannot be deleted."))
    if document.trashed_at is None:
        document.trashed_at, document.trashed_by = timezone.now(), by
        document.save(update_fields=["trashed_at", "trashed_by"])
        audit.record(actor=by, action="sidata.document.trash", obj=document, only_changes=False)
        _reindex(document)
    return document


@transaction.atomic
def document_restore(*, document: Document, by) -> Document:
    if not selectors.can_edit(by, document):
        raise PermissionDenied(_("You may not change this document."))
    if document.trashed_at is not None:
        document.trashed_at, document.trashed_by = None, None
        document.save(update_fields=["trashed_at", "trashed_by"])
        audit.record(actor=by, action="sidata.document.restore", obj=document, only_changes=False)
        _reindex(document)
    return document


@transaction.atomic
def legal_hold_set(*, document: Document, reason: str, by) -> Document:
    """Forbid deleting the document (an audit, a court case) until released; the agency's
    administrators and province admins decide."""
    if not (
        permissions.can_manage_agency(by, document.agency) and selectors.can_open(by, document)
    ):
        raise PermissionDenied(_("Only the agency's administrators may place a legal hold."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(
            _("Say why the document is held."),
            extra={"fields": {"reason": [_("This field is required.")]}},
        )
    before = audit.snapshot(document, AUDITED)
    document.legal_hold, document.legal_hold_reason = True, reason[:2000]
    if document.trashed_at is not None:  # a held document comes back from the trash
        document.trashed_at, document.trashed_by = None, None
    document.save(update_fields=["legal_hold", "legal_hold_reason", "trashed_at", "trashed_by"])
    audit.record(
        actor=by,
        action="sidata.document.hold",
        obj=document,
        before=before,
        after=audit.snapshot(document, AUDITED),
        note=reason[:500],
    )
    _reindex(document)
    return document


@transaction.atomic
def legal_hold_release(*, document: Document, by) -> Document:
    if not (
        permissions.can_manage_agency(by, document.agency) and selectors.can_open(by, document)
    ):
        raise PermissionDenied(_("Only the agency's administrators may release a legal hold."))
    before = audit.snapshot(document, AUDITED)
    document.legal_hold, document.legal_hold_reason = False, ""
    document.save(update_fields=["legal_hold", "legal_hold_reason"])
    audit.record(
        actor=by,
        action="sidata.document.release",
        obj=document,
        before=before,
        after=audit.snapshot(document, AUDITED),
    )
    return document


def download_record(*, document: Document, version: DocumentVersion, user) -> None:
    """Count a download; a non-public document's downloads are in the audit log."""
    Document.objects.filter(pk=document.pk).update(downloads=F("downloads") + 1)
    if document.access != Access.PUBLIC:
        audit.record(
            actor=user,
            action="sidata.document.download",
            obj=document,
            after={"version": version.number},
            only_changes=False,
        )


def view_record(*, document: Document, user) -> None:
    """A view of a non-public document goes into the audit log."""
    if document.access != Access.PUBLIC:
        audit.record(actor=user, action="sidata.document.view", obj=document, only_changes=False)


# --- text extraction -------------------------------------------------------------------


@transaction.atomic
def extraction_retry(*, version: DocumentVersion, by) -> DocumentVersion:
    """Try a failed extraction again (after the OCR tools were installed, say)."""
    if not selectors.can_edit(by, version.document):
        raise PermissionDenied(_("You may not change this document."))
    if version.extraction != DocumentVersion.Extraction.FAILED:
        raise ApplicationError(_("Only a failed extraction can be tried again."))
    DocumentVersion.objects.filter(pk=version.pk).update(
        extraction=DocumentVersion.Extraction.PENDING, extraction_error=""
    )
    audit.record(
        actor=by,
        action="sidata.version.retry",
        obj=version.document,
        after={"version": version.number},
        only_changes=False,
    )
    _queue_extraction(version.pk)
    version.refresh_from_db()
    return version


# --- retention ---------------------------------------------------------------------------


def retention_recompute(*, classification: Classification) -> int:
    """Set again the kept retention dates of the documents filed under ``classification``
    and the codes below it (after its schedule changed); returns how many changed."""
    codes, frontier = {classification.pk}, [classification.pk]
    while frontier:
        frontier = list(
            Classification.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=codes)
            .values_list("pk", flat=True)
        )
        codes.update(frontier)
    changed = []
    documents = Document.objects.filter(classification_id__in=codes).select_related(
        "classification__parent__parent__parent"
    )
    for document in documents.iterator(chunk_size=1000):
        before = (document.active_until, document.inactive_until)
        document.keep_retention()
        if (document.active_until, document.inactive_until) != before:
            changed.append(document)
    Document.objects.bulk_update(changed, ["active_until", "inactive_until"], batch_size=1000)
    return len(changed)


@transaction.atomic
def retention_decide(
    *,
    document: Document,
    decision: str,
    by,
    note: str = "",
    keep_until: dt.date | None = None,
) -> RetentionDecision:
    """Record what the agency decided for a document due under its retention schedule."""
    if not (
        permissions.can_manage_agency(by, document.agency) and selectors.can_open(by, document)
    ):
        raise PermissionDenied(_("Only the agency's administrators decide on retention."))
    if decision not in RetentionDecision.Decision.values:
        raise ApplicationError(
            _("Choose a decision."), extra={"fields": {"decision": [_("Not a known decision.")]}}
        )
    if decision == RetentionDecision.Decision.KEEP and keep_until is None:
        raise ApplicationError(
            _("Say until when the document is kept."),
            extra={"fields": {"keep_until": [_("This field is required.")]}},
        )
    if keep_until is not None and keep_until <= timezone.localdate():
        raise ApplicationError(
            _("The date must be in the future."),
            extra={"fields": {"keep_until": [_("The date must be in the future.")]}},
        )
    if decision == RetentionDecision.Decision.DESTROY and document.legal_hold:
        raise ApplicationError(_("A document under legal hold cannot be destroyed."))
    record = RetentionDecision.objects.create(
        document=document,
        decision=decision,
        note=(note or "").strip()[:5000],
        keep_until=keep_until if decision == RetentionDecision.Decision.KEEP else None,
        decided_by=by,
    )
    audit.record(
        actor=by,
        action="sidata.retention.decide",
        obj=document,
        after={"decision": decision, "keep_until": keep_until},
        note=(note or "")[:500],
        only_changes=False,
    )
    if decision == RetentionDecision.Decision.DESTROY:
        document.trashed_at, document.trashed_by = timezone.now(), by
        document.save(update_fields=["trashed_at", "trashed_by"])
        _reindex(document)
    return record
