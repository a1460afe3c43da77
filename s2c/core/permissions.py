"""Who may see and do what: the one permission module that views, the API, selectors and
search all use. No permission logic lives anywhere else.

Roles:
- anonymous visitors and citizens: public things only;
- agency staff: a Membership in one or more agencies as officer, head or agency admin;
- province administrators (Diskominfo): ``User.is_province_admin`` (or a superuser),
  above every agency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db.models import Q, QuerySet

from .models import Agency, Membership

OFFICER = Membership.Role.OFFICER
HEAD = Membership.Role.HEAD
AGENCY_ADMIN = Membership.Role.ADMIN
ALL_ROLES = frozenset(Membership.Role.values)


class Visibility:
    """Who may see an indexed or listed object (used by search documents)."""

    PUBLIC = "public"  # everyone
    STAFF = "staff"  # any staff member of any agency, and province admins
    AGENCY = "agency"  # staff of the object's agency, and province admins
    ADMIN = "admin"  # province admins only

    choices = [(PUBLIC, "public"), (STAFF, "staff"), (AGENCY, "agency"), (ADMIN, "admin")]


def is_authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_province_admin(user) -> bool:
    return (
        is_authenticated(user)
        and user.is_active
        and bool(user.is_superuser or user.is_province_admin)
    )


def _roles_by_agency(user) -> dict[int, frozenset[str]]:
    """{agency_id: roles} for the user's active memberships, cached on the user object."""
    if not is_authenticated(user) or not user.is_active:
        return {}
    cached = getattr(user, "_s2c_roles_by_agency", None)
    if cached is None:
        roles: dict[int, set[str]] = {}
        for agency_id, role in Membership.objects.filter(
            user=user, is_active=True, agency__is_active=True
        ).values_list("agency_id", "role"):
            roles.setdefault(agency_id, set()).add(role)
        cached = {k: frozenset(v) for k, v in roles.items()}
        user._s2c_roles_by_agency = cached
    return cached


def forget_cached_roles(user) -> None:
    if hasattr(user, "_s2c_roles_by_agency"):
        del user._s2c_roles_by_agency


def agency_ids(user, roles: Iterable[str] = ALL_ROLES) -> set[int]:
    """Ids of the agencies in which the user holds one of ``roles``."""
    wanted = frozenset(roles)
    return {aid for aid, have in _roles_by_agency(user).items() if have & wanted}


_staff_checks: list[Callable[[object], bool]] = []


def register_staff_check(check: Callable[[object], bool]) -> None:
    """Let a service count people with a role of its own as staff (the staff area, its
    navigation and staff-visible search results are theirs), e.g. Sumsel Care's province
    verifiers, who hold no agency membership. ``check(user)`` must not call
    ``is_staff_member``; registered once, in the service's ``AppConfig.ready()``."""
    if check not in _staff_checks:
        _staff_checks.append(check)


def is_staff_member(user) -> bool:
    """Province admins, anyone with an active role in an active agency, and anyone a
    service's registered staff check accepts."""
    if is_province_admin(user) or _roles_by_agency(user):
        return True
    if not is_authenticated(user) or not user.is_active:
        return False
    return any(check(user) for check in _staff_checks)


def has_agency_role(user, agency: Agency | int | None, roles: Iterable[str] = ALL_ROLES) -> bool:
    if agency is None:
        return False
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in agency_ids(user, roles)


def can_manage_agency(user, agency: Agency | int | None) -> bool:
    """Edit an agency's profile, services, offices and monitored URLs."""
    return is_province_admin(user) or has_agency_role(user, agency, {AGENCY_ADMIN})


def can_act_for_agency(user, agency: Agency | int | None) -> bool:
    """Work on an agency's items (any role in it), or a province admin."""
    return is_province_admin(user) or has_agency_role(user, agency)


def can_view_audit(user) -> bool:
    """Province admins see the whole log; agency admins see their agencies' entries."""
    return is_province_admin(user) or bool(agency_ids(user, {AGENCY_ADMIN}))


def can_manage_calendar(user) -> bool:
    return is_province_admin(user)


def scope_to_agencies(qs: QuerySet, user, field: str = "agency", roles=ALL_ROLES) -> QuerySet:
    """Restrict a queryset of agency-owned rows to what the user works on."""
    if is_province_admin(user):
        return qs
    return qs.filter(**{f"{field}__in": agency_ids(user, roles)})


class VisibilityScope(NamedTuple):
    """What a user may see of rows carrying a Visibility: everything, or the ``levels``
    open to them plus AGENCY rows of ``agencies``."""

    everything: bool
    levels: frozenset[str]
    agencies: frozenset[int]


def visibility_scope(user) -> VisibilityScope:
    """The one rule behind ``visibility_q`` and ``can_see`` (and the search engine's
    filter), as data."""
    if is_province_admin(user):
        return VisibilityScope(True, frozenset(), frozenset())
    if is_staff_member(user):
        return VisibilityScope(
            False, frozenset({Visibility.PUBLIC, Visibility.STAFF}), frozenset(agency_ids(user))
        )
    return VisibilityScope(False, frozenset({Visibility.PUBLIC}), frozenset())


def visibility_q(user, visibility_field: str = "visibility", agency_field: str = "agency_id") -> Q:
    """A filter for rows carrying a Visibility and an optional owning agency: exactly the
    rows the user may see."""
    scope = visibility_scope(user)
    if scope.everything:
        return Q()
    q = Q(**{f"{visibility_field}__in": sorted(scope.levels)})
    if scope.agencies:
        q |= Q(
            **{visibility_field: Visibility.AGENCY, f"{agency_field}__in": sorted(scope.agencies)}
        )
    return q


def can_see(user, visibility: str, agency_id: int | None = None) -> bool:
    """The same rule as ``visibility_q`` for one object in Python."""
    if visibility == Visibility.PUBLIC:
        return True
    scope = visibility_scope(user)
    return (
        scope.everything
        or visibility in scope.levels
        or (visibility == Visibility.AGENCY and agency_id in scope.agencies)
    )
