"""The working-day calendar (s2c.core.calendar) and its joint leave day services."""

from __future__ import annotations

import datetime as dt
import time

import holidays
import pytest
from django.db import transaction
from django.utils import translation

from s2c.core import calendar
from s2c.core.errors import ApplicationError, Conflict, PermissionDenied
from s2c.core.models import AuditEntry, JointLeaveDay
from s2c.core.services import calendar as services
from s2c.core.tests import factories

pytestmark = pytest.mark.django_db

D = dt.date
UTC = dt.UTC


# --- Weekends, national holidays, joint leave days ---------------------------------------


def test_weekends_are_not_working_days():
    assert calendar.is_working_day(D(2026, 1, 3)) is False  # Saturday
    assert calendar.is_working_day(D(2026, 1, 4)) is False  # Sunday
    assert calendar.is_working_day(D(2026, 1, 5)) is True  # Monday
    assert calendar.is_working_day(D(2026, 1, 9)) is True  # Friday


def test_national_holidays_are_not_working_days():
    assert calendar.is_working_day(D(2026, 12, 25)) is False  # Christmas, a Friday
    assert calendar.is_working_day(D(2026, 1, 1)) is False  # New Year, a Thursday
    assert calendar.is_working_day(D(2026, 3, 19)) is False  # Nyepi, a Thursday
    assert calendar.is_working_day(D(2026, 12, 28)) is True


def test_idul_fitri_2026_from_the_holidays_package():
    package = holidays.country_holidays("ID", years=2026, language="en_US")
    eid = sorted(day for day, name in package.items() if "Eid al-Fitr" in name)
    assert eid == [D(2026, 3, 21), D(2026, 3, 22)]
    assert [calendar.is_working_day(day) for day in eid] == [False, False]
    with translation.override("id"):
        found = calendar.holidays_between(D(2026, 3, 20), D(2026, 3, 23))
    assert found == [
        (D(2026, 3, 21), "Hari Raya Idul Fitri"),
        (D(2026, 3, 22), "Hari kedua dari Hari Raya Idul Fitri"),
    ]


def test_holiday_names_follow_the_active_language():
    with translation.override("en"):
        assert calendar.holidays_between(D(2026, 12, 25), D(2026, 12, 25)) == [
            (D(2026, 12, 25), "Christmas Day")
        ]
        assert calendar.national_holiday_name(D(2026, 8, 17)) == "Independence Day"
    with translation.override("id"):
        assert calendar.holidays_between(D(2026, 12, 25), D(2026, 12, 25)) == [
            (D(2026, 12, 25), "Hari Raya Natal")
        ]
        assert calendar.national_holiday_name(D(2026, 8, 18)) is None


def test_joint_leave_days_are_not_working_days():
    assert calendar.add_working_days(D(2026, 3, 18), 1) == D(2026, 3, 20)
    factories.make_joint_leave_day(date=D(2026, 3, 20), name="Cuti bersama Idul Fitri")
    assert calendar.is_working_day(D(2026, 3, 20)) is False
    # Thu 19 Nyepi, Fri 20 cuti bersama, Sat 21 and Sun 22 Idul Fitri: Monday 23 is next.
    assert calendar.add_working_days(D(2026, 3, 18), 1) == D(2026, 3, 23)
    with translation.override("id"):
        assert calendar.holidays_between(D(2026, 3, 19), D(2026, 3, 21)) == [
            (D(2026, 3, 19), "Hari Suci Nyepi"),
            (D(2026, 3, 20), "Cuti bersama Idul Fitri"),
            (D(2026, 3, 21), "Hari Raya Idul Fitri"),
        ]
    assert calendar.joint_leave_days() == {D(2026, 3, 20): "Cuti bersama Idul Fitri"}


# --- Arithmetic -----------------------------------------------------------------------------


def test_add_working_days_counts_from_day_zero():
    friday = D(2026, 1, 9)
    assert calendar.add_working_days(friday, 0) == friday
    assert calendar.add_working_days(friday, 1) == D(2026, 1, 12)
    assert calendar.add_working_days(friday, 4) == D(2026, 1, 15)
    # Isra Mikraj (Friday 16 January) is skipped.
    assert calendar.add_working_days(friday, 5) == D(2026, 1, 19)


