"""A short-lived cache of whole query results for users who see only public documents
(anonymous visitors, citizens): the same question asked again within
``S2C_SEARCH_CACHE_SECONDS`` (30; 0 turns it off) is answered without touching the index.

Only results computed under the public-only visibility filter are stored, under a key
that says so, and only such users read them, so a cached answer never holds a document
that is not public. Every index write (upsert, removal, rebuild) bumps a version right
away and again on commit, and every key holds the engine index's version (its
generation and last commit): an answer computed before the engine applied a change is
never served after it, in any process."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from s2c.core import cacheversion
from s2c.core.permissions import Visibility, VisibilityScope

from . import types

VERSION_KEY = "search:results:version"
_PUBLIC_ONLY = frozenset({Visibility.PUBLIC})


def seconds() -> int:
    return int(getattr(settings, "S2C_SEARCH_CACHE_SECONDS", 30))


def public_only(scope: VisibilityScope) -> bool:
    """Whether a user sees exactly the public documents."""
    return not scope.everything and scope.levels == _PUBLIC_ONLY and not scope.agencies


def _version() -> int:
    return cacheversion.current(VERSION_KEY)


def changed() -> None:
    """The index changed: drop cached results now and again when the write commits (a
    reader between the two may have cached what was there before)."""
    cacheversion.bump_now_and_on_commit(VERSION_KEY)


def key(**params) -> str:
    from .engine import get as get_engine  # the engine loads the models

    registered = [t.key for t in types.all_types()]
    raw = json.dumps(
        [params, registered, get_language(), get_engine().version()], sort_keys=True, default=str
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()[:40]
    return f"search:results:{_version()}:public:{digest}"


def directory_key() -> str:
    """Agency and region labels and codes in the current language and index version (the
    name changes with the shape of what is kept, so a shared cache never hands an older
    release's value to a newer one)."""
    return f"search:directory:v2:{_version()}:{get_language()}"


def get(cache_key: str):
    return cache.get(cache_key)


def put(cache_key: str, value, timeout: int | None = None) -> None:
    cache.set(cache_key, value, seconds() if timeout is None else timeout)
