"""The "Done means" walkthrough on a phone-sized headless chromium.

A citizen finds "perpanjang STNK" from the home page, in Indonesian and in English, reads
what to bring and what it costs, sees the offices on a map and whether the online service
is up; an agency admin changes a requirement and it appears after a province admin
approves it. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import io
import time

import pytest
from django.db import OperationalError

from s2c.core.seed import seed_agencies, seed_regions
from s2c.core.tests import factories as core_f
from s2c.core.tests.browser import shot

from ..models import MonitoredEndpoint, Service
from ..seed import seed_demo
from ..services import check_endpoints

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
STNK = "/layanan/bapenda-perpanjangan-stnk-tahunan/"


@pytest.fixture
def demo(live_server, settings):
    settings.SITE_URL = live_server.url
    seed_regions()
    seed_agencies()
    seed_demo(stdout=io.StringIO())
    # Only the demo endpoints that the live server answers; then one real round.
    MonitoredEndpoint.objects.exclude(url__startswith=live_server.url).delete()
    _check_endpoints_when_the_table_is_free()
    return live_server.url


def _check_endpoints_when_the_table_is_free() -> None:
    """One real round of status checks. The suite's in-memory SQLite is shared by every
    connection of this test process, and unlike a database file it answers "table is
    locked" at once instead of waiting while another connection (left by an earlier test
    in this process) still reads the table: wait for it here, a few seconds at most."""
    for _ in range(50):
        try:
            check_endpoints()
            return
        except OperationalError as exc:
            if "table is locked" not in str(exc):
                raise
            time.sleep(0.1)
    check_endpoints()


def read_service_page(page, *, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    requirements = page.locator("#persyaratan li").all_inner_texts()
    assert requirements == [
        "KTP asli pemilik kendaraan sesuai nama di STNK",
        "STNK asli",
        "Surat kuasa bermeterai dan KTP penerima kuasa bila diwakilkan",
    ]
    assert "SWDKLLJ" in page.locator("#biaya").inner_text()
    page.wait_for_selector("#map.map-ready")
    markers = page.locator("#map path.leaflet-interactive")
    assert markers.count() == 8  # the Samsat offices
    assert page.locator(".fact .state-up").count() == 1  # E-Samsat answers
    assert "UPTB Samsat Palembang I" in page.locator("#lokasi .office h3").all_text_contents()


def test_citizen_finds_stnk_renewal_in_both_languages(browser, demo):
    context = browser.new_context(locale="id-ID", **PHONE)
    page = context.new_page()
    page.goto(demo + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.fill("#home-q", "perpanjang STNK")
    result = page.locator("#home-search-results a", has_text="Perpanjangan STNK Tahunan")
    result.first.wait_for()
    shot(page, "portal-01-home-instant-search-id")
    result.first.click()
    page.wait_for_url(f"**{STNK}")
    read_service_page(page, language="id")
    page.locator("#lokasi").scroll_into_view_if_needed()
    shot(page, "portal-02-service-id")

    with page.expect_navigation():
        page.click("button[name=language][value=en]")
    read_service_page(page, language="en")
    assert page.locator("#req-title").inner_text() == "What to bring"
    assert page.locator("h1").inner_text() == "Annual STNK renewal (vehicle tax payment)"
    shot(page, "portal-03-service-en")

    page.goto(demo + "/")
    page.fill("#home-q", "samsad")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/cari/?q=samsad")
    # An English reader sees the service's English name.
    assert page.locator(".hit h3 a", has_text="Annual STNK renewal").count() == 1
    shot(page, "portal-04-search-typo-en")
    page.goto(demo + "/status/")
    assert (
        page.locator(".endpoint .state-up").count()
        == MonitoredEndpoint.objects.filter(state="up").count()
    )
    shot(page, "portal-05-status-en")
    context.close()


def test_without_javascript_the_plain_pages_work(browser, demo):
    context = browser.new_context(locale="id-ID", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(demo + "/")
    page.fill("#home-q", "perpanjang STNK")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/cari/?q=perpanjang+STNK")
    page.locator(".hit h3 a", has_text="Perpanjangan STNK Tahunan").first.click()
    page.wait_for_url(f"**{STNK}")
    assert "SWDKLLJ" in page.locator("#biaya").inner_text()
    assert page.locator("#lokasi .office").count() == 8
    page.click("#feedback button[value=yes]")
    page.wait_for_url("**?feedback=thanks#feedback")
    assert Service.objects.get(code="bapenda-perpanjangan-stnk-tahunan").feedback_useful == 1
    shot(page, "portal-06-service-no-js")
    context.close()


def sign_in(context, base: str, username: str):
    page = context.new_page()
    page.goto(base + "/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", core_f.PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/staf/")
    return page


def test_agency_admin_change_appears_after_approval(browser, demo):
    bapenda = Service.objects.get(code="bapenda-perpanjangan-stnk-tahunan").agency
    core_f.make_agency_admin(bapenda, username="admin.bapenda.test")
    core_f.make_province_admin(username="admin.provinsi.test")

    admin_ctx = browser.new_context(locale="id-ID", **PHONE)
    page = sign_in(admin_ctx, demo, "admin.bapenda.test")
    page.goto(demo + "/staf/layanan/bapenda-perpanjangan-stnk-tahunan/ubah/")
    box = page.locator("#id_requirements")
    box.fill(box.input_value().replace("STNK asli", "STNK asli dan fotokopinya"))
    shot(page, "portal-07-agency-admin-edit")
    page.click("form.form-wide button[type=submit]")
    page.wait_for_url("**/staf/layanan/bapenda-perpanjangan-stnk-tahunan/")
    shot(page, "portal-08-change-waiting")
    admin_ctx.close()

    public = browser.new_context(locale="id-ID", **PHONE).new_page()
    public.goto(demo + STNK)
    assert "STNK asli dan fotokopinya" not in public.locator("#persyaratan").inner_text()

    province_ctx = browser.new_context(locale="en-US", **PHONE)
    page = sign_in(province_ctx, demo, "admin.provinsi.test")
    page.goto(demo + "/staf/persetujuan/")
    with page.expect_navigation():
        page.locator("a", has_text="Perpanjangan STNK Tahunan").first.click()
    assert "STNK asli dan fotokopinya" in page.locator(".change-list").inner_text()
    shot(page, "portal-09-province-admin-review")
    page.click("button[name=decision][value=approve]")
    page.wait_for_url("**/staf/persetujuan/")
    province_ctx.close()

    public.goto(demo + STNK)
    assert "STNK asli dan fotokopinya" in public.locator("#persyaratan").inner_text()
    shot(public, "portal-10-service-after-approval")
    public.context.close()
