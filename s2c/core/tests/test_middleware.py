import pytest
from django.test import RequestFactory

from s2c.core.middleware import ClientAddressMiddleware


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
