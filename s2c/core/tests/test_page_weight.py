"""The page-weight budget: the home page, with everything it references (stylesheets,
scripts, icons, images), stays under 100 KB, and references nothing outside S2C."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 100 * 1024


class _References(HTMLParser):
    """The URLs a browser fetches to show the page."""

    def __init__(self):
        super().__init__()
        self.urls: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") in {"stylesheet", "icon", "preload", "manifest"}:
            self.urls.add(a["href"])
        elif tag in {"script", "img", "iframe", "source", "audio", "video"} and a.get("src"):
            self.urls.add(a["src"])
        elif tag == "use" and a.get("href"):
            self.urls.add(a["href"])


def referenced(html: str) -> set[str]:
    parser = _References()
    parser.feed(html)
    return {url.split("#", 1)[0] for url in parser.urls if url.split("#", 1)[0]}


def static_size(url: str) -> int:
    parts = urlsplit(url)
    assert not parts.netloc, f"{url} is not served by S2C"
    assert parts.path.startswith(settings.STATIC_URL), f"{url} is not a static file"
    found = finders.find(parts.path[len(settings.STATIC_URL) :])
    assert found, f"{url} is referenced but does not exist"
    with open(found, "rb") as fh:
        return len(fh.read())


@pytest.mark.parametrize("language", ["id", "en"])
def test_home_page_is_under_100_kb_with_everything_it_references(client, language):
    response = client.get("/", headers={"accept-language": language})
    assert response.status_code == 200
    html = response.content.decode()
    urls = referenced(html)
    assert "/static/core/s2c.css" in urls
    assert "/static/core/s2c.js" in urls
    sizes = {url: static_size(url) for url in sorted(urls)}
    total = len(response.content) + sum(sizes.values())
    assert total < BUDGET_BYTES, f"{total} bytes: HTML {len(response.content)}, {sizes}"


def test_stylesheet_uses_system_fonts_only():
    css = Path(finders.find("core/s2c.css")).read_text(encoding="utf-8")
    assert "@font-face" not in css
    assert "@import" not in css
    assert "url(" not in css  # nothing else to fetch
    assert "system-ui" in css
