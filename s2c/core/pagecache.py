"""Whole-page caching of public pages for anonymous visitors (the province's home page,
Sumsel Gov's public pages).

Signed-in people, htmx requests, requests with pending messages and anything but a GET
answered 200 are never cached. Pages are kept per URL and language for
``S2C_PAGE_CACHE_SECONDS`` (60; 0
turns it off) and dropped at once (a version bump) after any write that changes what
they show commits, so an approved change shows immediately (in every process when the
cache is shared, e.g. Redis; within the timeout otherwise). The CSRF token in a cached
page's forms is replaced by a fresh one for each visitor, so forms keep working.

Two optional parts, for pages too many to stay in a memory cache (100,000 services):

- A **store** keeps rendered pages durably (e.g. a table filled by the worker when
  something is published): on a miss of the memory cache, the store is asked before the
  view runs, and a page the view renders is offered to it. Only pages without a query
  string go to a store. The store forgets a page when what it shows changes.
- **Live parts**: what changes with time on a stored page (today's "ready by" date, the
  current state of a monitored URL) sits in the template between
  ``<!--s2c:live:NAME-->`` and ``<!--/s2c:live:NAME-->``. A page served from the cache or
  the store has each such part replaced by ``live(request, meta)[NAME]``, freshly made.

A store may be filled ahead of the first visit (Sumsel Gov's worker does): the page is then
rendered for an ``AnonymousVisit``, so that it is the page that visit would get.

The API's public reads use the same cache and version: ``public_answer`` keeps the whole
JSON answer of a Ninja operation for anonymous callers (no session, no API key), per URL
and language; a kept answer is still counted by the caller's rate limit.
"""

from __future__ import annotations

import hashlib
import re
from functools import wraps
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import resolve
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language

from . import cacheversion

VERSION_KEY = "s2c:pages:version"
# What a kept API answer keeps of its headers (core.conditional sets the last three).
KEPT_HEADERS = ("Content-Type", "ETag", "Cache-Control", "Vary")
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
MARK = b"__S2C_CSRF_TOKEN__"


def seconds() -> int:
    return int(getattr(settings, "S2C_PAGE_CACHE_SECONDS", 60))


def _version() -> int:
    return cacheversion.current(VERSION_KEY)


def bump() -> None:
    """Forget every cached page (after a write to what public pages show)."""
    cacheversion.bump(VERSION_KEY)


def bump_on_commit() -> None:
    transaction.on_commit(bump)


def bump_now_and_on_commit(*args, **kwargs) -> None:
    """Forget every cached page now and again when the write commits (a visit in between
    may have cached what was there before). Usable as a signal receiver."""
    cacheversion.bump_now_and_on_commit(VERSION_KEY)


def cacheable(request) -> bool:
    if request.method != "GET" or getattr(request, "htmx", False):
        return False
    if request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def _key(request, kind: str = "page", versions: tuple[str, ...] = ()) -> str:
    # The host too: feeds and API answers hold absolute links made from it.
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    version = ".".join(str(v) for v in (_version(), *map(cacheversion.current, versions)))
    return f"s2c:{kind}:{version}:{get_language()}:{url}"


LIVE = re.compile(rb"<!--s2c:live:([a-z_]+)-->.*?<!--/s2c:live:\1-->", re.DOTALL)


class Store(Protocol):
    """Durable rendered pages, addressed by the view's arguments and the language."""

    def load(self, language: str, kwargs: dict) -> tuple[bytes, str, Any] | None:
        """``(body, content_type, meta)`` of a stored page, or None."""

    def save(self, language: str, kwargs: dict, body: bytes, content_type: str, meta) -> None:
        """Keep a page the view just rendered (a store may decline, e.g. no ``meta``)."""


class AnonymousVisit(HttpRequest):
    """The request of an anonymous visitor's first GET of ``path`` on the site
    (``SITE_URL``), to render a page ahead of that visit. Views and templates are not
    changed for it: the shell of every page (core/base.html and the context processors)
    reads the path, the resolved view, the user and the language from the request, and a
    page rendered ahead must be the page the visit would get. Only those are set: no
    cookies, no session, no middleware; the CSRF token is replaced when it is served."""

    def __init__(self, path: str, *, language: str):
        super().__init__()
        site = urlsplit(settings.SITE_URL or "http://127.0.0.1")
        self.method = "GET"
        self.path = self.path_info = path
        self.META = {
            "HTTP_HOST": site.netloc,
            "SERVER_NAME": site.hostname or "",
            "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
        }
        self._site_scheme = site.scheme or "http"
        self.resolver_match = resolve(path)
        self.user = AnonymousUser()
        self.LANGUAGE_CODE = language
        self.htmx = False

    def _get_scheme(self) -> str:
        return self._site_scheme

    def get_host(self) -> str:
        # The site's own address from the settings, not a client's: nothing to check
        # against ALLOWED_HOSTS.
        return self.META["HTTP_HOST"]


