"""The staff page of the working-day calendar: a year's national holidays and the
province's joint leave days (cuti bersama), which province administrators edit.

Works without JavaScript: plain forms, POST then redirect. Every change goes through
``s2c.core.services.calendar``.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import calendar, permissions
from ..errors import ApplicationError, NotFound
from ..forms import apply_error
from ..services import calendar as services
from .decorators import staff_required

calendar_admin_required = staff_required(check=permissions.can_manage_calendar)


class JointLeaveDayForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=services.NAME_MAX_LENGTH,
        help_text=gettext_lazy("For example: Cuti bersama Hari Raya Idul Fitri."),
    )


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=calendar.MIN_YEAR, max_value=calendar.MAX_YEAR
    )


def _calendar_url(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


def _year_context(request, year: int) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    national = calendar.national_holidays(year)
    working_days = calendar.working_days_between(start, end) + calendar.is_working_day(start)
    return {
        "year": year,
        "previous_year": year - 1 if year > calendar.MIN_YEAR else None,
        "next_year": year + 1 if year < calendar.MAX_YEAR else None,
        "national_holidays": [
            {"date": day, "name": name, "weekend": day.weekday() >= 5}
            for day, name in national.items()
        ],
        "joint_leave_days": calendar.joint_leave_days_for(request.user, year),
        "working_days": working_days,
    }


@calendar_admin_required
@require_http_methods(["GET", "POST"])
def calendar_index(request):
    """GET: the year's holidays and joint leave days. POST: add a joint leave day."""
    year = calendar.today().year
    year_form = YearForm(request.GET if "year" in request.GET else None, initial={"year": year})
    if year_form.is_valid():
        year = year_form.cleaned_data["year"]
    form = JointLeaveDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.joint_leave_day_create(
                actor=request.user, date=form.cleaned_data["date"], name=form.cleaned_data["name"]
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("%(date)s is now a joint leave day.") % {"date": day.date.isoformat()},
            )
            return redirect(_calendar_url(day.date.year))
    context = _year_context(request, year)
    context.update({"form": form, "year_form": year_form})
    return render(request, "core/staff/calendar.html", context, status=400 if form.errors else 200)


@calendar_admin_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request, pk: int):
    """Move or rename one joint leave day."""
    day = calendar.joint_leave_day_for_admin(user=request.user, pk=pk)
    initial = {"date": day.date, "name": day.name}
    form = JointLeaveDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.joint_leave_day_update(
                actor=request.user,
                day=day,
                date=form.cleaned_data["date"],
                name=form.cleaned_data["name"],
            )
        except NotFound:
            raise  # the 404 page (staff_required), not a form error
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The joint leave day was saved."))
            return redirect(_calendar_url(day.date.year))
    return render(
        request,
        "core/staff/calendar_edit.html",
        {"day": day, "form": form},
        status=400 if form.errors else 200,
    )


@calendar_admin_required
@require_http_methods(["GET", "POST"])
def calendar_delete(request, pk: int):
    """GET: ask to confirm. POST: make the day an ordinary working day again."""
    day = calendar.joint_leave_day_for_admin(user=request.user, pk=pk)
    if request.method == "POST":
        services.joint_leave_day_delete(actor=request.user, day=day)
        messages.success(
            request,
            _("%(date)s is no longer a joint leave day.") % {"date": day.date.isoformat()},
        )
        return redirect(_calendar_url(day.date.year))
    return render(request, "core/staff/calendar_delete.html", {"day": day})


@calendar_admin_required
@require_POST
def calendar_import(request):
    """Add the year's national cuti bersama (as the holidays package knows them)."""
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("year", [_("Enter a valid year.")])))
        return redirect("core:calendar")
    year = form.cleaned_data["year"]
    try:
        added = services.joint_leave_days_import_national(actor=request.user, year=year)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(_calendar_url(year))
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)s national joint leave day was added.",
                "%(count)s national joint leave days were added.",
                len(added),
            )
            % {"count": len(added)},
        )
    else:
        messages.info(request, _("There were no national joint leave days to add."))
    return redirect(_calendar_url(year))
