"""Settings of the Sidata archive benchmark: the product's settings as in production (DEBUG
off, the database task queue the workers run). Not used by S2C itself."""

import os

os.environ.setdefault("S2C_ENV", "development")
os.environ.setdefault("S2C_DEBUG", "false")

from s2c.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
