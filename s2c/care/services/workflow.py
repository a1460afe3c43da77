"""The SP4N-LAPOR stages as service functions, each with its allowed-from states:

received → verified → dispositioned → in_progress → completed → closed, with rejected,
not_authority and merged as other ends, return to the verifier (once) and reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from s2c.core.errors import ApplicationError
from s2c.core.models import Agency

from .. import deadlines, inputs, notify
from ..models import Complaint, ComplaintEvent
from ..workflow_rules import (
    require_merge_target,
    require_role,
    require_state,
    require_within_limits,
)
from .common import (
    Role,
    Status,
    add_event,
    after_change,
    internal_note_text,
    lock,
    now_or,
    transition,
)
from .files import attach_files, kept_on_success, store_files

Kind = ComplaintEvent.Kind
_text = inputs.text


def complaint_verify(
    *,
    complaint: Complaint,
    by,
    note: str = "",
    internal_note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """A verifier confirms the report is genuine and complete (it becomes public unless it
    is confidential). ``note`` is public (the reporter and the report's readers see it);
    ``internal_note`` only staff."""
    require_role(by, complaint, "verify")
    internal_note = internal_note_text(internal_note)
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        require_state(complaint, "verify")
        transition(
            complaint,
            action="verify",
            kind=Kind.VERIFIED,
            actor=by,
            role=Role.VERIFIER,
            at=now,
            note=inputs.multi_line(note)[: inputs.TEXT.max],
            internal_note=internal_note,
            audit_action="care.complaint.verify",
            update_fields={"verified_at": now},
        )
    return complaint


def complaint_reject(
    *,
    complaint: Complaint,
    by,
    reason: str,
    internal_note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """A verifier rejects the report with a reason the reporter sees."""
    return _close_with_reason(
        complaint=complaint,
        by=by,
        action="reject",
        kind=Kind.REJECTED,
        reason=reason,
        reason_label=gettext_lazy("the reason for the reporter"),
        internal_note=internal_note,
        now=now,
    )


def complaint_not_authority(
    *,
    complaint: Complaint,
    by,
    where_to_go: str,
    internal_note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """A verifier marks the report as not the province's authority and tells the reporter
    where to go instead (a kabupaten/kota, a national agency, the police…)."""
    return _close_with_reason(
        complaint=complaint,
        by=by,
        action="not-authority",
        kind=Kind.NOT_AUTHORITY,
        reason=where_to_go,
        reason_label=gettext_lazy("where the reporter should go instead"),
        internal_note=internal_note,
        now=now,
    )


def _close_with_reason(
    *,
    complaint: Complaint,
    by,
    action: str,
    kind: str,
    reason: str,
    reason_label,
    internal_note: str,
    now,
) -> Complaint:
    """A verifier's closing of a complaint with a reason the reporter reads (at least 10
    characters): it has no deadline any more."""
    require_role(by, complaint, action)
    reason = _text(reason, reason_label, 10)
    internal_note = internal_note_text(internal_note)
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        require_state(complaint, action)
        transition(
            complaint,
            action=action,
            kind=kind,
            actor=by,
            role=Role.VERIFIER,
            at=now,
            note=reason,
            internal_note=internal_note,
            audit_action=f"care.complaint.{action.replace('-', '_')}",
            update_fields={"status_reason": reason, "deadline": None, "closed_at": now},
        )
    return complaint


def complaint_disposition(
    *,
    complaint: Complaint,
    by,
    agency: Agency,
    related_agencies: Sequence[Agency] = (),
    note: str = "",
    internal_note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """A verifier routes the report to one responsible agency (and optionally related
    agencies). From "received" this verifies it too. The follow-up clock starts.
    ``note`` is public; ``internal_note`` only staff (the agency too) see."""
    require_role(by, complaint, "disposition")
    internal_note = internal_note_text(internal_note)
    if agency is None or not agency.is_active:
        raise ApplicationError(
            _("Choose an active agency to send the report to."), code="agency_required"
        )
    related = [a for a in related_agencies if a.pk != agency.pk]
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        require_state(complaint, "disposition")
        if complaint.status == Status.RECEIVED:
            transition(
                complaint,
                action="verify",
                kind=Kind.VERIFIED,
                actor=by,
                role=Role.VERIFIER,
                at=now,
                update_fields={"verified_at": now},
            )
        category = complaint.category
        followup_due = deadlines.followup_deadline(category, now)
        transition(
            complaint,
            action="disposition",
            kind=Kind.DISPOSITIONED,
            actor=by,
            role=Role.VERIFIER,
            at=now,
            note=inputs.multi_line(note)[: inputs.TEXT.max],
            internal_note=internal_note,
            audit_action="care.complaint.disposition",
            update_fields={
                "agency": agency,
                "assigned_to": None,
                "dispositioned_at": now,
                "followup_due": followup_due,
                "resolve_due": deadlines.resolve_deadline(category, now),
                "deadline": followup_due,
                "escalated_at": None,
            },
            event_agency_id=agency.pk,
        )
        complaint.related_agencies.set(related)
        cid = complaint.pk
        notify.agency_dispositioned(cid)
    return complaint


def complaint_return(
    *, complaint: Complaint, by, reason: str, now: dt.datetime | None = None
) -> Complaint:
    """The agency returns a wrongly routed report to the verifiers, once, with a reason."""
    require_role(by, complaint, "return")
    reason = _text(reason, gettext_lazy("why the report is not for your agency"), 10)
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        require_role(by, complaint, "return")
        require_state(complaint, "return")
        require_within_limits(complaint, "return")
        agency_id = complaint.agency_id
        transition(
            complaint,
            action="return",
            kind=Kind.RETURNED,
            actor=by,
            role=Role.AGENCY,
            at=now,
            audit_action="care.complaint.return",
            note="",
            update_fields={
                "agency": None,
                "assigned_to": None,
                "dispositioned_at": None,
                "followup_due": None,
                "resolve_due": None,
                "escalated_at": None,
                "deadline": deadlines.verify_deadline(complaint.category, now),
                "return_count": complaint.return_count + 1,
            },
            event_agency_id=agency_id,
        )
        add_event(
            complaint,
            kind=Kind.NOTE,
            actor=by,
            role=Role.AGENCY,
            at=now,
            note=reason,
            agency_id=agency_id,
        )
        complaint.related_agencies.clear()
    return complaint


def complaint_post_update(
    *,
    complaint: Complaint,
    by,
    message: str,
    files: Sequence = (),
    internal_note: str = "",
    now: dt.datetime | None = None,
) -> ComplaintEvent:
    """The agency's public reply: the first one is the first follow-up (the report goes
    "in progress"), later ones are progress updates."""
    require_role(by, complaint, "reply")
    message = _text(message, gettext_lazy("the reply"), 10)
    internal_note = internal_note_text(internal_note)
    now = now_or(now)
    stored = store_files(files, folder="care/updates")
    with kept_on_success(stored), transaction.atomic():
        complaint = lock(complaint)
        require_role(by, complaint, "reply")
        require_state(complaint, "reply")
        if complaint.status == Status.DISPOSITIONED:
            hours, days = deadlines.duration(complaint.dispositioned_at, now)
            event = transition(
                complaint,
                action="reply",
                kind=Kind.FOLLOWUP,
                actor=by,
                role=Role.AGENCY,
                at=now,
                note=message,
                internal_note=internal_note,
                audit_action="care.complaint.followup",
                update_fields={
                    "first_followup_at": now,
                    "followup_hours": hours,
                    "followup_working_days": days,
                    "followup_on_time": deadlines.local_date(now) <= complaint.followup_due,
                    "deadline": complaint.resolve_due,
                    "escalated_at": None,
                },
            )
        else:
            event = transition(
                complaint,
                action="reply",
                kind=Kind.UPDATE,
                actor=by,
                role=Role.AGENCY,
                at=now,
                note=message,
                internal_note=internal_note,
                audit_action="care.complaint.update",
            )
        attach_files(complaint, event, stored, role=Role.AGENCY, public=True, at=now)
    return event


def complaint_complete(
    *,
    complaint: Complaint,
    by,
    resolution: str,
    files: Sequence = (),
    internal_note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """The agency completes the report with a resolution and evidence; the reporter has
    the category's window to rate or reopen it."""
    require_role(by, complaint, "complete")
    resolution = _text(resolution, gettext_lazy("the resolution"), 10)
    internal_note = internal_note_text(internal_note)
    now = now_or(now)
    stored = store_files(files, folder="care/updates")
    with kept_on_success(stored), transaction.atomic():
        complaint = lock(complaint)
        require_role(by, complaint, "complete")
        require_state(complaint, "complete")
        fields: dict = {}
        if complaint.first_followup_at is None:
            hours, days = deadlines.duration(complaint.dispositioned_at, now)
            fields.update(
                first_followup_at=now,
                followup_hours=hours,
                followup_working_days=days,
                followup_on_time=deadlines.local_date(now) <= complaint.followup_due,
            )
        hours, days = deadlines.duration(complaint.dispositioned_at, now)
        fields.update(
            resolution=resolution,
            completed_at=now,
            completion_hours=hours,
            completion_working_days=days,
            completion_on_time=deadlines.local_date(now) <= complaint.resolve_due,
            deadline=deadlines.reopen_deadline(complaint.category, now),
            escalated_at=None,
        )
        event = transition(
            complaint,
            action="complete",
            kind=Kind.COMPLETED,
            actor=by,
            role=Role.AGENCY,
            at=now,
            note=resolution,
            internal_note=internal_note,
            audit_action="care.complaint.complete",
            update_fields=fields,
        )
        attach_files(complaint, event, stored, role=Role.AGENCY, public=True, at=now)
    return complaint


