"""Core's home page uses the same anonymous page cache as the portal's pages: cached for
anonymous visitors per language, dropped after a catalogue write, never for staff."""

import pytest

from s2c.core import pagecache
from s2c.portal import pagecache as portal_pagecache

from .. import services
from ..content import content_of
from . import factories as f

pytestmark = pytest.mark.django_db


def test_the_portal_uses_cores_page_cache():
    assert portal_pagecache.anonymous_page is pagecache.anonymous_page
    assert portal_pagecache.bump is pagecache.bump


def test_an_anonymous_home_page_is_served_from_the_cache(client, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.content.decode().count("<h1") == first.content.decode().count("<h1") == 1
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.headers["Content-Language"] == "en"
    assert client.get("/").headers["Content-Language"] == "id"


def test_a_catalogue_write_drops_the_cached_home_page(
    client, agency, province_admin, django_capture_on_commit_callbacks
):
    service = f.make_service(agency, code="layanan-a", name="Layanan Lama")
    services.service_viewed(service_id=service.pk)
    assert "Layanan Lama" in client.get("/").content.decode()
    version = pagecache._version()
    proposed = content_of(service)
    proposed.name = "Layanan Baru Sekali"
    with django_capture_on_commit_callbacks(execute=True):
        services.service_update(by=province_admin, service=service, content=proposed)
    assert pagecache._version() > version
    page = client.get("/").content.decode()
    assert ("Layanan Lama" in page, "Layanan Baru Sekali" in page) == (False, True)


def test_staff_never_get_the_cached_anonymous_home_page(client, officer):
    anonymous = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Go to the staff area" not in anonymous
    client.force_login(officer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Go to the staff area" in page
