"""Settings of the portal benchmark: the product's settings, served as in production
(DEBUG off), plus one bare view (bench_urls) to compare against. Not used by S2C itself.

The data directory comes from S2C_DATA_DIR (the runner sets bench/out/portal-<db>/), the
database from DATABASE_URL as usual.
"""

import os

os.environ.setdefault("S2C_ENV", "development")
os.environ.setdefault("S2C_DEBUG", "false")

from s2c.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
# Every request comes from 127.0.0.1: lift the API's per-address throttle for the run.
S2C_API_RATE = "10000000/min"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
