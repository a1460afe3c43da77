"""The page shell: home page, languages, staff frame, error pages."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from s2c.core import registry
from s2c.core.views import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean_registry(monkeypatch):
    """An empty set of tiles and home sections for the test (restored afterwards)."""
    monkeypatch.setattr(registry, "_tiles", {})
    monkeypatch.setattr(registry, "_sections", {})
    return registry


def test_home_in_indonesian_by_default(client, clean_registry):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in html
    assert "Lewati ke isi utama" in html  # Skip to main content
    assert ">Beranda</a>" in html  # Home
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in html
    assert 'href="tel:112"' in html


def test_home_in_english_by_accept_language(client, clean_registry):
    response = client.get("/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Emergency numbers" in html
    assert ">Bahasa Indonesia</button>" in html


def test_home_in_english_by_language_cookie(client, clean_registry):
    client.cookies["s2c_language"] = "en"
    response = client.get("/", headers={"accept-language": "id"})
    assert response["Content-Language"] == "en"
    assert "Skip to main content" in response.content.decode()


def test_language_switch_works_without_javascript():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/masuk/?next=/staf/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/masuk/?next=/staf/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/staf/"
    assert response.cookies["s2c_language"].value == "en"
    again = client.get(response["Location"])
    assert again["Content-Language"] == "en"
    assert "Staff sign-in" in again.content.decode()


def test_language_switch_form_keeps_the_current_page(client):
    html = client.get("/masuk/?next=/staf/audit/").content.decode()
    assert '<form class="lang-switch" action="/i18n/setlang/" method="post">' in html
    assert '<input type="hidden" name="next" value="/masuk/?next=/staf/audit/">' in html


def test_home_without_services_is_still_useful(client, clean_registry):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert 'id="layanan"' not in html  # no empty services grid
    assert "About S2C" in html
    assert "Online services will appear here" in html
    assert f'href="{reverse("core:login")}"' in html
    for number in ("112", "110", "113", "119", "115"):
        assert f'href="tel:{number}"' in html


def test_home_shows_tiles_and_sections_in_order(client, clean_registry, settings, tmp_path):
    (tmp_path / "h4test").mkdir()
    (tmp_path / "h4test" / "section.html").write_text(
        '<section class="test-section">{{ greeting }} {{ request.path }}</section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path]},
    ]
    registry.register_tile(
        registry.HomeTile("b", "Tile B", "Second", "core:login", icon="care", order=20)
    )
    registry.register_tile(registry.HomeTile("a", "Tile A", "First", "core:home", order=10))
    registry.register_tile(registry.HomeTile("c", "Broken link", "x", "nowhere:nothing"))
    registry.register_home_section(
        registry.HomeSection(
            "greet", "h4test/section.html", context=lambda request: {"greeting": "Halo"}
        )
    )
    html = client.get("/").content.decode()
    assert html.index("Tile A") < html.index("Tile B") < html.index("Broken link")
    assert 'href="/masuk/">Tile B</a>' in html
    assert "core/icons.svg#care" in html
    assert '<section class="test-section">Halo /</section>' in html
    assert "Not in the shell" not in html


def test_a_failing_home_section_is_left_out_and_logged(client, clean_registry, caplog):
    def broken(request):
        raise RuntimeError("database of the service is down")

    registry.register_home_section(registry.HomeSection("bad", "core/home.html", context=broken))
    with caplog.at_level(logging.ERROR, logger="s2c.core.templatetags.s2c"):
        response = client.get("/")
    assert response.status_code == 200
    assert "Home section 'bad' failed to render" in caplog.text


def test_staff_frame_shows_navigation_grouped_by_service(client, province_admin):
    client.force_login(province_admin)
    html = client.get("/staf/", headers={"accept-language": "en"}).content.decode()
    assert '<nav class="staff-nav" id="staff-menu" aria-label="Staff menu">' in html
    assert '<a href="#staff-menu">' in html
    assert "<h2>Administration</h2>" in html
    assert '<a href="/staf/" aria-current="page">Staff home</a>' in html
    assert '<a href="/staf/audit/">Audit log</a>' in html
    assert '<a href="/staf/kalender/">Working-day calendar</a>' in html
    assert '<a href="/django-admin/">Django admin</a>' in html


def test_officer_does_not_see_admin_links(client, officer):
    client.force_login(officer)
    html = client.get("/staf/", headers={"accept-language": "en"}).content.decode()
    assert "Staff home" in html
    assert "/staf/audit/" not in html
    assert "/django-admin/" not in html
    assert "Working-day calendar" not in html


def test_dates_use_the_indonesian_format_and_jakarta_time(client, officer, monkeypatch):
    # 2026-11-28 20:30 UTC is already Sunday 29 November in Jakarta (UTC+7).
    fixed = dt.datetime(2026, 11, 28, 20, 30, tzinfo=dt.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: fixed)
    client.force_login(officer)
    assert "Minggu, 29 November 2026" in client.get("/staf/").content.decode()
    english = client.get("/staf/", headers={"accept-language": "en"}).content.decode()
    assert "Sunday, 29 November 2026" in english


def test_404_page_in_both_languages(client):
    indonesian = client.get("/tidak-ada/")
    assert indonesian.status_code == 404
    assert "Laman tidak ditemukan" in indonesian.content.decode()  # Page not found
    english = client.get("/tidak-ada/", headers={"accept-language": "en"})
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()
    assert "Go to the home page" in english.content.decode()


def test_500_page_renders_without_request_context_or_database(rf, django_db_blocker):
    request = rf.get("/rusak/")
    with django_db_blocker.block(), translation.override("id"):
        indonesian = errors.server_error(request)
    with django_db_blocker.block(), translation.override("en"):
        english = errors.server_error(request)
    assert indonesian.status_code == 500
    assert "Galat server" in indonesian.content.decode()  # Server error
    assert '<html lang="id">' in indonesian.content.decode()
    assert english.status_code == 500
    assert "Something went wrong on our side" in english.content.decode()
    assert 'href="tel:112"' in english.content.decode()


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), path("api/v1/boom/", _boom)]
handler500 = "s2c.core.views.errors.server_error"


@pytest.mark.urls(__name__)
def test_unhandled_error_in_a_page_shows_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/", headers={"accept-language": "en"})
    assert response.status_code == 500
    assert "<h1>Server error</h1>" in response.content.decode()


@pytest.mark.urls(__name__)
def test_unhandled_error_under_the_api_answers_json(client):
    client.raise_request_exception = False
    response = client.get("/api/v1/boom/", headers={"accept-language": "en"})
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "code": "server_error",
            "message": "Something went wrong on our side. The error has been logged; "
            "please try again later.",
            "details": {},
        }
    }


def test_403_page_is_the_shell_page(client, citizen):
    client.force_login(citizen)
    response = client.get("/staf/", headers={"accept-language": "en"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Access denied" in html
    assert "Skip to main content" in html


def test_static_assets_are_referenced_from_s2c_only(client, clean_registry):
    html = client.get("/").content.decode()
    assert 'href="/static/core/s2c.css"' in html
    assert 'src="/static/core/s2c.js"' in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_csrf_failure_page_explains_in_the_users_language(settings):
    settings.CSRF_FAILURE_VIEW = "s2c.core.views.errors.csrf_failure"
    browser = Client(enforce_csrf_checks=True)
    page = browser.post(
        "/masuk/", {"username": "x", "password": "y"}, headers={"accept-language": "en"}
    )
    assert page.status_code == 403
    assert "<h1>The form has expired</h1>" in page.content.decode()


def test_csrf_failure_under_the_api_answers_json(rf):
    response = errors.csrf_failure(rf.post("/api/v1/anything"), reason="no token")
    assert response.status_code == 403
    assert json.loads(response.content)["error"]["code"] == "csrf_failed"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colour_pairs_meet_wcag_aa():
    css = Path(finders.find("core/s2c.css")).read_text(encoding="utf-8")
    tokens = dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [  # (text, background) as the stylesheet uses them
        ("ink", "paper"), ("ink", "canvas"), ("ink-muted", "paper"), ("ink-muted", "canvas"),
        ("ink-muted", "green-100"), ("green-700", "paper"), ("green-700", "canvas"),
        ("green-700", "green-100"), ("paper", "green-700"), ("paper", "green-800"),
        ("green-900", "gold-500"), ("gold-500", "green-800"), ("gold-600", "paper"),
        ("gold-600", "green-50"), ("red-700", "paper"), ("red-700", "red-50"),
        ("green-900", "green-100"), ("ink", "focus"),
    ]  # fmt: skip
    low = {(t, b): round(_contrast(tokens[t], tokens[b]), 2) for t, b in pairs}
    assert {pair: ratio for pair, ratio in low.items() if ratio < 4.5} == {}
