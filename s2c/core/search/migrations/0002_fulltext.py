"""The full-text structures, per database: written by hand, not by makemigrations.

SQLite: an FTS5 table ``search_fts`` whose rowid is SearchDocument.id, holding each
document's words and their stems (weights by column in the rank function), and a trigger
that drops a document's row when the document is deleted.
PostgreSQL: a ``search_vector`` tsvector column with a GIN index, and a low TOAST
target so that long texts and vectors live out of line: the heap rows stay small, and
a bitmap scan over many matches reads few pages.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, keywords, summary, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4'
    )""",
    # Column weights: title > keywords > summary > body.
    "INSERT INTO search_fts(search_fts, rank) VALUES('rank', 'bm25(10.0, 5.0, 2.0, 1.0)')",
    """CREATE TRIGGER search_fts_after_delete AFTER DELETE ON search_searchdocument
    BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_after_delete",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector",
    "CREATE INDEX search_vector_gin ON search_searchdocument USING GIN (search_vector)",
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements_by_vendor):
    for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})


def backward(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
