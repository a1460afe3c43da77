"""Sumsel Care's figures per agency and category, fast at a million reports: read from
the monthly rows that ``services.statistics_refresh`` keeps up to date, "as of" its last
run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from s2c.core import calendar
from s2c.core.api_errors import InvalidInput
from s2c.core.models import Agency

from ..models import Category, StatMonth, StatState

JAKARTA = calendar.JAKARTA
HISTOGRAMS = ("followup_days", "followup_hours", "completion_days", "completion_hours")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


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
) -> Statistics:
    """The figures for reports received from month ``start`` to month ``end`` (inclusive),
    optionally for some agencies only, from the monthly rows as of their last refresh."""
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
