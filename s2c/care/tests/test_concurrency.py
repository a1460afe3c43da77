"""Tracking numbers under concurrent submissions: no duplicate, none lost.

Real concurrency needs PostgreSQL here: the SQLite test database is a shared-cache
in-memory database whose table locks ignore the busy timeout. On SQLite the same check runs
against a file database in WAL mode with 50 clients and gunicorn in bench/care/run.py."""

import json
import threading
import urllib.parse
import urllib.request

import pytest
from django.db import connection, connections

from s2c.care import services
from s2c.care.models import Complaint

from . import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (see the module docstring)")
    settings.S2C_CARE_RATE_LIMITS = {"ip": (10_000, 3600), "contact": (10_000, 3600)}


def run_together(count: int, work) -> list[str]:
    start = threading.Barrier(count)
    errors: list[str] = []

    def thread(i: int) -> None:
        start.wait()
        try:
            work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def assert_consecutive(count: int, prefix: str) -> None:
    stored = list(
        Complaint.objects.order_by("tracking_number").values_list("tracking_number", "title")
    )
    assert len(stored) == count
    year = stored[0][0][3:7]
    assert [n for n, _t in stored] == [f"SC-{year}-{i:06d}" for i in range(1, count + 1)]
    assert sorted(t for _n, t in stored) == sorted(f"{prefix} {i:03d}" for i in range(count))


def test_fifty_concurrent_submissions(agency):
    category = f.make_category(agency=agency, code="jalan-rusak", name="Jalan rusak")
    numbers: list[str] = []

    def submit(i: int) -> None:
        data = f.complaint_input(category, title=f"Laporan serentak {i:03d}")
        numbers.append(services.complaint_submit(data=data).complaint.tracking_number)

    assert run_together(50, submit) == []
    assert len(numbers) == len(set(numbers)) == 50
    assert_consecutive(50, "Laporan serentak")


def test_concurrent_http_clients_against_a_live_server(live_server, agency):
    category = f.make_category(agency=agency, code="jalan-rusak", name="Jalan rusak")
    numbers: list[str] = []

    def submit(i: int) -> None:
        body = urllib.parse.urlencode(
            {
                "category": category.code,
                "title": f"Laporan lewat HTTP {i:03d}",
                "description": "Diuji bersamaan oleh banyak klien sekaligus.",
                "phone": f"0812{i:08d}",
            }
        ).encode()
        with urllib.request.urlopen(
            f"{live_server.url}/api/v1/care/reports", data=body, timeout=60
        ) as response:
            numbers.append(json.loads(response.read())["tracking_number"])

    # Django's test server accepts 5 waiting connections: more would be refused before
    # they reach S2C (gunicorn's backlog is 2048; see bench/care/run.py for 50 clients).
    assert run_together(5, submit) == []
    assert len(numbers) == len(set(numbers)) == 5
    assert_consecutive(5, "Laporan lewat HTTP")