def without_token(body: bytes) -> bytes:
    """A rendered page as the cache keeps it: its CSRF token replaced by a mark."""
    return TOKEN.sub(rb"\1" + MARK + rb"\3", body)


def fill_live(body: bytes, parts: dict[str, str]) -> bytes:
    """Replace each live part of ``body`` whose name is in ``parts`` (kept otherwise)."""

    def replace(match: re.Match) -> bytes:
        name = match.group(1).decode()
        if name not in parts:
            return match.group(0)
        marker = match.group(1)
        return (
            b"<!--s2c:live:"
            + marker
            + b"-->"
            + parts[name].encode()
            + b"<!--/s2c:live:"
            + marker
            + b"-->"
        )

    return LIVE.sub(replace, body)


def anonymous_page(
    on_hit=None, *, store: Store | None = None, live=None, versions: tuple[str, ...] = ()
):
    """Cache a public view's page for anonymous visitors. ``on_hit(request, meta)`` runs
    when a cached page is served (``meta`` is what the view put in
    ``response.page_cache_meta``), e.g. to count a page view. ``store`` and ``live``: see
    the module's docstring. ``versions``: keys of further ``core.cacheversion`` counters
    whose bump also drops the page (the search page: the index's)."""

    def serve(request, body: bytes, content_type: str, meta) -> HttpResponse:
        if MARK in body:
            body = body.replace(MARK, get_token(request).encode())
        if live is not None and b"<!--s2c:live:" in body:
            body = fill_live(body, live(request, meta))
        response = HttpResponse(body, content_type=content_type)
        if on_hit is not None:
            on_hit(request, meta)
        return response

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if seconds() <= 0 or not cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request, versions=versions)
            hit = cache.get(key)
            if hit is not None:
                return serve(request, *hit)
            stored = store is not None and not request.GET
            if stored:
                found = store.load(get_language(), kwargs)
                if found is not None:
                    cache.set(key, found, seconds())
                    return serve(request, *found)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                body = without_token(response.content)
                meta = getattr(response, "page_cache_meta", None)
                cache.set(key, (body, response["Content-Type"], meta), seconds())
                if stored:
                    store.save(get_language(), kwargs, body, response["Content-Type"], meta)
            return response

        return wrapper

    return decorator


def public_answer(operation_function):
    """Keep the whole answer of a public API read (a Ninja operation; put it below the
    ``@router.get``) for anonymous callers, like ``anonymous_page``. Its auth and rate
    limit still run for every request, a kept answer included.

    @router.get("/regions", response=list[RegionOut])
    @pagecache.public_answer
    @paginate(PagePagination)
    def region_list(request): ...
    """
    from ninja.decorators import decorate_view  # wraps Operation.run, in every API copy

    return decorate_view(_keeping_answers)(operation_function)


def _keeping_answers(run):
    from . import api_auth

    operation = run.__self__  # decorate_view wraps the operation's own run method

    @wraps(run)
    def kept_or_run(request, *args, **kwargs):
        if seconds() <= 0 or request.method != "GET":
            return run(request, *args, **kwargs)
        if api_auth.acting_user(request).is_authenticated:
            return run(request, *args, **kwargs)
        key = _key(request, kind="api")
        hit = cache.get(key)
        if hit is None:
            response = run(request, *args, **kwargs)
            if response.status_code == 200 and not getattr(response, "streaming", False):
                headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
                cache.set(key, (response.content, headers), seconds())
            return response
        refused = operation._run_checks(request)  # Ninja's auth and rate limits
        if refused is not None:
            return refused
        body, headers = hit
        response = HttpResponse(body, headers=headers)
        if "ETag" in headers:  # core.conditional's answers: 304 when the client has it
            return get_conditional_response(request, etag=headers["ETag"], response=response)
        return response

    return kept_or_run
