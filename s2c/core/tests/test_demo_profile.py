"""The quick start's profile (``S2C_ENV=demo``, set by ``scripts/run``): what a citizen
sees is what production shows (DEBUG off: S2C's own error pages, JSON under /api/v1),
and the console stays readable (seeding, the worker's first round, no ERROR)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.urls import path

from s2c.core.scheduler.tests import support


def broken_page(request):
    raise RuntimeError("boom")


urlpatterns = [path("rusak/", broken_page)]
handler404 = "s2c.core.views.errors.page_not_found"
handler500 = "s2c.core.views.errors.server_error"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("language", "title"), [("id", "Galat server"), ("en", "Server error")])
def test_a_page_that_breaks_shows_s2cs_500_page_in_the_visitors_language(client, language, title):
    client.raise_request_exception = False
    response = client.get("/rusak/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html and "boom" not in html


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return support.migrated_template(tmp_path_factory)


def demo_env(data_dir, **extra):
    """A subprocess environment with the demo profile's own defaults (the test helpers'
    LOG_LEVEL and EMAIL_URL removed, so the profile's are the ones that count)."""
    env = support.subprocess_env(data_dir, S2C_ENV="demo", **extra)
    for name in ("LOG_LEVEL", "EMAIL_URL", "S2C_DEBUG"):
        if name not in extra:
            env.pop(name, None)
    return env


CHECK_PAGES = """
import json
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
from s2c.cli import collectstatic_if_needed

collectstatic_if_needed()
setup_test_environment(debug=settings.DEBUG)  # records the templates rendered
client = Client(HTTP_HOST="127.0.0.1")
out = {"debug": settings.DEBUG}
for language in ("id", "en"):
    page = client.get("/tidak-ada-di-sini/", HTTP_ACCEPT_LANGUAGE=language)
    out["page_" + language] = [
        page.status_code,
        page["Content-Type"],
        [t.name for t in page.templates][:1],
        page.content.decode(),
    ]
api = client.get("/api/v1/nope", HTTP_ACCEPT_LANGUAGE="en")
out["api"] = [api.status_code, api["Content-Type"], api.content.decode()]
static = client.get("/static/core/s2c.css")
out["static"] = static.status_code
print(json.dumps(out))
"""


def test_the_demo_runs_without_debug_and_answers_with_s2cs_own_pages(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + CHECK_PAGES],
        cwd=support.PROJECT_DIR,
        env=demo_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.splitlines()[-1])
    assert out["debug"] is False
    status, content_type, templates, html = out["page_id"]
    assert (status, templates) == (404, ["core/errors/404.html"])
    assert content_type.startswith("text/html")
    assert "Laman tidak ditemukan" in html and "Technical" not in html
    status, _type, templates, html = out["page_en"]
    assert (status, templates) == (404, ["core/errors/404.html"])
    assert "Page not found" in html
    status, content_type, body = out["api"]
    assert (status, content_type) == (404, "application/json")
    assert json.loads(body) == {
        "error": {
            "code": "not_found",
            "message": "The requested resource was not found.",
            "details": {},
        }
    }
    assert out["static"] == 200  # served by WhiteNoise with DEBUG off
    assert "Not Found" not in result.stderr  # no console line per visitor's 404


def _s2c(data, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "s2c.cli", *args],
        cwd=support.PROJECT_DIR,
        env=demo_env(data),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_demo_console_is_a_few_lines_without_errors(template_db, tmp_path):
    """What scripts/run prints around the password: the seed's summary and the worker's
    first round (deadline checks, status checks, mail to the demo reporters) in a handful
    of lines, with no ERROR; the mail goes to files under the data directory."""
    data = support.migrated_copy(template_db, tmp_path / "data")
    seeded = _s2c(data, "seed")
    assert seeded.returncode == 0, seeded.stderr
    worked = _s2c(data, "worker", "--batch")
    assert worked.returncode == 0, worked.stderr
    lines = (seeded.stdout + seeded.stderr + worked.stdout + worked.stderr).splitlines()
    assert "sumsel-demo-2025" in seeded.stdout
    assert not [line for line in lines if "ERROR" in line or "Traceback" in line], lines
    assert len(lines) <= 12, "\n".join(lines)


def test_the_demo_server_logs_no_line_per_request(template_db, tmp_path):
    """The real `s2c serve` of the demo: its start-up lines, then nothing for pages, a
    visitor's 404 or static files (the app server's access log and Django's 'Not Found'
    are quiet), while it answers them all."""
    import urllib.error
    import urllib.request

    data = support.migrated_copy(template_db, tmp_path / "data")
    log = tmp_path / "serve.log"

    with support.serving(data, log, workers=1, env=demo_env(data)) as (base, _port, _server):

        def status(path):
            try:
                with urllib.request.urlopen(base + path, timeout=5) as response:
                    return response.status
            except urllib.error.HTTPError as exc:
                return exc.code
            except OSError:
                return None

        before = log.read_text().splitlines()
        answers = [status(p) for p in ("/", "/tidak-ada/", "/api/v1/nope", "/static/core/s2c.css")]
        assert answers == [200, 404, 404, 200]
    after = log.read_text().splitlines()
    new = [line for line in after[len(before) :] if "Shutting down" not in line]
    assert [line for line in new if "GET " in line or "Not Found" in line] == [], new
    assert not [line for line in after if "ERROR" in line], after
