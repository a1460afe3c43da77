"""Raw engine comparison for issue 13: the corpus of corpus.py loaded straight into each
candidate engine (not through S2C), then never-asked AND questions, top-10 + exact count,
only what a public visitor may see, with 1 client and with 8 concurrent client processes.

    PY=/work/main/.venv/bin/python
    $PY bench/search_archive/engines.py --engine tantivy --scale 1        # full corpus
    $PY bench/search_archive/engines.py --engine fts5 --scale 0.1         # 10%
    $PY bench/search_archive/engines.py --engine pg-gin,pg-rum --scale 0.1
    $PY bench/search_archive/engines.py --engine tantivy --scale 1 --reuse   # queries only

Engines:
- ``tantivy``: the ``tantivy`` package; fields title/keywords/summary/body tokenised on
  whitespace, holding each folded word followed by its stem (S2C's ``text.expand``), BM25
  with boosts 10/5/2/1; visibility/type/agency/region indexed fast u64 fields; the
  visibility filter a zero-scored MUST clause of the query.
- ``fts5``: SQLite FTS5 as migration 0002 lays it out (unicode61, prefix 2 3 4, bm25 weights
  10,5,2,1) beside a documents table; top-10 ``ORDER BY rank`` over every match + count.
- ``pg-gin`` / ``pg-rum``: PostgreSQL 15, a weighted tsvector ('simple' configuration over
  the same expanded text, weights A-D for title..body) as a stored generated column;
  ``pg-gin``: GIN index, ``ORDER BY ts_rank`` + count; ``pg-rum``: RUM index
  (rum_tsvector_ops), ``ORDER BY vec <=> query`` + count. A throwaway cluster is started
  under --workdir (port 55439) and stopped at the end (``--keep-pg`` leaves it running).

A question's words each match the word or its stem (AND between words); a quoted phrase
matches the expanded phrase's tokens consecutively (so it matches the original words in
sequence); a typed last word is a prefix; filters restrict type/agency/region. Typos are
searched as typed (the engines here do no correction: such questions mostly find nothing).

Everything lands under --workdir (default /tmp/s2c-search-archive), one folder per engine
and scale. Each engine's build runs in a child process (its peak RSS is that child's);
PostgreSQL's is the building backend's VmHWM (which counts shared buffers it touched).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import corpus as corpus_mod  # noqa: E402

KIND_IDS = {k: i for i, k in enumerate(corpus_mod.KINDS)}
VIS_IDS = {"public": 0, "agency": 1, "staff": 2}
FIELDS = ("title", "keywords", "summary", "body")
BOOSTS = {"title": 10.0, "keywords": 5.0, "summary": 2.0, "body": 1.0}
PG_PORT = 55439
PG_BIN = Path("/usr/lib/postgresql/15/bin")


# --- analysis: S2C's text.expand, memoised per word ---------------------------------------

try:  # plain Python, importable without Django settings
    from s2c.core.search import text as s2c_text

    ANALYSER = "s2c.core.search.text (Sastrawi stems)"
except Exception as exc:  # pragma: no cover - fallback only
    s2c_text = None
    ANALYSER = f"lowercase split ({exc.__class__.__name__})"

_WORD_RE = re.compile(r"[^\W_]+")
_EXPANDED: dict[str, str] = {}


def expand_word(w: str) -> str:
    e = _EXPANDED.get(w)
    if e is None:
        e = s2c_text.expand(w) if s2c_text else w
        _EXPANDED[w] = e
    return e


def expand(text: str) -> str:
    """S2C's ``text.expand`` (each folded word followed by its stem when different); the
    corpus is ASCII, so folding is ``lower()``, and each word's expansion is memoised."""
    return " ".join([expand_word(w[:40]) for w in _WORD_RE.findall(text.lower())])


def stem(w: str) -> str:
    return s2c_text.stem(w) if s2c_text else w


