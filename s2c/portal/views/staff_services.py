"""Staff pages of the catalogue: list, create, edit, publish, and the approval queue."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from s2c.core import permissions
from s2c.core import selectors as core_selectors
from s2c.core.errors import ApplicationError
from s2c.core.forms import apply_error
from s2c.core.paging import page_of
from s2c.core.templatetags.s2c import rupiah
from s2c.core.views.decorators import staff_required

from .. import selectors, services
from ..content import ServiceContent, changes, content_of
from ..forms import NoteForm, ServiceForm
from ..models import Service

FIELD_LABELS = {name: field.label for name, field in ServiceForm.base_fields.items()}


def _display(value) -> list[str]:
    """A component's value as lines to show in the comparison table."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    if value is None or value == "":
        return []
    return [str(value)]


@staff_required
def service_list(request):
    status = request.GET.get("status", "")
    if status not in Service.Status.values:
        status = ""
    q = request.GET.get("q", "")[:100]
    page = page_of(request, selectors.services_for_staff(user=request.user, status=status, q=q), 30)
    return render(
        request,
        "portal/staff/services.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "query": request.GET,
            "statuses": Service.Status.choices,
            "agencies": selectors.managed_agencies(user=request.user),
        },
    )


@staff_required
def service_create(request):
    agency = selectors.agency_for_manager(
        user=request.user, code=request.GET.get("agency") or request.POST.get("agency", "")
    )
    form = ServiceForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                by=request.user, agency=agency, content=form.to_content()
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The service was saved as a draft."))
            return redirect("portal:staff-service", code=service.code)
    return render(
        request, "portal/staff/service_form.html", {"form": form, "agency": agency, "service": None}
    )


@staff_required
def service_detail(request, code: str):
    service = selectors.service_for_staff(user=request.user, code=code)
    pending = selectors.service_pending_revision(user=request.user, service=service)
    history = core_selectors.audit_entries_for(request.user).filter(
        object_type="portal.service", object_id=str(service.pk)
    )[:20]
    return render(
        request,
        "portal/staff/service.html",
        {
            "service": service,
            "content": content_of(service),
            "pending": pending,
            "revisions": selectors.revisions_of(user=request.user, service=service)[:10],
            "history": history,
            "can_manage": permissions.can_manage_agency(request.user, service.agency_id),
            "is_province_admin": permissions.is_province_admin(request.user),
            "missing": content_of(service).missing_for_publication(),
            "note_form": NoteForm(),
        },
    )


@staff_required
def service_edit(request, code: str):
    service = selectors.service_for_staff(user=request.user, code=code)
    if not permissions.can_manage_agency(request.user, service.agency_id):
        raise Http404
    pending = selectors.service_pending_revision(user=request.user, service=service)
    start = ServiceContent.from_dict(pending.content) if pending else content_of(service)
    form = ServiceForm(
        request.POST or None, agency=service.agency, initial=ServiceForm.initial_from(start)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _s, revision = services.service_update(
                by=request.user, service=service, content=form.to_content()
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            if revision is not None:
                messages.success(
                    request,
                    _(
                        "Your change was sent for approval. The public sees the published "
                        "version until a province administrator approves it."
                    ),
                )
            else:
                messages.success(request, _("The service was saved."))
            return redirect("portal:staff-service", code=service.code)
    return render(
        request,
        "portal/staff/service_form.html",
        {"form": form, "agency": service.agency, "service": service, "pending": pending},
    )


def _transition(request, code: str, action):
    service = selectors.service_for_staff(user=request.user, code=code)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        message = action(service, note)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, message)
    return redirect("portal:staff-service", code=service.code)


@require_POST
@staff_required
def service_submit(request, code: str):
    def act(service, note):
        services.service_submit(by=request.user, service=service)
        return _("The service was sent to the province for publication.")

    return _transition(request, code, act)


@require_POST
@staff_required
def service_publish(request, code: str):
    def act(service, note):
        services.service_publish(by=request.user, service=service, note=note)
        return _("The service is published.")

    return _transition(request, code, act)


@require_POST
@staff_required
def service_withdraw(request, code: str):
    def act(service, note):
        services.service_withdraw(by=request.user, service=service, note=note)
        return _("The service was withdrawn from the public catalogue.")

    return _transition(request, code, act)


@staff_required(check=permissions.is_province_admin)
def review_queue(request):
    drafts, revisions = selectors.review_queue(user=request.user)
    return render(request, "portal/staff/reviews.html", {"drafts": drafts, "revisions": revisions})


@staff_required
def revision_detail(request, pk: int):
    revision = selectors.revision_for_staff(user=request.user, pk=pk)
    proposed = ServiceContent.from_dict(revision.content)
    shown = {"cost_amount": rupiah}  # components shown as the public page shows them
    rows = [
        (
            FIELD_LABELS.get(name, name),
            _display(shown.get(name, lambda v: v)(before) if before is not None else None),
            _display(shown.get(name, lambda v: v)(after) if after is not None else None),
        )
        for name, before, after in changes(content_of(revision.service), proposed)
    ]
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        note = form.cleaned_data["note"]
        try:
            if decision == "approve":
                services.revision_approve(by=request.user, revision=revision, note=note)
                messages.success(request, _("The change is approved and published."))
            elif decision == "reject":
                services.revision_reject(by=request.user, revision=revision, note=note)
                messages.success(request, _("The change was rejected; the agency sees your note."))
            elif decision == "cancel":
                services.revision_cancel(by=request.user, revision=revision)
                messages.success(request, _("The proposed change was withdrawn."))
            else:
                raise ApplicationError(_("Choose approve or reject."))
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            if permissions.is_province_admin(request.user):
                return redirect("portal:staff-reviews")
            return redirect("portal:staff-service", code=revision.service.code)
    return render(
        request,
        "portal/staff/revision.html",
        {
            "revision": revision,
            "rows": rows,
            "form": form,
            "is_province_admin": permissions.is_province_admin(request.user),
            "can_manage": permissions.can_manage_agency(request.user, revision.service.agency_id),
        },
    )
