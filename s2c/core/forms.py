"""Forms of the shell: a service's error shown on a form (``apply_error``), staff sign-in
(with its brute-force lockout) and the audit filters."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import ratelimit, selectors
from .errors import ApplicationError
from .middleware import client_ip

logger = logging.getLogger(__name__)


# --- Several files in one field ---------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; each is checked by ``s2c.core.uploads`` in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [data] if data else []


# --- A service's error on a form ------------------------------------------------------


def apply_error(
    form: forms.Form,
    exc: ApplicationError,
    *,
    field: str | None = None,
    field_names: dict[str, str | None] | None = None,
) -> None:
    """Show a service's ``ApplicationError`` on a form: each message of
    ``exc.extra["fields"]`` (one message or a list per name) beside its field, renamed
    through ``field_names`` where the service's name is not the form's, else above the
    form; when none landed on a field, ``exc.message`` beside ``field`` (above the form
    by default). The API shows the same error through ``core.api_errors``."""
    renamed = field_names or {}
    placed = False
    for name, messages in ((exc.extra or {}).get("fields") or {}).items():
        name = renamed.get(name, name)
        target = name if name in form.fields else None
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(target, str(message))
        placed = placed or target is not None
    if not placed:
        form.add_error(field if field in form.fields else None, str(exc.message))


# --- Sign-in lockout ------------------------------------------------------------------
# After MAX failed sign-ins for one username from one address within the window, that
# pair is refused (even with the right password) for LOCKOUT minutes. Counted in the
# "counters" cache (core.counters: the database, or Redis), shared by every process and
# server. Every way in uses it: the staff sign-in (SignInForm) and django-admin's
# (AdminSignInForm); the API has no password sign-in (API keys and sessions only).


def max_failures() -> int:
    return int(getattr(settings, "S2C_LOGIN_MAX_FAILURES", 5))


def lockout_minutes() -> int:
    return int(getattr(settings, "S2C_LOGIN_LOCKOUT_MINUTES", 15))


def _lockout_key(username: str, ip: str | None) -> str:
    raw = f"{username.strip().casefold()}|{ip or '-'}".encode()
    return "s2c:signin-failures:" + hashlib.sha256(raw).hexdigest()


def is_locked_out(username: str, ip: str | None) -> bool:
    return ratelimit.counters().get(_lockout_key(username, ip), 0) >= max_failures()


def record_failure(username: str, ip: str | None) -> int:
    """Count one failed sign-in; returns the failures so far."""
    key = _lockout_key(username, ip)
    timeout = lockout_minutes() * 60
    cache = ratelimit.counters()
    cache.add(key, 0, timeout)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        failures = 1
    if failures >= max_failures():
        cache.set(key, failures, timeout)  # the lockout lasts from the last failure
        logger.warning("Sign-in locked for a username from %s after %d failures", ip, failures)
    return failures


def clear_failures(username: str, ip: str | None) -> None:
    ratelimit.counters().delete(_lockout_key(username, ip))


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed sign-in attempts. For your security, signing in with this "
        "username is paused for %(minutes)d minute. Try again later or reset your password.",
        "Too many failed sign-in attempts. For your security, signing in with this "
        "username is paused for %(minutes)d minutes. Try again later or reset your password.",
        minutes,
    ) % {"minutes": minutes}


class LockoutMixin:
    """The lockout above on a Django sign-in form (``AuthenticationForm`` or a subclass):
    a locked pair is refused before the password is checked, a failure is counted, a
    success forgets the failures; ``locked_out`` tells the view."""

    locked_out = False

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = (client_ip(self.request) or None) if self.request else None
        if username and is_locked_out(username, ip):
            self.locked_out = True
            raise ValidationError(lockout_message(), code="locked_out")
        try:
            cleaned = super().clean()
        except ValidationError:
            if username and record_failure(username, ip) >= max_failures():
                self.locked_out = True
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise
        clear_failures(username, ip)
        return cleaned


class SignInForm(LockoutMixin, AuthenticationForm):
    """The staff sign-in (/masuk/)."""


class AdminSignInForm(LockoutMixin, AdminAuthenticationForm):
    """django-admin's sign-in (/django-admin/login/): the same lockout, shared counts."""


# --- Places ---------------------------------------------------------------------------


class _DegreesField(forms.DecimalField):
    """Degrees from -``bound`` to ``bound`` with six decimals (about 10 cm), optional by
    default."""

    bound = 180
    default_label = ""

    def __init__(self, *, label=None, required=False, **kwargs):
        super().__init__(
            label=label or self.default_label,
            required=required,
            max_digits=9,
            decimal_places=6,
            min_value=-self.bound,
            max_value=self.bound,
            **kwargs,
        )


class LatitudeField(_DegreesField):
    bound = 90
    default_label = _("Latitude")


class LongitudeField(_DegreesField):
    bound = 180
    default_label = _("Longitude")


# --- Audit log filters ----------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The days a date filter takes: at the ends of Python's calendar (years 1 and 9999) turning
# a day into a time in UTC, or adding a day, overflows (a 500 before).
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(9998, 12, 31)


class DayField(forms.DateField):
    """A date from 1900 to 9998."""

    def __init__(self, **kwargs):
        validators = [MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)]
        super().__init__(validators=validators, **kwargs)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), max_length=150, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=50,
        required=False,
        help_text=_("The action or its beginning, e.g. admin. or care.complaint."),
    )
    object_type = forms.CharField(
        label=_("Object type"),
        max_length=100,
        required=False,
        help_text=_("e.g. core.agency"),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=None, required=False, empty_label=_("All agencies")
    )
    date_from = DayField(label=_("From"), required=False, widget=DateInput)
    date_to = DayField(label=_("Until"), required=False, widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.audit_agencies_for(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def to_filters(self) -> selectors.AuditFilters:
        data = self.cleaned_data
        agency = data.get("agency")
        return selectors.AuditFilters(
            actor=(data.get("actor") or "").strip(),
            action=(data.get("action") or "").strip(),
            object_type=(data.get("object_type") or "").strip().lower(),
            agency_id=agency.pk if agency else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
