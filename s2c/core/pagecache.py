"""Whole-page caching of public pages for anonymous visitors (the province's home page,
Sumsel Gov's public pages).

Signed-in people, htmx requests, requests with pending messages and anything but a GET
answered 200 are never cached. Pages are kept per URL and language for
``S2C_PAGE_CACHE_SECONDS`` (60; 0
turns it off) and dropped at once (a version bump) after any write that changes what
they show commits, so an approved change shows immediately (in every process when the
cache is shared, e.g. Redis; within the timeout otherwise). The CSRF token in a cached
page's forms is replaced by a fresh one for each visitor, so forms keep working.
"""

from __future__ import annotations

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from . import cacheversion

VERSION_KEY = "s2c:pages:version"
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


def cacheable(request) -> bool:
    if request.method != "GET" or getattr(request, "htmx", False):
        return False
    if request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"s2c:page:{_version()}:{get_language()}:{path}"


def anonymous_page(on_hit=None):
    """Cache a public view's page for anonymous visitors. ``on_hit(request, meta)`` runs
    when a cached page is served (``meta`` is what the view put in
    ``response.page_cache_meta``), e.g. to count a page view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if seconds() <= 0 or not cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request)
            hit = cache.get(key)
            if hit is not None:
                body, content_type, meta = hit
                if MARK in body:
                    body = body.replace(MARK, get_token(request).encode())
                response = HttpResponse(body, content_type=content_type)
                if on_hit is not None:
                    on_hit(request, meta)
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                body = TOKEN.sub(rb"\1" + MARK + rb"\3", response.content)
                meta = getattr(response, "page_cache_meta", None)
                cache.set(key, (body, response["Content-Type"], meta), seconds())
            return response

        return wrapper

    return decorator
