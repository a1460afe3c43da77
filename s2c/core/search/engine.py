"""The search engine: a Tantivy index (BM25 over every match, block-max WAND top-k,
aggregations for facets) fed from the database, which stays the source of truth.

Layout. ``S2C_SEARCH_DIR/schema-<N>`` holds generations of the index (``gen-<time>``) and
a symlink ``current`` to the one in use (a release that changes the schema starts a new
``schema-<N>`` folder and builds its index there on first use). A rebuild writes a new
generation beside the old one and swaps the symlink; every process notices the swap on
its next query and opens the new one. In tests (``S2C_SEARCH_DIR`` empty) each process
keeps its index in memory.

Feeding. Every write of ``SearchDocument`` rows records their ids in ``SearchChange`` in the
same transaction (see ``indexing``). ``sync()`` applies the recorded changes to the index:
it reads the current rows for those ids, replaces their documents (delete by id, add),
commits, and only then records how far it got (``position.json`` in the generation). A
crash anywhere repeats work, never loses it: replacing a document twice gives the same
index. How far it got:

- SQLite: the last change id applied. SQLite has one writer at a time, so change ids
  are committed in order.
- PostgreSQL: transactions commit out of id order, so the position is a transaction id:
  every change row carries the id of the transaction that wrote it (``txid``), and after
  a pass the position becomes the oldest transaction still running when the pass began
  (``pg_snapshot_xmin``). Every transaction older than that has finished, and its rows
  were seen; rows of younger ones are looked at again next time (skipped when already
  applied by this process).

Each index generation has its own position, so several machines can each keep their own
index fed from the one database (docs/search.md).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import itertools
import json
import logging
import os
import shutil
import threading
import time
import zlib
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings
from django.db import connection
from django.utils import timezone

from s2c.core.progress import Progress

from . import text

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "keywords", "summary", "body")
# Field weights of the BM25 score: title > keywords > summary > body.
BOOSTS = {"title": 10.0, "keywords": 5.0, "summary": 2.0, "body": 1.0}
TOKENIZER = "s2c"  # whitespace: the words are S2C's own analysis (``text.expand``)
SYNC_BATCH = 2_000  # changes applied per commit
READ_CHUNK = 500  # documents read from the database per statement
WRITER_HEAP = 64_000_000
REBUILD_HEAP = 256_000_000
REBUILD_COMMIT_EVERY = 200_000
KEEP_GENERATIONS = 1  # old generations kept after a swap (besides the current one)
NONE = 0  # agency/region of a document without one


# Bumped with every change of the schema below: each version keeps its indexes in a folder
# of its own (``schema-N``), so a new release builds a new index instead of misreading one.
SCHEMA_VERSION = 2


def kind_number(type_key: str) -> int:
    """A document type as a number (the ``kind`` fast field: a hit's type without reading
    the document)."""
    return zlib.crc32(type_key.encode())


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # i64, not u64: tantivy-py deletes by term only on signed fields.
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_text_field("type", tokenizer_name="raw", fast=True)
    builder.add_integer_field("kind", fast=True)
    builder.add_text_field("visibility", tokenizer_name="raw")
    builder.add_integer_field("agency", indexed=True, fast=True)
    builder.add_integer_field("region", indexed=True, fast=True)
    for field in TEXT_FIELDS:
        builder.add_text_field(field, tokenizer_name=TOKENIZER, index_option="position")
    return builder.build()


SCHEMA = build_schema()


def _analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def make_document(row: dict[str, Any]) -> tantivy.Document:
    """One SearchDocument row (id, type, visibility, agency_id, region_id and the texts)
    as the engine indexes it: both languages, each word followed by its stem."""
    doc = tantivy.Document()
    doc.add_integer("id", int(row["id"]))
    doc.add_text("type", row["type"])
    doc.add_integer("kind", kind_number(row["type"]))
    doc.add_text("visibility", row["visibility"])
    doc.add_integer("agency", row["agency_id"] or NONE)
    doc.add_integer("region", row["region_id"] or NONE)
    doc.add_text("title", text.expand(_both(row["title"], row["title_en"])))
    doc.add_text("keywords", text.expand(row["keywords"]))
    doc.add_text("summary", text.expand(_both(row["summary"], row["summary_en"])))
    doc.add_text("body", text.expand(row["body"]))
    return doc


def _both(value: str, value_en: str) -> str:
    return f"{value}\n{value_en}" if value_en and value_en != value else value


ROW_FIELDS = (
    "id",
    "type",
    "visibility",
    "agency_id",
    "region_id",
    "title",
    "title_en",
    "keywords",
    "summary",
    "summary_en",
    "body",
)


class Busy(Exception):
    """Another process holds the index's writer (it is syncing or rebuilding)."""


