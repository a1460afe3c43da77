"""How a service page and the status page word time: "checked just now" rather than
"0 minutes ago", plural forms in both languages, and the period an uptime truly covers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from s2c.core.templatetags.s2c import elapsed

from ..models import DailyRollup
from ..selectors import status as status_selectors
from . import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def _checked(endpoint, ago: dt.timedelta, *, language: str) -> str:
    endpoint.last_checked_at = timezone.now() - ago
    endpoint.state = endpoint.State.UP
    with translation.override(language):
        html = render_to_string(
            "portal/partials/service_endpoints.html", {"endpoints": [(endpoint, None)]}
        )
    return " ".join(html.split())


@pytest.mark.parametrize(
    ("ago", "english", "indonesian"),
    [
        (dt.timedelta(seconds=0), "checked just now", "baru saja diperiksa"),
        (dt.timedelta(seconds=59), "checked just now", "baru saja diperiksa"),
        (dt.timedelta(seconds=61), "checked 1 minute ago", "diperiksa 1 menit yang lalu"),
        (dt.timedelta(minutes=5), "checked 5 minutes ago", "diperiksa 5 menit yang lalu"),
        (dt.timedelta(minutes=61), "checked 1 hour ago", "diperiksa 1 jam yang lalu"),
        (dt.timedelta(hours=3), "checked 3 hours ago", "diperiksa 3 jam yang lalu"),
        (dt.timedelta(days=2, hours=1), "checked 2 days ago", "diperiksa 2 hari yang lalu"),
    ],
)
def test_the_last_check_is_worded_naturally(ago, english, indonesian):
    endpoint = f.make_endpoint()
    assert english in _checked(endpoint, ago, language="en")
    assert indonesian in _checked(endpoint, ago, language="id")


def test_a_clock_ahead_is_just_now_not_negative():
    now = timezone.now()
    assert elapsed(now + dt.timedelta(seconds=30), now).just_now
    assert elapsed(None) is None


def test_the_service_page_says_checked_just_now(client, agency):
    service = f.make_service(agency)
    endpoint = f.make_endpoint(agency, service=service)
    endpoint.last_checked_at = timezone.now()
    endpoint.state = endpoint.State.UP
    endpoint.save()
    html = client.get(service.get_absolute_url(), **ID).content.decode()
    assert "baru saja diperiksa" in html
    assert "0 menit" not in html


def _rollups(endpoint, *days_ago: int, ok: bool = True) -> None:
    today = timezone.localdate()
    for n in days_ago:
        DailyRollup.objects.create(
            endpoint=endpoint,
            day=today - dt.timedelta(days=n),
            checks=10,
            ok_checks=10 if ok else 5,
        )


def test_an_uptime_says_over_what_period_it_was_measured(client, agency):
    old = f.make_endpoint(agency, name="Dipantau lama", url="https://lama.example.test/")
    new = f.make_endpoint(agency, name="Baru dipantau", url="https://baru.example.test/")
    _rollups(old, 120, 89, 1, 0)  # monitored for longer than the page's 90 days
    _rollups(new, 2, 1, 0)  # monitored for three days
    html = " ".join(client.get("/status/", **EN).content.decode().split())
    assert "100.0% up over the last 90 days" in html
    since = (timezone.localdate() - dt.timedelta(days=2)).strftime("%-d %b %Y")
    assert f"100.0% up since {since}" in html
    assert "in 90 days" not in html
    detail = " ".join(client.get(new.get_absolute_url(), **ID).content.decode().split())
    assert "100,0% aktif sejak" in detail  # Indonesian decimal comma


def test_the_measured_period_starts_at_the_first_check():
    today = timezone.localdate()
    assert status_selectors.history([], days=5) == {}
    endpoint = f.make_endpoint()
    assert status_selectors.with_uptime([endpoint]) == [(endpoint, None)]  # never checked
    _rollups(endpoint, 3, 0)
    [(_e, measured)] = status_selectors.with_uptime([endpoint], days=30)
    assert (measured.percent, measured.since, measured.days, measured.whole_window) == (
        100.0,
        today - dt.timedelta(days=3),
        4,
        False,
    )
    # First checked before a two-day window began (though not on its first day): the
    # figure covers the whole window.
    [(_e, measured)] = status_selectors.with_uptime([endpoint], days=2)
    assert (measured.days, measured.whole_window) == (2, True)


def test_the_api_says_what_period_the_uptime_covers(client, agency):
    old = f.make_endpoint(agency, url="https://lama.example.test/")
    new = f.make_endpoint(agency, url="https://baru.example.test/")
    never = f.make_endpoint(agency, url="https://belum.example.test/")
    _rollups(old, 120, 0)
    _rollups(new, 2, 0)
    today = timezone.localdate()
    rows = {r["url"]: r for r in client.get("/api/v1/portal/status").json()["results"]}
    assert rows[old.url]["uptime_since"] == str(today - dt.timedelta(days=89))
    assert rows[new.url]["uptime_since"] == str(today - dt.timedelta(days=2))
    assert rows[never.url]["uptime_since"] is None
    detail = client.get(f"/api/v1/portal/status/{new.public_id}").json()
    assert detail["uptime_since"] == str(today - dt.timedelta(days=2))