def clauses(question: dict) -> list[tuple]:
    """("word", word, stem) | ("phrase", [expanded tokens]) | ("prefix", p) clauses, AND-ed."""
    out: list[tuple] = []
    for w in question["words"]:
        for part in _WORD_RE.findall(w.lower()):
            out.append(("word", part, stem(part)))
    if question.get("phrase"):
        tokens = expand(" ".join(question["phrase"])).split()
        out.append(("phrase", tokens) if len(tokens) > 1 else ("word", tokens[0], tokens[0]))
    if question.get("prefix"):
        out.append(("prefix", question["prefix"].lower()))
    return out


def rows(corpus: corpus_mod.Corpus, scale: float):
    """(id, kind id, visibility id, agency, region, year, expanded title..body)."""
    for d in corpus.documents(scale):
        kind = d["type"]
        yield (
            corpus_mod.BASE[kind] + int(d["object_id"][1:]),
            KIND_IDS[kind],
            VIS_IDS[d["visibility"]],
            d["agency"],
            d["region"],
            d["year"],
            expand(d["title"]),
            expand(d["keywords"]),
            expand(d["summary"]),
            expand(d["body"]),
        )


def doc_id(kind: str, object_id: str) -> int:
    return corpus_mod.BASE[kind] + int(object_id[1:])


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- Tantivy ------------------------------------------------------------------------------


class Tantivy:
    name = "tantivy"

    def __init__(self, workdir: Path, scale: float):
        self.dir = workdir / f"tantivy-{scale:g}"

    def _schema(self):
        import tantivy

        b = tantivy.SchemaBuilder()
        b.add_unsigned_field("id", stored=True, fast=True)
        for f in FIELDS:
            b.add_text_field(f, stored=False, tokenizer_name="whitespace", index_option="position")
        for f in ("kind", "visibility", "agency", "region", "year"):
            b.add_unsigned_field(f, indexed=True, fast=True)
        return b.build()

    def exists(self) -> bool:
        return (self.dir / "meta.json").exists()

    def build(self, corpus, scale, progress) -> dict:
        import tantivy

        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        index = tantivy.Index(self._schema(), path=str(self.dir))
        writer = index.writer(heap_size=128_000_000, num_threads=1)
        n = 0
        for r in rows(corpus, scale):
            doc = tantivy.Document()
            for j, f in enumerate(("id", "kind", "visibility", "agency", "region", "year")):
                doc.add_unsigned(f, r[j])
            for j, f in enumerate(FIELDS):
                doc.add_text(f, r[6 + j])
            writer.add_document(doc)
            n += 1
            if n % 100_000 == 0:
                progress(n)
        writer.commit()
        writer.wait_merging_threads()
        return {"docs": n}

    def open(self):
        import tantivy

        self.index = tantivy.Index.open(str(self.dir))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.T = tantivy

    def _fields_query(self, make):
        Q, Occur = self.T.Query, self.T.Occur
        return Q.boolean_query([(Occur.Should, Q.boost_query(make(f), BOOSTS[f])) for f in FIELDS])

    def query(self, question: dict):
        Q, Occur = self.T.Query, self.T.Occur
        s = self.schema
        must = []
        for c in clauses(question):
            if c[0] == "word":
                _, w, st = c
                subs = [
                    (Occur.Should, Q.boost_query(Q.term_query(s, f, w), BOOSTS[f])) for f in FIELDS
                ]
                if st != w:
                    subs += [
                        (Occur.Should, Q.boost_query(Q.term_query(s, f, st), BOOSTS[f]))
                        for f in FIELDS
                    ]
                must.append((Occur.Must, Q.boolean_query(subs)))
            elif c[0] == "phrase":
                must.append(
                    (Occur.Must, self._fields_query(lambda f, t=c[1]: Q.phrase_query(s, f, t)))
                )
            else:
                pattern = re.escape(c[1]) + ".*"
                must.append(
                    (Occur.Must, self._fields_query(lambda f, p=pattern: Q.regex_query(s, f, p)))
                )
        if not must:
            return None
        must.append((Occur.Must, Q.const_score_query(Q.term_query(s, "visibility", 0), 0.0)))
        for field, key in (("kind", "types"), ("agency", "agency_ids"), ("region", "region_ids")):
            values = question.get(key)
            if values:
                values = [KIND_IDS[v] for v in values] if key == "types" else values
                must.append(
                    (Occur.Must, Q.const_score_query(Q.term_set_query(s, field, values), 0.0))
                )
        return Q.boolean_query(must)

    def search(self, question: dict):
        q = self.query(question)
        if q is None:
            return [], 0
        res = self.searcher.search(q, 10, count=True)
        ids = [self.searcher.doc(addr)["id"][0] for _, addr in res.hits]
        return ids, res.count


