"""Helpers shared by the care services: the timeline, status changes and side effects."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from s2c.core import audit
from s2c.core.errors import ApplicationError

from .. import indexing, inputs, notify, roles
from ..models import Complaint, ComplaintEvent
from ..workflow_rules import RULES

logger = logging.getLogger("s2c.care")

Status = Complaint.Status
Role = ComplaintEvent.Role


# Audit entries never carry the reporter's identity or the report's own words.
_NOT_AUDITED = {
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "reporter_user",
    "secret_hash",
    "submission_token",
    "title",
    "description",
    "attributes",
}
RELATIONS = [f.name for f in Complaint._meta.concrete_fields if f.is_relation]
AUDIT_FIELDS = [f.name for f in Complaint._meta.concrete_fields if f.name not in _NOT_AUDITED]


def snapshot(complaint: Complaint, fields: list[str] | None = None) -> dict:
    return audit.snapshot(complaint, [f for f in (fields or AUDIT_FIELDS) if f in AUDIT_FIELDS])


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def staff_role(user, complaint: Complaint) -> str:
    """How a staff member appears on the timeline."""
    if complaint.agency_id and roles.can_act_as_agency(user, complaint):
        return Role.AGENCY
    if roles.is_verifier(user):
        return Role.VERIFIER
    if roles.is_supervisor(user):
        return Role.SUPERVISOR
    return Role.AGENCY


def lock(complaint: Complaint) -> Complaint:
    """The complaint's row, locked for the rest of the transaction."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def add_event(
    complaint: Complaint,
    *,
    kind: str,
    actor=None,
    role: str,
    at: dt.datetime,
    note: str = "",
    is_public: bool = False,
    from_status: str = "",
    to_status: str = "",
    agency_id: int | None = None,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role=role,
        agency_id=agency_id,
        at=at,
        note=note,
        is_public=is_public,
        from_status=from_status,
        to_status=to_status,
    )


def internal_note_text(note: str | None) -> str:
    """A staff-only note as given with an action: cleaned; refused over the limit (an
    empty note adds nothing)."""
    note = inputs.multi_line(note)
    message = inputs.too_long(note, inputs.TEXT)
    if message:
        raise ApplicationError(
            message, code="too_long", extra={"fields": {"internal_note": message}}
        )
    return note


def add_internal_note(
    complaint: Complaint, *, actor, role: str, at: dt.datetime, note: str, agency_id=None
) -> ComplaintEvent | None:
    """The staff-only note given with an action (``internal_note``), as its own event that
    is never public: no public timeline, API, Open311, feed or mail to the reporter shows
    it (they all read public events only). Nothing when the note is empty."""
    if not note:
        return None
    return add_event(
        complaint,
        kind=ComplaintEvent.Kind.NOTE,
        actor=actor,
        role=role,
        at=at,
        note=note,
        is_public=False,
        agency_id=agency_id,
    )


def transition(
    complaint: Complaint,
    *,
    action: str,
    kind: str,
    actor,
    role: str,
    at: dt.datetime,
    note: str = "",
    internal_note: str = "",
    is_public: bool = True,
    audit_action: str | None = None,
    update_fields: dict | None = None,
    event_agency_id: int | None = None,
) -> ComplaintEvent:
    """Take ``action``: the status becomes the state that follows it in the workflow table
    (``workflow_rules.RULES``), with any other fields; record the event (its ``note`` is
    as public as the event) and the staff-only ``internal_note`` beside it, the audit
    entry, and schedule the side effects. The caller has locked the row and checked the
    allowed-from states and the permission."""
    to = RULES[action].leads_to
    if to is None:
        raise ValueError(f"The action {action!r} changes no state: record an event instead.")
    before = snapshot(complaint)
    from_status = complaint.status
    complaint.status = to
    for field, value in (update_fields or {}).items():
        setattr(complaint, field, value)
    complaint.sync_flags()
    if is_public:
        complaint.public_updated_at = at
    # Field values are checked here; relations are ids the services looked up themselves,
    # and the named constraints are enforced by the database.
    complaint.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    complaint.save()
    event = add_event(
        complaint,
        kind=kind,
        actor=actor,
        role=role,
        at=at,
        note=note,
        is_public=is_public,
        from_status=from_status,
        to_status=to,
        agency_id=event_agency_id or (complaint.agency_id if role == Role.AGENCY else None),
    )
    add_internal_note(
        complaint, actor=actor, role=role, at=at, note=internal_note, agency_id=event.agency_id
    )
    if audit_action and getattr(actor, "is_authenticated", False):
        audit.record(
            actor=actor,
            action=audit_action,
            obj=complaint,
            before=before,
            after=snapshot(complaint),
            note=note[:500],
        )
    after_change(complaint, event)
    return event


def after_change(complaint: Complaint, event: ComplaintEvent | None) -> None:
    """Tell the reporter about a public change (in the transaction: the message is
    committed with the change), and reindex for search on commit."""
    complaint_id = complaint.pk
    if event is not None and event.is_public:
        notify.reporter_event(event.pk)
    transaction.on_commit(lambda: indexing.reindex(complaint_id))
    logger.info(
        "care %s %s -> %s",
        complaint.tracking_number,
        event.kind if event else "change",
        complaint.status,
    )
