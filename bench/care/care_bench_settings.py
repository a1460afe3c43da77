"""Settings of the care benchmark: the product's settings served as in production (DEBUG
off), with the per-address limits lifted because every request comes from 127.0.0.1.
Not used by S2C itself."""

import os

os.environ.setdefault("S2C_ENV", "development")
os.environ.setdefault("S2C_DEBUG", "false")

from s2c.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
S2C_API_RATE = "10000000/min"
S2C_CARE_RATE_LIMITS = {
    "ip": (10_000_000, 3600),
    "contact": (10_000_000, 3600),
    "key": (10_000_000, 3600),
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
