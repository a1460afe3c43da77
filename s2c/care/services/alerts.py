"""The background deadline check: overdue items are flagged (by their deadline), the
agency head (or, before disposition, the verifiers) is reminded once per deadline, and an
item still overdue after the category's escalation delay goes to the province supervisor
once. Completed reports whose rating window has passed are closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .. import deadlines, notify, selectors
from ..models import YES, Complaint, ComplaintEvent, DeadlineAlert
from .common import Role, add_event, now_or
from .reporter import complaint_close_expired

Kind = ComplaintEvent.Kind
BATCH = 500


@dataclass
class CheckResult:
    overdue: int = 0
    reminded: int = 0
    escalated: int = 0
    closed: int = 0


def _send_once(complaint: Complaint, kind: str, now: dt.datetime) -> bool:
    """Record the alert; False when it was already sent (by this or another worker)."""
    try:
        with transaction.atomic():
            DeadlineAlert.objects.create(
                complaint=complaint,
                kind=kind,
                stage=complaint.status,
                deadline=complaint.deadline,
                sent_at=now,
            )
            if kind == DeadlineAlert.Kind.REMINDER:
                add_event(complaint, kind=Kind.REMINDER, role=Role.SYSTEM, at=now)
                notify.deadline_reminder(complaint.pk)
            else:
                add_event(complaint, kind=Kind.ESCALATED, role=Role.SYSTEM, at=now)
                Complaint.objects.filter(pk=complaint.pk, escalated_at=None).update(
                    escalated_at=now, updated_at=now
                )
                selectors.forget_inbox_counts()  # the "escalated" view counts it now
                notify.supervisor_escalation(complaint.pk)
    except IntegrityError:
        return False
    return True


def deadlines_check(*, now: dt.datetime | None = None) -> CheckResult:
    """Run every check once; safe to run again at any time (idempotent)."""
    now = now_or(now)
    today = deadlines.local_date(now)
    result = CheckResult()
    escalation_on: dict[tuple[dt.date, int], dt.date] = {}
    last_id = 0
    while True:
        batch = list(
            Complaint.objects.filter(is_open__in=YES, deadline__lt=today, pk__gt=last_id)
            .select_related("category")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            break
        last_id = batch[-1].pk
        sent = set(
            DeadlineAlert.objects.filter(complaint__in=batch).values_list(
                "complaint_id", "kind", "stage", "deadline"
            )
        )
        for complaint in batch:
            result.overdue += 1
            key = (complaint.pk, DeadlineAlert.Kind.REMINDER, complaint.status, complaint.deadline)
            if key not in sent and _send_once(complaint, DeadlineAlert.Kind.REMINDER, now):
                result.reminded += 1
            delay = complaint.category.escalation_days
            when = escalation_on.get((complaint.deadline, delay))
            if when is None:
                when = deadlines.escalation_date(complaint.category, complaint.deadline)
                escalation_on[(complaint.deadline, delay)] = when
            key = (
                complaint.pk,
                DeadlineAlert.Kind.ESCALATION,
                complaint.status,
                complaint.deadline,
            )
            if (
                today >= when
                and key not in sent
                and _send_once(complaint, DeadlineAlert.Kind.ESCALATION, now)
            ):
                result.escalated += 1
    expired = Complaint.objects.filter(status=Complaint.Status.COMPLETED, deadline__lt=today)
    for complaint in list(expired.order_by("pk")):
        if complaint_close_expired(complaint=complaint, now=now):
            result.closed += 1
    return result
