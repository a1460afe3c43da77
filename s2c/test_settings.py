"""Settings for the test suite: the real settings, with the outside world made local."""

import os
import tempfile

os.environ.setdefault("S2C_ENV", "test")
os.environ.setdefault("S2C_DATA_DIR", tempfile.mkdtemp(prefix="s2c-test-data-"))
os.environ.setdefault("S2C_MAP_TILES", "")

from s2c.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Each test gets a fresh search index in memory (s2c/conftest.py), brought up to date with
# the test's own (uncommitted) writes before each query.
S2C_SEARCH_DIR = ""
S2C_SEARCH_SYNC_ON_QUERY = True
