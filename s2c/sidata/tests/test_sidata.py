"""The service's own tests: model and service, selectors, pages and API (run with the
project's fixtures: s2c/conftest.py)."""

from __future__ import annotations

import uuid

import pytest

from s2c.core.errors import PermissionDenied
from s2c.core.models import AuditEntry
from s2c.core.tests import factories

from .. import selectors, services
from ..models import Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return factories.make_agency()


@pytest.fixture
def officer(agency):
    return factories.make_officer(agency)


def _item(agency, officer, **extra) -> Item:
    fields = {"title": "Contoh", "description": "Isi contoh", "is_public": True} | extra
    return services.item_create(agency=agency, by=officer, **fields)


def test_creating_an_item_is_validated_and_audited(agency, officer):
    item = _item(agency, officer, title="  Data jalan  ")
    assert (item.title, item.created_by, item.agency) == ("Data jalan", officer, agency)
    entry = AuditEntry.objects.get(action="sidata.item.create")
    assert (entry.object_id, entry.actor) == (str(item.pk), officer)


def test_someone_else_may_not_add_items_for_the_agency(agency):
    outsider = factories.make_officer(factories.make_agency())
    with pytest.raises(PermissionDenied):
        _item(agency, outsider)
    assert Item.objects.count() == 0


def test_staff_see_their_agencies_items_and_everyone_the_public_ones(agency, officer):
    public, private = _item(agency, officer), _item(agency, officer, is_public=False)
    outsider = factories.make_officer(factories.make_agency())
    assert list(selectors.items_for_staff(user=officer)) == [private, public]
    assert list(selectors.items_for_staff(user=outsider)) == []
    assert list(selectors.public_items()) == [public]


def test_the_public_pages_show_only_public_items(client, agency, officer):
    public = _item(agency, officer)
    private = _item(agency, officer, title="Rahasia", is_public=False)
    html = client.get("/sidata/").content.decode()
    assert public.title in html and "Rahasia" not in html
    assert client.get(f"/sidata/{public.public_id}/").status_code == 200
    assert client.get(f"/sidata/{private.public_id}/").status_code == 404
    # No page answers at a sequential id, so nobody can walk through the items.
    assert client.get(f"/sidata/{public.pk}/").status_code == 404


def test_the_staff_page_needs_staff_and_adds_an_item(client, agency, officer):
    assert client.get("/staf/sidata/").status_code == 302
    client.force_login(factories.make_citizen())
    assert client.get("/staf/sidata/").status_code == 403
    client.force_login(officer)
    assert client.get("/staf/sidata/").status_code == 200
    data = {"agency": agency.pk, "title": "Baru", "is_public": "on"}
    response = client.post("/staf/sidata/", data)
    assert response.status_code == 302
    assert Item.objects.get().title == "Baru"


def test_the_api_lists_public_items(client, agency, officer):
    public = _item(agency, officer)
    _item(agency, officer, is_public=False)
    data = client.get("/api/v1/sidata/items").json()
    assert (data["count"], data["results"][0]["public_id"]) == (1, str(public.public_id))
    assert data["results"][0]["agency"] == agency.code
    missing = client.get(f"/api/v1/sidata/items/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
