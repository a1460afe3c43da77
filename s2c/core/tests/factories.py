"""Plain factory functions for core's data, shared by every app's tests.

Each function saves to the real database and returns the saved object; every argument
has a sensible default, and extra keyword arguments go straight to the model::

    from s2c.core.tests import factories as f

    dinas = f.make_agency(short_name="Diskominfo")
    officer = f.make_officer(dinas)                 # a User with an officer role there
    head = f.make_agency_head(dinas)
    agency_admin = f.make_agency_admin(dinas)
    admin = f.make_province_admin()
    citizen = f.make_citizen()
    client.login(username=officer.username, password=f.PASSWORD)

Every user made here has the password ``PASSWORD``.
"""

from __future__ import annotations

import itertools

from s2c.core import permissions
from s2c.core.models import Agency, JointLeaveDay, Membership, Region, User

PASSWORD = "s2c-Test-password-9"

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_region(*, code: str | None = None, name: str | None = None, **extra) -> Region:
    """A kabupaten (or ``kind=Region.Kind.KOTA``) with a unique code."""
    n = _n()
    defaults = {"kind": Region.Kind.KABUPATEN, "capital": f"Ibu kota {n}"}
    defaults.update(extra)
    return Region.objects.create(code=code or f"9{n:04d}", name=name or f"Region {n}", **defaults)


def make_agency(
    *,
    code: str | None = None,
    short_name: str | None = None,
    name: str | None = None,
    kind: str = Agency.Kind.DINAS,
    is_active: bool = True,
    **extra,
) -> Agency:
    """An agency (OPD); ``region``, ``parent`` and any other field may be passed."""
    n = _n()
    short_name = short_name or f"Dinas {n}"
    return Agency.objects.create(
        code=code or f"agency-{n}",
        short_name=short_name,
        name=name or f"Dinas Contoh {n}",
        kind=kind,
        is_active=is_active,
        **extra,
    )


def make_user(*, username: str | None = None, password: str = PASSWORD, **extra) -> User:
    """A plain account (a citizen unless given roles); ``full_name``, ``email``… as extra."""
    n = _n()
    username = username or f"user{n}"
    extra.setdefault("email", f"{username}@example.test")
    extra.setdefault("full_name", f"Person {n}")
    return User.objects.create_user(username=username, password=password, **extra)


def make_citizen(**extra) -> User:
    """A citizen with an account: signed in, but no role anywhere."""
    return make_user(**extra)


def make_province_admin(**extra) -> User:
    """A province administrator (Diskominfo); also allowed into the Django admin."""
    extra.setdefault("is_staff", True)
    return make_user(is_province_admin=True, **extra)


def make_superuser(**extra) -> User:
    extra.setdefault("is_staff", True)
    return make_user(is_superuser=True, **extra)


def add_membership(
    user: User, agency: Agency, role: str = Membership.Role.OFFICER, *, is_active: bool = True
) -> Membership:
    """Give ``user`` a role in ``agency`` (and forget the user's cached roles)."""
    membership = Membership.objects.create(
        user=user, agency=agency, role=role, is_active=is_active, title=""
    )
    permissions.forget_cached_roles(user)
    return membership


def make_member(
    agency: Agency | None = None,
    role: str = Membership.Role.OFFICER,
    *,
    is_active: bool = True,
    **user_fields,
) -> User:
    """A new user holding ``role`` in ``agency`` (a new agency when none is given)."""
    user = make_user(**user_fields)
    add_membership(user, agency or make_agency(), role, is_active=is_active)
    return user


def make_officer(agency: Agency | None = None, **user_fields) -> User:
    return make_member(agency, Membership.Role.OFFICER, **user_fields)


def make_agency_head(agency: Agency | None = None, **user_fields) -> User:
    return make_member(agency, Membership.Role.HEAD, **user_fields)


def make_agency_admin(agency: Agency | None = None, **user_fields) -> User:
    return make_member(agency, Membership.Role.ADMIN, **user_fields)


def make_joint_leave_day(*, date, name: str = "Cuti bersama") -> JointLeaveDay:
    return JointLeaveDay.objects.create(date=date, name=name)
