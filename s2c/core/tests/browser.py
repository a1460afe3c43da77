"""What every service's browser tests share: a phone-sized page that never leaves this
machine, screenshots, and the fits-the-screen check. The ``browser`` fixture itself (Debian's
chromium through Playwright) is in s2c/conftest.py; ``phone`` below is offered there too.

    def test_something(live_server, phone):
        page = phone("id-ID")
        page.goto(live_server.url + "/")
        assert fits_the_screen(page) and page.outside == []
        shot(page, "care-something")
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

SHOTS = Path(
    os.environ.get(
        "S2C_SCREENSHOTS", Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
    )
)
PHONE = {"width": 360, "height": 740}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@contextmanager
def phone_pages(browser):
    """Yield ``open_page(locale="en-US")``, which makes a phone-sized page in a language;
    every request leaving 127.0.0.1 is aborted and recorded in ``page.outside``. The pages'
    contexts are closed on exit."""
    contexts = []

    def open_page(locale: str = "en-US"):
        context = browser.new_context(viewport=PHONE, locale=locale, device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        page.outside = []

        def guard(route):
            if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                page.outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        return page

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


def shot(page, name: str) -> None:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
