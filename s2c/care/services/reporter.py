"""What the reporter does through the secret follow-up link (no account needed): reply,
rate a completed report, or reopen it with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from s2c.core.errors import ApplicationError, Conflict

from .. import deadlines, inputs, notify, ratelimit
from ..models import Complaint, ComplaintEvent
from ..workflow_rules import MAX_REOPENS, is_allowed_from, require_state, require_within_limits
from .common import Role, Status, add_event, lock, now_or, transition
from .files import attach_files, kept_on_success, store_files

Kind = ComplaintEvent.Kind
__all__ = ["MAX_REOPENS", "reporter_rate", "reporter_reopen", "reporter_reply"]


def _within_window(complaint: Complaint, now: dt.datetime) -> None:
    if complaint.deadline and deadlines.local_date(now) > complaint.deadline:
        raise Conflict(
            _("The time to rate or reopen this report ended on %(date)s.")
            % {"date": complaint.deadline.strftime("%d-%m-%Y")},
            code="window_closed",
        )


def reporter_reply(
    *, complaint: Complaint, message: str, files: Sequence = (), now: dt.datetime | None = None
) -> ComplaintEvent:
    """The reporter adds information. It goes to staff only (never public). On a merged
    duplicate the reply goes to the original report."""
    message = inputs.text(message, gettext_lazy("your reply"), 5)
    ratelimit.check("reply", [complaint.secret_hash])
    now = now_or(now)
    stored = store_files(files, folder="care/replies")
    with kept_on_success(stored), transaction.atomic():
        complaint = lock(complaint)
        target = complaint
        if complaint.status == Status.MERGED and complaint.merged_into_id:
            target = lock(complaint.merged_into)
            message = (
                _("From the reporter of %(number)s:") % {"number": complaint.tracking_number}
                + "\n"
                + message
            )
        require_state(target, "reporter-reply")
        event = add_event(
            target, kind=Kind.REPORTER_REPLY, role=Role.REPORTER, at=now, note=message
        )
        attach_files(target, event, stored, role=Role.REPORTER, public=False, at=now)
        Complaint.objects.filter(pk=target.pk).update(updated_at=now)
        tid = target.pk
        notify.staff_reporter_replied(tid)
    ratelimit.count("reply", [complaint.secret_hash])
    return event


def reporter_rate(
    *, complaint: Complaint, rating: int, comment: str = "", now: dt.datetime | None = None
) -> Complaint:
    """The reporter rates the completed report 1–5; that closes it."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ApplicationError(_("Choose a rating from 1 to 5."), code="invalid_rating")
    comment = inputs.multi_line(comment)
    if len(comment) > inputs.COMMENT.max:
        raise ApplicationError(
            # The message's figure is inputs.COMMENT.max (kept literal for the catalogue).
            _("The comment is too long: at most 2000 characters."),
            code="too_long",
        )
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        require_state(complaint, "rate")
        _within_window(complaint, now)
        transition(
            complaint,
            action="rate",
            kind=Kind.RATED,
            actor=None,
            role=Role.REPORTER,
            at=now,
            note=comment,
            update_fields={
                "rating": rating,
                "rating_comment": comment,
                "rated_at": now,
                "closed_at": now,
                "deadline": None,
            },
        )
    return complaint


def reporter_reopen(
    *, complaint: Complaint, reason: str, now: dt.datetime | None = None
) -> Complaint:
    """The reporter reopens a completed report within the window, with a reason; the
    agency gets the category's completion time again."""
    reason = inputs.text(reason, gettext_lazy("why the problem is not solved"), 10)
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        require_state(complaint, "reopen")
        _within_window(complaint, now)
        require_within_limits(complaint, "reopen")
        resolve_due = deadlines.resolve_deadline(complaint.category, now)
        transition(
            complaint,
            action="reopen",
            kind=Kind.REOPENED,
            actor=None,
            role=Role.REPORTER,
            at=now,
            note=reason,
            update_fields={
                "reopen_count": complaint.reopen_count + 1,
                "resolve_due": resolve_due,
                "deadline": resolve_due,
                "completed_at": None,
                "completion_hours": None,
                "completion_working_days": None,
                "completion_on_time": None,
                "escalated_at": None,
            },
        )
        cid = complaint.pk
        notify.staff_reporter_replied(cid)
    return complaint


def complaint_close_expired(*, complaint: Complaint, now: dt.datetime | None = None) -> bool:
    """Close a completed report whose rating window has passed (the background check)."""
    now = now_or(now)
    with transaction.atomic():
        complaint = lock(complaint)
        if not is_allowed_from(complaint, "close-expired") or not complaint.deadline:
            return False
        if deadlines.local_date(now) <= complaint.deadline:
            return False
        transition(
            complaint,
            action="close-expired",
            kind=Kind.CLOSED,
            actor=None,
            role=Role.SYSTEM,
            at=now,
            update_fields={"closed_at": now, "deadline": None},
        )
    return True
