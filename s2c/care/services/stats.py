"""Refreshing Sumsel Care's stored statistics (the only writes of ``StatMonth`` and
``StatState``); the figures are read by ``s2c.care.selectors.stats``.

``StatMonth`` rows hold, per month of receipt (Asia/Jakarta), responsible agency and
category: counts, on-time counts, rating sums, how many are overdue, and histograms of the
durations (working days and whole hours). ``statistics_refresh`` rebuilds only the months
whose reports changed since the last refresh (rows carry ``updated_at``) or hold open
reports whose deadline passed since then; the worker runs it every few minutes
(``care.statistics``), so the page, the API and the exports read a few hundred rows and
say "as of" when.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone

from s2c.core import calendar

from ..models import YES, Complaint, StatMonth, StatState
from ..selectors.stats import HISTOGRAMS, JAKARTA, month_start, next_month

# Transactions that started before a refresh may commit after it: look back this far.
MARGIN = dt.timedelta(minutes=5)
_COLUMNS = (
    "agency_id",
    "category_id",
    "status",
    "is_open",
    "deadline",
    "completed_at",
    "first_followup_at",
    "followup_on_time",
    "completion_on_time",
    "rating",
    "followup_working_days",
    "followup_hours",
    "completion_working_days",
    "completion_hours",
)


def _aware(month: dt.date) -> dt.datetime:
    return dt.datetime.combine(month, dt.time.min, tzinfo=JAKARTA)


def _as_date(value) -> dt.date:
    return calendar.to_date(value) if isinstance(value, dt.datetime) else value


def rebuild_months(months: set[dt.date], today: dt.date) -> int:
    """Recompute the rows of the given months (first days) from the reports."""
    months = sorted({month_start(m) for m in months})
    for month in months:
        _rebuild(month, today)
    return len(months)


def _count(histogram: dict, value) -> None:
    if value is not None:
        key = str(int(value))
        histogram[key] = histogram.get(key, 0) + 1


def _rebuild(month: dt.date, today: dt.date) -> None:
    """One range scan of the month's reports (created_at index), summed in Python: cheaper
    than a GROUP BY per figure."""
    rows = Complaint.objects.filter(
        created_at__gte=_aware(month), created_at__lt=_aware(next_month(month))
    ).values_list(*_COLUMNS)
    stats: dict[tuple, StatMonth] = {}
    for (
        agency_id,
        category_id,
        status,
        is_open,
        deadline,
        completed_at,
        followup_at,
        followup_on_time,
        completion_on_time,
        rating,
        fdays,
        fhours,
        cdays,
        chours,
    ) in rows.iterator(chunk_size=5000):
        row = stats.get((agency_id, category_id))
        if row is None:
            row = stats[(agency_id, category_id)] = StatMonth(
                month=month,
                agency_id=agency_id,
                category_id=category_id,
                histograms={name: {} for name in HISTOGRAMS},
            )
        row.received += 1
        row.completed += completed_at is not None
        row.followups += followup_at is not None
        row.followups_on_time += followup_on_time is True
        row.completions_on_time += completion_on_time is True
        if rating is not None:
            row.rating_count += 1
            row.rating_sum += rating
        if is_open and deadline is not None and deadline < today:
            row.overdue += 1
            row.overdue_unanswered += status == Complaint.Status.DISPOSITIONED
        h = row.histograms
        _count(h["followup_days"], fdays)
        _count(h["followup_hours"], fhours)
        _count(h["completion_days"], cdays)
        _count(h["completion_hours"], chours)
    with transaction.atomic():
        StatMonth.objects.filter(month=month).delete()
        StatMonth.objects.bulk_create(stats.values(), batch_size=500)


def _months(qs) -> set[dt.date]:
    return {
        _as_date(m)
        for m in qs.annotate(m=TruncMonth("created_at", tzinfo=JAKARTA))
        .values_list("m", flat=True)
        .distinct()
        .order_by()
    }


def statistics_refresh(
    *, full: bool = False, today: dt.date | None = None, unless_done: bool = False
) -> int:
    """Bring the monthly rows up to date as of ``today``; returns the months rebuilt.
    ``unless_done``: only if no refresh ever ran (the first use of the figures)."""
    if unless_done and StatState.objects.filter(refreshed_at__isnull=False).exists():
        return 0
    started = timezone.now()
    today = today or calendar.today()
    state, _created = StatState.objects.get_or_create(key="care")
    if full or state.refreshed_at is None or state.as_of is None:
        StatMonth.objects.all().delete()
        months = _months(Complaint.objects.all())
    else:
        months = _months(Complaint.objects.filter(updated_at__gte=state.refreshed_at - MARGIN))
        if state.as_of != today:
            # Open reports whose deadline passed (or, going back, had not yet passed).
            low, high = sorted([state.as_of, today])
            months |= _months(
                Complaint.objects.filter(is_open__in=YES, deadline__gte=low, deadline__lt=high)
            )
    rebuilt = rebuild_months(months, today)
    StatState.objects.filter(key="care").update(refreshed_at=started, as_of=today)
    return rebuilt
