"""The working-day calendar: deadlines in working days for every service.

A *working day* in Sumatera Selatan is a Monday to Friday that is neither an Indonesian
national public holiday (from the ``holidays`` package, category ``public``) nor a joint
leave day (cuti bersama, a ``core.JointLeaveDay`` row that province administrators edit).

Every function accepts a ``date`` or a ``datetime``. Datetimes are converted to a date in
Asia/Jakarta (WIB) first: a complaint filed at 23:30 WIB on a Friday (16:30 UTC) counts as
Friday. Aware datetimes are converted; naive datetimes are taken to be Jakarta time already.

Speed: deadlines are computed in loops over many rows, so the calendar keeps an in-process
snapshot: the sorted working days of the years in use (extended on demand) and the joint
leave days. ``add_working_days`` and ``working_days_between`` are a binary search, not a
day-by-day walk. The snapshot is dropped when a ``JointLeaveDay`` is saved or deleted in
this process (immediately, again on commit, and when the change is rolled back), and it
is reloaded at least every ``S2C_CALENDAR_REFRESH_SECONDS`` (default 60) so that changes
made by other processes, ``QuerySet.update()`` or ``bulk_create()`` are picked up.

Supported dates: 1 January 1900 to 31 December 2199; anything outside raises ValueError.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import permissions
from .errors import NotFound, PermissionDenied
from .models import JointLeaveDay

JAKARTA = ZoneInfo("Asia/Jakarta")
MIN_YEAR = 1900
MAX_YEAR = 2199
_FIRST_ORDINAL = dt.date(MIN_YEAR, 1, 1).toordinal()
_LAST_ORDINAL = dt.date(MAX_YEAR, 12, 31).toordinal()
_MIN_WORKING_DAYS_PER_YEAR = 200  # used only to size an extension of the snapshot

DayLike = dt.date | dt.datetime


# --- Dates ------------------------------------------------------------------------------


def to_date(value: DayLike) -> dt.date:
    """The calendar date of ``value`` in Asia/Jakarta (a ``date`` is returned as is)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(JAKARTA)
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"Expected a date or datetime, not {type(value).__name__}")


def today() -> dt.date:
    """Today's date in Asia/Jakarta."""
    return timezone.now().astimezone(JAKARTA).date()


def _check_range(ordinal: int) -> None:
    if not _FIRST_ORDINAL <= ordinal <= _LAST_ORDINAL:
        raise ValueError(
            f"The working-day calendar covers {MIN_YEAR}-01-01 to {MAX_YEAR}-12-31 only"
        )


# --- National holidays (from the holidays package, cached per year) ----------------------


@lru_cache(maxsize=1024)
def _national(year: int, language: str) -> dict[dt.date, str]:
    found = holidays_lib.country_holidays("ID", years=year, language=language)
    return dict(sorted(found.items()))


def national_holidays(year: int, language: str | None = None) -> dict[dt.date, str]:
    """Indonesia's national public holidays of ``year`` as {date: name}, sorted, including
    those on a weekend; names in ``language`` ("id" or "en"; default: the active one).
    From the ``holidays`` package, cached per year and language."""
    language = language or _active_language()
    return dict(_national(year, "id" if language.lower().startswith("id") else "en_US"))


def _active_language() -> str:
    return "id" if (translation.get_language() or "id").lower().startswith("id") else "en"


# --- The snapshot --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Snapshot:
    first_year: int
    last_year: int
    first_ordinal: int
    last_ordinal: int
    working: list[int]  # sorted ordinals of the working days in [first_year, last_year]
    working_set: frozenset[int]
    joint: dict[dt.date, str]
    expires_at: float  # time.monotonic() after which the joint leave days are reloaded

    def covers(self, ordinal: int) -> bool:
        return self.first_ordinal <= ordinal <= self.last_ordinal


_lock = threading.Lock()
_snapshot: _Snapshot | None = None
_pending: list[tuple[object, object]] = []  # (connection, callback) of uncommitted changes
_generation = 0  # bumped by invalidate(), so a snapshot built meanwhile is not kept


def _refresh_seconds() -> float:
    return float(getattr(settings, "S2C_CALENDAR_REFRESH_SECONDS", 60))