_ENGINES = itertools.count(1)


class Engine:
    """One process's handle on the index: a reader that follows commits and swaps, and a
    writer taken for each sync."""

    def __init__(self, root: Path | None):
        self.root = root
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._generation: str | None = None
        self._position: dict[str, Any] | None = None  # in memory when root is None
        self._commits = 0  # in memory: the version
        # This process recorded changes since its last sync (S2C_SEARCH_SYNC_ON_QUERY).
        self.dirty = True
        self._seen: tuple | None = None
        self._token = next(_ENGINES)  # tells this engine's versions from another's
        # PostgreSQL: {change id: txid} applied at or above the position.
        self._applied: dict[int, int] = {}

    # --- opening --------------------------------------------------------------------

    def _current(self) -> Path:
        assert self.root is not None
        return self.root / "current"

    def _open(self) -> tantivy.Index:
        """The index of the current generation, reopened when a rebuild swapped it."""
        if self.root is None:
            if self._index is None:
                self._index = tantivy.Index(SCHEMA)
                self._index.register_tokenizer(TOKENIZER, _analyzer())
            return self._index
        current = self._current()
        try:
            generation = os.readlink(current)
        except FileNotFoundError:
            generation = self._create_first()
        if self._index is None or generation != self._generation:
            index = tantivy.Index(SCHEMA, str(self.root / generation), reuse=True)
            index.register_tokenizer(TOKENIZER, _analyzer())
            self._index, self._generation = index, generation
            self._applied = {}
        return self._index

    def _create_first(self) -> str:
        """No index yet: an empty generation that the next sync fills from the database."""
        assert self.root is not None
        self.root.mkdir(parents=True, exist_ok=True)
        with _file_lock(self.root / ".lock"):
            try:
                return os.readlink(self._current())
            except FileNotFoundError:
                pass
            generation = _new_generation_name()
            (self.root / generation).mkdir()
            index = tantivy.Index(SCHEMA, str(self.root / generation), reuse=False)
            del index
            _point_current(self.root, generation)
            return generation

    def searcher(self) -> tantivy.Searcher:
        """A searcher of the latest commit: reloaded at once when another process
        committed (the reader's own watch may lag by half a second)."""
        with self._lock:
            index = self._open()
            version = self._read_version()
            if version != self._seen:
                index.reload()
                self._seen = version
            return index.searcher()

    def _read_version(self) -> tuple:
        if self.root is None:
            return (self._commits,)
        try:
            meta = (self.root / str(self._generation) / "meta.json").stat()
        except FileNotFoundError:
            return (self._generation, 0, 0)
        return (self._generation, meta.st_mtime_ns, meta.st_ino)

    @property
    def seen(self) -> tuple:
        """The version of the index the last searcher was opened at (this engine's)."""
        return (self._token, self._seen)

    def version(self) -> tuple:
        """Changes with every commit and rebuild: part of the result cache's keys."""
        with self._lock:
            self._open()
            return self._read_version()

    def num_docs(self) -> int:
        return self.searcher().num_docs

    # --- position -------------------------------------------------------------------

    def _position_file(self) -> Path | None:
        if self.root is None or self._generation is None:
            return None
        return self.root / self._generation / "position.json"

    def read_position(self) -> dict[str, Any] | None:
        """{"vendor", "at", "synced_at"}, or None when the index was never filled."""
        if self.root is None:
            return self._position
        path = self._position_file()
        try:
            return json.loads(path.read_text()) if path else None
        except (FileNotFoundError, ValueError):
            return None

    def _write_position(self, at: int) -> None:
        position = {"vendor": connection.vendor, "at": at, "synced_at": timezone.now().isoformat()}
        if self.root is None:
            self._position = position
            return
        path = self._position_file()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(position))
        os.replace(tmp, path)

    # --- writing --------------------------------------------------------------------

    @contextmanager
    def _writer(self, index: tantivy.Index, heap: int = WRITER_HEAP, threads: int = 1):
        """The index's writer (its lock file keeps other processes out), released with
        its merges finished: a writer dropped early leaves many small segments."""
        try:
            writer = index.writer(heap, threads)
        except ValueError as exc:  # the lock file is held by another process
            raise Busy(str(exc)) from exc
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def sync(self, *, limit: int | None = None) -> int:
        """Apply the recorded changes to the index; returns how many documents were
        replaced or removed. An index never filled is rebuilt from the database. Raises
        ``Busy`` when another process holds the writer."""
        with self._lock:
            self.dirty = False
            index = self._open()
            position = self.read_position()
            if position is None or position.get("vendor") != connection.vendor:
                return self._rebuild_in_place(index)
            at = int(position["at"])
            problem = _missed(at, position)
            if problem:
                logger.warning("search: %s; rebuilding the index from the database", problem)
                if self.root is None:
                    return self._rebuild_in_place(index)
                return self.rebuild()
            return self._apply_changes(index, at, limit)

    def _apply_changes(self, index: tantivy.Index, at: int, limit: int | None) -> int:
        sqlite = connection.vendor == "sqlite"
        horizon = 0 if sqlite else _horizon()  # taken before reading: see the docstring
        applied = 0
        after = 0
        complete = False
        with ExitStack() as stack:
            writer = None
            while True:
                batch = _changes(at, after, SYNC_BATCH)
                if not batch:
                    complete = True
                    break
                after = batch[-1][0]
                fresh = batch if sqlite else [c for c in batch if c[0] not in self._applied]
                if fresh:
                    if writer is None:
                        writer = stack.enter_context(self._writer(index))
                    document_ids = sorted({document_id for _, document_id, _ in fresh})
                    _replace(writer, document_ids)
                    writer.commit()
                    applied += len(document_ids)
                if sqlite:
                    at = after
                    self._write_position(at)
                else:
                    self._applied.update({change: txid for change, _, txid in fresh})
                if len(batch) < SYNC_BATCH:
                    complete = True
                    break
                if limit is not None and applied >= limit:
                    break
        if not sqlite and complete:
            # Every transaction older than the horizon has finished and its rows were
            # read: they are never read again. (Written on every pass: ``synced_at``
            # tells how long ago the index caught up.)
            at = max(horizon, at)
            self._write_position(at)
            self._applied = {c: txid for c, txid in self._applied.items() if txid >= at}
        if applied:
            self._commits += 1
            index.reload()
        return applied

    def _rebuild_in_place(self, index: tantivy.Index) -> int:
        """Fill this generation from the whole table (a first start, or in tests)."""
        at = _start_position()
        with self._writer(index, REBUILD_HEAP if self.root else WRITER_HEAP, 0) as writer:
            writer.delete_all_documents()
            count = _add_all(writer, progress=None)
            writer.commit()
        self._applied = {}
        self._write_position(at)
        self._commits += 1
        index.reload()
        return count

    def rebuild(self, *, progress=None) -> int:
        """Build a new generation from the whole SearchDocument table and swap it in;
        changes made meanwhile are applied by the next sync. Returns the document count."""
        if self.root is None:
            with self._lock:
                return self._rebuild_in_place(self._open())
        self.root.mkdir(parents=True, exist_ok=True)
        generation = _new_generation_name()
        path = self.root / generation
        path.mkdir()
        at = _start_position()
        index = tantivy.Index(SCHEMA, str(path), reuse=False)
        index.register_tokenizer(TOKENIZER, _analyzer())
        try:
            with self._writer(index, REBUILD_HEAP, 0) as writer:
                count = _add_all(writer, progress=progress)
                writer.commit()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        position = {"vendor": connection.vendor, "at": at, "synced_at": timezone.now().isoformat()}
        (path / "position.json").write_text(json.dumps(position))
        with _file_lock(self.root / ".lock"):
            _point_current(self.root, generation)
        _drop_old_generations(self.root, keep=generation)
        with self._lock:
            self._open()
        return count

    def status(self) -> dict[str, Any]:
        """For the health report: "behind" when more than 1,000 recorded changes wait,
        "unknown" before the first sync."""
        from .models import SearchChange

        position = self.read_position()
        if position is None:
            return {"status": "unknown", "documents": self.num_docs()}
        at = int(position["at"])
        # SQLite: changes past the last one applied. PostgreSQL: changes of transactions
        # since the position, some of which are applied already (an upper bound).
        past = {"id__gt": at} if connection.vendor == "sqlite" else {"txid__gte": at}
        waiting = SearchChange.objects.filter(**past)[:10_001].count()
        return {
            "status": "ok" if waiting <= 1_000 else "behind",
            "documents": self.num_docs(),
            "waiting": waiting,
            "synced_at": position.get("synced_at"),
        }

    def size_bytes(self) -> int:
        if self.root is None:
            return 0
        with self._lock:
            self._open()
            folder = self.root / (self._generation or "")
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


