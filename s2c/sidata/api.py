"""The service's API, mounted by the one NinjaAPI at /api/v1/sidata/: the archive's
documents, exactly as the pages show them (the same selectors decide who may open what),
and filing, versions and metadata for the agencies' staff."""

from __future__ import annotations

from uuid import UUID

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from s2c.core import api_auth
from s2c.core.api_pagination import paginate_items
from s2c.core.errors import ApplicationError, NotFound
from s2c.core.models import Agency

from . import selectors, services
from .api_datasets import datasets_router
from .forms import split_words
from .models import Classification, Document, DocumentVersion
from .schemas import (
    DocumentDetailOut,
    DocumentIn,
    DocumentPageOut,
    DocumentsIn,
    DocumentUpdateIn,
    VersionIn,
    VersionOut,
)

router = Router(tags=["sidata"])
router.add_router("", datasets_router)


def _version_out(document: Document, version: DocumentVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "original_name": version.original_name,
        "content_type": version.content_type,
        "size": version.size,
        "sha256": version.sha256,
        "note": version.note,
        "uploaded_at": version.uploaded_at,
        "extraction": version.extraction,
        "pages": version.pages,
        "ocr_pages": version.ocr_pages,
        "download_url": reverse(
            "sidata:download-version", args=[document.public_id, version.number]
        ),
    }


def _document_out(document: Document) -> dict:
    return {
        "public_id": document.public_id,
        "title": document.title,
        "description": document.description,
        "agency": document.agency.code,
        "document_date": document.document_date,
        "classification": document.classification.code if document.classification else None,
        "tags": [t.name for t in document.tags.all()],
        "access": document.access,
        "legal_hold": document.legal_hold,
        "downloads": document.downloads,
        "created_at": document.created_at,
        "updated_at": document.updated_at,
        "url": document.get_absolute_url(),
        "current": _version_out(document, document.current),
    }


def _detail_out(user, document: Document) -> dict:
    return {
        **_document_out(document),
        "versions": [_version_out(document, v) for v in document.versions.all()],
        "related": [d.public_id for d in document.related.all() if selectors.can_open(user, d)],
    }


@router.get("/documents", response=DocumentPageOut, summary="Documents the caller may open")
def list_documents(request, filters: Query[DocumentsIn]):
    user = api_auth.acting_user(request)
    documents = selectors.narrowed(
        selectors.openable(user).prefetch_related("tags"),
        year=str(filters.year or ""),
        classification=filters.classification,
        tag=filters.tag,
        agency=filters.agency,
        access=filters.access,
    )
    return paginate_items(
        documents.order_by("-created_at", "-pk"),
        filters,
        results=lambda page: [_document_out(d) for d in page],
    )


@router.get("/documents/{public_id}", response=DocumentDetailOut, summary="One document")
def get_document(request, public_id: UUID):
    user = api_auth.acting_user(request)
    document = selectors.document_for(user, public_id)
    services.view_record(document=document, user=user)
    return _detail_out(user, document)


@router.get(
    "/documents/{public_id}/versions/{number}/file",
    summary="A version's file",
    response={200: None},
)
def get_file(request, public_id: UUID, number: int):
    user = api_auth.acting_user(request)
    document = selectors.document_for(user, public_id)
    version = selectors.version_of(document, number)
    try:
        handle = default_storage.open(version.file, "rb")
    except OSError:
        raise Http404 from None
    services.download_record(document=document, version=version, user=user)
    response = FileResponse(
        handle,
        content_type=version.content_type,
        as_attachment=True,
        filename=version.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code, is_active=True).first()
    if agency is None:
        raise ApplicationError(
            _("There is no agency with this code."),
            extra={"fields": {"agency": [_("Unknown code.")]}},
        )
    return agency


def _classification(code: str) -> Classification | None:
    if not code:
        return None
    found = Classification.objects.filter(code=code).first()
    if found is None:
        raise ApplicationError(
            _("There is no classification code %(code)s.") % {"code": code},
            extra={"fields": {"classification": [_("Unknown code.")]}},
        )
    return found


@router.post(
    "/documents",
    response={201: DocumentDetailOut},
    auth=api_auth.signed_in,
    summary="File a document (multipart: the file and its details)",
)
def create_document(request, data: Form[DocumentIn], file: File[UploadedFile]):
    document = services.document_create(
        agency=_agency(data.agency),
        file=file,
        by=request.auth,
        title=data.title,
        description=data.description,
        document_date=data.document_date,
        classification=_classification(data.classification),
        tags=split_words(data.tags),
        access=data.access,
        readers=selectors.readers_named(split_words(data.readers)),
        note=data.note,
    )
    return Status(201, _detail_out(request.auth, document))


def _editable(user, public_id: UUID) -> Document:
    document = selectors.document_for(user, public_id)
    if not selectors.can_edit(user, document):
        raise NotFound(_("No such document."))
    return document


@router.put(
    "/documents/{public_id}",
    response=DocumentDetailOut,
    auth=api_auth.signed_in,
    summary="Change a document's details",
)
def update_document(request, public_id: UUID, data: DocumentUpdateIn):
    user = request.auth
    document = _editable(user, public_id)
    related = list(Document.objects.filter(public_id__in=data.related))
    if len(related) != len(set(data.related)):
        raise ApplicationError(
            _("A related document was not found."),
            extra={"fields": {"related": [_("Unknown document.")]}},
        )
    services.document_update(
        document=document,
        by=user,
        title=data.title,
        description=data.description,
        document_date=data.document_date,
        classification=_classification(data.classification),
        tags=data.tags,
        access=data.access,
        readers=selectors.readers_named(data.readers),
        related=related,
    )
    return _detail_out(user, selectors.document_for(user, public_id))


@router.post(
    "/documents/{public_id}/versions",
    response={201: VersionOut},
    auth=api_auth.signed_in,
    summary="File a new version (multipart)",
)
def add_version(request, public_id: UUID, file: File[UploadedFile], data: Form[VersionIn]):
    user = request.auth
    document = _editable(user, public_id)
    version = services.version_add(document=document, file=file, note=data.note, by=user)
    return Status(201, _version_out(document, version))