def test_zero_on_a_closed_day_gives_the_next_working_day():
    assert calendar.add_working_days(D(2026, 1, 3), 0) == D(2026, 1, 5)  # Saturday
    assert calendar.add_working_days(D(2026, 12, 25), 0) == D(2026, 12, 28)


def test_negative_n_goes_back():
    monday = D(2026, 1, 5)
    assert calendar.add_working_days(monday, -1) == D(2026, 1, 2)
    assert calendar.add_working_days(monday, -2) == D(2025, 12, 31)  # skips New Year
    assert calendar.add_working_days(D(2026, 1, 3), -1) == D(2026, 1, 2)  # from Saturday
    assert calendar.working_days_between(monday, D(2026, 1, 2)) == -1
    assert calendar.working_days_between(monday, D(2025, 12, 31)) == -2


def test_year_boundary():
    assert calendar.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)
    assert calendar.next_working_day(D(2026, 12, 24)) == D(2026, 12, 28)
    assert calendar.next_working_day(D(2026, 12, 31)) == D(2027, 1, 4)
    # After Wed 24 Dec 2025 up to Mon 5 Jan 2026: 26, 29, 30, 31 Dec, 2 and 5 Jan.
    assert calendar.working_days_between(D(2025, 12, 24), D(2026, 1, 5)) == 6
    assert calendar.working_days_between(D(2026, 1, 5), D(2025, 12, 24)) == -6


def test_between_and_add_are_inverse_over_many_years():
    start = D(2026, 1, 5)
    far = calendar.add_working_days(start, 2500)
    assert D(2035, 1, 1) < far < D(2037, 1, 1)
    assert calendar.is_working_day(far) is True
    assert calendar.working_days_between(start, far) == 2500
    back = calendar.add_working_days(start, -2500)
    assert calendar.working_days_between(start, back) == -2500
    assert calendar.add_working_days(far, -2500) == start


def test_working_days_between_same_day_and_weekend():
    assert calendar.working_days_between(D(2026, 1, 5), D(2026, 1, 5)) == 0
    assert calendar.working_days_between(D(2026, 1, 9), D(2026, 1, 11)) == 0  # Fri to Sun
    assert calendar.working_days_between(D(2026, 1, 9), D(2026, 1, 12)) == 1


# --- Time zones -------------------------------------------------------------------------


def test_late_friday_night_wib_counts_as_friday():
    filed = dt.datetime(2026, 1, 9, 16, 30, tzinfo=UTC)  # Friday 23:30 WIB
    assert calendar.to_date(filed) == D(2026, 1, 9)
    assert calendar.is_working_day(filed) is True
    assert calendar.add_working_days(filed, 1) == D(2026, 1, 12)
    after_midnight = dt.datetime(2026, 1, 9, 17, 30, tzinfo=UTC)  # Saturday 00:30 WIB
    assert calendar.is_working_day(after_midnight) is False
    assert calendar.add_working_days(after_midnight, 0) == D(2026, 1, 12)
    assert calendar.working_days_between(filed, after_midnight) == 0


def test_naive_datetimes_are_jakarta_time_and_today_is_in_jakarta(monkeypatch):
    assert calendar.to_date(dt.datetime(2026, 1, 9, 23, 30)) == D(2026, 1, 9)
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 1, 9, 18, 0, tzinfo=UTC))
    assert calendar.today() == D(2026, 1, 10)


def test_bad_arguments_are_refused():
    with pytest.raises(TypeError):
        calendar.add_working_days("2026-01-05", 1)
    with pytest.raises(TypeError):
        calendar.add_working_days(D(2026, 1, 5), 1.5)
    with pytest.raises(ValueError, match="1900-01-01 to 2199-12-31"):
        calendar.is_working_day(D(2300, 1, 1))
    with pytest.raises(ValueError, match="1900-01-01 to 2199-12-31"):
        calendar.add_working_days(D(2199, 12, 1), 100)
    assert calendar.holidays_between(D(2026, 2, 1), D(2026, 1, 1)) == []


# --- The snapshot: speed and invalidation -------------------------------------------------


def test_cached_calls_make_no_queries_and_are_fast(django_assert_num_queries):
    calendar.add_working_days(D(2026, 1, 5), 30)
    with django_assert_num_queries(0):
        started = time.process_time()  # CPU time: other processes' load does not count
        for i in range(100_000):
            calendar.add_working_days(D(2026, 1, 5), i % 30)
        elapsed = time.process_time() - started
    assert elapsed < 1.0