# --- the database side ------------------------------------------------------------------


def _last_change_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM search_searchchange")
        return cursor.fetchone()[0]


def _missed(at: int, position: dict[str, Any]) -> str | None:
    """Why the recorded changes cannot bring this index up to date, if they cannot."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT MIN(id), MAX(id) FROM search_searchchange")
            first, last = cursor.fetchone()
        if at > (last or 0):
            return "the index is ahead of the database (another database, or a restored one)"
        if first is not None and first > at + 1:
            return "changes it never applied were already removed (it was left behind)"
        return None
    keep = dt.timedelta(hours=getattr(settings, "S2C_SEARCH_CHANGES_KEEP_HOURS", 24))
    synced = dt.datetime.fromisoformat(position.get("synced_at") or "1970-01-01T00:00:00+00:00")
    if timezone.now() - synced > keep:
        # The position moves with every transaction of the database: an index not synced
        # for that long may have missed changes the housekeeping removed since.
        return "it was not synced for longer than the changes are kept"
    return None


def _horizon() -> int:
    """PostgreSQL: the oldest transaction still running (every older one has finished)."""
    if connection.vendor == "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return cursor.fetchone()[0]


def _start_position() -> int:
    """Where a sync continues after a rebuild that starts now."""
    return _last_change_id() if connection.vendor == "sqlite" else _horizon()


def _changes(at: int, after: int, limit: int) -> list[tuple[int, int, int]]:
    """(change id, document id, txid) rows past the position, in id order."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT id, document_id, 0 FROM search_searchchange WHERE id > %s "
                "ORDER BY id LIMIT %s",
                [at, limit],
            )
        else:
            cursor.execute(
                "SELECT id, document_id, txid FROM search_searchchange "
                "WHERE txid >= %s AND id > %s ORDER BY id LIMIT %s",
                [at, after, limit],
            )
        return cursor.fetchall()


