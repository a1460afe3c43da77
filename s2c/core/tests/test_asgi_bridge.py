"""``s2c.asgi.BufferedWSGI``, what ``s2c serve`` runs: a WSGI application behind an
event loop, called only once the request is whole, on a few reused threads."""

from __future__ import annotations

import asyncio
import threading

from s2c.asgi import SEND_BATCH, BufferedWSGI


class App:
    """A WSGI application that records what it was given and how it was closed."""

    def __init__(self, chunks=(b"ok",)):
        self.chunks = list(chunks)
        self.environ = None
        self.body = None
        self.threads = set()
        self.closed = 0
        self.yielded = 0

    def __call__(self, environ, start_response):
        self.environ = environ
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.body = environ["wsgi.input"].read(length)
        self.threads.add(threading.get_ident())
        start_response("200 OK", [("Content-Type", "text/plain")])
        app = self

        class Result:
            def __iter__(self):
                for chunk in app.chunks:
                    app.yielded += 1
                    yield chunk

            def close(self):
                app.closed += 1

        return Result()


def _scope(method="GET", path="/", headers=(), raw_path=None):
    return {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": raw_path if raw_path is not None else path.encode(),
        "query_string": b"",
        "http_version": "1.1",
        "scheme": "http",
        "headers": list(headers),
        "server": ("127.0.0.1", 8000),
        "client": ("10.0.0.1", 5000),
    }


def _call(app, scope, messages, *, fail_after: int | None = None):
    sent = []

    async def run():
        queue = list(messages)

        async def receive():
            if queue:
                return queue.pop(0)
            await asyncio.sleep(3600)

        async def send(message):
            if fail_after is not None and len(sent) >= fail_after:
                raise ConnectionResetError("client gone")
            sent.append(message)

        await app(scope, receive, send)

    # A thread of its own: the loop a browser test's Playwright leaves running in the
    # test process's main thread would refuse asyncio.run() there.
    failure: list[BaseException] = []

    def in_thread():
        try:
            asyncio.run(run())
        except BaseException as exc:  # re-raised in the test's thread
            failure.append(exc)

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join(30)
    if failure:
        raise failure[0]
    return sent


def test_the_application_gets_the_whole_body_then_answers_and_is_closed():
    wsgi = App()
    app = BufferedWSGI(wsgi, threads=1)
    scope = _scope("POST", headers=[(b"content-length", b"10"), (b"x-thing", b"a")])
    messages = [
        {"type": "http.request", "body": b"01234", "more_body": True},
        {"type": "http.request", "body": b"56789", "more_body": False},
    ]
    sent = _call(app, scope, messages)
    assert wsgi.body == b"0123456789"
    assert wsgi.environ["HTTP_X_THING"] == "a"
    assert wsgi.environ["REMOTE_ADDR"] == "10.0.0.1"
    assert sent[0]["status"] == 200
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"ok"
    assert wsgi.closed == 1  # Django's request_finished: connections closed or kept


def test_requests_run_on_the_same_few_threads():
    wsgi = App()
    app = BufferedWSGI(wsgi, threads=1)
    for _ in range(5):
        _call(app, _scope(), [{"type": "http.request", "body": b""}])
    assert len(wsgi.threads) == 1  # one thread: its database connection is reused


def test_a_chunked_body_gets_its_length_and_a_path_keeps_its_bytes():
    wsgi = App()
    app = BufferedWSGI(wsgi)
    scope = _scope("POST", path="/cari/é", raw_path=b"/cari/%C3%A9")
    _call(app, scope, [{"type": "http.request", "body": b"abc", "more_body": False}])
    assert wsgi.environ["CONTENT_LENGTH"] == "3"
    assert wsgi.body == b"abc"
    assert wsgi.environ["PATH_INFO"] == "/cari/é".encode().decode("latin-1")  # PEP 3333


def test_a_body_over_the_cap_is_not_read_and_reaches_django_as_too_long(settings):
    settings.S2C_MAX_REQUEST_BYTES = 100
    wsgi = App()
    app = BufferedWSGI(wsgi)
    declared = _scope("POST", headers=[(b"content-length", b"5000")])
    _call(app, declared, [])  # no body message at all: it was never awaited
    assert wsgi.environ["CONTENT_LENGTH"] == "5000"
    chunked = [{"type": "http.request", "body": b"x" * 60, "more_body": True}] * 3
    _call(app, _scope("POST"), chunked)
    assert int(wsgi.environ["CONTENT_LENGTH"]) > 100


def test_a_long_answer_is_sent_in_batches_and_stops_when_the_client_leaves():
    wsgi = App(chunks=[b"x" * 4096] * 100)  # 400 KiB in 4 KiB pieces
    app = BufferedWSGI(wsgi)
    sent = _call(app, _scope(), [{"type": "http.request", "body": b""}])
    bodies = [m for m in sent if m["type"] == "http.response.body"]
    assert sum(len(m["body"]) for m in bodies) == 409600
    assert len(bodies) <= 409600 // SEND_BATCH + 1
    wsgi = App(chunks=[b"x" * 4096] * 100)
    app = BufferedWSGI(wsgi)
    _call(app, _scope(), [{"type": "http.request", "body": b""}], fail_after=2)
    assert wsgi.yielded < 100 and wsgi.closed == 1


def test_a_head_request_is_answered_without_a_body():
    wsgi = App(chunks=[b"<html>page</html>"])
    app = BufferedWSGI(wsgi)
    sent = _call(app, _scope("HEAD"), [{"type": "http.request", "body": b""}])
    assert sent[0]["status"] == 200
    assert [m.get("body", b"") for m in sent[1:]] == [b""]  # gunicorn warns about bytes
    assert wsgi.closed == 1
