"""The audit log: recording, append-only (model and database triggers), the admin mixin,
and the staff viewer's scoping and filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.forms import inlineformset_factory
from django.utils import timezone

from s2c.core import audit, selectors
from s2c.core.admin import UserAdmin
from s2c.core.models import AuditEntry, Membership, Region, User
from s2c.core.tests import factories as f

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


def make_entry(*, agency=None, action="core.region.update", at=None, actor=None, **extra):
    fields = {
        "actor": actor,
        "actor_repr": str(actor) if actor else "system",
        "action": action,
        "object_type": "core.region",
        "object_id": "1",
        "object_repr": "Kota Palembang",
        "agency": agency,
        "before": {"capital": "Palembang"},
        "after": {"capital": "Kota Palembang"},
        "at": at or timezone.now(),
    }
    fields.update(extra)
    return AuditEntry.objects.create(**fields)


# --- record, snapshot, diff -------------------------------------------------------------


def test_record_keeps_only_the_changed_fields_and_the_request_context(province_admin):
    region = f.make_region(name="Palembang", capital="Palembang")
    before = audit.snapshot(region)
    region.capital = "Kota Palembang"
    region.save()
    token = audit.set_request_context(audit.RequestContext("10.1.2.3", "req-42"))
    try:
        entry = audit.record(
            actor=province_admin,
            action="core.region.update",
            obj=region,
            before=before,
            after=audit.snapshot(region),
        )
    finally:
        audit.reset_request_context(token)
    entry.refresh_from_db()
    assert entry.before == {"capital": "Palembang"}
    assert entry.after == {"capital": "Kota Palembang"}
    assert entry.object_type == "core.region"
    assert entry.object_id == str(region.pk)
    assert entry.actor_repr == "Admin Provinsi"
    assert entry.ip_address == "10.1.2.3"
    assert entry.request_id == "req-42"


def test_snapshot_never_contains_the_password(officer):
    data = audit.snapshot(officer)
    assert "password" not in data
    assert data["username"] == "officer"


def test_diff_keeps_changed_keys_only():
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == (
        {"b": 2, "c": None},
        {"b": 3, "c": 4},
    )
    assert audit.diff(None, {"a": 1}) == (None, {"a": 1})


def test_requests_carry_an_id_into_the_log(client):
    response = client.get("/", headers={"x-request-id": "abc123"})
    assert response["X-Request-ID"] == "abc123"


# --- append-only ---------------------------------------------------------------------


def test_the_model_refuses_changes_and_deletes():
    entry = make_entry()
    entry.note = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_database_refuses_a_raw_update():
    entry = make_entry()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(after={"capital": "forged"})
    entry.refresh_from_db()
    assert entry.note == ""
    assert entry.after == {"capital": "Kota Palembang"}


def test_database_refuses_a_raw_delete():
    entry = make_entry()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_database_refuses_pointing_an_entry_at_someone_else(officer, citizen):
    entry = make_entry(actor=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor=citizen)
    entry.refresh_from_db()
    assert entry.actor_id == officer.pk


def test_deleting_a_user_or_agency_clears_the_link_and_keeps_the_name(agency):
    person = f.make_officer(agency, full_name="Mantan Petugas")
    entry = make_entry(actor=person, agency=agency)
    person.delete()
    agency.memberships.all().delete()
    agency.delete()
    entry.refresh_from_db()
    assert entry.actor_id is None
    assert entry.agency_id is None
    assert entry.actor_repr == "Mantan Petugas"


# --- AuditedModelAdmin -----------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    superuser = f.make_superuser(username="root", full_name="Super Admin")
    client.force_login(superuser)
    client.user = superuser
    return client


def test_admin_create_change_and_delete_are_audited(admin_client):
    data = {
        "code": "1671",
        "name": "Palembang",
        "kind": "kota",
        "capital": "Palembang",
        "latitude": "-2.976",
        "longitude": "104.775",
    }
    assert admin_client.post("/django-admin/core/region/add/", data).status_code == 302
    region = Region.objects.get(code="1671")
    created = AuditEntry.objects.get(action="admin.core.region.create")
    assert created.actor == admin_client.user
    assert created.before is None
    assert created.after["capital"] == "Palembang"
    assert created.object_id == str(region.pk)

    url = f"/django-admin/core/region/{region.pk}/change/"
    changed = admin_client.post(url, {**data, "capital": "Kota Palembang"})
    assert changed.status_code == 302
    update = AuditEntry.objects.get(action="admin.core.region.update")
    assert update.before == {"capital": "Palembang"}
    assert update.after == {"capital": "Kota Palembang"}

    deleted = admin_client.post(f"/django-admin/core/region/{region.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    removal = AuditEntry.objects.get(action="admin.core.region.delete")
    assert removal.object_id == str(region.pk)
    assert removal.before["capital"] == "Kota Palembang"
    assert removal.after is None


def test_admin_bulk_delete_audits_each_object(admin_client):
    regions = [f.make_region(), f.make_region()]
    response = admin_client.post(
        "/django-admin/core/region/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in regions], "post": "yes"},
    )
    assert response.status_code == 302
    deleted_ids = set(
        AuditEntry.objects.filter(action="admin.core.region.delete").values_list(
            "object_id", flat=True
        )
    )
    assert deleted_ids == {str(r.pk) for r in regions}


def test_admin_inline_rows_are_audited(rf, agency, other_agency):
    superuser = f.make_superuser()
    person = f.make_user(username="pegawai")
    kept = f.add_membership(person, agency, Membership.Role.OFFICER)
    dropped = f.add_membership(person, other_agency, Membership.Role.OFFICER)
    formset_class = inlineformset_factory(
        User, Membership, fields=["agency", "role", "title", "is_active"], extra=1
    )
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": "3",
        f"{prefix}-INITIAL_FORMS": "2",
        f"{prefix}-0-id": kept.pk,
        f"{prefix}-0-agency": agency.pk,
        f"{prefix}-0-role": "admin",
        f"{prefix}-0-is_active": "on",
        f"{prefix}-1-id": dropped.pk,
        f"{prefix}-1-agency": other_agency.pk,
        f"{prefix}-1-role": "officer",
        f"{prefix}-1-is_active": "on",
        f"{prefix}-1-DELETE": "on",
        f"{prefix}-2-agency": other_agency.pk,
        f"{prefix}-2-role": "head",
        f"{prefix}-2-is_active": "on",
    }
    formset = formset_class(data, instance=person, prefix=prefix)
    assert formset.is_valid(), formset.errors
    request = rf.post("/django-admin/core/user/")
    request.user = superuser
    UserAdmin(User, admin.site).save_formset(request, None, formset, change=True)

    entries = {e.action: e for e in AuditEntry.objects.filter(object_type="core.membership")}
    assert set(entries) == {
        "admin.core.membership.update",
        "admin.core.membership.delete",
        "admin.core.membership.create",
    }
    assert entries["admin.core.membership.update"].before == {"role": "officer"}
    assert entries["admin.core.membership.update"].after == {"role": "admin"}
    assert entries["admin.core.membership.delete"].object_id == str(dropped.pk)
    assert entries["admin.core.membership.delete"].before["agency_id"] == other_agency.pk
    assert entries["admin.core.membership.create"].after["role"] == "head"
    assert {e.actor_id for e in entries.values()} == {superuser.pk}


def test_the_audit_log_is_read_only_in_the_admin(admin_client):
    entry = make_entry()
    assert admin_client.get("/django-admin/core/auditentry/add/").status_code == 403
    assert admin_client.post(f"/django-admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    view = admin_client.get(f"/django-admin/core/auditentry/{entry.pk}/change/")
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()


# --- The viewer --------------------------------------------------------------------------


def test_province_admin_sees_every_entry(client, province_admin, agency, other_agency):
    make_entry(agency=agency, object_repr="Entry of A")
    make_entry(agency=other_agency, object_repr="Entry of B")
    make_entry(agency=None, object_repr="Entry of nobody")
    client.force_login(province_admin)
    html = client.get("/staf/audit/", headers=EN).content.decode()
    assert "Entry of A" in html and "Entry of B" in html and "Entry of nobody" in html
    assert "3 entries" in html


def test_agency_admin_of_a_cannot_see_entries_of_b(client, agency_admin, agency, other_agency):
    make_entry(agency=agency, object_repr="Entry of A")
    make_entry(agency=other_agency, object_repr="Entry of B")
    make_entry(agency=None, object_repr="Entry of nobody")
    client.force_login(agency_admin)
    html = client.get("/staf/audit/", headers=EN).content.decode()
    assert "Entry of A" in html
    assert "Entry of B" not in html
    assert "Entry of nobody" not in html
    # Not even by asking for agency B in the filter.
    response = client.get(f"/staf/audit/?agency={other_agency.pk}", headers=EN)
    assert "Entry of B" not in response.content.decode()
    assert "Select a valid choice" in response.content.decode()


def test_officers_and_heads_cannot_open_the_viewer(client, officer, agency_head):
    client.force_login(officer)
    assert client.get("/staf/audit/").status_code == 403
    client.force_login(agency_head)
    assert client.get("/staf/audit/").status_code == 403


def test_selector_scoping(province_admin, agency_admin, officer, agency, other_agency):
    a, b = make_entry(agency=agency), make_entry(agency=other_agency)
    assert set(selectors.audit_entries_for(province_admin)) == {a, b}
    assert list(selectors.audit_entries_for(agency_admin)) == [a]
    assert list(selectors.audit_entries_for(officer)) == []


def test_selector_filters(province_admin, officer, agency, other_agency):
    jakarta = timezone.get_current_timezone()
    early = make_entry(
        agency=agency,
        action="care.complaint.assign",
        actor=officer,
        object_type="care.complaint",
        at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=jakarta),
    )
    late = make_entry(agency=other_agency, at=dt.datetime(2026, 3, 2, 0, 30, tzinfo=jakarta))

    def ids(**filters):
        return [
            e.pk
            for e in selectors.audit_entries_for(province_admin, selectors.AuditFilters(**filters))
        ]

    assert ids() == [late.pk, early.pk]
    assert ids(actor="petugas") == [early.pk]
    assert ids(actor="officer") == [early.pk]
    assert ids(action="care.") == [early.pk]
    assert ids(object_type="core.region") == [late.pk]
    assert ids(agency_id=other_agency.pk) == [late.pk]
    # Day boundaries are Jakarta days.
    assert ids(date_from=dt.date(2026, 3, 2)) == [late.pk]
    assert ids(date_to=dt.date(2026, 3, 1)) == [early.pk]
    assert ids(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 2)) == [late.pk, early.pk]


def test_viewer_shows_the_diff_and_filters_by_query(client, province_admin, agency):
    make_entry(
        agency=agency, action="portal.service.update", before={"fee": "0"}, after={"fee": "50000"}
    )
    make_entry(agency=agency, action="care.complaint.close")
    client.force_login(province_admin)
    html = client.get("/staf/audit/?action=portal.", headers=EN).content.decode()
    assert "1 entry" in html
    assert "portal.service.update" in html
    assert "care.complaint.close" not in html
    assert "1 field changed" in html
    assert (
        '<tr><th scope="row">fee</th><td class="before">0</td><td class="after">50000</td></tr>'
        in html
    )


def test_viewer_explains_bad_filters_instead_of_failing(client, province_admin):
    client.force_login(province_admin)
    response = client.get("/staf/audit/?date_from=2026-13-45&date_to=x", headers=EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "Correct the filters above to see entries." in html
    reversed_range = client.get(
        "/staf/audit/?date_from=2026-03-02&date_to=2026-03-01", headers=EN
    ).content.decode()
    assert "The end date must not be before the start date." in reversed_range


def test_viewer_is_paginated_with_constant_queries(
    client, province_admin, agency, django_assert_max_num_queries
):
    for i in range(30):
        make_entry(agency=agency, actor=province_admin, object_repr=f"Row {i}")
    client.force_login(province_admin)
    with django_assert_max_num_queries(12):
        first = client.get("/staf/audit/?action=core.", headers=EN)
    html = first.content.decode()
    assert html.count('class="card audit-entry"') == 25
    assert "Page 1 of 2" in html
    assert 'href="?action=core.&amp;page=2"' in html
    second = client.get("/staf/audit/?action=core.&page=2", headers=EN).content.decode()
    assert second.count('class="card audit-entry"') == 5
    assert client.get("/staf/audit/?page=abc").status_code == 200


def test_every_admin_page_renders(admin_client, officer, agency):
    region = f.make_region()
    entry = make_entry()
    for url in [
        "/django-admin/",
        "/django-admin/core/region/",
        "/django-admin/core/region/add/",
        f"/django-admin/core/region/{region.pk}/change/",
        "/django-admin/core/agency/",
        "/django-admin/core/agency/add/",
        f"/django-admin/core/agency/{agency.pk}/change/",
        "/django-admin/core/user/",
        "/django-admin/core/user/add/",
        f"/django-admin/core/user/{officer.pk}/change/",
        "/django-admin/core/membership/",
        "/django-admin/core/jointleaveday/",
        "/django-admin/core/auditentry/",
        f"/django-admin/core/auditentry/{entry.pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_province_admins_use_the_admin_but_cannot_make_superusers(client, province_admin):
    client.force_login(province_admin)
    assert client.get("/django-admin/core/region/").status_code == 200
    assert client.get("/django-admin/core/auditentry/").status_code == 200
    assert client.get("/django-admin/core/auditentry/add/").status_code == 403
    page = client.get(f"/django-admin/core/user/{province_admin.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="is_province_admin"' in page


def test_people_without_a_role_cannot_use_the_admin(client, agency_admin):
    client.force_login(agency_admin)
    response = client.get("/django-admin/core/region/")
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")


def test_admin_changes_to_an_agency_are_audited(admin_client, agency):
    data = {
        "code": agency.code,
        "short_name": agency.short_name,
        "name": agency.name,
        "kind": agency.kind,
        "phone": "0711-352006",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/django-admin/core/agency/{agency.pk}/change/", data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.core.agency.update")
    assert set(entry.after) == {"phone", "updated_at"}
    assert entry.after["phone"] == "0711-352006"
    assert entry.agency_id == agency.pk
