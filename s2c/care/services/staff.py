"""Staff work on a report besides the stage changes: assignment, internal notes, the
verifiers' redactions, file visibility and bulk actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from s2c.core import audit, permissions
from s2c.core.errors import ApplicationError, PermissionDenied

from .. import inputs, notify, roles
from ..models import Attachment, Complaint, ComplaintEvent
from ..workflow_rules import require_role, require_state
from .common import (
    Role,
    add_event,
    add_internal_note,
    after_change,
    internal_note_text,
    lock,
    now_or,
    snapshot,
    staff_role,
)
from .files import attach_files, kept_on_success, store_files
from .workflow import complaint_disposition

Kind = ComplaintEvent.Kind


def complaint_assign(
    *,
    complaint: Complaint,
    by,
    officer,
    internal_note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """Assign the report to an officer of the responsible agency (or unassign: None), with
    an optional note for staff (e.g. what the officer should check)."""
    internal_note = internal_note_text(internal_note)
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        require_role(by, complaint, "assign")
        if officer is not None and not permissions.has_agency_role(officer, complaint.agency_id):
            raise ApplicationError(
                _("%(name)s is not on the staff of this agency.") % {"name": officer},
                code="not_agency_staff",
            )
        require_state(complaint, "assign")
        before = snapshot(complaint, ["assigned_to"])
        complaint.assigned_to = officer
        complaint.save(update_fields=["assigned_to", "updated_at"])
        add_event(
            complaint,
            kind=Kind.ASSIGNED,
            actor=by,
            role=Role.AGENCY,
            at=now,
            note=str(officer) if officer else "",
            agency_id=complaint.agency_id,
        )
        add_internal_note(
            complaint,
            actor=by,
            role=Role.AGENCY,
            at=now,
            note=internal_note,
            agency_id=complaint.agency_id,
        )
        audit.record(
            actor=by,
            action="care.complaint.assign",
            obj=complaint,
            before=before,
            after=snapshot(complaint, ["assigned_to"]),
        )
        if officer is not None and officer.pk != getattr(by, "pk", None):
            cid, oid = complaint.pk, officer.pk
            notify.officer_assigned(cid, oid)
    return complaint


def complaint_add_note(
    *, complaint: Complaint, by, note: str, files: Sequence = (), now: dt.datetime | None = None
) -> ComplaintEvent:
    """An internal note (never public) by anyone who may open the report in the staff area."""
    note = inputs.text(note, gettext_lazy("the note"), 2)
    now = now_or(now)
    stored = store_files(files, folder="care/notes")
    with kept_on_success(stored), transaction.atomic():
        complaint = lock(complaint)
        require_role(by, complaint, "note")
        role = staff_role(by, complaint)
        event = add_event(
            complaint,
            kind=Kind.NOTE,
            actor=by,
            role=role,
            at=now,
            note=note,
            agency_id=complaint.agency_id if role == Role.AGENCY else None,
        )
        attach_files(complaint, event, stored, role=role, public=False, at=now)
        audit.record(actor=by, action="care.complaint.note", obj=complaint, note=note[:500])
        Complaint.objects.filter(pk=complaint.pk).update(updated_at=now)
    return event


def complaint_redact(
    *,
    complaint: Complaint,
    by,
    public_title: str,
    public_description: str,
    now: dt.datetime | None = None,
) -> Complaint:
    """A verifier sets the public version of the text (empty: the original, masked)."""
    require_role(by, complaint, "redact")
    public_title = inputs.one_line(public_title)
    public_description = inputs.multi_line(public_description)
    if (
        len(public_title) > inputs.PUBLIC_TITLE.max
        or len(public_description) > inputs.PUBLIC_DESCRIPTION.max
    ):
        raise ApplicationError(_("The public text is too long."), code="too_long")
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        before = snapshot(complaint, ["public_title", "public_description"])
        complaint.public_title = public_title
        complaint.public_description = public_description
        complaint.save(update_fields=["public_title", "public_description", "updated_at"])
        add_event(complaint, kind=Kind.REDACTED, actor=by, role=Role.VERIFIER, at=now)
        audit.record(
            actor=by,
            action="care.complaint.redact",
            obj=complaint,
            before=before,
            after=snapshot(complaint, ["public_title", "public_description"]),
        )
        after_change(complaint, None)
    return complaint


def attachment_set_public(*, attachment: Attachment, by, is_public: bool) -> Attachment:
    """A verifier hides a file from the public (or shows it again)."""
    if not roles.is_verifier(by):
        raise PermissionDenied(_("Only the province's verifiers may change what is public."))
    if is_public and attachment.complaint.privacy == Complaint.Privacy.RAHASIA:
        raise ApplicationError(
            _("Files of a confidential report are never public."), code="confidential"
        )
    with transaction.atomic():
        before = audit.snapshot(attachment, ["is_public"])
        attachment.is_public = is_public
        attachment.save(update_fields=["is_public"])
        audit.record(
            actor=by,
            action="care.attachment.visibility",
            obj=attachment,
            agency=attachment.complaint.agency_id,
            before=before,
            after=audit.snapshot(attachment, ["is_public"]),
        )
    return attachment


def complaints_bulk_assign(
    *, complaints: Sequence[Complaint], by, officer, now: dt.datetime | None = None
) -> int:
    """Assign several reports at once; all or nothing."""
    with transaction.atomic():
        for complaint in complaints:
            complaint_assign(complaint=complaint, by=by, officer=officer, now=now)
    return len(complaints)


def complaints_bulk_disposition(
    *, complaints: Sequence[Complaint], by, agency, now: dt.datetime | None = None
) -> int:
    """Send several verified reports to one agency at once; all or nothing."""
    with transaction.atomic():
        for complaint in complaints:
            complaint_disposition(complaint=complaint, by=by, agency=agency, now=now)
    return len(complaints)
