"""Fixed-window counters (``core.ratelimit``) behind the API limit and Care's limits."""

import threading

from django.core.cache import cache

from s2c.core import ratelimit


def test_hits_are_counted_per_scope_and_value_within_a_window(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [ratelimit.hit("a", "x", 60) for _ in range(3)] == [1, 2, 3]
    assert (ratelimit.used("a", "x", 60), ratelimit.used("a", "y", 60)) == (3, 0)
    assert ratelimit.used("b", "x", 60) == 0
    assert ratelimit.retry_after(60) == 60 - (now[0] % 60)
    now[0] += 60  # the next window starts from nothing
    assert (ratelimit.used("a", "x", 60), ratelimit.hit("a", "x", 60)) == (0, 1)


def test_counted_values_are_not_kept_in_the_clear():
    ratelimit.hit("care:contact", "warga@example.id", 3600)
    keys = list(getattr(cache, "_cache", {}))
    assert keys and not any("warga@example.id" in str(k) for k in keys)


def test_threads_counting_at_once_lose_no_hit():
    def hammer():
        for _ in range(50):
            ratelimit.hit("threads", "one-client", 60)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ratelimit.used("threads", "one-client", 60) == 400
