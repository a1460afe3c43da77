"""SQLite FTS5: the ``search_fts`` table holds each word followed by its Sastrawi stem, so a
query term ("word" OR "stem") finds inflected forms while whole-word matches rank higher.
User text reaches FTS5 only as quoted terms built from folded letters and digits, and the
MATCH expression is always a bound parameter. The column ``kind`` holds one word naming
the document's type (``kind_token``): rank weight 0, and no query word can match it.

Queries are driven by the FTS index, newest document first (FTS5 walks its doclists
backwards without sorting), joined to the visible documents, and stop at ``limit``: the
work is bounded however common the words are."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .. import text
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
        self,
        visible: QuerySet,
        terms: list[Term],
        mode: str,
        limit: int,
        type_keys: list[str] | None = None,
    ) -> list[Candidate]:
        if type_keys is not None and not type_keys:
            return []
        one, inner_params = _joined(
            visible,
            "search_fts.rowid, search_fts.rank, visible.type, visible.agency_id, visible.region_id",
            "ORDER BY search_fts.rowid DESC LIMIT %s",
        )
        if type_keys is None:
            sql, params = one, [*inner_params, match_expression(terms, mode), limit]
        else:
            # One walk of the index per type (its kind word), in one statement.
            sql = " UNION ALL ".join([f"SELECT * FROM ({one})"] * len(type_keys))
            params = []
            for type_key in type_keys:
                params += [*inner_params, match_expression(terms, mode, type_key), limit]
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
