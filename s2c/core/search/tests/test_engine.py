"""The engine's index follows the database: every write reaches it through ``sync``, a
crash repeats work but never loses or doubles it, a rebuild swaps in a new generation
that every process follows, and an index that does not match its database is rebuilt."""

from __future__ import annotations

import contextlib
import io
import threading

import pytest
import tantivy
from django.db import connection, transaction

from s2c.core import search
from s2c.core.search import engine
from s2c.core.search.models import SearchChange, SearchDocument

from .factories import add_doc

pytestmark = pytest.mark.django_db


def _count(handle: engine.Engine, word: str) -> int:
    query = tantivy.Query.term_query(engine.SCHEMA, "title", word)
    return handle.searcher().search(query, 1, count=True).count


def _ids(handle: engine.Engine) -> list[int]:
    """Every document id in the index, once per copy (a doubled document shows twice)."""
    searcher = handle.searcher()
    hits = searcher.search(tantivy.Query.all_query(), 100_000, count=False).hits
    return sorted(searcher.fast_field_values("id", [address for _, address in hits]))


@pytest.fixture
def on_disk(tmp_path, settings):
    """An index on disk, fed only by explicit syncs (as the worker feeds it)."""
    settings.S2C_SEARCH_SYNC_ON_QUERY = False
    return engine.use(tmp_path / "search")


def test_writes_and_removals_reach_the_index_through_sync(test_types, on_disk):
    add_doc("Pajak kendaraan", object_id="a")
    assert on_disk.sync() >= 1  # the first sync fills a new index from the table
    add_doc("Retribusi pasar", object_id="b")
    assert _count(on_disk, "retribusi") == 0  # not yet: the worker has not synced
    assert on_disk.sync() >= 1
    assert _count(on_disk, "retribusi") == 1
    add_doc("Retribusi parkir", object_id="b")  # an update replaces the document
    search.unindex_document(type="test.page", object_id="a")
    assert on_disk.sync() >= 2
    assert (_count(on_disk, "retribusi"), _count(on_disk, "parkir"), _count(on_disk, "pajak")) == (
        1,
        1,
        0,
    )
    if connection.vendor == "sqlite":  # PostgreSQL looks again at running transactions
        assert on_disk.sync() == 0  # nothing left to apply


def test_a_crash_between_commit_and_position_repeats_without_doubling(
    test_types, on_disk, tmp_path, monkeypatch
):
    add_doc("Dokumen awal")
    on_disk.sync()
    for i in range(30):
        add_doc(f"Dokumen {i}", body="arsip")
    # The process dies right after the engine committed, before it noted how far it got.
    real_writer = engine.Engine._writer

    class DyingWriter:
        def __init__(self, writer):
            self.writer = writer

        def __getattr__(self, name):
            return getattr(self.writer, name)

        def commit(self):
            self.writer.commit()
            raise SystemExit(9)

    @contextlib.contextmanager
    def dying(self, index, *args, **kwargs):
        with real_writer(self, index, *args, **kwargs) as writer:
            yield DyingWriter(writer)

    monkeypatch.setattr(engine.Engine, "_writer", dying)
    with pytest.raises(SystemExit):
        on_disk.sync()
    monkeypatch.undo()
    restarted = engine.use(tmp_path / "search")  # a new process on the same folder
    assert restarted.sync() >= 30  # the batch again
    expected = sorted(SearchDocument.objects.values_list("id", flat=True))
    assert _ids(restarted) == expected  # each document exactly once


def test_a_rebuild_swaps_in_a_new_generation_that_other_processes_follow(
    test_types, on_disk, tmp_path
):
    for i in range(5):
        add_doc(f"Arsip {i}")
    on_disk.sync()
    other = engine.Engine(on_disk.root)  # another process reading the same index
    assert _count(other, "arsip") == 5
    before = other.version()
    progress = io.StringIO()
    assert search.rebuild_engine(progress=progress) == 5
    assert "5 documents indexed" in progress.getvalue()
    assert other.version() != before  # it reopens the new generation on its next query
    assert _count(other, "arsip") == 5
    # A write after the rebuild reaches the new generation.
    add_doc("Arsip baru")
    on_disk.sync()
    assert _count(other, "arsip") == 6
    generations = [p.name for p in on_disk.root.iterdir() if p.name.startswith("gen-")]
    assert len(generations) <= 1 + engine.KEEP_GENERATIONS


def test_the_progress_bar_reports_every_tenth_off_a_terminal(test_types, on_disk):
    for i in range(20):
        add_doc(f"Arsip {i}")
    progress = io.StringIO()
    on_disk.rebuild(progress=progress)
    lines = progress.getvalue().splitlines()
    assert len(lines) == 11  # 10%, 20%, ... 100%, then the summary
    assert "20/20 documents" in lines[-2] and "100.0%" in lines[-2]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_an_index_ahead_of_its_database_is_rebuilt(test_types, on_disk):
    add_doc("Arsip lama")
    on_disk.sync()
    # Another database (or one restored from a backup) behind the index's position.
    SearchChange.objects.all().delete()
    SearchDocument.objects.all().delete()
    add_doc("Arsip baru")
    on_disk._write_position(10_000)
    assert on_disk.sync() == 1
    assert (_count(on_disk, "lama"), _count(on_disk, "baru")) == (0, 1)


def test_an_index_left_behind_by_the_housekeeping_is_rebuilt(test_types, on_disk, settings):
    add_doc("Arsip lama")
    on_disk.sync()
    before = on_disk.version()
    add_doc("Arsip baru")
    add_doc("Arsip terbaru")
    if connection.vendor == "sqlite":
        # The housekeeping removed changes this index never applied.
        last = SearchChange.objects.order_by("id").last().id
        SearchChange.objects.filter(id__lt=last).delete()
    else:
        settings.S2C_SEARCH_CHANGES_KEEP_HOURS = 0  # it was not synced for too long
    on_disk.sync()
    assert on_disk.version()[0] != before[0]  # a new generation
    assert _count(on_disk, "arsip") == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_transaction_committing_after_a_younger_one_is_not_lost(test_types, settings):
    """PostgreSQL commits out of id order: the older transaction's change has a lower id
    than one the index already applied, and must still reach it."""
    settings.S2C_SEARCH_SYNC_ON_QUERY = False
    handle = engine.use(None)
    add_doc("Arsip pertama")
    handle.sync()
    written, release = threading.Event(), threading.Event()

    def slow_writer():
        try:
            with transaction.atomic():
                add_doc("Lambat")  # no word in common: new words lock their vocabulary row
                written.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert written.wait(30)
    add_doc("Cepat")  # a younger transaction, committed first
    handle.sync()
    assert (_count(handle, "cepat"), _count(handle, "lambat")) == (1, 0)
    release.set()
    thread.join(30)
    handle.sync()
    assert (_count(handle, "cepat"), _count(handle, "lambat")) == (1, 1)
    handle.sync()
    assert len(_ids(handle)) == 3