# --- SQLite FTS5 ---------------------------------------------------------------------------


def fts_match(question: dict) -> str | None:
    parts = []
    for c in clauses(question):
        if c[0] == "word":
            _, w, st = c
            parts.append(f'("{w}" OR "{st}")' if st != w else f'"{w}"')
        elif c[0] == "phrase":
            parts.append('"' + " ".join(c[1]) + '"')
        else:
            parts.append(f'"{c[1]}"*')
    return " AND ".join(parts) if parts else None


class FTS5:
    name = "fts5"

    def __init__(self, workdir: Path, scale: float):
        self.dir = workdir / f"fts5-{scale:g}"
        self.path = self.dir / "db.sqlite3"

    def exists(self) -> bool:
        return (self.dir / "done").exists()

    def build(self, corpus, scale, progress) -> dict:
        import sqlite3

        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        db = sqlite3.connect(self.path)
        db.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;
            CREATE TABLE docs (id INTEGER PRIMARY KEY, kind INT, visibility INT,
                               agency INT, region INT, year INT);
            CREATE VIRTUAL TABLE fts USING fts5(title, keywords, summary, body,
                tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
            INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(10.0, 5.0, 2.0, 1.0)');
            """
        )
        n = 0
        batch = []
        for r in rows(corpus, scale):
            batch.append(r)
            n += 1
            if len(batch) == 5000:
                self._write(db, batch)
                batch = []
                if n % 100_000 == 0:
                    progress(n)
        self._write(db, batch)
        t0 = time.perf_counter()
        db.execute("INSERT INTO fts(fts) VALUES('optimize')")
        db.commit()
        db.execute("ANALYZE")
        db.commit()
        db.close()
        (self.dir / "done").touch()
        return {"docs": n, "optimize_s": round(time.perf_counter() - t0, 1)}

    @staticmethod
    def _write(db, batch):
        db.execute("BEGIN")
        db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?)", [r[:6] for r in batch])
        db.executemany(
            "INSERT INTO fts(rowid, title, keywords, summary, body) VALUES (?,?,?,?,?)",
            [(r[0], *r[6:]) for r in batch],
        )
        db.execute("COMMIT")

    def open(self):
        import sqlite3

        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        self.db.execute("PRAGMA cache_size=-20000")  # as s2c/settings.py

    def search(self, question: dict):
        match = fts_match(question)
        if match is None:
            return [], 0
        where = "fts MATCH ? AND d.visibility = 0"
        params: list = [match]
        for col, key in (("kind", "types"), ("agency", "agency_ids"), ("region", "region_ids")):
            values = question.get(key)
            if values:
                values = [KIND_IDS[v] for v in values] if key == "types" else values
                where += f" AND d.{col} IN ({','.join('?' * len(values))})"
                params += values
        base = f"FROM fts JOIN docs d ON d.id = fts.rowid WHERE {where}"
        ids = [
            r[0] for r in self.db.execute(f"SELECT d.id {base} ORDER BY fts.rank LIMIT 10", params)
        ]
        count = self.db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
        return ids, count


# --- PostgreSQL (GIN / RUM) ----------------------------------------------------------------


def pg_tsquery(question: dict) -> str | None:
    parts = []
    for c in clauses(question):  # tokens are [^\W_]+ after lower(): no tsquery syntax inside
        if c[0] == "word":
            _, w, st = c
            parts.append(f"('{w}' | '{st}')" if st != w else f"'{w}'")
        elif c[0] == "phrase":
            parts.append("(" + " <-> ".join(f"'{t}'" for t in c[1]) + ")")
        else:
            parts.append(f"'{c[1]}':*")
    return " & ".join(parts) if parts else None


class Postgres:
    """One cluster under workdir/pg; one table per scale; the index kind per engine."""

    def __init__(self, workdir: Path, scale: float, kind: str):
        self.name = f"pg-{kind}"
        self.kind = kind
        self.pgdir = workdir / "pg"
        self.table = f"docs_{str(scale).replace('.', '_')}"
        self.scale = scale

    # cluster ------------------------------------------------------------------------------

    def dsn(self) -> str:
        return f"host={self.pgdir} port={PG_PORT} user=postgres dbname=postgres"

    def start(self) -> None:
        data = self.pgdir / "data"
        if not (data / "PG_VERSION").exists():
            self.pgdir.mkdir(parents=True, exist_ok=True)
            shutil.chown(self.pgdir, "postgres", "postgres")
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if (
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "status",
                ],
                stdout=subprocess.DEVNULL,
            ).returncode
            == 0
        ):
            return
        opts = (
            f"-p {PG_PORT} -k {self.pgdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c shared_buffers=1GB -c work_mem=32MB -c maintenance_work_mem=512MB "
            "-c effective_cache_size=8GB -c jit=off -c max_connections=40"
        )
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-l",
                str(self.pgdir / "log"),
                "-o",
                opts,
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        data = self.pgdir / "data"
        if (data / "PG_VERSION").exists():
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "-m",
                    "fast",
                    "stop",
                ],
                stdout=subprocess.DEVNULL,
            )

    def connect(self):
        import psycopg

        return psycopg.connect(self.dsn(), autocommit=True)

    # build --------------------------------------------------------------------------------

    def exists(self) -> bool:
        try:
            with self.connect() as c:
                return bool(
                    c.execute(
                        "SELECT 1 FROM pg_indexes WHERE indexname = %s",
                        (f"{self.table}_{self.kind}",),
                    ).fetchone()
                )
        except Exception:
            return False

    def table_exists(self, c) -> bool:
        row = (
            c.execute("SELECT obj_description(%s::regclass)", (self.table,)).fetchone()
            if c.execute("SELECT to_regclass(%s)", (self.table,)).fetchone()[0]
            else None
        )
        return bool(row and row[0] == "loaded")

    def build(self, corpus, scale, progress) -> dict:
        out: dict = {}
        with self.connect() as c:
            pid = c.execute("SELECT pg_backend_pid()").fetchone()[0]
            c.execute("CREATE EXTENSION IF NOT EXISTS rum")
            if not self.table_exists(c):
                t0 = time.perf_counter()
                c.execute(f"DROP TABLE IF EXISTS {self.table}")
                c.execute(
                    f"""CREATE TABLE {self.table} (
                        id int PRIMARY KEY, kind smallint, visibility smallint,
                        agency smallint, region smallint, year smallint,
                        title text, keywords text, summary text, body text,
                        vec tsvector GENERATED ALWAYS AS (
                            setweight(to_tsvector('simple', title), 'A') ||
                            setweight(to_tsvector('simple', keywords), 'B') ||
                            setweight(to_tsvector('simple', summary), 'C') ||
                            setweight(to_tsvector('simple', body), 'D')) STORED
                    ) WITH (toast_tuple_target = 128)"""
                )
                n = 0
                with c.cursor().copy(
                    f"COPY {self.table} (id, kind, visibility, agency, region, year, "
                    "title, keywords, summary, body) FROM STDIN"
                ) as copy:
                    for r in rows(corpus, scale):
                        copy.write_row(r)
                        n += 1
                        if n % 100_000 == 0:
                            progress(n)
                c.execute(f"ANALYZE {self.table}")
                c.execute(f"COMMENT ON TABLE {self.table} IS 'loaded'")
                out["load_s"] = round(time.perf_counter() - t0, 1)
                out["docs"] = n
            for other in ("gin", "rum"):  # one full-text index at a time: the planner's choice
                c.execute(f"DROP INDEX IF EXISTS {self.table}_{other}")
            t0 = time.perf_counter()
            using = "GIN (vec)" if self.kind == "gin" else "rum (vec rum_tsvector_ops)"
            c.execute(f"CREATE INDEX {self.table}_{self.kind} ON {self.table} USING {using}")
            c.execute(f"ANALYZE {self.table}")
            out["index_s"] = round(time.perf_counter() - t0, 1)
            out["backend_vmhwm_kb"] = _vmhwm(pid)
            out["table_bytes"] = c.execute("SELECT pg_table_size(%s)", (self.table,)).fetchone()[0]
            out["index_bytes"] = c.execute(
                "SELECT pg_relation_size(%s)", (f"{self.table}_{self.kind}",)
            ).fetchone()[0]
        return out

    def open(self):
        self.conn = self.connect()

    def search(self, question: dict):
        tsq = pg_tsquery(question)
        if tsq is None:
            return [], 0
        where = "vec @@ q AND visibility = 0"
        params: list = []
        for col, key in (("kind", "types"), ("agency", "agency_ids"), ("region", "region_ids")):
            values = question.get(key)
            if values:
                values = [KIND_IDS[v] for v in values] if key == "types" else values
                where += f" AND {col} = ANY(%s)"
                params.append(values)
        src = f"FROM {self.table}, to_tsquery('simple', %s) q WHERE {where}"
        order = "ts_rank(vec, q, 0) DESC" if self.kind == "gin" else "vec <=> q"
        ids = [
            r[0]
            for r in self.conn.execute(f"SELECT id {src} ORDER BY {order} LIMIT 10", [tsq, *params])
        ]
        count = self.conn.execute(f"SELECT count(*) {src}", [tsq, *params]).fetchone()[0]
        return ids, count


def _vmhwm(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def make_engine(name: str, workdir: Path, scale: float):
    if name == "tantivy":
        return Tantivy(workdir, scale)
    if name == "fts5":
        return FTS5(workdir, scale)
    if name in ("pg-gin", "pg-rum"):
        return Postgres(workdir, scale, name[3:])
    raise SystemExit(f"unknown engine {name}")


# --- child processes -----------------------------------------------------------------------


def _build_child(name, workdir, scale, seed, out):
    engine = make_engine(name, Path(workdir), scale)
    corpus = corpus_mod.Corpus(seed)
    # Stems of the vocabulary, computed once (Sastrawi takes ~0.1-1 ms a new word) and kept:
    # the build time is the engine's plus generating the corpus, not stemming 50,000 words.
    cache = Path(workdir) / f"expanded-{seed}.json"
    if cache.exists():
        _EXPANDED.update(json.loads(cache.read_text()))
    else:
        for w in corpus.words:
            expand_word(w)
    t0 = time.perf_counter()

    def progress(n):
        print(f"  [{name}] {n:,} documents, {time.perf_counter() - t0:.0f} s", flush=True)

    info = engine.build(corpus, scale, progress)
    info["build_s"] = round(time.perf_counter() - t0, 1)
    if not cache.exists():
        cache.write_text(json.dumps(_EXPANDED))
    info["client_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.put(info)


def _query_child(name, workdir, scale, questions, warmup, barrier, out):
    engine = make_engine(name, Path(workdir), scale)
    engine.open()
    for q in warmup:
        engine.search(q)
    barrier.wait()
    times, counts = [], []
    for q in questions:
        t0 = time.perf_counter()
        _, count = engine.search(q)
        times.append((time.perf_counter() - t0) * 1000)
        counts.append(count)
    out.put((times, counts))


def run_clients(name, workdir, scale, questions, clients, warmup):
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(clients)
    out = ctx.Queue()
    chunks = [questions[i::clients] for i in range(clients)]
    procs = [
        ctx.Process(
            target=_query_child, args=(name, str(workdir), scale, chunks[i], warmup, barrier, out)
        )
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    times, counts = [], []
    for _ in procs:
        t, c = _get(out, *procs)
        times += t
        counts += c
    for p in procs:
        p.join()
    return times, counts


def _get(queue, *procs):
    """The next result, or exit if a child died without one."""
    import queue as queue_mod

    while True:
        try:
            return queue.get(timeout=2)
        except queue_mod.Empty:
            if any(p.exitcode not in (None, 0) for p in procs):
                for p in procs:
                    p.kill()
                raise SystemExit("a child process failed (see above)") from None


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def planted_ranks(engine, corpus) -> list[str]:
    engine.open()
    out = []
    for q, kind, oid in corpus.planted_questions:
        question = {"q": q, "words": q.split(), "phrase": None, "prefix": None}
        ids, count = engine.search(question)
        want = doc_id(kind, oid)
        rank = ids.index(want) + 1 if want in ids else None
        out.append(f"'{q}' -> {oid} rank {rank} of {count} matches")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="tantivy", help="tantivy,fts5,pg-gin,pg-rum")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workdir", default="/tmp/s2c-search-archive")
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--qseed", type=int, default=None, help="question seed (default: fresh)")
    parser.add_argument("--seed", type=int, default=corpus_mod.SEED, help="corpus seed")
    parser.add_argument("--reuse", action="store_true", help="keep an existing index")
    parser.add_argument("--keep-pg", action="store_true", help="leave PostgreSQL running")
    parser.add_argument("--json", default=None, help="append the figures to this JSON-lines file")
    args = parser.parse_args()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = corpus_mod.Corpus(args.seed)
    qseed = args.qseed if args.qseed is not None else random.SystemRandom().randrange(1 << 30)
    qrng = random.Random(qseed)
    warmup = corpus.questions(qrng, 20, args.scale)
    single = corpus.questions(qrng, args.questions, args.scale)
    multi = corpus.questions(qrng, args.questions, args.scale)
    ctx = mp.get_context("spawn")
    names = args.engine.split(",")
    started_pg = False
    try:
        for name in names:
            engine = make_engine(name, workdir, args.scale)
            if isinstance(engine, Postgres):
                engine.start()
                started_pg = True
            print(
                f"== {name} at scale {args.scale:g} ({corpus.count(args.scale):,} documents); "
                f"analyser {ANALYSER}; question seed {qseed}",
                flush=True,
            )
            info: dict = {}
            if not (args.reuse and engine.exists()):
                out = ctx.Queue()
                p = ctx.Process(
                    target=_build_child, args=(name, str(workdir), args.scale, args.seed, out)
                )
                p.start()
                info = _get(out, p)
                p.join()
            if isinstance(engine, Postgres):
                size = None
            else:
                size = du(engine.dir)
            line = {
                "engine": name,
                "scale": args.scale,
                "docs": corpus.count(args.scale),
                "qseed": qseed,
                **info,
            }
            if size is not None:
                line["size_bytes"] = size
            print("  build:", json.dumps(info), flush=True)
            for label, qs, clients in (
                ("1 client", single, 1),
                (f"{args.clients} clients", multi, args.clients),
            ):
                t0 = time.perf_counter()
                times, counts = run_clients(name, workdir, args.scale, qs, clients, warmup)
                wall = time.perf_counter() - t0
                fig = {
                    "p50": round(pct(times, 50), 2),
                    "p95": round(pct(times, 95), 2),
                    "p99": round(pct(times, 99), 2),
                    "max": round(max(times), 1),
                    "median_count": statistics.median(counts),
                    "max_count": max(counts),
                    "zero": sum(1 for c in counts if c == 0),
                }
                line[label] = fig
                print(f"  {label}: {json.dumps(fig)} ({wall:.0f} s wall)", flush=True)
            ranks = planted_ranks(engine, corpus)
            line["planted"] = ranks
            for r in ranks:
                print("  planted:", r, flush=True)
            line["load"] = os.getloadavg()
            line["nproc"] = os.cpu_count()
            if args.json:
                with open(args.json, "a") as f:
                    f.write(json.dumps(line) + "\n")
    finally:
        if started_pg and not args.keep_pg:
            Postgres(workdir, args.scale, "gin").stop()


if __name__ == "__main__":
    main()
