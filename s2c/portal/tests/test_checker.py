"""The checker against real local HTTP and HTTPS servers."""

import datetime as dt

import pytest
from django.test import override_settings

from ..checker import check_url
from . import servers

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def http_base():
    with servers.http_server() as base:
        yield base


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tls")
    ca_key, ca_cert, ca_path = servers.make_ca(directory)
    valid_until = NOW + dt.timedelta(days=60)
    good = servers.server_context(
        directory,
        ca=(ca_key, ca_cert),
        name="good",
        not_before=NOW - dt.timedelta(days=1),
        not_after=valid_until,
    )
    expired_on = NOW - dt.timedelta(days=3)
    expired = servers.server_context(
        directory,
        ca=(ca_key, ca_cert),
        name="expired",
        not_before=NOW - dt.timedelta(days=90),
        not_after=expired_on,
    )
    self_signed = servers.server_context(
        directory,
        name="self",
        not_before=NOW - dt.timedelta(days=1),
        not_after=NOW + dt.timedelta(days=30),
    )
    with (
        servers.http_server(good) as good_base,
        servers.http_server(expired) as expired_base,
        servers.http_server(self_signed) as self_base,
    ):
        yield {
            "ca": str(ca_path),
            "good": good_base,
            "valid_until": valid_until,
            "expired": expired_base,
            "expired_on": expired_on,
            "self": self_base,
        }


def test_up(http_base):
    result = check_url(http_base + "/ok", timeout=2)
    assert (result.ok, result.status_code, result.error, result.tls_expires_at) == (
        True,
        200,
        "",
        None,
    )
    assert 0 <= result.response_ms < 1000


def test_server_error_is_down(http_base):
    result = check_url(http_base + "/error", timeout=2)
    assert (result.ok, result.status_code, result.error) == (False, 500, "HTTP 500")


def test_slow_beyond_timeout_is_down(http_base):
    result = check_url(http_base + "/slow", timeout=0.3)
    assert (result.ok, result.status_code, result.error) == (False, None, "Timed out after 0.3 s")


def test_redirect_is_not_followed(http_base):
    result = check_url(http_base + "/redirect", timeout=2)
    assert (result.ok, result.status_code) == (True, 302)


def test_connection_refused():
    result = check_url("http://127.0.0.1:9/", timeout=1)
    assert (result.ok, result.error) == (False, "Connection refused")


def test_only_http_and_https():
    result = check_url("file:///etc/passwd")
    assert (result.ok, result.error) == (False, "Only http:// and https:// addresses are checked")


def test_private_addresses_refused_when_blocking(http_base):
    with override_settings(S2C_STATUS_BLOCK_PRIVATE_ADDRESSES=True):
        result = check_url(http_base + "/ok", timeout=1)
    assert (result.ok, result.error) == (
        False,
        "127.0.0.1 resolves to a non-public address (127.0.0.1)",
    )


def test_https_up_reports_certificate_expiry(tls):
    with override_settings(S2C_STATUS_CA_FILE=tls["ca"]):
        result = check_url(tls["good"] + "/ok", timeout=2)
    assert (result.ok, result.status_code, result.error) == (True, 200, "")
    assert result.tls_expires_at == tls["valid_until"]


def test_expired_certificate_is_down_with_its_expiry(tls):
    with override_settings(S2C_STATUS_CA_FILE=tls["ca"]):
        result = check_url(tls["expired"] + "/ok", timeout=2)
    assert (result.ok, result.status_code) == (False, None)
    assert result.error == "TLS certificate not valid: certificate has expired"
    assert result.tls_expires_at == tls["expired_on"]


def test_self_signed_certificate_is_down(tls):
    with override_settings(S2C_STATUS_CA_FILE=tls["ca"]):
        result = check_url(tls["self"] + "/ok", timeout=2)
    assert result.ok is False
    assert result.error == "TLS certificate not valid: self-signed certificate"
    assert result.tls_expires_at is not None
