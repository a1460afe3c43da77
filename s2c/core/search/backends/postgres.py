"""PostgreSQL full text: ``search_vector`` holds to_tsvector('indonesian', ...) (stems) and
to_tsvector('simple', ...) (whole words) of the folded words, each followed by its stem
(``text.expand``, as on SQLite: a query finds the same documents on both), weighted title (A) >
keywords (B) > summary (C) > body (D), plus the lexeme "#" + the document's type (no
query word can match it: words are letters and digits; ranks leave it out). Queries are
tsquery expressions over bound parameters: a term matches its whole word, its Indonesian
stem or its Sastrawi stem."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, F, QuerySet, Value
from django.db.models.expressions import RawSQL

from .. import text
from ..text import Term
from .base import ALL, Backend, Candidate, FulltextRow

_VECTOR = '"search_searchdocument"."search_vector"'


def _weighted(column: str, weight: str) -> str:
    return (
        f"setweight(to_tsvector('indonesian', v.{column}), '{weight}') || "
        f"setweight(to_tsvector('simple', v.{column}), '{weight}')"
    )


_ROW = "(%s::bigint, %s::text, %s::text, %s::text, %s::text)"
_VECTOR_EXPR = " || ".join(
    [
        *(
            _weighted(column, weight)
            for column, weight in (
                ("title", "A"),
                ("keywords", "B"),
                ("summary", "C"),
                ("body", "D"),
            )
        ),
        "array_to_tsvector(ARRAY['#' || d.type])",  # as migration 0003 wrote it
    ]
)


def tsquery(terms: list[Term], mode: str) -> tuple[str, list[str]]:
    """SQL for a tsquery over ``terms`` with its parameters (no user text in the SQL)."""
    parts: list[str] = []
    params: list[str] = []
    for term in terms:
        if term.prefix:
            parts.append("to_tsquery('simple', quote_literal(%s) || ':*')")
            params.append(term.word)
            continue
        alternatives = [
            "plainto_tsquery('simple', %s)",
            "plainto_tsquery('indonesian', %s)",
        ]
        params += [term.word, term.word]
        if term.stem != term.word:
            alternatives.append("plainto_tsquery('simple', %s)")
            params.append(term.stem)
        parts.append("(" + " || ".join(alternatives) + ")")
    joiner = " && " if mode == ALL else " || "
    return "(" + joiner.join(parts) + ")", params


class PostgresBackend(Backend):
    def write(self, rows: list[FulltextRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            for i in range(0, len(rows), 200):
                chunk = rows[i : i + 200]
                values = ", ".join([_ROW] * len(chunk))
                params: list = []
                for r in chunk:
                    params += [
                        r.id,
                        text.expand(r.title),
                        text.expand(r.keywords),
                        text.expand(r.summary),
                        text.expand(r.body),
                    ]
                cursor.execute(
                    f"UPDATE search_searchdocument AS d SET search_vector = {_VECTOR_EXPR} "
                    f"FROM (VALUES {values}) AS v(id, title, keywords, summary, body) "
                    "WHERE d.id = v.id",
                    params,
                )

    def _matching(
        self, visible: QuerySet, terms: list[Term], mode: str, also: str = ""
    ) -> QuerySet:
        sql, params = tsquery(terms, mode)
        return visible.filter(
            RawSQL(f"{_VECTOR} @@ ({sql}{also})", params, output_field=BooleanField())
        )

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
        # The newest matches ("id + 0": through the GIN index and a top-N sort, not
        # backwards along the primary key testing each row's vector), with type_keys for
        # each type (a row of "kinds", its lexeme as a tsquery); then ts_rank of the words
        # alone for those rows only.
        newest = (
            self._matching(visible, terms, mode, also="" if type_keys is None else " && kinds.kind")
            .order_by((F("id") + Value(0)).desc())
            .values("id")[:limit]
        )
        inner_sql, inner_params = newest.query.sql_with_params()
        rank_sql, rank_params = tsquery(terms, mode)
        select = (
            f"SELECT d.id, ts_rank(d.search_vector, {rank_sql}), d.type, d.agency_id, "
            "d.region_id FROM "
        )
        if type_keys is None:
            sql = f"{select} search_searchdocument AS d WHERE d.id IN ({inner_sql})"
            params = [*rank_params, *inner_params]
        else:
            kinds = ", ".join(["(quote_literal(%s)::tsquery)"] * len(type_keys))
            sql = (
                f"{select} (VALUES {kinds}) AS kinds(kind) "
                f"CROSS JOIN LATERAL ({inner_sql}) AS newest "
                "JOIN search_searchdocument AS d ON d.id = newest.id"
            )
            params = [*rank_params, *("#" + key for key in type_keys), *inner_params]
        with _through_the_index() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [Candidate(pk, float(score), t, a, r) for pk, score, t, a, r in rows]

    def count(self, visible: QuerySet, terms: list[Term], mode: str, limit: int) -> int:
        counted = self._matching(visible, terms, mode).order_by().values("id")[:limit]
        sql, params = counted.query.sql_with_params()
        with _through_the_index() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
            return cursor.fetchone()[0]


@contextmanager
def _through_the_index():
    """A cursor whose statements may not scan the table: the planner does not price the
    decompression of each row's vector, so it would scan for a common word (a second
    where the GIN index takes milliseconds). SET LOCAL ends with the savepoint."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield cursor
        cursor.execute("SET LOCAL enable_seqscan = on")
