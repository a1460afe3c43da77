"""Fixtures shared by every app's tests.

People (all with the password ``factories.PASSWORD``; see s2c/core/tests/factories.py):
    agency, other_agency            two active agencies (OPD)
    province_admin                  a province administrator (Diskominfo)
    agency_admin, agency_head, officer   a role each in ``agency``
    citizen                         an account with no role anywhere
Browsers:
    browser                         a headless Debian chromium driven by Playwright (session
                                    scope); mark such tests ``@pytest.mark.browser`` and use
                                    them with ``live_server`` and ``transactional_db``.
Always on:
    code outside a request runs in English, so messages are asserted by their ids
    (Indonesian is tested through pages requested in Indonesian, and by
    translation.override("id") where a test needs it);
    the cache is cleared before each test (sign-in lockouts, API throttles, caches);
    each test has a fresh search index in memory, filled from its database on query;
    after a browser test, no page needed what the Content-Security-Policy refuses;
    in transactional tests on SQLite the append-only audit log is emptied before the
    database is flushed (its triggers refuse the flush's DELETE).
"""

from __future__ import annotations

import importlib
import os
import shutil

import pytest

from s2c.core.tests import browser as browser_support
from s2c.core.tests import factories

# The fixtures below that import Django modules inside run only once pytest-django has
# set Django up; the browser's Playwright is loaded only by tests that ask for it.


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """A new, empty search index in memory: it fills from the test's database."""
    from s2c.core.search import engine

    engine.use(None)
    yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,))):
        return True
    return "transactional_db" in request.fixturenames


@pytest.fixture(autouse=True)
def _empty_audit_log_before_flush(request):
    """Transactional tests end with a flush: on SQLite that is a DELETE, which the audit
    log's triggers refuse; lift them just long enough to empty the table."""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return  # PostgreSQL flushes with TRUNCATE, which row triggers do not see
    migration = importlib.import_module("s2c.core.migrations.0002_audit_append_only")
    with connection.cursor() as cursor:
        for statement in migration.SQLITE_REVERSE:
            cursor.execute(statement)
        cursor.execute("DELETE FROM core_auditentry")
        for statement in migration.SQLITE_FORWARD:
            cursor.execute(statement)


@pytest.fixture
def agency(db):
    return factories.make_agency(short_name="Dinas A", name="Dinas Contoh A", code="dinas-a")


@pytest.fixture
def other_agency(db):
    return factories.make_agency(short_name="Dinas B", name="Dinas Contoh B", code="dinas-b")


@pytest.fixture
def province_admin(db):
    return factories.make_province_admin(username="provadmin", full_name="Admin Provinsi")


@pytest.fixture
def agency_admin(agency):
    return factories.make_agency_admin(agency, username="agencyadmin", full_name="Admin Dinas A")


@pytest.fixture
def agency_head(agency):
    return factories.make_agency_head(agency, username="agencyhead", full_name="Kepala Dinas A")


@pytest.fixture
def officer(agency):
    return factories.make_officer(agency, username="officer", full_name="Petugas Dinas A")


@pytest.fixture
def citizen(db):
    return factories.make_citizen(username="warga", full_name="Warga Sumsel")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium through Playwright's sync API (never a downloaded one)."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself would otherwise be refused as "async unsafe".
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser_support.PolicyWatchedBrowser(chromium)
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture(autouse=True)
def _nothing_refused_by_the_content_security_policy(request):
    """After a browser test: no page needed what the Content-Security-Policy refuses (an
    inline script, a script or image from elsewhere)."""
    yield
    if "browser" in request.fixturenames:
        watched = request.getfixturevalue("browser")
        refused, watched.violations[:] = list(watched.violations), []
        assert refused == []


@pytest.fixture
def phone(browser):
    """``phone(locale="en-US")`` opens a phone-sized page that never leaves this machine
    (``s2c.core.tests.browser.phone_pages``)."""
    with browser_support.phone_pages(browser) as open_page:
        yield open_page
