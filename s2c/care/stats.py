"""Statistics per agency and category, fast at a million reports.

``StatMonth`` rows hold, per month of receipt (Asia/Jakarta), responsible agency and
category: counts, on-time counts, rating sums, how many are overdue, and histograms of the
durations (working days and whole hours). ``refresh`` rebuilds only the months whose
reports changed since the last refresh (rows carry ``updated_at``) or hold open reports
whose deadline passed since then; the worker runs it every few minutes
(``care.statistics``), so the page, the API and the exports read a few hundred rows and
say "as of" when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from s2c.core import calendar
from s2c.core.api_errors import InvalidInput
from s2c.core.models import Agency

from .models import YES, Category, Complaint, StatMonth, StatState

JAKARTA = calendar.JAKARTA
# Transactions that started before a refresh may commit after it: look back this far.
MARGIN = dt.timedelta(minutes=5)
HISTOGRAMS = ("followup_days", "followup_hours", "completion_days", "completion_hours")
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


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


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


def refresh(*, full: bool = False, today: dt.date | None = None) -> int:
    """Bring the monthly rows up to date as of ``today``; returns the months rebuilt."""
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


def median(histogram: dict[str, int]) -> float | None:
    """The median of a {value: count} histogram (the mean of the middle two when even)."""
    items = sorted((int(v), n) for v, n in histogram.items() if n)
    total = sum(n for _value, n in items)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, n in items:
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return sum(found) / len(found)


@dataclass
class StatRow:
    agency: Agency | None
    category: Category | None
    received: int = 0
    completed: int = 0
    overdue: int = 0
    overdue_unanswered: int = 0
    followups: int = 0
    followups_on_time: int = 0
    completions_on_time: int = 0
    rating_count: int = 0
    rating_sum: int = 0
    histograms: dict[str, dict[str, int]] = field(
        default_factory=lambda: {name: {} for name in HISTOGRAMS}
    )

    def add(self, other) -> None:
        for name in (
            "received",
            "completed",
            "followups",
            "followups_on_time",
            "completions_on_time",
            "rating_count",
            "rating_sum",
            "overdue",
            "overdue_unanswered",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in HISTOGRAMS:
            target = self.histograms[name]
            for value, n in (other.histograms.get(name) or {}).items():
                target[value] = target.get(value, 0) + n

    @property
    def median_followup_days(self):
        return median(self.histograms["followup_days"])

    @property
    def median_followup_hours(self):
        return median(self.histograms["followup_hours"])

    @property
    def median_completion_days(self):
        return median(self.histograms["completion_days"])

    @property
    def median_completion_hours(self):
        return median(self.histograms["completion_hours"])

    @property
    def sla_due(self) -> int:
        """First follow-ups that were due: those given, and those overdue now."""
        return self.followups + self.overdue_unanswered

    @property
    def sla_percent(self) -> float | None:
        return round(100 * self.followups_on_time / self.sla_due, 1) if self.sla_due else None

    @property
    def satisfaction(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 2) if self.rating_count else None


@dataclass
class Statistics:
    start: dt.date
    end: dt.date  # the last month included
    rows: list[StatRow]  # per agency and category
    agencies: list[StatRow]  # per agency (category None)
    total: StatRow
    refreshed_at: dt.datetime | None


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months, this one included."""
    end = month_start(today or calendar.today())
    start = end
    for _step in range(11):
        start = month_start(start - dt.timedelta(days=1))
    return start, end


def parse_period(start: str, end: str) -> tuple[dt.date, dt.date]:
    """Months written YYYY-MM (empty: the default period)."""
    default_start, default_end = default_period()
    try:
        first = dt.datetime.strptime(start, "%Y-%m").date() if start else default_start
        last = dt.datetime.strptime(end, "%Y-%m").date() if end else default_end
    except ValueError:
        raise InvalidInput(
            _("Months are written YYYY-MM, e.g. 2026-01."), extra={"from": [_("Use YYYY-MM.")]}
        ) from None
    if last < first:
        raise InvalidInput(
            _("The last month is before the first."),
            extra={"to": [_("Must not be before the first month.")]},
        )
    return first, last


def compute(
    *,
    start: dt.date,
    end: dt.date,
    agency_ids: set[int] | None = None,
    today: dt.date | None = None,
    refresh_first: bool = False,
) -> Statistics:
    """The figures for reports received from month ``start`` to month ``end`` (inclusive),
    optionally for some agencies only, from the monthly rows as of their last refresh
    (``refresh_first`` brings them up to date first, as of ``today``)."""
    if refresh_first or not StatState.objects.filter(refreshed_at__isnull=False).exists():
        refresh(today=today)
    start, end = month_start(start), month_start(end)
    cells: dict[tuple, StatRow] = {}
    months = StatMonth.objects.filter(month__gte=start, month__lte=end)
    if agency_ids is not None:
        months = months.filter(agency_id__in=agency_ids)
    for m in months.order_by():
        cells.setdefault((m.agency_id, m.category_id), StatRow(None, None)).add(m)
    agencies = Agency.objects.in_bulk({a for a, _c in cells if a})
    categories = Category.objects.in_bulk({c for _a, c in cells})
    by_agency: dict[int | None, StatRow] = {}
    total = StatRow(agency=None, category=None)
    for (agency_id, category_id), row in cells.items():
        row.agency, row.category = agencies.get(agency_id), categories.get(category_id)
        by_agency.setdefault(agency_id, StatRow(agency=row.agency, category=None)).add(row)
        total.add(row)

    def order(row: StatRow):
        return (
            row.agency is None,
            row.agency.name if row.agency else "",
            row.category.name if row.category else "",
        )

    state = StatState.objects.filter(key="care").first()
    return Statistics(
        start=start,
        end=end,
        rows=sorted(cells.values(), key=order),
        agencies=sorted(by_agency.values(), key=order),
        total=total,
        refreshed_at=state.refreshed_at if state else None,
    )


def league(stats: Statistics) -> list[StatRow]:
    """Agencies by SLA compliance, then by median time to first follow-up."""
    rows = [r for r in stats.agencies if r.agency is not None and r.sla_due]
    return sorted(
        rows,
        key=lambda r: (
            -(r.sla_percent or 0),
            r.median_followup_hours if r.median_followup_hours is not None else float("inf"),
            r.agency.name,
        ),
    )