def test_adding_and_removing_a_row_invalidates():
    day = D(2026, 6, 2)
    assert calendar.is_working_day(day) is True
    row = JointLeaveDay.objects.create(date=day, name="Cuti")
    assert calendar.is_working_day(day) is False
    row.date = D(2026, 6, 3)
    row.save()
    assert calendar.is_working_day(day) is True
    assert calendar.is_working_day(D(2026, 6, 3)) is False
    row.delete()
    assert calendar.is_working_day(D(2026, 6, 3)) is True


def test_a_rolled_back_savepoint_leaves_no_phantom_day():
    day = D(2026, 6, 4)
    with pytest.raises(RuntimeError), transaction.atomic():
        JointLeaveDay.objects.create(date=day, name="Cuti")
        assert calendar.is_working_day(day) is False
        raise RuntimeError("roll back")
    assert calendar.is_working_day(day) is True


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_phantom_day_and_a_commit_is_seen():
    day = D(2026, 6, 5)
    with transaction.atomic():
        JointLeaveDay.objects.create(date=day, name="Cuti")
        assert calendar.is_working_day(day) is False
        transaction.set_rollback(True)
    assert calendar.is_working_day(day) is True
    with transaction.atomic():
        JointLeaveDay.objects.create(date=day, name="Cuti")
    assert calendar.is_working_day(day) is False
    assert calendar._pending == []


def test_changes_without_signals_are_seen_after_the_refresh_interval(monkeypatch):
    day = D(2026, 6, 8)
    assert calendar.is_working_day(day) is True
    JointLeaveDay.objects.bulk_create([JointLeaveDay(date=day, name="Cuti")])  # no signal
    assert calendar.is_working_day(day) is True  # still the snapshot
    later = time.monotonic() + 61
    monkeypatch.setattr(calendar.time, "monotonic", lambda: later)
    assert calendar.is_working_day(day) is False


# --- Services: joint leave days ---------------------------------------------------------------


def test_admin_creates_updates_and_deletes_with_audit(province_admin):
    day = services.joint_leave_day_create(
        actor=province_admin, date=D(2026, 3, 20), name="  Cuti bersama   Idul Fitri "
    )
    assert (day.date, day.name) == (D(2026, 3, 20), "Cuti bersama Idul Fitri")
    assert calendar.is_working_day(D(2026, 3, 20)) is False

    services.joint_leave_day_update(
        actor=province_admin, day=day, date=D(2026, 3, 24), name="Cuti Idul Fitri"
    )
    day.refresh_from_db()
    assert (day.date, day.name) == (D(2026, 3, 24), "Cuti Idul Fitri")
    assert calendar.is_working_day(D(2026, 3, 20)) is True
    assert calendar.is_working_day(D(2026, 3, 24)) is False

    pk = day.pk
    services.joint_leave_day_delete(actor=province_admin, day=day)
    assert JointLeaveDay.objects.count() == 0
    assert calendar.is_working_day(D(2026, 3, 24)) is True

    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.object_id, e.actor_id) for e in entries] == [
        ("core.joint_leave_day.create", str(pk), province_admin.pk),
        ("core.joint_leave_day.update", str(pk), province_admin.pk),
        ("core.joint_leave_day.delete", str(pk), province_admin.pk),
    ]
    assert entries[0].after == {"date": "2026-03-20", "name": "Cuti bersama Idul Fitri"}
    assert entries[1].before == {"date": "2026-03-20", "name": "Cuti bersama Idul Fitri"}
    assert entries[1].after == {"date": "2026-03-24", "name": "Cuti Idul Fitri"}
    assert entries[2].before == {"date": "2026-03-24", "name": "Cuti Idul Fitri"}


@pytest.mark.parametrize("who", ["agency_admin", "agency_head", "officer", "citizen"])
def test_someone_else_tries(request, who):
    actor = request.getfixturevalue(who)
    existing = factories.make_joint_leave_day(date=D(2026, 3, 20))
    with translation.override("en"), pytest.raises(PermissionDenied) as exc:
        services.joint_leave_day_create(actor=actor, date=D(2026, 3, 24), name="Cuti")
    assert str(exc.value) == "Only province administrators may change the calendar."
    with pytest.raises(PermissionDenied):
        services.joint_leave_day_update(actor=actor, day=existing, date=D(2026, 3, 24), name="X")
    with pytest.raises(PermissionDenied):
        services.joint_leave_day_delete(actor=actor, day=existing)
    with pytest.raises(PermissionDenied):
        services.joint_leave_days_import_national(actor=actor, year=2026)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.joint_leave_day_create(actor=AnonymousUser(), date=D(2026, 3, 24), name="X")
    assert list(JointLeaveDay.objects.values_list("date", "name")) == [
        (D(2026, 3, 20), "Cuti bersama")
    ]
    assert AuditEntry.objects.count() == 0


