"""``s2c serve`` keeps answering while 50 slow clients (slowloris) hold connections open:
half send their headers a few bytes at a time and never finish them, half announce a body
and trickle it. The real command runs on a free port; normal requests must still answer
within two seconds each."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from s2c.core.scheduler.tests import support

SLOW_CLIENTS = 50
CAP = 100_000  # S2C_MAX_REQUEST_BYTES of the server under test
ANSWER_WITHIN = 2.0  # seconds, for each normal request


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return support.migrated_template(tmp_path_factory)


def _status(url: str, timeout: float) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except OSError:
        return None


class SlowClients:
    """``count`` connections that send a byte or a header line every ``interval`` seconds,
    never completing their request, until ``stop()``."""

    def __init__(self, port: int, count: int, interval: float = 0.5):
        self.port, self.count, self.interval = port, count, interval
        self.sockets: list[socket.socket] = []
        self.open_at_end = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def start(self) -> None:
        for i in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            if i % 2:  # unfinished headers
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            else:  # complete headers, a body announced and trickled
                sock.sendall(
                    b"POST /lapor/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\n"
                    b"Content-Length: 100000\r\n\r\na"
                )
            self.sockets.append(sock)
        self._thread.start()

    def _trickle(self) -> None:
        while not self._stop.wait(self.interval):
            for i, sock in enumerate(self.sockets):
                try:
                    sock.sendall(b"X-Slow: 1\r\n" if i % 2 else b"a")
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for sock in self.sockets:
            try:  # still open: the peer has not closed it (a read would block)
                sock.setblocking(False)
                if sock.recv(1, socket.MSG_PEEK) == b"":
                    continue
            except BlockingIOError:
                self.open_at_end += 1
                continue
            except OSError:
                continue
            finally:
                sock.close()


@pytest.fixture(scope="module")
def served(template_db, tmp_path_factory):
    """The real ``s2c serve`` (two workers) on a free port: its base URL and port."""
    tmp = tmp_path_factory.mktemp("serve")
    data = support.migrated_copy(template_db, tmp / "data")
    log = tmp / "serve.log"
    env = support.subprocess_env(data, S2C_MAX_REQUEST_BYTES=str(CAP))
    with support.serving(data, log, workers=2, env=env) as (base, port, server):
        yield base, port
    assert server.returncode == 0, log.read_text()


def test_serve_answers_while_fifty_slow_clients_hold_connections(served):
    base, port = served
    slow = SlowClients(port, SLOW_CLIENTS)
    try:
        slow.start()
        time.sleep(1.0)  # the slow clients are accepted and trickling
        timings = []
        for path in ["/healthz", "/", "/healthz", "/layanan/", "/healthz", "/"] * 2:
            started = time.monotonic()
            status = _status(base + path, ANSWER_WITHIN + 1)
            timings.append((path, status, round(time.monotonic() - started, 2)))
            if status != 200:
                break
        slow.stop()
    finally:
        slow.stop()
    assert all(status == 200 and took <= ANSWER_WITHIN for _, status, took in timings), timings
    # The slow clients were still connected while the normal requests were answered.
    assert slow.open_at_end >= SLOW_CLIENTS * 0.9, slow.open_at_end


def _exchange(port: int, request: bytes, body_chunks=()) -> bytes:
    """Send a raw request (and then its body chunks, if the server has not answered
    already); the whole answer, the connection closed after it."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        for chunk in body_chunks:
            try:
                sock.sendall(chunk)
            except OSError:  # the server answered and closed: no need to send the rest
                break
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"</html>"):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        return answer


def test_a_declared_body_over_the_cap_is_refused_unread(served):
    _, port = served
    started = time.monotonic()
    answer = _exchange(
        port,
        b"POST /lapor/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Accept-Language: en\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {300 * 1024 * 1024}\r\n\r\n".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"The request is too large" in answer
    assert time.monotonic() - started < ANSWER_WITHIN  # not one byte of the body was awaited


def test_a_chunked_body_over_the_cap_is_refused_in_the_place_format(served):
    _, port = served
    chunk = b"q=" + b"x" * 1000
    body = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * (CAP // len(chunk) + 5) + [b"0\r\n\r\n"]
    answer = _exchange(
        port,
        b"POST /api/v1/care/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n",
        body,
    )
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b'"request_too_large"' in answer


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_under_the_cap_reaches_django_whole(served, chunked):
    _, port = served
    body = b"title=" + b"x" * 20_000
    framing = (
        b"Transfer-Encoding: chunked\r\n\r\n"
        if chunked
        else f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    parts = [body[i : i + 7000] for i in range(0, len(body), 7000)]
    if chunked:
        parts = [b"%x\r\n%s\r\n" % (len(part), part) for part in parts] + [b"0\r\n\r\n"]
    answer = _exchange(
        port,
        b"POST /api/v1/care/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n" + framing,
        parts,
    )
    # The form was read: the title is there, the other fields are missing.
    assert answer.startswith(b"HTTP/1.1 422 "), answer[:300]
    assert b'"category": ["Field required"]' in answer
    assert b'"title"' not in answer


def test_a_non_ascii_path_reaches_django_as_sent(served):
    base, _ = served
    with urllib.request.urlopen(f"{base}/cari/?q=%C3%A9t%C3%A9", timeout=10) as response:
        assert response.status == 200
    try:
        urllib.request.urlopen(f"{base}/layanan/%C3%A9t%C3%A9-%FF/", timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 404
    else:
        raise AssertionError("expected a 404")
