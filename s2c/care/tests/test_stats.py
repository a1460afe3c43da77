import datetime as dt

import pytest

from s2c.care import services, tasks
from s2c.care.models import Complaint, StatMonth, StatState
from s2c.care.selectors import stats

from . import factories as f


def _fresh(*, start, end, today=None):
    """The figures right after a refresh as of ``today``."""
    services.statistics_refresh(today=today)
    return stats.compute(start=start, end=end)


pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))
FEB, MAR = dt.date(2025, 2, 1), dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({"3": 1}, 3),
        ({"1": 1, "5": 1}, 3),
        ({"1": 2, "9": 1}, 1),
        ({"2": 1, "4": 2, "10": 1}, 4),
        ({"0": 0, "7": 3}, 7),
    ],
)
def test_median_of_a_histogram(histogram, expected):
    assert stats.median(histogram) == expected


def test_figures_per_agency_and_category(category, verifier, officer, other_agency):
    # Two reports answered by Dinas A: one on time (Tuesday), one late (10 days later).
    quick = f.make_complaint(category, status="closed", verifier=verifier, officer=officer)
    late = f.make_complaint(category, status="dispositioned", verifier=verifier)
    services.complaint_post_update(
        complaint=late,
        by=officer,
        message="Maaf, baru sempat.",
        now=dt.datetime(2025, 2, 14, 9, tzinfo=WIB),
    )
    # One for Dinas B still waiting for its first follow-up (overdue), and one not routed.
    f.make_complaint(category, status="dispositioned", verifier=verifier, agency=other_agency)
    f.make_complaint(category)
    result = _fresh(start=FEB, end=FEB, today=dt.date(2025, 3, 3))
    rows = {r.agency.short_name if r.agency else None: r for r in result.agencies}
    a, b, none = rows["Dinas A"], rows["Dinas B"], rows[None]
    assert (a.received, a.completed, a.overdue, a.followups, a.followups_on_time) == (2, 1, 1, 2, 1)
    assert (a.sla_percent, a.satisfaction, a.rating_count) == (50.0, 5.0, 1)
    assert (a.median_followup_hours, a.median_followup_days) == ((22 + 262) / 2, (1 + 9) / 2)
    assert (a.median_completion_hours, a.median_completion_days) == (70, 3)
    assert (b.received, b.overdue, b.overdue_unanswered, b.sla_percent) == (1, 1, 1, 0.0)
    assert (none.received, none.overdue) == (1, 1)
    assert (result.total.received, result.total.overdue) == (4, 3)
    assert [(r.agency.short_name, r.category.code) for r in result.rows if r.agency] == [
        ("Dinas A", "jalan-rusak"),
        ("Dinas B", "jalan-rusak"),
    ]
    assert quick.rating == 5


def test_refresh_rebuilds_only_changed_months(category, verifier, officer):
    feb = f.make_complaint(category)
    f.make_complaint(category, now=dt.datetime(2025, 3, 3, 9, tzinfo=WIB))
    assert services.statistics_refresh(full=True) == 2
    assert services.statistics_refresh() == 2  # rows changed within the safety margin count again

    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    StatState.objects.update(refreshed_at=later)
    assert services.statistics_refresh() == 0
    StatState.objects.update(refreshed_at=later)
    Complaint.objects.filter(pk=feb.pk).update(updated_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    assert services.statistics_refresh() == 1
    assert set(StatMonth.objects.values_list("month", flat=True)) == {FEB, MAR}


def test_period_boundaries_are_months_in_jakarta(category):
    # 31 January 2025 at 23:30 WIB is still January (16:30 UTC).
    f.make_complaint(category, now=dt.datetime(2025, 1, 31, 16, 30, tzinfo=dt.UTC))
    assert _fresh(start=FEB, end=MAR).total.received == 0
    assert stats.compute(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 1)).total.received == 1


def test_league_orders_by_sla_then_speed(category, verifier, officer, other_agency):
    other_officer = f.core.make_officer(other_agency)
    f.make_complaint(category, status="in_progress", verifier=verifier, officer=officer)
    slow = f.make_complaint(
        category, status="dispositioned", verifier=verifier, agency=other_agency
    )
    services.complaint_post_update(
        complaint=slow,
        by=other_officer,
        message="Kami tinjau.",
        now=dt.datetime(2025, 2, 6, 9, tzinfo=WIB),
    )
    result = _fresh(start=FEB, end=FEB, today=dt.date(2025, 3, 3))
    assert [r.agency.short_name for r in stats.league(result)] == ["Dinas A", "Dinas B"]


def test_parse_period():
    assert stats.parse_period("2025-01", "2025-03") == (dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    with pytest.raises(Exception) as exc:
        stats.parse_period("2025-05", "2025-01")
    assert exc.value.message == "The last month is before the first."


def test_overdue_is_counted_for_the_day_of_the_refresh(category, verifier):
    f.make_complaint(category, status="dispositioned", verifier=verifier)  # due 10 February
    services.statistics_refresh(today=dt.date(2025, 2, 10))
    assert stats.compute(start=FEB, end=FEB).total.overdue == 0
    # Nothing changes in the report; only the day does.
    StatState.objects.update(refreshed_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert services.statistics_refresh(today=dt.date(2025, 2, 11)) == 1
    total = stats.compute(start=FEB, end=FEB).total
    assert (total.overdue, total.overdue_unanswered, total.sla_percent) == (1, 1, 0.0)
    StatState.objects.update(refreshed_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert services.statistics_refresh(today=dt.date(2025, 2, 11)) == 0


def test_figures_are_as_of_the_last_refresh(category, verifier):
    f.make_complaint(category)
    assert services.statistics_refresh(unless_done=True) == 1  # first use refreshes
    assert stats.compute(start=FEB, end=FEB).total.received == 1
    f.make_complaint(category)
    assert services.statistics_refresh(unless_done=True) == 0
    assert stats.compute(start=FEB, end=FEB).total.received == 1

    assert tasks.refresh_statistics.enqueue().return_value == 1
    assert stats.compute(start=FEB, end=FEB).total.received == 2
