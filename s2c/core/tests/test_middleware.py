import pytest
from django.test import RequestFactory

from s2c.core.middleware import ClientAddressMiddleware, _tile_source, content_security_policy


def _address(settings, count, forwarded, remote="10.0.0.1"):
    settings.S2C_TRUSTED_PROXY_COUNT = count
    seen = {}

    def view(request):
        seen["addr"] = request.META["REMOTE_ADDR"]
        return None

    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    ClientAddressMiddleware(view)(request)
    return seen["addr"]


def test_forwarded_header_is_ignored_without_trusted_proxies(settings):
    assert _address(settings, 0, "203.0.113.9") == "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged first entry is skipped
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (1, "not-an-ip", "10.0.0.1"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: keep the peer
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_comes_from_the_trusted_proxy_entry(settings, count, forwarded, expected):
    assert _address(settings, count, forwarded) == expected


def test_the_policy_allows_the_map_tiles_origin_and_no_inline_script(settings):
    assert _tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert _tile_source("/tiles/{z}/{x}/{y}.png") == ""
    assert _tile_source("") == ""
    settings.S2C_MAP_TILES = "https://tiles.sumselprov.go.id/{z}/{x}/{y}.png"
    settings.S2C_CSP = ""
    policy = dict(part.split(" ", 1) for part in content_security_policy().split("; "))
    assert policy["script-src"] == "'self'"
    assert policy["img-src"] == "'self' data: https://tiles.sumselprov.go.id"
    settings.S2C_CSP = "default-src 'none'"
    assert content_security_policy() == "default-src 'none'"
