"""The real ``s2c worker`` killed (SIGKILL) while it applies a batch of search changes: the
next worker finishes the work, and every document is in the index exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from s2c.core.scheduler.tests import support
from s2c.core.search import engine

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs its own processes on a file SQLite database (once per CI run is enough)",
)

DOCUMENTS = 12_000

WRITE = f"""
from s2c.core import search
search.index_documents(
    ("test.crash", "first", search.Document(title="Awal")) for _ in [0]
)
print(search.sync())  # the index exists, at a position
search.index_documents(
    (
        "test.crash",
        f"doc-{{i}}",
        search.Document(title=f"Arsip nomor{{i}}", body=" ".join(["laporan keuangan daerah"] * 60)),
    )
    for i in range({DOCUMENTS})
)
"""

CHECK = """
import json, tantivy
from s2c.core.search import engine
from s2c.core.search.models import SearchDocument
handle = engine.get()
searcher = handle.searcher()
hits = searcher.search(tantivy.Query.all_query(), 100_000, count=False).hits
ids = searcher.fast_field_values("id", [address for _, address in hits])
print(json.dumps({
    "index": sorted(ids),
    "database": sorted(SearchDocument.objects.values_list("id", flat=True)),
    "position": handle.read_position(),
}))
"""


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return support.migrated_template(tmp_path_factory)


def _position(data):
    folder = data / "search" / f"schema-{engine.SCHEMA_VERSION}"
    try:
        generation = os.readlink(folder / "current")
        return json.loads((folder / generation / "position.json").read_text())["at"]
    except (FileNotFoundError, ValueError, KeyError):
        return None


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    written = support.python(data, WRITE, timeout=300)
    assert written.returncode == 0, written.stderr
    start = _position(data)
    assert start is not None
    worker = subprocess.Popen(
        [sys.executable, "-m", "s2c.cli", "worker"],
        cwd=support.PROJECT_DIR,
        env=support.subprocess_env(data, S2C_SEARCH_SYNC_SECONDS="0.05"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # The first batch is committed and noted; the next one is under way: kill it.
        support.wait_for(
            lambda: (_position(data) or 0) > start, timeout=120, interval=0.01, what="a batch"
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    killed_at = _position(data)
    assert killed_at < start + DOCUMENTS  # it died with work left
    # The next run takes the writer the dead one held and finishes the work.
    finished = support.manage(data, "search_rebuild", "--sync", timeout=300)
    assert finished.returncode == 0, finished.stderr
    checked = support.python(data, CHECK, timeout=120)
    assert checked.returncode == 0, checked.stderr
    state = json.loads(checked.stdout.strip().splitlines()[-1])
    assert state["index"] == state["database"]  # every document, each exactly once
    assert len(state["index"]) == DOCUMENTS + 1
