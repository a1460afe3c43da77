"""Settings of the public paths benchmark: the product's settings as in production (DEBUG
off, the default API rate limit), plus /bench/bare/ (bench_urls). The runner sets
S2C_RATE_LIMIT_EXEMPT_KEY and sends it, unless asked to count API requests as usual.
Not used by S2C itself."""

import os

os.environ.setdefault("S2C_ENV", "development")
os.environ.setdefault("S2C_DEBUG", "false")

from s2c.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
