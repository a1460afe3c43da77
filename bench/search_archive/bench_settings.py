"""Settings of the archive-scale search benchmark: the product's settings as in production
(DEBUG off), plus /bench/bare/ and the bench's search types (bench_urls). The runner sets
S2C_SEARCH_CACHE_SECONDS=0 (every question reaches the engine) and a random
S2C_RATE_LIMIT_EXEMPT_KEY that it sends. Not used by S2C itself."""

import os

os.environ.setdefault("S2C_ENV", "development")
os.environ.setdefault("S2C_DEBUG", "false")
os.environ.setdefault("S2C_SEARCH_CACHE_SECONDS", "0")

from s2c.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
