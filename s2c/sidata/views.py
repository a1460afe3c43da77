"""The pages of Sidata's archive: the public and shared documents, a document's page and
its files, and the staff's filing, editing, trash, retention and integrity pages.

Each view parses, calls a selector or a service, and renders. Finding words across the
archive is the one search's (``portal:search`` with ``type=sidata.document``)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from s2c.core import permissions
from s2c.core.errors import ApplicationError
from s2c.core.forms import apply_error
from s2c.core.paging import page_of
from s2c.core.textinput import clean_text
from s2c.core.views.decorators import public_view, staff_required

from . import conf, selectors, services, suggestions
from .forms import HoldForm, MetadataForm, RetentionForm, UploadForm, VersionForm
from .models import Access, Document


def _filtered(request, documents):
    """``documents`` narrowed by the page's filters (the selector's rules)."""
    return selectors.narrowed(
        documents, **{key: clean_text(request.GET.get(key, "")) for key in selectors.FILTERS}
    )


@require_GET
@public_view
def home(request):
    documents = _filtered(request, selectors.openable(request.user))
    page = page_of(request, documents.order_by("-created_at", "-pk"), 20)
    return render(
        request,
        "sidata/home.html",
        {
            "page": page,
            "documents": page.object_list,
            "facets": selectors.facets(documents),
            "query": request.GET,
            "accesses": Access.choices,
        },
    )


@require_GET
@login_required
def shared(request):
    page = page_of(request, selectors.shared_with(request.user).order_by("-created_at"), 20)
    return render(
        request,
        "sidata/shared.html",
        {"page": page, "documents": page.object_list, "query": request.GET},
    )


@require_GET
@public_view  # the selector's NotFound is the 404 page
def document(request, public_id):
    doc = selectors.document_for(request.user, public_id)
    services.view_record(document=doc, user=request.user)
    related = [
        d for d in doc.related.all().select_related("agency") if selectors.can_open(request.user, d)
    ]
    return render(
        request,
        "sidata/document.html",
        {
            "document": doc,
            "versions": doc.versions.all(),
            "tags": doc.tags.all(),
            "related": related,
            "can_edit": selectors.can_edit(request.user, doc),
            "retention": doc.retention_dates(),
        },
    )


def _file(request, public_id, number: int | None, *, inline: bool):
    doc = selectors.document_for(request.user, public_id)
    version = doc.current if number is None else selectors.version_of(doc, number)
    if version is None:
        raise Http404
    try:
        handle = default_storage.open(version.file, "rb")
    except OSError:
        raise Http404 from None
    services.download_record(document=doc, version=version, user=request.user)
    response = FileResponse(
        handle,
        content_type=version.content_type,
        as_attachment=not inline,
        filename=version.original_name,
    )
    response["Cache-Control"] = "public, max-age=3600" if doc.is_public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@public_view
def download(request, public_id, number: int | None = None):
    return _file(request, public_id, number, inline=False)


@require_GET
@public_view
def view_file(request, public_id, number: int):
    """A PDF or an image shown by the browser (sandboxed), for reading without saving."""
    return _file(request, public_id, number, inline=True)


def _picture(version, key: str, make) -> bytes:
    """A PNG of a version kept in the cache by the file's SHA-256 and ``key`` (b"" when
    the file has none: the page shows an icon or says so)."""
    from . import previews

    cache_key = "sidata:png:" + hashlib.sha256(f"{version.sha256}:{key}".encode()).hexdigest()[:40]
    png = cache.get(cache_key)
    if png is None:
        try:
            with default_storage.open(version.file, "rb") as handle:
                png = make(handle.read())
        except (previews.PreviewError, OSError):
            png = b""
        cache.set(cache_key, png, 7 * 24 * 3600)
    return png


def _png_response(png: bytes, doc) -> HttpResponse:
    if not png:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = (
        "public, max-age=86400" if doc.is_public else "private, max-age=3600"
    )
    return response


@require_GET
@public_view
def thumbnail(request, public_id, number: int):
    """A small PNG of the first page (PDF) or of the image; 404 when the kind has none
    (the page shows an icon instead)."""
    from . import previews

    doc = selectors.document_for(request.user, public_id)
    version = selectors.version_of(doc, number)
    png = _picture(
        version, "thumb", lambda content: previews.thumbnail(content, version.content_type)
    )
    return _png_response(png, doc)


def _pages_of(version) -> int:
    """How many pages the viewer can show (kept with the pictures)."""
    from . import previews

    counted = _picture(
        version,
        "pages",
        lambda content: str(previews.page_count(content, version.content_type)).encode(),
    )
    return int(counted) if counted.isdigit() else 0


@require_GET
@public_view
def page_image(request, public_id, number: int, page: int):
    """One page of a PDF or TIFF (or the image) as a PNG for reading on a phone."""
    from . import previews

    doc = selectors.document_for(request.user, public_id)
    version = selectors.version_of(doc, number)
    if not 0 < page <= _pages_of(version):
        raise Http404
    png = _picture(
        version,
        f"page-{page}",
        lambda content: previews.page_image(content, page, content_type=version.content_type),
    )
    return _png_response(png, doc)


@require_GET
@public_view
def pages(request, public_id, number: int, page: int = 1):
    """The page viewer: one page as a picture, with the previous and next, for a phone
    whose browser shows no PDF; nothing but HTML and an image."""
    doc = selectors.document_for(request.user, public_id)
    version = selectors.version_of(doc, number)
    count = _pages_of(version)
    if not 0 < page <= count:
        raise Http404
    services.view_record(document=doc, user=request.user)
    return render(
        request,
        "sidata/pages.html",
        {"document": doc, "version": version, "page": page, "count": count},
    )


# --- staff ---------------------------------------------------------------------------


@staff_required
def staff_documents(request):
    agencies = selectors.agencies_for_staff(user=request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies,
        accept=conf.archive_policy().accept_attribute,
        initial={"access": Access.AGENCY},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("files")
        filed, refused = [], []
        for upload in files:
            try:
                filed.append(
                    services.document_create(
                        by=request.user,
                        file=upload,
                        **{**data, "title": data["title"] if len(files) == 1 else ""},
                    )
                )
            except ApplicationError as exc:
                if len(files) == 1:
                    apply_error(form, exc)
                refused.append(f"{upload.name}: {exc.message}")
        for line in refused:
            messages.error(request, line)
        if filed:
            messages.success(
                request, _("%(n)d document(s) filed; their text is being read.") % {"n": len(filed)}
            )
            if len(filed) == 1 and not refused:
                return redirect("sidata:staff-document", filed[0].public_id)
            return redirect("sidata:staff-documents")
    documents = _filtered(request, selectors.documents_for_staff(user=request.user))
    page = page_of(request, documents.order_by("-created_at", "-pk"), 50)
    return render(
        request,
        "sidata/staff_documents.html",
        {"page": page, "documents": page.object_list, "form": form, "query": request.GET},
    )


def _staff_document(request, public_id) -> Document:
    doc = (
        selectors.documents_for_staff(user=request.user, trashed=False)
        .filter(public_id=public_id)
        .first()
        or selectors.documents_for_staff(user=request.user, trashed=True)
        .filter(public_id=public_id)
        .first()
    )
    if doc is None or not selectors.can_edit(request.user, doc):
        raise Http404
    return doc


def _metadata_initial(doc: Document) -> dict:
    return {
        "title": doc.title,
        "description": doc.description,
        "document_date": doc.document_date,
        "classification": doc.classification,
        "tags": ", ".join(t.name for t in doc.tags.all()),
        "access": doc.access,
        "readers": ", ".join(u.username for u in doc.readers.all()),
    }


@staff_required
def staff_document(request, public_id):
    doc = _staff_document(request, public_id)
    form = MetadataForm(
        request.POST if request.POST.get("action") == "metadata" else None,
        initial=_metadata_initial(doc),
    )
    version_form = VersionForm(
        request.POST if request.POST.get("action") == "version" else None,
        request.FILES if request.POST.get("action") == "version" else None,
    )
    hold_form = HoldForm(request.POST if request.POST.get("action") == "hold" else None)
    suggestion = suggestions.suggest(doc, user=request.user) if not doc.trashed_at else None
    if request.method == "POST" and request.POST.get("action") == "suggestion" and suggestion:
        try:
            services.suggestion_apply(document=doc, suggestion=suggestion, by=request.user)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The suggestion was applied."))
        return redirect("sidata:staff-document", doc.public_id)
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                services.document_update(document=doc, by=request.user, **form.cleaned_data)
                messages.success(request, _("The details were saved."))
                return redirect("sidata:staff-document", doc.public_id)
            if version_form.is_bound and version_form.is_valid():
                services.version_add(
                    document=doc,
                    file=version_form.cleaned_data["file"],
                    note=version_form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(request, _("The new version was filed."))
                return redirect("sidata:staff-document", doc.public_id)
            if hold_form.is_bound and hold_form.is_valid():
                services.legal_hold_set(
                    document=doc, reason=hold_form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("The document is under legal hold."))
                return redirect("sidata:staff-document", doc.public_id)
        except ApplicationError as exc:
            target = form if form.is_bound else version_form if version_form.is_bound else hold_form
            apply_error(target, exc)
    return render(
        request,
        "sidata/staff_document.html",
        {
            "document": doc,
            "versions": doc.versions.all(),
            "form": form,
            "version_form": version_form,
            "hold_form": hold_form,
            "can_hold": permissions.can_manage_agency(request.user, doc.agency),
            "suggestion": suggestion
            if suggestion and (suggestion.classification or suggestion.tags)
            else None,
        },
    )


@require_POST
@staff_required
def staff_action(request, public_id, action: str):
    """The one-button actions: trash, restore, release a hold, retry an extraction."""
    doc = _staff_document(request, public_id)
    try:
        if action == "trash":
            services.document_trash(document=doc, by=request.user)
            messages.success(request, _("The document was moved to the trash."))
        elif action == "restore":
            services.document_restore(document=doc, by=request.user)
            messages.success(request, _("The document was restored."))
        elif action == "release":
            services.legal_hold_release(document=doc, by=request.user)
            messages.success(request, _("The legal hold was released."))
        elif action == "retry":
            number = request.POST.get("version", "")
            version = selectors.version_of(
                doc, int(number) if number.isascii() and number.isdigit() else 0
            )
            services.extraction_retry(version=version, by=request.user)
            messages.success(request, _("The text will be read again."))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("sidata:staff-document", doc.public_id)


@staff_required
def staff_trash(request):
    page = page_of(
        request,
        selectors.documents_for_staff(user=request.user, trashed=True).order_by("-trashed_at"),
        50,
    )
    return render(
        request,
        "sidata/staff_trash.html",
        {
            "page": page,
            "documents": page.object_list,
            "days": conf.trash_days(),
            "query": request.GET,
        },
    )


@staff_required
def staff_care(request):
    """What needs an archivist: retention due, files changed or missing, texts unread."""
    due = selectors.retention_due(user=request.user)
    return render(
        request,
        "sidata/staff_care.html",
        {
            "due": due[:200],
            "due_count": len(due),
            "problems": selectors.integrity_problems(user=request.user)[:200],
            "failed": selectors.failed_extractions(user=request.user)[:200],
            "form": RetentionForm(),
        },
    )


@require_POST
@staff_required
def staff_retention(request, public_id):
    doc = _staff_document(request, public_id)
    form = RetentionForm(request.POST)
    if form.is_valid():
        try:
            services.retention_decide(document=doc, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("sidata:staff-care")
