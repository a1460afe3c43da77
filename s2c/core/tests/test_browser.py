"""A smoke test in a real browser (Debian's chromium through Playwright) on a phone-sized
screen: the home page in both languages, the language switch, the keyboard, staff
sign-in. Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from s2c.core import registry
from s2c.core.tests import factories as f
from s2c.core.tests.browser import PHONE, fits_the_screen, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_both_languages_and_the_switch(live_server, phone):
    page = phone("id-ID")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("link", name="Beranda").first.is_visible()
    assert fits_the_screen(page)
    shot(page, "home-id-360")

    # The keyboard reaches the skip link first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Lewati ke isi utama"

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.url == live_server.url + "/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Emergency numbers").is_visible()
    assert page.get_by_role("button", name="Bahasa Indonesia").is_visible()
    assert fits_the_screen(page)
    shot(page, "home-en-360")
    assert page.outside == []


def test_english_browser_gets_english_and_staff_can_sign_in(live_server, phone):
    officer = f.make_officer(
        f.make_agency(name="Dinas Komunikasi dan Informatika"), username="budi"
    )
    page = phone("en-US")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Staff sign-in").first.click()
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill(f.PASSWORD)
    shot(page, "login-en-360")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/staf/")
    assert page.get_by_role("heading", name=f"Welcome, {officer.full_name}").is_visible()
    assert page.get_by_role("cell", name="Dinas Komunikasi dan Informatika").is_visible()
    assert fits_the_screen(page)
    shot(page, "staff-home-en-360")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_text("You have signed out.").is_visible()
    assert page.outside == []


def test_every_staff_page_fits_a_phone(live_server, phone):
    """Every page of the staff navigation, on the demo data, at 360 px: no sideways
    scrolling, and sign-out in view (the inbox was 899 px wide, a long agency name in its
    bulk select; the header menu scrolled sign-out off the screen)."""
    call_command("s2c_seed", stdout=io.StringIO())
    admin = f.make_province_admin(username="admin.uji")
    page = phone("id-ID")
    page.goto(live_server.url + "/masuk/")
    page.locator("input[name=username]").fill(admin.username)
    page.locator("input[name=password]").fill(f.PASSWORD)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert page.url == live_server.url + "/staf/"
    nav = [item.url for _, items in registry.nav_for(admin) for item in items]
    urls = ["/staf/"] + [u for u in nav if not u.startswith("/django-admin/")]  # its own look
    assert len(urls) > 10
    too_wide, hidden = [], []
    for url in urls:
        page.goto(live_server.url + url)
        # Parts loaded after the page (htmx) finish too: none is left for the server to
        # answer while the next test writes to the shared test database.
        page.wait_for_load_state("networkidle")
        if not fits_the_screen(page):
            too_wide.append((url, page.evaluate("document.documentElement.scrollWidth")))
        box = page.locator(".main-nav button.link-button").bounding_box()
        if box is None or box["x"] + box["width"] > PHONE["width"]:
            hidden.append(url)
    assert (too_wide, hidden) == ([], [])