def _rows(document_ids: list[int]):
    from .models import SearchDocument

    for i in range(0, len(document_ids), READ_CHUNK):
        yield from SearchDocument.objects.filter(id__in=document_ids[i : i + READ_CHUNK]).values(
            *ROW_FIELDS
        )


def _replace(writer: tantivy.IndexWriter, document_ids: list[int]) -> None:
    for document_id in document_ids:
        writer.delete_documents_by_term("id", document_id)
    for row in _rows(document_ids):
        writer.add_document(make_document(row))


def _add_all(writer: tantivy.IndexWriter, *, progress) -> int:
    from .models import SearchDocument

    total = SearchDocument.objects.count()
    meter = Progress(progress, total)
    count = 0
    rows = SearchDocument.objects.order_by("id").values(*ROW_FIELDS).iterator(chunk_size=READ_CHUNK)
    for row in rows:
        writer.add_document(make_document(row))
        count += 1
        if count % REBUILD_COMMIT_EVERY == 0:
            writer.commit()
        meter.update(count)
    meter.done(count)
    return count


# --- generations ------------------------------------------------------------------------


def _new_generation_name() -> str:
    return f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"


def _point_current(root: Path, generation: str) -> None:
    link = root / f".current-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    os.symlink(generation, link)
    os.replace(link, root / "current")


def _drop_old_generations(root: Path, *, keep: str) -> None:
    """Old generations, oldest first, beyond KEEP_GENERATIONS. Processes still reading
    one keep its open files (Linux frees them on close) and reopen on their next query."""
    old = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith("gen-") and p.name != keep),
        key=lambda p: p.stat().st_mtime,
    )
    for path in old[: max(0, len(old) - KEEP_GENERATIONS)]:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _file_lock(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- the process's engine ---------------------------------------------------------------

_engine: Engine | None = None
_engine_lock = threading.Lock()


def get() -> Engine:
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                folder = getattr(settings, "S2C_SEARCH_DIR", "")
                _engine = Engine(Path(folder) / f"schema-{SCHEMA_VERSION}" if folder else None)
    return _engine


def use(root: Path | None) -> Engine:
    """Switch this process to another index (tests: a fresh one in memory with None)."""
    global _engine
    with _engine_lock:
        _engine = Engine(root / f"schema-{SCHEMA_VERSION}" if root is not None else None)
    return _engine
