"""The ``counters`` cache (``core.counters``): lockouts and rate limits counted in one store
that every worker process and app server shares, proven with real processes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.core.cache import caches
from django.db import connection

from s2c.core import counters
from s2c.core.models import Counter
from s2c.core.scheduler.tests import support

# --- The database backend ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_counters_cache_is_the_database_by_default():
    assert isinstance(caches["counters"], counters.DatabaseCounters)


@pytest.mark.django_db
def test_add_incr_set_and_delete_behave_like_a_cache(monkeypatch):
    cache = caches["counters"]
    assert cache.get("k") is None and cache.get("k", 0) == 0
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.add("k", 1, 60) is True
    assert cache.add("k", 7, 60) is False  # a live counter is left alone
    assert [cache.incr("k"), cache.incr("k", 5)] == [2, 7]
    assert cache.get("k") == 7 and cache.has_key("k")
    cache.set("k", 3, 60)
    assert cache.get("k") == 3
    assert cache.delete("k") is True and cache.delete("k") is False
    with pytest.raises(TypeError):
        cache.set("k", "three", 60)
    # An expired counter reads as absent, cannot be increased and is replaced by add.
    now = [time.time()]
    monkeypatch.setattr(counters.time, "time", lambda: now[0])
    cache.add("old", 4, 10)
    now[0] += 11
    assert cache.get("old") is None and not cache.touch("old")
    with pytest.raises(ValueError):
        cache.incr("old")
    assert cache.add("old", 1, 10) is True and cache.get("old") == 1
    # Now and then an add deletes the expired rows.
    monkeypatch.setattr(counters, "CULL_EVERY", 1)
    now[0] += 11
    cache.add("new", 1, 10)
    assert list(Counter.objects.values_list("key", flat=True)) == [cache.make_key("new")]


@pytest.mark.django_db
def test_count_adds_one_or_starts_again_in_one_statement(monkeypatch, django_assert_num_queries):
    cache = caches["counters"]
    now = [time.time()]
    monkeypatch.setattr(counters.time, "time", lambda: now[0])
    with django_assert_num_queries(3):
        assert [cache.count("c", 10) for _ in range(3)] == [1, 2, 3]
    now[0] += 5  # the window is kept from its first hit
    assert cache.count("c", 10) == 4
    now[0] += 6
    assert (cache.get("c"), cache.count("c", 10), cache.get("c")) == (None, 1, 1)


def test_with_redis_in_cache_url_the_counters_are_in_redis(tmp_path):
    result = support.python(
        tmp_path,
        "from django.conf import settings; import json; print(json.dumps(settings.CACHES))",
        CACHE_URL="rediscache://redis.internal:6379/1",
    )
    assert result.returncode == 0, result.stderr
    caches_setting = json.loads(result.stdout)
    assert caches_setting["counters"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches_setting["counters"]["LOCATION"] == "redis://redis.internal:6379/1"
    assert caches_setting["counters"]["KEY_PREFIX"] == "s2c-counters"


# --- Several processes at once ------------------------------------------------------------

PROCESSES = 3
HITS = 40
LIMIT = 30

COUNTING = f"""
import json, os, time
from pathlib import Path
from django.db import connection
from s2c.core import forms, ratelimit

go = Path(os.environ["GO_FILE"])
while not go.exists():
    time.sleep(0.005)
allowed = sum(ratelimit.hit("login", "one-client", 3600) <= {LIMIT} for _ in range({HITS}))
for _ in range(2):
    forms.record_failure("admin", "10.0.0.9")
print(json.dumps({{"allowed": allowed}}))
"""

READING = """
import json
from s2c.core import forms, ratelimit
print(json.dumps({
    "used": ratelimit.used("login", "one-client", 3600),
    "locked": forms.is_locked_out("admin", "10.0.0.9"),
}))
"""


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return support.migrated_template(tmp_path_factory)


def _count_in_processes(data, **env) -> None:
    """PROCESSES processes (as gunicorn workers) on one database count at once: no hit is
    lost, the limit lets through LIMIT hits in all, and their failed sign-ins (2 each) add
    up to a lockout (5)."""
    go = data / "go"
    prelude = "import django; django.setup()\n"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", prelude + COUNTING],
            cwd=support.PROJECT_DIR,
            env=support.subprocess_env(data, GO_FILE=str(go), **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    time.sleep(1.5)  # let them all start Django and wait for the signal
    go.touch()
    allowed = 0
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed += json.loads(out.splitlines()[-1])["allowed"]
    result = support.python(data, READING, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "used": PROCESSES * HITS,
        "locked": True,
    }
    assert allowed == LIMIT


def test_processes_counting_at_once_share_one_count_and_one_limit(template_db, tmp_path):
    _count_in_processes(support.migrated_copy(template_db, tmp_path / "data"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_processes_share_one_count_and_one_limit_too(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (the SQLite case is the test above)")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    (tmp_path / "data").mkdir()
    _count_in_processes(tmp_path / "data", DATABASE_URL=url)
