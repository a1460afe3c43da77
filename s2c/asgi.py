"""What ``s2c serve`` runs: Django's WSGI application behind gunicorn's asyncio (ASGI)
worker, so that slow clients cannot hold the application (docs/operations.md, "Slow
clients").

gunicorn's sync workers read each request on the worker itself: a client that sends its
headers or its body a byte at a time holds that worker until it finishes, and a handful of
such clients (slowloris) froze every worker. Here the worker's event loop reads every
connection, as many as ``--worker-connections``, and a request reaches Django only once
its headers and its whole body have arrived. Django then runs as under any WSGI server:
the whole request in one call on one of a few threads per worker (``threads``), each
thread keeping its own database connection between requests (``CONN_MAX_AGE``), so
nothing about transactions, connections or the request signals changes.

Why not Django's own ASGI handler: it runs each sync middleware and the view as separate
hops between the loop and a thread, and gives each request a fresh thread, so every
request opened a new database connection (persistent connections do not work there).

The request body is buffered up to ``S2C_MAX_REQUEST_BYTES`` (in memory up to
``FILE_UPLOAD_MAX_MEMORY_SIZE``, then in a temporary file): a larger one, declared or
counted, is not read further, and Django refuses it with its 413 in the place's format
(``core.bodies``). A response is sent as the application yields it, in batches of up to
64 KiB, waiting for the client to take each one.
"""

from __future__ import annotations

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile
from urllib.parse import unquote_to_bytes

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s2c.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

SEND_BATCH = 64 * 1024


class ClientGone(OSError):
    """The client closed the connection while the response was being sent."""


class BufferedWSGI:
    """An ASGI application that buffers each request, then runs a WSGI application on a
    pool of ``threads`` threads."""

    def __init__(self, wsgi_application, *, threads: int = 1):
        self.wsgi_application = wsgi_application
        self.threads = threads
        self._executor: ThreadPoolExecutor | None = None

    @property
    def executor(self) -> ThreadPoolExecutor:
        if self._executor is None:  # made in the worker process, after the fork
            self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="s2c-web")
        return self._executor

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise ValueError(f"S2C serves HTTP only, not {scope['type']!r}")
        headers = _headers(scope)
        with SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE) as body:
            length = await _read_body(receive, body, headers)
            if length is None:  # the client left before its body was complete
                return
            body.seek(0)
            environ = _environ(scope, headers, body, length)
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self.executor, self._run, environ, send, loop)

    def _run(self, environ, send, loop) -> None:
        """On a thread of the pool: the WSGI call and the sending of its answer."""

        def send_now(message) -> None:
            try:
                asyncio.run_coroutine_threadsafe(send(message), loop).result()
            except OSError as exc:  # gunicorn's ClientDisconnected is one
                raise ClientGone() from exc

        start: dict = {}  # the answer's status and headers, until they are sent

        def start_response(status, response_headers, exc_info=None):
            if exc_info and start.get("sent"):
                raise exc_info[1].with_traceback(exc_info[2])
            start["message"] = {
                "type": "http.response.start",
                "status": int(status.split(" ", 1)[0]),
                "headers": [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in response_headers
                ],
            }

        def send_body(data: bytes, *, more: bool) -> None:
            if not start.get("sent"):
                send_now(start["message"])
                start["sent"] = True
            send_now({"type": "http.response.body", "body": data, "more_body": more})

        result = self.wsgi_application(environ, start_response)
        head = environ["REQUEST_METHOD"] == "HEAD"  # Django writes the body; HTTP sends none
        try:
            batch, size = [], 0
            for chunk in result:
                if head:
                    continue
                batch.append(chunk)
                size += len(chunk)
                if size >= SEND_BATCH:
                    send_body(b"".join(batch), more=True)
                    batch, size = [], 0
            send_body(b"".join(batch), more=False)
        except ClientGone:
            pass
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished: connections closed or kept for reuse

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._executor is not None:
                    self._executor.shutdown(wait=True)
                await send({"type": "lifespan.shutdown.complete"})
                return


def _headers(scope) -> dict[str, str]:
    """WSGI's environ names for the request's headers (repeated ones joined by commas,
    as gunicorn's WSGI workers do)."""
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        if name not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if "_" in raw_name.decode("latin-1"):  # gunicorn's WSGI refuses these too
                continue
            name = "HTTP_" + name
        value = raw_value.decode("latin-1")
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    return headers


def _declared_length(headers) -> int | None:
    try:
        return int(headers["CONTENT_LENGTH"])
    except (KeyError, ValueError):
        return None


async def _read_body(receive, body, headers) -> int | None:
    """Read the request's body into ``body``, at most one byte past the request cap;
    returns its length as Django shall see it (None: the client disconnected). A body
    declared larger than the cap is not read at all."""
    limit = int(settings.S2C_MAX_REQUEST_BYTES)
    declared = _declared_length(headers)
    if declared is not None and declared > limit:
        return declared
    length = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        if chunk:
            length += len(chunk)
            if length > limit:  # sent without a length (chunked), and too much
                return length
            body.write(chunk)
        if not message.get("more_body"):
            return length


def _environ(scope, headers, body, length: int) -> dict:
    raw_path = scope.get("raw_path") or scope["path"].encode()
    server = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        # As gunicorn's WSGI workers: percent-decoded bytes as Latin-1 (PEP 3333).
        "PATH_INFO": unquote_to_bytes(raw_path).decode("latin-1"),
        "QUERY_STRING": scope["query_string"].decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope['http_version']}",
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] if server[1] is not None else 0),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }
    if length or "CONTENT_LENGTH" in headers:
        # The body's length as buffered (a chunked body has one now), or as declared
        # when it was too large to read.
        environ["CONTENT_LENGTH"] = str(length)
    client = scope.get("client")
    if client:
        environ["REMOTE_ADDR"] = client[0]
        environ["REMOTE_PORT"] = str(client[1])
    return environ


application = BufferedWSGI(
    get_wsgi_application(), threads=int(os.environ.get("S2C_WEB_THREADS", "2"))
)
