import re

import pytest
from django.test import override_settings

from .. import services
from ..content import content_of
from . import factories as f

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def service(agency):
    return f.make_service(agency, code="layanan-a", requirements=["KTP asli"])


def test_anonymous_pages_are_cached_until_a_change_commits(
    client, service, province_admin, django_capture_on_commit_callbacks
):
    assert "KTP asli" in client.get("/layanan/layanan-a/").content.decode()
    # A change made behind the services' back is not seen: the page comes from the cache.
    service.requirements.update(text="Diubah langsung")
    assert "KTP asli" in client.get("/layanan/layanan-a/").content.decode()
    proposed = content_of(service)
    proposed.requirements = ["Paspor"]
    with django_capture_on_commit_callbacks(execute=True):
        services.service_update(by=province_admin, service=service, content=proposed)
    assert "Paspor" in client.get("/layanan/layanan-a/").content.decode()


def test_each_visitor_gets_a_working_csrf_token(client, service):
    first = client.get("/layanan/layanan-a/")
    other = type(client)(enforce_csrf_checks=True)
    second = other.get("/layanan/layanan-a/")
    token = TOKEN.search(second.content.decode()).group(1)
    assert token != TOKEN.search(first.content.decode()).group(1)
    assert "__S2C_CSRF_TOKEN__" not in second.content.decode()
    response = other.post(
        "/layanan/layanan-a/umpan-balik/", {"useful": "yes", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


@override_settings(S2C_PORTAL_VIEW_FLUSH_EVERY=1)
def test_cached_pages_still_count_views(client, service):
    for _ in range(3):
        client.get("/layanan/layanan-a/")
    service.refresh_from_db()
    assert service.view_count == 3


def test_signed_in_people_and_languages_get_their_own_pages(client, service, agency_admin):
    english = client.get("/layanan/layanan-a/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.headers["Content-Language"] == "en"
    assert client.get("/layanan/layanan-a/").headers["Content-Language"] == "id"
    client.force_login(agency_admin)
    page = client.get("/layanan/layanan-a/").content.decode()
    assert 'href="/staf/"' in page  # the staff link of the signed-in shell, not a cached page


def test_a_flush_of_page_views_adds_each_service_its_own_count(agency):
    from ..services.feedback import views_flush

    one, two, three = (f.make_service(agency, code=f"hitung-{i}") for i in range(3))
    views_flush(batch={one.pk: 1, two.pk: 4, three.pk: 1})
    views_flush(batch={two.pk: 1})
    counts = dict(
        type(one).objects.filter(pk__in=[one.pk, two.pk, three.pk]).values_list("pk", "view_count")
    )
    assert counts == {one.pk: 1, two.pk: 5, three.pk: 1}
