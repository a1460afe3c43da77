"""Staff pages under /staf/care/: the inbox (agency, verifier and supervisor views), one
report with its actions, bulk actions and staff files."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from s2c.core import calendar
from s2c.core.errors import ApplicationError, PermissionDenied
from s2c.core.models import Agency
from s2c.core.paging import page_of
from s2c.core.views.decorators import staff_required

from .. import actions, deadlines, presenters, roles, selectors, services
from ..models import Attachment, Complaint
from .public import file_response

PAGE_SIZE = 25
VIEWS = {"": "", "verify": "verify", "escalated": "escalated", "related": "related", "mine": "mine"}


def _inbox_filters(request, view: str) -> selectors.InboxFilters:
    g = request.GET
    return selectors.InboxFilters(
        view=view,
        status=g.get("status", "open")[:20] or "open",
        category=g.get("category", "")[:50],
        region=g.get("region", "")[:8],
        agency=g.get("agency", "")[:50],
        overdue=g.get("overdue") == "1",
        sort=g.get("sort", "deadline")[:10] or "deadline",
    )


def _inbox(request, view: str, title: str):
    user = request.user
    today = calendar.today()
    filters = _inbox_filters(request, view)
    try:
        qs = selectors.inbox(user, filters, today=today)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        filters = selectors.InboxFilters(view=view)
        qs = selectors.inbox(user, filters, today=today)
    page = page_of(
        request,
        qs,
        PAGE_SIZE,
        count_key=selectors.inbox_count_key(user, filters, today),
        version=selectors.inbox_version(),
    )
    rows = presenters.inbox_rows(user, page.object_list, today)
    choices = _choices(filters, user)
    return render(
        request,
        "care/staff/inbox.html",
        {
            "title": title,
            "view": view,
            "page": page,
            "rows": rows,
            "rows_html": presenters.inbox_rows_html(rows),
            "filters": filters,
            "query": request.GET,
            "today": today,
            **choices,
            "is_province": roles.is_province_staff(user),
            "is_verifier": roles.is_verifier(user),
            "officers": selectors.assignable_officers(user),
        },
    )


def _options(pairs, selected: str) -> list[tuple[str, str, bool]]:
    return [(str(value), str(label), str(value) == selected) for value, label in pairs]


def _choices(filters: selectors.InboxFilters, user) -> dict:
    """The filter and bulk-action choices as (value, label, selected) triples."""
    english = (translation.get_language() or "id").startswith("en")
    categories, regions, agencies = selectors.inbox_choice_lists(user)
    return {
        "category_options": _options(
            [(c, en if english and en else n) for c, n, en in categories], filters.category
        ),
        "region_options": _options(regions, filters.region),
        "agency_options": _options([(a, short) for a, _n, short in agencies], filters.agency),
        "agency_names": [(a, n) for a, n, _s in agencies],
        "status_options": _options(Complaint.Status.choices, filters.status),
    }


@require_GET
@staff_required
def inbox(request):
    return _inbox(request, "", _("Reports inbox"))


@require_GET
@staff_required(check=roles.is_verifier)
def verify_queue(request):
    return _inbox(request, "verify", _("Reports to verify"))


@require_GET
@staff_required(check=roles.is_province_staff)
def escalated(request):
    return _inbox(request, "escalated", _("Escalated reports"))


@require_GET
@staff_required
def related(request):
    return _inbox(request, "related", _("Reports where your agency is related"))


@require_GET
@staff_required
def mine(request):
    return _inbox(request, "mine", _("Reports assigned to me"))


def _detail(request, complaint, *, error=None, values=None, status=200):
    user = request.user
    available = actions.available(user, complaint)
    return render(
        request,
        "care/staff/detail.html",
        {
            "complaint": complaint,
            "title": presenters.staff_title(user, complaint),
            "description": presenters.staff_description(user, complaint),
            "answers": presenters.attribute_answers(complaint),
            "public_title": presenters.public_title(complaint),
            "public_description": presenters.public_description(complaint),
            "identity": presenters.identity_for(user, complaint),
            "timeline": presenters.staff_timeline(user, complaint),
            "countdown": deadlines.countdown(complaint),
            "actions": available,
            "action_labels": {k: v[0] for k, v in actions.ACTIONS.items()},
            "with_internal_note": actions.WITH_INTERNAL_NOTE,
            "required_note": actions.REQUIRED_NOTE,
            "agencies": Agency.objects.filter(is_active=True).order_by("name"),
            "officers": selectors.officers_for(user, complaint),
            "related": complaint.related_agencies.all(),
            "attachments": complaint.attachments.all(),
            "is_verifier": roles.is_verifier(user),
            "error": error,
            "values": values or {},
            "map_tiles": settings.S2C_MAP_TILES,
            "map_attribution": settings.S2C_MAP_ATTRIBUTION,
        },
        status=status,
    )


@require_GET
@staff_required
def detail(request, number: str):
    return _detail(request, selectors.complaint_for_staff(request.user, number))


def _action_input(request) -> actions.ActionInput:
    p = request.POST
    return actions.ActionInput(
        note=p.get("note", ""),
        internal_note=p.get("internal_note", ""),
        agency=p.get("agency", ""),
        related_agencies=p.getlist("related_agencies"),
        officer=p.get("officer", ""),
        into=p.get("into", ""),
        public_title=p.get("public_title", ""),
        public_description=p.get("public_description", ""),
        files=request.FILES.getlist("files"),
    )


@require_POST
@staff_required
def action(request, number: str, name: str):
    complaint = selectors.complaint_for_staff(request.user, number)
    if name not in actions.ACTIONS:
        raise Http404
    data = _action_input(request)
    try:
        actions.run(name, complaint=complaint, by=request.user, data=data)
    except ApplicationError as exc:
        complaint = selectors.complaint_for_staff(request.user, number)
        return _detail(
            request,
            complaint,
            error=exc.message,
            values={
                "action": name,
                "note": data.note,
                "internal_note": data.internal_note,
                "into": data.into,
            },
            status=exc.status_code if exc.status_code < 500 else 400,
        )
    complaint.refresh_from_db()
    messages.success(request, actions.done_message(name, complaint))
    try:
        selectors.complaint_for_staff(request.user, number)
    except PermissionDenied:
        return redirect("care:staff-inbox")  # e.g. returned to the verifier
    return redirect("care:staff-detail", number)


@require_POST
@staff_required
def bulk(request):
    name = request.POST.get("bulk_action", "")
    numbers = request.POST.getlist("selected")
    data = _action_input(request)
    try:
        count = actions.run_bulk(name, numbers=numbers, by=request.user, data=data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, actions.bulk_done_message(name, count, data))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/staf/care/") else "care:staff-inbox")


@require_POST
@staff_required(check=roles.is_verifier)
def file_visibility(request, pk: int):
    """A verifier hides a file from the public, or shows it again."""
    a = Attachment.objects.select_related("complaint").filter(pk=pk).first()
    if a is None:
        raise Http404
    try:
        services.attachment_set_public(
            attachment=a, by=request.user, is_public=request.POST.get("public") == "1"
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The file is public.") if a.is_public else _("The file is hidden from the public."),
        )
    return redirect("care:staff-detail", a.complaint.tracking_number)


@require_GET
@staff_required
def staff_file(request, pk: int):
    a = Attachment.objects.select_related("complaint").filter(pk=pk).first()
    if a is None or not roles.can_see_attachment(request.user, a, via=roles.STAFF):
        raise Http404
    return file_response(a)
