"""One HTTP(S) check of one URL: reachable or not, HTTP status, response time, and the
TLS certificate's expiry. Standard library plus ``cryptography`` to read certificates.

Safety (SSRF): only administrators register URLs, and only http/https ones. Redirects are
never followed (a 3xx answer counts as up). With ``S2C_STATUS_BLOCK_PRIVATE_ADDRESSES``
(on by default in production) a URL whose host resolves to a loopback, private,
link-local or otherwise non-public address is refused, and the connection goes to the
very address that was checked (no second DNS lookup).
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography import x509
from django.conf import settings

USER_AGENT = "S2C-status-checker/1.0"
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    status_code: int | None = None
    response_ms: int | None = None
    tls_expires_at: dt.datetime | None = None
    error: str = ""


class CheckFailed(Exception):
    pass


def timeout_seconds() -> float:
    return float(getattr(settings, "S2C_STATUS_TIMEOUT", 10.0))


def block_private_addresses() -> bool:
    return bool(
        getattr(
            settings, "S2C_STATUS_BLOCK_PRIVATE_ADDRESSES", getattr(settings, "PRODUCTION", False)
        )
    )


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


def host_problem(host: str) -> str:
    """Why a host may not be checked under the private-address rule ("" when fine).
    Only literal addresses are judged without DNS (for validating a URL on entry)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host.lower() in {"localhost", "localhost.localdomain"}:
            return "not a public address"
        return ""
    return "" if is_public_address(host) else "not a public address"


def _resolve(host: str, port: int) -> list[tuple]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CheckFailed(f"DNS lookup failed: {exc.strerror or exc}") from None
    if block_private_addresses():
        bad = [i[4][0] for i in infos if not is_public_address(i[4][0])]
        if bad:
            raise CheckFailed(f"{host} resolves to a non-public address ({bad[0]})")
    return infos


def _connect(infos: list[tuple], timeout: float) -> socket.socket:
    last: OSError | None = None
    for family, socktype, proto, _name, address in infos:
        sock = socket.socket(family, socktype, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    if isinstance(last, TimeoutError | socket.timeout):
        raise CheckFailed(f"Timed out after {timeout:g} s while connecting")
    if isinstance(last, ConnectionRefusedError):
        raise CheckFailed("Connection refused")
    raise CheckFailed(f"Could not connect: {last}")


def _cert_expiry(der: bytes | None) -> dt.datetime | None:
    if not der:
        return None
    try:
        return x509.load_der_x509_certificate(der).not_valid_after_utc
    except ValueError:
        return None


def _tls_context(verify: bool) -> ssl.SSLContext:
    if not verify:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    return ssl.create_default_context(cafile=getattr(settings, "S2C_STATUS_CA_FILE", None))


def _peek_certificate(infos, host: str, timeout: float) -> dt.datetime | None:
    """The expiry of a certificate that failed verification (to show when it expired)."""
    try:
        sock = _connect(infos, timeout)
        with _tls_context(verify=False).wrap_socket(sock, server_hostname=host) as tls:
            return _cert_expiry(tls.getpeercert(binary_form=True))
    except (OSError, CheckFailed, ssl.SSLError):
        return None


def check_url(url: str, *, timeout: float | None = None) -> CheckResult:
    timeout = timeout_seconds() if timeout is None else timeout
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return CheckResult(ok=False, error="Only http:// and https:// addresses are checked")
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return CheckResult(ok=False, error="Invalid port")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    started = time.monotonic()
    expires: dt.datetime | None = None
    infos: list[tuple] = []
    try:
        infos = _resolve(host, port)
        sock = _connect(infos, timeout)
        if parts.scheme == "https":
            try:
                sock = _tls_context(verify=True).wrap_socket(sock, server_hostname=host)
            except ssl.SSLCertVerificationError as exc:
                sock.close()
                expires = _peek_certificate(infos, host, timeout)
                raise CheckFailed(
                    f"TLS certificate not valid: {exc.verify_message or exc.reason}"
                ) from None
            except ssl.SSLError as exc:
                sock.close()
                raise CheckFailed(f"TLS handshake failed: {exc.reason or exc}") from None
            expires = _cert_expiry(sock.getpeercert(binary_form=True))
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.sock = sock
        host_header = parts.netloc.rsplit("@", 1)[-1]
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host_header)
            conn.putheader("User-Agent", USER_AGENT)
            conn.putheader("Accept", "*/*")
            conn.putheader("Connection", "close")
            conn.endheaders()
            response = conn.getresponse()
            response.read(MAX_BODY)
            status = response.status
        finally:
            conn.close()
        elapsed = time.monotonic() - started
        if elapsed > timeout:
            raise CheckFailed(f"Timed out after {timeout:g} s")
    except CheckFailed as exc:
        return CheckResult(
            ok=False,
            response_ms=None,
            tls_expires_at=expires,
            error=str(exc)[:500],
        )
    except TimeoutError:
        return CheckResult(ok=False, tls_expires_at=expires, error=f"Timed out after {timeout:g} s")
    except (OSError, http.client.HTTPException) as exc:
        return CheckResult(
            ok=False,
            tls_expires_at=expires,
            error=f"Connection failed: {exc.__class__.__name__} {exc}".strip()[:500],
        )
    ms = int(round(elapsed * 1000))
    ok = 100 <= status < 400
    return CheckResult(
        ok=ok,
        status_code=status,
        response_ms=ms,
        tls_expires_at=expires,
        error="" if ok else f"HTTP {status}",
    )
