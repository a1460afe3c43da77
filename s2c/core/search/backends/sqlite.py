"""SQLite FTS5: the ``search_fts`` table holds each word followed by its Sastrawi stem, so a
query term ("word" OR "stem") finds inflected forms while whole-word matches rank higher.
User text reaches FTS5 only as quoted terms built from folded letters and digits, and the
MATCH expression is always a bound parameter. The column ``kind`` holds one word naming
the document's type (``kind_token``): rank weight 0, and no query word can match it.

Queries are driven by the FTS index, newest document first (FTS5 walks its doclists
backwards without sorting), joined to the visible documents, and stop at ``limit``: the
work is bounded however common the words are."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, QuerySet

from .. import text
from ..models import SearchDocument
from ..text import Term
from .base import ALL, Backend, Candidate, FulltextRow


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def kind_token(type_key: str) -> str:
    """The word of the ``kind`` column for a type: "#" (a word character of this table
    only) and its key's UTF-8 bytes in hex, as migration 0003 wrote it."""
    return "#" + type_key.encode().hex()


def match_expression(terms: list[Term], mode: str, type_key: str | None = None) -> str:
    """The MATCH expression: the terms in the text columns, and with ``type_key`` only
    documents of that type."""
    parts = []
    for term in terms:
        if term.prefix:
            parts.append(_quote(term.word) + "*")
        elif term.stem != term.word:
            parts.append(f"({_quote(term.word)} OR {_quote(term.stem)})")
        else:
            parts.append(_quote(term.word))
    words = (" AND " if mode == ALL else " OR ").join(parts)
    if type_key is None:
        return words
    return f"({words}) AND kind : {_quote(kind_token(type_key))}"


def _joined(visible: QuerySet, columns: str, tail: str) -> tuple[str, list]:
    """SQL matching the visible documents, its parameters before the MATCH expression's
    (the caller appends that and any in ``tail``)."""
    inner_sql, inner_params = (
        visible.order_by().values("id", "type", "agency_id", "region_id").query.sql_with_params()
    )
    sql = (
        # CROSS JOIN keeps the FTS index as the outer loop (SQLite never reorders it).
        f"SELECT {columns} FROM search_fts "
        f"CROSS JOIN ({inner_sql}) AS visible ON visible.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s {tail}"
    )
    return sql, list(inner_params)


class SqliteBackend(Backend):
    def write(self, rows: list[FulltextRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            ids = [r.id for r in rows]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
            cursor.executemany(
                "INSERT INTO search_fts(rowid, title, keywords, summary, body, kind) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        r.id,
                        text.expand(r.title),
                        text.expand(r.keywords),
                        text.expand(r.summary),
                        text.expand(r.body),
                        kind_token(r.type),
                    )
                    for r in rows
                ],
            )

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")

    def candidates(
        self, visible: QuerySet, terms: list[Term], mode: str, limit: int, type_keys: list[str]
    ) -> list[Candidate]:
        if not type_keys:
            return []
        one, inner_params = _joined(
            visible,
            "search_fts.rowid, search_fts.rank, visible.type, visible.agency_id, visible.region_id",
            "AND visible.type = %s ORDER BY search_fts.rowid DESC LIMIT %s",
        )
        # One walk of the index per type, newest first, in one statement. The kind word
        # takes the walk straight to a type's documents; the type holding most of the
        # index goes without it (intersecting its long list costs more than skipping the
        # few other documents among the matches).
        common = _common_type()
        sql = " UNION ALL ".join([f"SELECT * FROM ({one})"] * len(type_keys))
        params: list = []
        for type_key in type_keys:
            expression = match_expression(terms, mode, None if type_key == common else type_key)
            params += [*inner_params, expression, type_key, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # bm25 is negative, better matches lower: the score is its opposite.
            rows = cursor.fetchall()
        return [Candidate(pk, -rank, t, a, r) for pk, rank, t, a, r in rows]

    def count(self, visible: QuerySet, terms: list[Term], mode: str, limit: int) -> int:
        sql, params = _joined(visible, "1", "LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM ({sql})", [*params, match_expression(terms, mode), limit]
            )
            return cursor.fetchone()[0]


_COMMON_TYPE_KEY = "search:sqlite:common-type"
_COMMON_TYPE_SECONDS = 600


def _common_type() -> str | None:
    """The type holding more than half of the index, if any (counted at most every 10
    minutes: a type's share changes slowly, and either answer gives the same results)."""
    found = cache.get(_COMMON_TYPE_KEY)
    if found is None:
        counts = dict(
            SearchDocument.objects.order_by()
            .values_list("type")
            .annotate(n=Count("id"))
            .values_list("type", "n")
        )
        total = sum(counts.values())
        found = next((t for t, n in counts.items() if 2 * n > total), "")
        cache.set(_COMMON_TYPE_KEY, found, _COMMON_TYPE_SECONDS)
    return found or None
