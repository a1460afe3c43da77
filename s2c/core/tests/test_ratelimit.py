"""Fixed-window counters (``core.ratelimit``) behind the API limit and Care's limits."""

import pytest

from s2c.core import ratelimit
from s2c.core.models import Counter


@pytest.mark.django_db
def test_hits_are_counted_per_scope_and_value_within_a_window(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [ratelimit.hit("a", "x", 60) for _ in range(3)] == [1, 2, 3]
    assert (ratelimit.used("a", "x", 60), ratelimit.used("a", "y", 60)) == (3, 0)
    assert ratelimit.used("b", "x", 60) == 0
    assert ratelimit.retry_after(60) == 60 - (now[0] % 60)
    now[0] += 60  # the next window starts from nothing
    assert (ratelimit.used("a", "x", 60), ratelimit.hit("a", "x", 60)) == (0, 1)


@pytest.mark.django_db
def test_counted_values_are_not_kept_in_the_clear():
    ratelimit.hit("care:contact", "warga@example.id", 3600)
    keys = list(Counter.objects.values_list("key", flat=True))
    assert keys and not any("warga@example.id" in str(k) for k in keys)


# Hits counted at once by several processes (none lost, the limit held across them):
# test_counters.py.


def test_a_store_without_count_is_counted_with_add_and_incr(monkeypatch):
    """Redis (``CACHE_URL``) has no ``count``: its atomic ``add`` and ``incr`` are used."""
    from django.core.cache.backends.locmem import LocMemCache

    store = LocMemCache("ratelimit-test", {})
    monkeypatch.setattr(ratelimit, "counters", lambda: store)
    assert [ratelimit.hit("a", "x", 60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.used("a", "x", 60) == 3
