"""Writes to the working-day calendar: the province's joint leave days (cuti bersama).

Only province administrators (``permissions.can_manage_calendar``) may change them. A joint
leave day must fall on a weekday that is not already a national public holiday, and there
is at most one per date. Every change is in the audit log; the calendar's snapshot is
refreshed by ``s2c.core.calendar`` when a row is saved or deleted.
"""

from __future__ import annotations

import datetime as dt

import holidays as holidays_lib
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from s2c.core import audit, calendar, permissions
from s2c.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from s2c.core.models import JointLeaveDay

NAME_MAX_LENGTH = JointLeaveDay._meta.get_field("name").max_length


def _require_calendar_admin(actor) -> None:
    if not permissions.can_manage_calendar(actor):
        raise PermissionDenied(_("Only province administrators may change the calendar."))


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid", extra={"fields": {field: [message]}})


def _clean(*, date, name, exclude_pk: int | None = None) -> tuple[dt.date, str]:
    """The validated (date, name), or an ApplicationError naming the field at fault."""
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        raise _invalid("date", _("Enter a valid date."))
    if not calendar.MIN_YEAR <= date.year <= calendar.MAX_YEAR:
        raise _invalid(
            "date",
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": calendar.MIN_YEAR, "last": calendar.MAX_YEAR},
        )
    name = " ".join(str(name or "").split())
    if not name:
        raise _invalid("name", _("Enter a name for this joint leave day."))
    if len(name) > NAME_MAX_LENGTH:
        raise _invalid(
            "name",
            _("The name may be at most %(limit)s characters long.") % {"limit": NAME_MAX_LENGTH},
        )
    if date.weekday() >= 5:
        raise _invalid(
            "date",
            _("%(date)s is a Saturday or Sunday, which is never a working day.")
            % {"date": date.isoformat()},
        )
    holiday = calendar.national_holiday_name(date)
    if holiday:
        raise _invalid(
            "date",
            _("%(date)s is already a national holiday (%(name)s).")
            % {"date": date.isoformat(), "name": holiday},
        )
    taken = JointLeaveDay.objects.filter(date=date).exclude(pk=exclude_pk).first()
    if taken is not None:
        message = _("%(date)s is already a joint leave day (%(name)s).") % {
            "date": date.isoformat(),
            "name": taken.name,
        }
        raise Conflict(message, code="duplicate", extra={"fields": {"date": [message]}})
    return date, name


def _gone() -> NotFound:
    return NotFound(_("This joint leave day no longer exists."))


def _save(day: JointLeaveDay) -> None:
    """Save, turning a race with a concurrent insert of the same date into a Conflict."""
    try:
        with transaction.atomic():
            day.save()
    except IntegrityError:
        message = _("%(date)s is already a joint leave day.") % {"date": day.date.isoformat()}
        raise Conflict(message, code="duplicate", extra={"fields": {"date": [message]}}) from None


@transaction.atomic
def joint_leave_day_create(*, actor, date: dt.date, name: str) -> JointLeaveDay:
    """Declare ``date`` a joint leave day (cuti bersama) called ``name``."""
    _require_calendar_admin(actor)
    date, name = _clean(date=date, name=name)
    day = JointLeaveDay(date=date, name=name)
    _save(day)
    audit.record(
        actor=actor,
        action="core.joint_leave_day.create",
        obj=day,
        before=None,
        after=audit.snapshot(day, fields=["date", "name"]),
    )
    return day


@transaction.atomic
def joint_leave_day_update(*, actor, day: JointLeaveDay, date: dt.date, name: str) -> JointLeaveDay:
    """Move or rename a joint leave day."""
    _require_calendar_admin(actor)
    day = JointLeaveDay.objects.select_for_update().filter(pk=day.pk).first()
    if day is None:
        raise _gone()
    date, name = _clean(date=date, name=name, exclude_pk=day.pk)
    before = audit.snapshot(day, fields=["date", "name"])
    day.date, day.name = date, name
    _save(day)
    audit.record(
        actor=actor,
        action="core.joint_leave_day.update",
        obj=day,
        before=before,
        after=audit.snapshot(day, fields=["date", "name"]),
    )
    return day


@transaction.atomic
def joint_leave_day_delete(*, actor, day: JointLeaveDay) -> None:
    """Make a joint leave day an ordinary working day again."""
    _require_calendar_admin(actor)
    day = JointLeaveDay.objects.select_for_update().filter(pk=day.pk).first()
    if day is None:
        raise _gone()
    audit.record(
        actor=actor,
        action="core.joint_leave_day.delete",
        obj=day,
        before=audit.snapshot(day, fields=["date", "name"]),
        after=None,
    )
    day.delete()


@transaction.atomic
def joint_leave_days_import_national(*, actor, year: int) -> list[JointLeaveDay]:
    """Add the national cuti bersama of ``year`` (the joint decree of three ministers, as
    the ``holidays`` package knows it) as joint leave days, with their Indonesian names.
    Dates already present, on a weekend or on a national holiday are skipped; returns the
    days added (possibly none)."""
    _require_calendar_admin(actor)
    if not isinstance(year, int) or not calendar.MIN_YEAR <= year <= calendar.MAX_YEAR:
        raise _invalid(
            "year",
            _("Enter a year between %(first)s and %(last)s.")
            % {"first": calendar.MIN_YEAR, "last": calendar.MAX_YEAR},
        )
    decreed = holidays_lib.country_holidays(
        "ID", years=year, categories=("government",), language="id"
    )
    national = calendar.national_holidays(year)
    existing = set(JointLeaveDay.objects.filter(date__year=year).values_list("date", flat=True))
    added: list[JointLeaveDay] = []
    for date, name in sorted(decreed.items()):
        if date.weekday() >= 5 or date in national or date in existing:
            continue
        day = JointLeaveDay(date=date, name=name[:NAME_MAX_LENGTH])
        _save(day)
        audit.record(
            actor=actor,
            action="core.joint_leave_day.create",
            obj=day,
            before=None,
            after=audit.snapshot(day, fields=["date", "name"]),
            note="imported from the national cuti bersama",
        )
        added.append(day)
    return added
