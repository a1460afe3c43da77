"""Production settings: ``manage.py check --deploy`` is clean, secrets have no default,
and /healthz stays reachable over plain HTTP behind the TLS redirect."""

from __future__ import annotations

import json
import secrets

import pytest

from s2c.core.scheduler.tests import support

HOST = "s2c.sumselprov.go.id"


@pytest.fixture
def production(tmp_path):
    return {
        "S2C_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
    }


def test_check_deploy_reports_no_issues(tmp_path, production):
    result = support.manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("System check identified no issues")


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = support.manage(tmp_path, "check", S2C_ENV="production", ALLOWED_HOSTS=HOST)
    assert result.returncode == 1
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_redirects_to_https_except_the_health_check(tmp_path, production):
    migrated = support.manage(tmp_path, "migrate", "scheduler", "-v", "0", **production)
    assert migrated.returncode == 0, migrated.stderr
    result = support.python(
        tmp_path,
        "import json\n"
        "from django.test import Client\n"
        "from django.conf import settings\n"
        f"client = Client(HTTP_HOST={HOST!r})\n"
        "home, health = client.get('/'), client.get('/healthz')\n"
        "print(json.dumps({'home': [home.status_code, home.get('Location')],\n"
        "  'health': [health.status_code, health.json()['status']],\n"
        "  'cookies': [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],\n"
        "  'debug': settings.DEBUG, 'hsts': settings.SECURE_HSTS_SECONDS}))",
        **production,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "home": [301, f"https://{HOST}/"],
        "health": [200, "degraded"],  # no worker has run yet
        "cookies": [True, True],
        "debug": False,
        "hsts": 31536000,
    }


def test_a_short_rate_limit_exempt_key_is_refused_at_start(tmp_path):
    result = support.manage(tmp_path, "check", S2C_RATE_LIMIT_EXEMPT_KEY="benchmark")
    assert result.returncode == 1
    assert "S2C_RATE_LIMIT_EXEMPT_KEY must be at least 32 characters" in result.stderr
