"""Unit tests of s2c.core.permissions: every function, every kind of person."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from s2c.core import permissions as p
from s2c.core.models import AuditEntry, Membership
from s2c.core.tests import factories as f

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()


def test_is_authenticated(citizen):
    assert p.is_authenticated(citizen) is True
    assert p.is_authenticated(ANON) is False
    assert p.is_authenticated(None) is False


def test_is_province_admin(province_admin, citizen, agency_admin):
    superuser = f.make_superuser()
    inactive_admin = f.make_province_admin(is_active=False)
    assert p.is_province_admin(province_admin) is True
    assert p.is_province_admin(superuser) is True
    assert p.is_province_admin(inactive_admin) is False
    assert p.is_province_admin(agency_admin) is False
    assert p.is_province_admin(citizen) is False
    assert p.is_province_admin(ANON) is False
    assert p.is_province_admin(None) is False


def test_is_staff_member(province_admin, officer, agency_head, agency_admin, citizen, agency):
    assert p.is_staff_member(province_admin) is True
    assert p.is_staff_member(officer) is True
    assert p.is_staff_member(agency_head) is True
    assert p.is_staff_member(agency_admin) is True
    assert p.is_staff_member(citizen) is False
    assert p.is_staff_member(ANON) is False
    assert p.is_staff_member(f.make_officer(agency, is_active=False)) is False  # inactive user


def test_inactive_membership_gives_no_role(agency):
    user = f.make_member(agency, Membership.Role.ADMIN, is_active=False)
    assert p.is_staff_member(user) is False
    assert p.agency_ids(user) == set()
    assert p.can_manage_agency(user, agency) is False


def test_inactive_agency_gives_no_role(agency):
    user = f.make_agency_admin(agency)
    agency.is_active = False
    agency.save()
    p.forget_cached_roles(user)
    assert p.is_staff_member(user) is False
    assert p.can_act_for_agency(user, agency) is False


def test_agency_ids_by_role(agency, other_agency):
    user = f.make_officer(agency)
    f.add_membership(user, other_agency, Membership.Role.ADMIN)
    assert p.agency_ids(user) == {agency.pk, other_agency.pk}
    assert p.agency_ids(user, {p.AGENCY_ADMIN}) == {other_agency.pk}
    assert p.agency_ids(user, {p.HEAD}) == set()
    assert p.agency_ids(ANON) == set()


def test_roles_are_cached_on_the_user_until_forgotten(
    agency, other_agency, django_assert_num_queries
):
    user = f.make_officer(agency)
    p.forget_cached_roles(user)
    with django_assert_num_queries(1):
        p.agency_ids(user)
        p.is_staff_member(user)
        p.has_agency_role(user, agency)
    Membership.objects.create(user=user, agency=other_agency, role=p.OFFICER)
    assert p.agency_ids(user) == {agency.pk}  # still the cached answer
    p.forget_cached_roles(user)
    assert p.agency_ids(user) == {agency.pk, other_agency.pk}
    p.forget_cached_roles(f.make_citizen())  # nothing cached: no error


def test_has_agency_role(officer, agency, other_agency):
    assert p.has_agency_role(officer, agency) is True
    assert p.has_agency_role(officer, agency.pk) is True
    assert p.has_agency_role(officer, other_agency) is False
    assert p.has_agency_role(officer, agency, {p.AGENCY_ADMIN}) is False
    assert p.has_agency_role(officer, None) is False


def test_can_manage_agency(
    province_admin, agency_admin, agency_head, officer, agency, other_agency
):
    assert p.can_manage_agency(province_admin, other_agency) is True
    assert p.can_manage_agency(agency_admin, agency) is True
    assert p.can_manage_agency(agency_admin, other_agency) is False  # agency A vs B
    assert p.can_manage_agency(agency_head, agency) is False
    assert p.can_manage_agency(officer, agency) is False
    assert p.can_manage_agency(ANON, agency) is False


def test_can_act_for_agency(province_admin, officer, agency_head, citizen, agency, other_agency):
    assert p.can_act_for_agency(province_admin, other_agency) is True
    assert p.can_act_for_agency(officer, agency) is True
    assert p.can_act_for_agency(agency_head, agency) is True
    assert p.can_act_for_agency(officer, other_agency) is False
    assert p.can_act_for_agency(citizen, agency) is False


def test_can_view_audit(province_admin, agency_admin, agency_head, officer, citizen):
    assert p.can_view_audit(province_admin) is True
    assert p.can_view_audit(agency_admin) is True
    assert p.can_view_audit(agency_head) is False
    assert p.can_view_audit(officer) is False
    assert p.can_view_audit(citizen) is False
    assert p.can_view_audit(ANON) is False


def test_can_manage_calendar(province_admin, agency_admin, officer):
    assert p.can_manage_calendar(province_admin) is True
    assert p.can_manage_calendar(agency_admin) is False
    assert p.can_manage_calendar(officer) is False
    assert p.can_manage_calendar(ANON) is False


def _entry(agency, action):
    return AuditEntry.objects.create(action=action, object_type="t", object_id="1", agency=agency)


def test_scope_to_agencies(province_admin, officer, citizen, agency, other_agency):
    mine, theirs = _entry(agency, "mine"), _entry(other_agency, "theirs")
    everything = AuditEntry.objects.filter(pk__in=[mine.pk, theirs.pk])
    assert set(p.scope_to_agencies(everything, province_admin)) == {mine, theirs}
    assert list(p.scope_to_agencies(everything, officer)) == [mine]
    assert list(p.scope_to_agencies(everything, citizen)) == []
    assert list(p.scope_to_agencies(everything, officer, roles={p.AGENCY_ADMIN})) == []


def test_visibility_q_and_can_see_agree(province_admin, officer, citizen, agency, other_agency):
    rows = [
        (p.Visibility.PUBLIC, None),
        (p.Visibility.STAFF, None),
        (p.Visibility.AGENCY, agency.pk),
        (p.Visibility.AGENCY, other_agency.pk),
        (p.Visibility.ADMIN, None),
    ]
    entries = {
        AuditEntry.objects.create(
            action=visibility, object_type="t", object_id=str(i), agency_id=agency_id
        ).pk: (visibility, agency_id)
        for i, (visibility, agency_id) in enumerate(rows)
    }
    expected = {
        "province_admin": {0, 1, 2, 3, 4},
        "officer": {0, 1, 2},
        "citizen": {0},
        "anonymous": {0},
    }
    people = {
        "province_admin": province_admin,
        "officer": officer,
        "citizen": citizen,
        "anonymous": ANON,
    }
    base = AuditEntry.objects.filter(pk__in=entries)
    for name, user in people.items():
        q = p.visibility_q(user, visibility_field="action", agency_field="agency_id")
        seen = {int(e.object_id) for e in base.filter(q)}
        assert seen == expected[name], name
        in_python = {
            i
            for i, (visibility, agency_id) in enumerate(rows)
            if p.can_see(user, visibility, agency_id)
        }
        assert in_python == expected[name], name


def test_can_see_an_agency_item_without_agency(officer):
    assert p.can_see(officer, p.Visibility.AGENCY, None) is False
    assert p.can_see(officer, "unknown", None) is False
