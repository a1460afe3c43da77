"""The search engine moves out of the database: a Tantivy index (``search.engine``) fed
through ``SearchChange``. The database's own full-text structures of migration 0002 (the
FTS5 table on SQLite, the tsvector column and its GIN index on PostgreSQL) are dropped:
nothing reads them any more, and they doubled the cost of every write.

No data moves: an index that was never filled is built from the documents on first use
(``s2c worker``, ``s2c seed`` or ``s2c manage search_rebuild --engine``)."""

import importlib

import django.utils.timezone
from django.db import migrations, models

fulltext = importlib.import_module("s2c.core.search.migrations.0002_fulltext")
kinds = importlib.import_module("s2c.core.search.migrations.0003_document_kind")


def drop_fulltext(apps, schema_editor):
    fulltext.backward(apps, schema_editor)


def restore_fulltext(apps, schema_editor):
    # An older version finds its structures again, empty (as 0003 left them): its
    # search_rebuild fills them.
    fulltext.forward(apps, schema_editor)
    kinds.forward(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_document_english")]

    operations = [
        migrations.RunPython(drop_fulltext, restore_fulltext),
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("document_id", models.BigIntegerField(verbose_name="document")),
                ("txid", models.BigIntegerField(default=0, verbose_name="transaction")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="recorded"
                    ),
                ),
            ],
            options={
                "verbose_name": "search index change",
                "verbose_name_plural": "search index changes",
                "indexes": [
                    models.Index(fields=["txid", "id"], name="searchchange_txid_idx"),
                    models.Index(fields=["created_at"], name="searchchange_created_idx"),
                ],
            },
        ),
    ]
