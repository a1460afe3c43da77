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


class PolicyWatchedBrowser:
    """The browser, each of whose new contexts records what the Content-Security-Policy
    refused (chromium says so on the console), so every browser test can check that no
    page needed an inline script (``s2c/conftest.py`` asserts it after each test)."""

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.on("console", self._console)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)

    def __getattr__(self, name):
        return getattr(self._browser, name)
