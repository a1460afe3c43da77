"""Each document's type in the full-text index, so a query can bound its work per type
(the newest matches of each type) with the engine intersecting the type, not the table.

SQLite: ``search_fts`` gains a column ``kind`` holding one word per document, "#" and
the type key's UTF-8 bytes in hex; "#" becomes a word character, and as no indexed or
query word holds one (they are letters and digits), no query word, whole or prefix, can
match it. Its rank weight is 0, so it never changes a score. FTS5 cannot add a column:
the table is built anew from the stored words and renamed (10 s for 100,000 documents).
PostgreSQL: ``search_vector`` gains the lexeme "#" and the type key, which no query word
can match (query words are letters and digits) and ranks leave out.
"""

from django.db import migrations

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
_TOKENIZE_KIND = "tokenize = \"unicode61 remove_diacritics 2 tokenchars '#'\", prefix = '2 3 4'"
_TRIGGER = """CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchdocument
    BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
    END"""


def _sqlite_rebuild(*, with_kind: bool) -> list[str]:
    columns = "title, keywords, summary, body" + (", kind" if with_kind else "")
    weights = "10.0, 5.0, 2.0, 1.0" + (", 0.0" if with_kind else "")
    select = "f.rowid, f.title, f.keywords, f.summary, f.body" + (
        ", '#' || lower(hex(d.type))" if with_kind else ""
    )
    tokenize = _TOKENIZE_KIND if with_kind else _TOKENIZE
    return [
        f"CREATE VIRTUAL TABLE search_fts_next USING fts5({columns}, {tokenize})",
        "INSERT INTO search_fts_next(search_fts_next, rank) "
        f"VALUES('rank', 'bm25({weights})')",
        f"INSERT INTO search_fts_next(rowid, {columns}) SELECT {select} "
        "FROM search_fts AS f JOIN search_searchdocument AS d ON d.id = f.rowid",
        "DROP TRIGGER IF EXISTS search_fts_after_delete",
        "DROP TABLE search_fts",
        "ALTER TABLE search_fts_next RENAME TO search_fts",
        _TRIGGER,
        "INSERT INTO search_fts(search_fts) VALUES('optimize')",
    ]


POSTGRES_FORWARD = [
    "UPDATE search_searchdocument SET search_vector = "
    "COALESCE(search_vector, ''::tsvector) || array_to_tsvector(ARRAY['#' || type])"
]
POSTGRES_BACKWARD = [
    "UPDATE search_searchdocument SET search_vector = ts_delete(search_vector, '#' || type) "
    "WHERE search_vector IS NOT NULL"
]


def _run(schema_editor, statements_by_vendor):
    for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    _run(
        schema_editor,
        {"sqlite": _sqlite_rebuild(with_kind=True), "postgresql": POSTGRES_FORWARD},
    )


def backward(apps, schema_editor):
    _run(
        schema_editor,
        {"sqlite": _sqlite_rebuild(with_kind=False), "postgresql": POSTGRES_BACKWARD},
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forward, backward)]
