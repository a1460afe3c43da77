"""/healthz and ``s2c health``: database, storage and worker, cheap and without a session."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from s2c import cli
from s2c.core.scheduler import services as scheduler
from s2c.core.scheduler.tests import support


class BrokenStorage(FileSystemStorage):
    """Storage whose disk is full."""

    def _save(self, name, content):
        raise OSError(28, "No space left on device")


@pytest.mark.django_db
def test_healthz_without_a_worker_is_degraded_but_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.cookies == {}
    data = response.json()
    assert data["status"] == "degraded"
    assert data["checks"]["database"]["status"] == "ok"
    assert data["checks"]["storage"]["status"] == "ok"
    assert data["checks"]["worker"]["status"] == "unknown"


@pytest.mark.django_db
def test_healthz_is_ok_with_a_live_worker_and_degraded_with_a_stale_one(client, settings):
    settings.S2C_WORKER_STALE_SECONDS = 120
    scheduler.heartbeat_beat(worker_id="w1", hostname="h", pid=1)
    data = client.get("/healthz").json()
    assert (data["status"], data["checks"]["worker"]["status"]) == ("ok", "ok")
    assert data["checks"]["worker"]["last_seen_seconds"] < 5

    scheduler.heartbeat_beat(
        worker_id="w1", hostname="h", pid=1, now=timezone.now() - dt.timedelta(minutes=5)
    )
    data = client.get("/healthz").json()
    assert (data["status"], data["checks"]["worker"]["status"]) == ("degraded", "stale")

    scheduler.heartbeat_stop(worker_id="w1")
    assert client.get("/healthz").json()["checks"]["worker"]["status"] == "unknown"


@pytest.mark.django_db
def test_healthz_fails_with_503_when_storage_fails(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "s2c.core.tests.test_health.BrokenStorage"},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["checks"]["storage"] == {
        "status": "error",
        "error": "OSError: [Errno 28] No space left on device",
        "ms": data["checks"]["storage"]["ms"],
    }


@pytest.mark.django_db
def test_healthz_leaves_no_file_behind_and_answers_only_reads(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_s2c_health_prints_the_report_and_its_exit_code_tells(capsys):
    assert cli.main(["health"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["checks"]["database"]["status"] == "ok"
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["health", "--require-worker"])
    assert exit_info.value.code == 1


def test_s2c_health_fails_when_the_database_is_unreachable(tmp_path):
    port = support.free_port()  # nothing listens there
    result = support.python(
        tmp_path,
        "from s2c.cli import main\nraise SystemExit(main(['health']))",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/s2c",
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "error"
    assert data["checks"]["database"]["status"] == "error"
    assert data["checks"]["database"]["error"].startswith("OperationalError")
    assert data["checks"]["storage"]["status"] == "ok"
    assert data["checks"]["worker"]["status"] == "unknown"
