"""Service pages rendered ahead and kept in the database (``s2c.portal.pages``)."""

import datetime as dt
import re
import zlib

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from s2c.core import calendar, pagecache

from .. import checker, pages, selectors, services
from ..content import content_of
from ..models import MonitoredEndpoint, Service, ServicePage
from ..services.agency import AgencyProfile
from . import factories as f

pytestmark = pytest.mark.django_db

URL = "/layanan/layanan-a/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def service(agency):
    return f.make_service(
        agency,
        code="layanan-a",
        requirements=["KTP asli"],
        processing_time_value=3,
        processing_time_unit="working_days",
    )


def _behind_the_back(service, text):
    """A change the services did not make: only a page rendered afresh shows it."""
    service.requirements.update(text=text)


def _page(client, url=URL, **headers) -> str:
    cache.clear()  # the memory cache forgotten: the store or the view answers
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visit_keeps_the_page_and_later_visits_are_served_from_it(client, service):
    assert "KTP asli" in _page(client)
    stored = ServicePage.objects.get(service=service, language="id")
    assert stored.page_version == service.page_version
    _behind_the_back(service, "Diubah langsung")
    assert "KTP asli" in _page(client)  # not rendered again
    assert "__S2C_CSRF_TOKEN__" not in _page(client)


def test_each_visitor_of_a_stored_page_gets_a_working_csrf_token(client, service):
    first = _page(client)
    other = type(client)(enforce_csrf_checks=True)
    second = _page(other)
    token = TOKEN.search(second).group(1)
    assert token != TOKEN.search(first).group(1)
    response = other.post(URL + "umpan-balik/", {"useful": "yes", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_an_approved_change_is_shown_at_once(
    client, service, province_admin, django_capture_on_commit_callbacks
):
    _page(client)
    proposed = content_of(service)
    proposed.requirements = ["Paspor"]
    with django_capture_on_commit_callbacks(execute=True):
        services.service_update(by=province_admin, service=service, content=proposed)
    page = _page(client)
    assert "Paspor" in page and "KTP asli" not in page


def test_a_page_rendered_before_a_write_is_never_served(client, service):
    """A visitor's render that read the old row and was kept after the write committed
    (a race) holds the old version: it is not served."""
    _page(client)
    pages.changed(service_ids=[service.pk])
    _behind_the_back(service, "Sesudah perubahan")
    assert "Sesudah perubahan" in _page(client)


def test_an_agency_change_makes_its_services_pages_stale(
    client, service, agency, agency_admin, django_capture_on_commit_callbacks
):
    other = f.make_service(code="layanan-b")
    _page(client)
    _page(client, "/layanan/layanan-b/")
    before = Service.objects.get(pk=other.pk).page_version
    profile = AgencyProfile(address="Jl. Kapten A. Rivai No. 1", phone="0711-123456")
    with django_capture_on_commit_callbacks(execute=True):
        services.agency_profile_update(by=agency_admin, agency=agency, profile=profile)
    assert "0711-123456" in _page(client)
    assert Service.objects.get(pk=other.pk).page_version == before  # another agency's


def test_the_state_of_the_online_service_is_live_on_a_stored_page(client, service, agency):
    endpoint = f.make_endpoint(agency, service=service, url="http://127.0.0.1:9/layanan")
    pages.changed(service_ids=[service.pk])  # as endpoint_create does
    assert "Belum diperiksa" in _page(client)
    _behind_the_back(service, "Tidak dirender lagi")
    services.check_record(
        endpoint_id=endpoint.pk,
        result=checker.CheckResult(ok=True, status_code=200, response_ms=40),
        at=timezone.now(),
    )
    assert MonitoredEndpoint.objects.get(pk=endpoint.pk).state == "up"
    page = _page(client)
    assert "KTP asli" in page  # the stored page...
    assert "Belum diperiksa" not in page and "state-up" in page  # ...with today's state


def test_the_ready_by_date_follows_the_day_of_the_visit(client, service, monkeypatch):
    monkeypatch.setattr(calendar, "today", lambda: dt.date(2026, 12, 1))  # a Tuesday
    assert "Jumat, 4 Desember 2026" in _page(client)
    _behind_the_back(service, "Tidak dirender lagi")
    monkeypatch.setattr(calendar, "today", lambda: dt.date(2026, 12, 2))
    page = _page(client)
    assert "KTP asli" in page and "Senin, 7 Desember 2026" in page


def test_pages_with_a_query_string_and_staff_previews_are_not_kept(
    client, agency, agency_admin, service
):
    client.get(URL + "?feedback=thanks")
    assert not ServicePage.objects.exists()
    draft = f.make_service(agency, code="draf", status=Service.Status.DRAFT)
    client.force_login(agency_admin)
    assert client.get("/layanan/draf/").status_code == 200
    client.get(URL)
    assert not ServicePage.objects.filter(service=draft).exists()
    assert not ServicePage.objects.exists()


def test_the_worker_renders_what_is_missing_or_stale(client, service, agency):
    f.make_service(agency, code="draf", status=Service.Status.DRAFT)
    assert pages.render_missing() == 2  # one published service, two languages
    assert pages.render_missing() == 0
    assert set(ServicePage.objects.values_list("language", flat=True)) == {"id", "en"}
    _behind_the_back(service, "Tidak dirender lagi")
    assert "KTP asli" in _page(client)
    english = _page(client, HTTP_ACCEPT_LANGUAGE="en")
    assert "What to bring" in english and "KTP asli" in english
    pages.changed(service_ids=[service.pk])
    assert pages.render_missing(language="id") == 1
    assert "Tidak dirender lagi" in _page(client)


def test_an_upgrade_renders_every_page_again(service, monkeypatch):
    assert pages.render_missing() == 2
    monkeypatch.setattr(pages, "_build", "another-build")
    assert pages.render_missing() == 2
    assert set(ServicePage.objects.values_list("build", flat=True)) == {"another-build"}


def test_a_withdrawn_service_is_not_served_from_the_store(
    client, service, province_admin, django_capture_on_commit_callbacks
):
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.service_withdraw(by=province_admin, service=service, note="Tidak berlaku")
    cache.clear()
    assert client.get(URL).status_code == 404


@override_settings(S2C_PAGE_STORE=False)
def test_the_store_can_be_turned_off(client, service):
    _page(client)
    assert not ServicePage.objects.exists()
    assert pages.render_missing() == 0


def test_the_command_renders_in_shards(service, agency):
    second = f.make_service(agency, code="layanan-b")
    call_command("portal_render_pages", "--shard", f"{service.pk % 2}/2", "--language", "id")
    assert list(ServicePage.objects.values_list("service_id", flat=True)) == [service.pk]
    call_command("portal_render_pages")
    assert ServicePage.objects.filter(service=second).count() == 2
    with pytest.raises(CommandError):
        call_command("portal_render_pages", "--shard", "2/2")
    with pytest.raises(CommandError):
        call_command("portal_render_pages", "--language", "fr")


def test_a_refused_command_forgets_nothing(service):
    call_command("portal_render_pages")
    kept = ServicePage.objects.count()
    with pytest.raises(CommandError):
        call_command("portal_render_pages", "--forget", "--language", "fr")
    assert ServicePage.objects.count() == kept > 0


def test_the_build_stamp_changes_with_what_renders_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "_build", None)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        first = pages.build()
        assert pages.build() == first  # computed once per process
        monkeypatch.setattr(pages, "_build", None)
        assert pages.build() == first  # the same files: the same stamp
        (tmp_path / "id" / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / "id" / "LC_MESSAGES" / "django.mo").write_bytes(b"new translations")
        monkeypatch.setattr(pages, "_build", None)
        assert pages.build() != first


def test_a_stored_page_is_served_only_while_the_public_may_see_the_service(client, service):
    """Even a change made behind the services' back (no page version raised) hides it."""
    _page(client)
    Service.objects.filter(pk=service.pk).update(status=Service.Status.WITHDRAWN)
    cache.clear()
    assert client.get(URL).status_code == 404
    Service.objects.filter(pk=service.pk).update(status=Service.Status.PUBLISHED)
    _page(client)
    service.agency.is_active = False
    service.agency.save(update_fields=["is_active"])
    cache.clear()
    assert client.get(URL).status_code == 404


def test_postgresql_keeps_a_stored_page_in_its_row(client, service):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("TOAST is PostgreSQL's")
    client.get(URL)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT length(body), (SELECT reltoastrelid::regclass::text FROM pg_class "
            "WHERE relname = 'portal_servicepage') FROM portal_servicepage WHERE code = %s",
            ["layanan-a"],
        )
        size, toast = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM {toast}")
        chunks = cursor.fetchone()[0]
    # Larger than PostgreSQL's 2 KB target, yet nothing (body or meta) moved to the TOAST
    # table: a visit reads the page from the row it finds.
    assert size > 2100
    assert chunks == 0


@pytest.mark.parametrize("language", ["id", "en"])
@override_settings(SITE_URL="http://testserver")
def test_a_page_rendered_ahead_is_the_page_a_visitor_gets(client, service, agency, language):
    f.make_endpoint(agency, service=service, url="http://127.0.0.1:9/layanan")
    f.make_office(agency, latitude="-2.9761", longitude="104.7754")
    assert pages.render_missing(language=language) == 1
    stored = ServicePage.objects.get(service=service, language=language)
    cache.clear()
    with override_settings(S2C_PAGE_STORE=False):
        visit = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert visit.status_code == 200
    assert zlib.decompress(stored.body) == pagecache.without_token(visit.content)


def test_the_store_serves_a_page_exactly_while_the_public_may_see_the_service(
    service, agency, monkeypatch
):
    """The read of a stored page against the one rule (``selectors.public_services``):
    every combination of the service's state, its agency's and the page's version."""
    monkeypatch.setattr(pages, "enabled", lambda: True)
    pages.render_missing(language="id")
    for status in Service.Status.values:
        for active in (True, False):
            for stale in (False, True):
                Service.objects.filter(pk=service.pk).update(status=status, page_version=0)
                agency.is_active = active
                agency.save(update_fields=["is_active"])
                ServicePage.objects.filter(service=service).update(page_version=int(stale))
                public = selectors.public_services().filter(pk=service.pk).exists()
                found = pages.store.load("id", {"code": service.code})
                assert (found is not None) == (public and not stale), (status, active, stale)


def test_postgresql_reads_a_stored_page_by_the_rule_the_code_has(db):
    """The function of migration portal/0006 holds the read generated from the rule: when
    the rule changes, a new migration must install ``pages.postgres_function_body()``."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the function is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'portal_stored_page'")
        bodies = [row[0] for row in cursor.fetchall()]
    assert len(bodies) == 1
    assert f"RETURN QUERY {pages.postgres_function_body()};" in bodies[0]


@override_settings(SITE_URL="https://layanan.sumselprov.go.id", ALLOWED_HOSTS=["127.0.0.1"])
def test_a_page_rendered_ahead_links_to_the_site_it_will_be_served_from(service):
    assert pages.render_missing(language="id") == 1
    body = zlib.decompress(ServicePage.objects.get(service=service, language="id").body)
    assert b'"url":"https://layanan.sumselprov.go.id/layanan/layanan-a/"' in body
