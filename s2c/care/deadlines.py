"""Deadlines of each stage in working days, from ``s2c.core.calendar``.

A deadline is a date: the item is due by the end of that day (Asia/Jakarta) and overdue
from the next day on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from s2c.core import calendar

from .models import Category, Complaint


def local_date(now: dt.datetime) -> dt.date:
    return calendar.to_date(now)


def verify_deadline(category: Category, start: dt.datetime) -> dt.date:
    return calendar.add_working_days(start, category.verify_days)


def followup_deadline(category: Category, start: dt.datetime) -> dt.date:
    return calendar.add_working_days(start, category.followup_days)


def resolve_deadline(category: Category, start: dt.datetime) -> dt.date:
    return calendar.add_working_days(start, category.resolve_days)


def reopen_deadline(category: Category, start: dt.datetime) -> dt.date:
    return calendar.add_working_days(start, category.reopen_days)


def escalation_date(category: Category, deadline: dt.date) -> dt.date:
    """The day an item still overdue escalates to the province supervisor."""
    return calendar.add_working_days(deadline, max(category.escalation_days, 1))


def is_overdue(complaint: Complaint, today: dt.date) -> bool:
    return bool(complaint.is_open and complaint.deadline and complaint.deadline < today)


def duration(start: dt.datetime, end: dt.datetime) -> tuple[float, int]:
    """(wall-clock hours, working days) from ``start`` to ``end``."""
    hours = max((end - start).total_seconds() / 3600, 0.0)
    return round(hours, 2), max(calendar.working_days_between(start, end), 0)


@dataclass(frozen=True)
class Countdown:
    """What an item shows beside its deadline."""

    deadline: dt.date | None
    working_days_left: int | None  # negative: working days overdue
    overdue: bool
    stage: str  # "verify", "followup", "resolve", "reopen" or ""

    @property
    def days_overdue(self) -> int:
        return -self.working_days_left if self.working_days_left else 0


STAGE_BY_STATUS = {
    Complaint.Status.RECEIVED: "verify",
    Complaint.Status.VERIFIED: "verify",
    Complaint.Status.DISPOSITIONED: "followup",
    Complaint.Status.IN_PROGRESS: "resolve",
    Complaint.Status.COMPLETED: "reopen",
}


def countdown(complaint: Complaint, today: dt.date | None = None) -> Countdown:
    return countdown_for(complaint.status, complaint.deadline, complaint.is_open, today)


def countdown_for(
    status: str, deadline: dt.date | None, is_open: bool, today: dt.date | None = None
) -> Countdown:
    today = today or calendar.today()
    stage = STAGE_BY_STATUS.get(status, "")
    if not deadline or not stage:
        return Countdown(None, None, False, "")
    left = calendar.working_days_between(today, deadline)
    return Countdown(deadline, left, bool(is_open and deadline < today), stage)