def test_a_deactivated_admin_may_not(province_admin):
    province_admin.is_active = False
    province_admin.save()
    with pytest.raises(PermissionDenied):
        services.joint_leave_day_create(actor=province_admin, date=D(2026, 3, 24), name="X")


@pytest.mark.parametrize(
    ("date", "name", "field", "message"),
    [
        (
            D(2026, 3, 21),
            "Cuti",
            "date",
            "2026-03-21 is a Saturday or Sunday, which is never a working day.",
        ),
        (
            D(2026, 12, 25),
            "Cuti",
            "date",
            "2026-12-25 is already a national holiday (Christmas Day).",
        ),
        (D(2026, 3, 24), "   ", "name", "Enter a name for this joint leave day."),
        (D(2026, 3, 24), "x" * 201, "name", "The name may be at most 200 characters long."),
        ("2026-03-24", "Cuti", "date", "Enter a valid date."),
        (D(1800, 3, 24), "Cuti", "date", "Enter a date between 1900 and 2199."),
    ],
)
def test_invalid_input_is_refused_with_a_clear_message(province_admin, date, name, field, message):
    with translation.override("en"), pytest.raises(ApplicationError) as exc:
        services.joint_leave_day_create(actor=province_admin, date=date, name=name)
    assert str(exc.value) == message
    assert exc.value.extra == {"fields": {field: [message]}}
    assert JointLeaveDay.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_duplicates_are_refused(province_admin):
    first = services.joint_leave_day_create(actor=province_admin, date=D(2026, 3, 20), name="A")
    second = services.joint_leave_day_create(actor=province_admin, date=D(2026, 3, 24), name="B")
    with translation.override("en"), pytest.raises(Conflict) as exc:
        services.joint_leave_day_create(actor=province_admin, date=D(2026, 3, 20), name="C")
    assert str(exc.value) == "2026-03-20 is already a joint leave day (A)."
    with translation.override("en"), pytest.raises(Conflict):
        services.joint_leave_day_update(actor=province_admin, day=second, date=first.date, name="B")
    # Renaming in place is not a duplicate of itself.
    services.joint_leave_day_update(actor=province_admin, day=first, date=first.date, name="A2")
    assert list(JointLeaveDay.objects.values_list("date", "name")) == [
        (D(2026, 3, 20), "A2"),
        (D(2026, 3, 24), "B"),
    ]


def test_import_national_cuti_bersama(province_admin):
    factories.make_joint_leave_day(date=D(2026, 3, 20), name="Already there")
    added = services.joint_leave_days_import_national(actor=province_admin, year=2026)
    assert [d.date for d in added] == [
        D(2026, 2, 16),
        D(2026, 3, 18),
        D(2026, 3, 23),
        D(2026, 3, 24),
        D(2026, 5, 15),
        D(2026, 5, 28),
        D(2026, 12, 24),
    ]
    assert added[0].name == "Cuti Bersama Tahun Baru Imlek"
    assert JointLeaveDay.objects.get(date=D(2026, 3, 20)).name == "Already there"
    assert AuditEntry.objects.filter(action="core.joint_leave_day.create").count() == 7
    assert calendar.is_working_day(D(2026, 12, 24)) is False
    assert services.joint_leave_days_import_national(actor=province_admin, year=2026) == []
    with pytest.raises(ApplicationError):
        services.joint_leave_days_import_national(actor=province_admin, year=3000)


def test_deleting_a_day_that_is_gone(province_admin):
    day = factories.make_joint_leave_day(date=D(2026, 3, 20))
    JointLeaveDay.objects.filter(pk=day.pk).delete()
    with translation.override("en"), pytest.raises(ApplicationError) as exc:
        services.joint_leave_day_delete(actor=province_admin, day=day)
    assert (exc.value.status_code, str(exc.value)) == (
        404,
        "This joint leave day no longer exists.",
    )
