"""Sidata in a real browser on a phone-sized screen: an officer files a scan and a text
with the form, a visitor finds the public one and opens its page; the closed one stays
closed. Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from s2c.core.tests import factories as f
from s2c.core.tests.browser import fits_the_screen, shot

from ..models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.goto(live_server.url + "/masuk/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/staf/")


def test_an_officer_files_documents_and_a_visitor_finds_the_public_one(
    live_server, phone, tmp_path
):
    agency = f.make_agency(name="Badan Pendapatan Daerah", short_name="Bapenda", code="bapenda")
    officer = f.make_officer(agency, username="dewi")
    public = tmp_path / "laporan-pajak-kendaraan-2013.txt"
    public.write_text("Laporan realisasi pajak kendaraan bermotor tahun 2013.")
    closed = tmp_path / "nota-internal.txt"
    closed.write_text("Nota internal tentang target pajak.")

    page = phone("en-US")
    _sign_in(page, live_server, officer)
    page.goto(live_server.url + "/staf/sidata/")
    page.get_by_text("File documents").click()
    page.get_by_label("Agency").select_option(label="Badan Pendapatan Daerah")
    page.get_by_label("Files").set_input_files([str(public)])
    page.get_by_label("Who may open it").select_option("public")
    page.get_by_label("Tags").fill("pajak, 2013")
    shot(page, "sidata-file-en-360")
    page.get_by_role("button", name="File", exact=True).click()
    page.wait_for_url("**/staf/sidata/dokumen/**")
    assert page.get_by_role("heading", name="laporan pajak kendaraan 2013").is_visible()
    assert fits_the_screen(page)
    shot(page, "sidata-staff-document-en-360")

    page.goto(live_server.url + "/staf/sidata/")
    page.get_by_text("File documents").click()
    page.get_by_label("Agency").select_option(label="Badan Pendapatan Daerah")
    page.get_by_label("Files").set_input_files([str(closed)])
    page.get_by_label("Who may open it").select_option("agency")
    page.get_by_role("button", name="File", exact=True).click()
    page.wait_for_url("**/staf/sidata/dokumen/**")
    assert Document.objects.count() == 2
    page.get_by_role("button", name="Log out").click()

    visitor = phone("id-ID")
    visitor.goto(live_server.url + "/sidata/")
    assert visitor.get_by_role("link", name="laporan pajak kendaraan 2013").is_visible()
    assert visitor.get_by_text("nota internal").count() == 0
    assert fits_the_screen(visitor)
    shot(visitor, "sidata-home-id-360")
    visitor.get_by_role("link", name="laporan pajak kendaraan 2013").click()
    assert visitor.get_by_role("link", name="Unduh").is_visible()
    shot(visitor, "sidata-document-id-360")
    assert visitor.outside == [] and page.outside == []
