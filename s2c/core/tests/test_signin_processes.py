"""The sign-in lockout through ``s2c serve`` with three gunicorn workers: failures sent to
both doors (the staff sign-in and django-admin's), each on a new connection, add up to
one lockout whichever worker answers."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from s2c.core.scheduler.tests import support

MAX_FAILURES = 6
PASSWORD = "Sriwijaya-Ampera-1965"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return support.migrated_template(tmp_path_factory)


def test_three_workers_share_one_lockout_for_both_sign_in_doors(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    made = support.python(
        data,
        "from s2c.core.models import User\n"
        f"User.objects.create_superuser('root', 'root@example.test', {PASSWORD!r})\n",
    )
    assert made.returncode == 0, made.stderr
    env = support.subprocess_env(data, S2C_LOGIN_MAX_FAILURES=str(MAX_FAILURES))
    with support.serving(data, tmp_path / "serve.log", workers=3, env=env) as (base, _, _s):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

        def request(path: str, form: dict | None = None) -> tuple[int, str]:
            data = urllib.parse.urlencode(form).encode() if form is not None else None
            req = urllib.request.Request(
                base + path, data=data, headers={"Referer": base + path, "Accept-Language": "en"}
            )
            try:
                with opener.open(req, timeout=10) as response:  # a new connection each time
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode()

        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', request("/django-admin/login/")[1]
        ).group(1)

        def sign_in(path: str, password: str) -> tuple[int, str]:
            form = {"csrfmiddlewaretoken": token, "username": "root", "password": password}
            return request(path, form)

        failures = 0
        for _ in range(MAX_FAILURES // 2):
            for path in ("/masuk/", "/django-admin/login/?next=/django-admin/"):
                failures += 1
                # The failure that reaches the limit is answered as locked out already.
                expected = 429 if failures >= MAX_FAILURES else 200
                assert sign_in(path, "salah")[0] == expected, (path, failures)
        status, page = sign_in("/masuk/", PASSWORD)
        assert status == 429, page
        status, page = sign_in("/django-admin/login/?next=/django-admin/", PASSWORD)
        assert status == 429 and "Too many failed sign-in attempts." in page