def _build(
    first_year: int, last_year: int, joint: dict[dt.date, str], expires_at: float
) -> _Snapshot:
    closed: set[int] = {d.toordinal() for d in joint}
    for year in range(first_year, last_year + 1):
        closed.update(d.toordinal() for d in _national(year, "id"))
    start = dt.date(first_year, 1, 1).toordinal()
    end = dt.date(last_year, 12, 31).toordinal()
    # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday (0 = Monday).
    working = [o for o in range(start, end + 1) if (o - 1) % 7 < 5 and o not in closed]
    return _Snapshot(
        first_year=first_year,
        last_year=last_year,
        first_ordinal=start,
        last_ordinal=end,
        working=working,
        working_set=frozenset(working),
        joint=joint,
        expires_at=expires_at,
    )


def _load_joint() -> dict[dt.date, str]:
    return dict(JointLeaveDay.objects.order_by("date").values_list("date", "name"))


def _check_pending() -> None:
    """Drop the snapshot if an uncommitted JointLeaveDay change was rolled back: Django
    discards a rolled-back transaction's on-commit callbacks, so ours is gone."""
    for item in list(_pending):
        connection, callback = item
        # Django keeps (savepoint ids, func, robust) entries in run_on_commit.
        if not any(entry[1] is callback for entry in connection.run_on_commit):
            invalidate()
            if item in _pending:
                _pending.remove(item)


def _current(ordinal: int | None = None) -> _Snapshot:
    """The snapshot, reloaded when stale and extended to cover ``ordinal``."""
    global _snapshot
    if _pending:
        _check_pending()
    snap = _snapshot
    if (
        snap is not None
        and (ordinal is None or snap.first_ordinal <= ordinal <= snap.last_ordinal)
        and time.monotonic() < snap.expires_at
    ):
        return snap
    if ordinal is not None:
        _check_range(ordinal)
    with _lock:
        snap = _snapshot
        fresh = snap is not None and time.monotonic() < snap.expires_at
        year = dt.date.fromordinal(ordinal).year if ordinal is not None else today().year
        first, last = max(year - 1, MIN_YEAR), min(year + 1, MAX_YEAR)
        if fresh:
            if snap.first_year <= first and last <= snap.last_year:
                return snap
            first, last = min(first, snap.first_year), max(last, snap.last_year)
            snap = _build(first, last, snap.joint, snap.expires_at)
        else:
            generation = _generation
            expires_at = time.monotonic() + _refresh_seconds()
            snap = _build(first, last, _load_joint(), expires_at)
            if generation != _generation:
                return snap  # invalidated while loading: use it for this call only
        _snapshot = snap
        return snap


def _extend_to(snap: _Snapshot, first_year: int, last_year: int) -> _Snapshot:
    global _snapshot
    with _lock:
        first = max(min(first_year, snap.first_year), MIN_YEAR)
        last = min(max(last_year, snap.last_year), MAX_YEAR)
        extended = _build(first, last, snap.joint, snap.expires_at)
        if _snapshot is snap:  # not invalidated or replaced meanwhile
            _snapshot = extended
        return extended


def invalidate() -> None:
    """Forget the snapshot; the next call reloads the joint leave days."""
    global _snapshot, _generation
    _generation += 1
    _snapshot = None


@receiver(post_save, sender=JointLeaveDay, dispatch_uid="s2c.core.calendar.saved")
@receiver(post_delete, sender=JointLeaveDay, dispatch_uid="s2c.core.calendar.deleted")
def _joint_leave_day_changed(sender, instance, using=None, **kwargs) -> None:
    invalidate()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return

    def committed() -> None:
        invalidate()
        if item in _pending:
            _pending.remove(item)

    item = (connection, committed)
    _pending.append(item)
    transaction.on_commit(committed, using=using)


# --- The public functions ---------------------------------------------------------------------


def is_working_day(day: DayLike) -> bool:
    """True for a Monday to Friday (in Jakarta) that is neither a national public holiday
    nor a joint leave day (cuti bersama)."""
    ordinal = to_date(day).toordinal()
    return ordinal in _current(ordinal).working_set