def complaint_merge(
    *, complaint: Complaint, into: Complaint, by, note: str = "", now: dt.datetime | None = None
) -> Complaint:
    """A verifier merges a duplicate into the original: the duplicate's reporter follows
    the original, and its supporters count for the original."""
    require_role(by, complaint, "merge")
    if into is None or into.pk == complaint.pk:
        raise ApplicationError(
            _("Choose another report to merge this one into."), code="merge_target"
        )
    now = now_or(now)
    with transaction.atomic():
        first, second = sorted([complaint.pk, into.pk])
        locked = {
            c.pk: c
            for c in Complaint.objects.select_for_update()
            .filter(pk__in=[first, second])
            .order_by("pk")
        }
        complaint, into = locked[complaint.pk], locked[into.pk]
        require_state(complaint, "merge")
        require_merge_target(into)
        transition(
            complaint,
            action="merge",
            kind=Kind.MERGED,
            actor=by,
            role=Role.VERIFIER,
            at=now,
            audit_action="care.complaint.merge",
            update_fields={"merged_into": into, "deadline": None, "closed_at": now},
        )
        into.supporters_count += complaint.supporters_count + 1
        into.save(update_fields=["supporters_count", "updated_at"])
        add_event(
            into,
            kind=Kind.NOTE,
            actor=by,
            role=Role.VERIFIER,
            at=now,
            note=(
                _("Duplicate %(number)s merged into this report.")
                % {"number": complaint.tracking_number}
                + (f" {inputs.multi_line(note)}" if note else "")
            ),
        )
        after_change(into, None)
    return complaint