def add_working_days(start: DayLike, n: int) -> dt.date:
    """The date ``n`` working days from ``start``, which counts as day 0.

    - ``n > 0``: the n-th working day after ``start`` (``start`` itself never counts, so
      from Friday, 1 working day is the next working Monday);
    - ``n == 0``: ``start`` if it is a working day, else the next working day;
    - ``n < 0``: the |n|-th working day before ``start``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    ordinal = to_date(start).toordinal()
    snap = _current(ordinal)
    while True:
        working = snap.working
        if n > 0:
            index = bisect_right(working, ordinal) + n - 1
        else:
            index = bisect_left(working, ordinal) + n
        if 0 <= index < len(working):
            return dt.date.fromordinal(working[index])
        if index < 0:
            if snap.first_year == MIN_YEAR:
                _check_range(_FIRST_ORDINAL - 1)
            more = -index // _MIN_WORKING_DAYS_PER_YEAR + 1
            snap = _extend_to(snap, snap.first_year - more, snap.last_year)
        else:
            if snap.last_year == MAX_YEAR:
                _check_range(_LAST_ORDINAL + 1)
            more = (index - len(working)) // _MIN_WORKING_DAYS_PER_YEAR + 1
            snap = _extend_to(snap, snap.first_year, snap.last_year + more)


def next_working_day(day: DayLike) -> dt.date:
    """The first working day strictly after ``day`` (``add_working_days(day, 1)``)."""
    return add_working_days(day, 1)


def working_days_between(start: DayLike, end: DayLike) -> int:
    """The number of working days after ``start`` up to and including ``end``; negative
    (minus the working days after ``end`` up to and including ``start``) when ``end`` is
    before ``start``. So ``working_days_between(d, add_working_days(d, n)) == n`` for a
    working day ``d``, and a complaint due ``end`` is late when the result from ``end``
    to today is above zero."""
    a, b = to_date(start).toordinal(), to_date(end).toordinal()
    snap = _current(min(a, b))
    if not (snap.covers(a) and snap.covers(b)):
        _check_range(max(a, b))
        snap = _extend_to(
            snap, dt.date.fromordinal(min(a, b)).year, dt.date.fromordinal(max(a, b)).year
        )
    return bisect_right(snap.working, b) - bisect_right(snap.working, a)


def joint_leave_days() -> dict[dt.date, str]:
    """All joint leave days (cuti bersama): {date: name}, from the snapshot."""
    return dict(_current().joint)


def holidays_between(start: DayLike, end: DayLike) -> list[tuple[dt.date, str]]:
    """National public holidays and joint leave days from ``start`` to ``end`` inclusive,
    sorted by date, including those on weekends; holiday names in the active language
    (Indonesian or English), joint leave days with the name the administrators gave.
    A date that is both lists both names, joined by "; ". Empty when ``end < start``."""
    first, last = to_date(start), to_date(end)
    if last < first:
        return []
    _check_range(first.toordinal())
    _check_range(last.toordinal())
    language = _active_language()
    found: dict[dt.date, list[str]] = {}
    for year in range(first.year, last.year + 1):
        for day, name in national_holidays(year, language).items():
            if first <= day <= last:
                found.setdefault(day, []).append(name)
    for day, name in _current(first.toordinal()).joint.items():
        if first <= day <= last:
            found.setdefault(day, []).append(name)
    return [(day, "; ".join(names)) for day, names in sorted(found.items())]


def national_holiday_name(day: DayLike) -> str | None:
    """The national public holiday's name on ``day`` in the active language, or None."""
    d = to_date(day)
    return _national(d.year, "id" if _active_language() == "id" else "en_US").get(d)


# --- Reads for the staff calendar page ---------------------------------------------------------


def joint_leave_days_for(user, year: int) -> QuerySet[JointLeaveDay]:
    """The joint leave day rows of ``year`` for editing: all of them for those who may
    manage the calendar (province administrators), none for anyone else."""
    if not permissions.can_manage_calendar(user):
        return JointLeaveDay.objects.none()
    return JointLeaveDay.objects.filter(date__year=year).order_by("date")


def joint_leave_day_for_admin(*, user, pk: int) -> JointLeaveDay:
    """Find a joint leave day to edit, checking that ``user`` may manage the calendar."""
    if not permissions.can_manage_calendar(user):
        raise PermissionDenied(_("Only province administrators may change the calendar."))
    day = JointLeaveDay.objects.filter(pk=pk).first()
    if day is None:
        raise NotFound(_("This joint leave day no longer exists."))
    return day
