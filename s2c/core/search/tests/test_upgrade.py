"""Migration 0005 moves search to the engine: documents indexed by an older version are
found after the upgrade, without a manual rebuild."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from s2c.core import search
from s2c.core.search import engine

from .factories import add_doc, facet_counts, titles

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def _latest():
    executor = MigrationExecutor(connection)
    (leaf,) = executor.loader.graph.leaf_nodes("search")
    return leaf


def test_documents_indexed_before_the_engine_are_found_after_the_upgrade(test_types):
    add_doc("Pajak halaman", type="test.page", summary="Pajak daerah")
    add_doc("Pajak berita", type="test.news", summary="Pajak daerah", keywords="retribusi")
    _migrate(("search", "0004_document_english"))  # as an older version left the index
    try:
        with connection.cursor() as cursor:
            table = "search_fts" if connection.vendor == "sqlite" else "search_searchdocument"
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # its structures are back
            cursor.execute("SELECT COUNT(*) FROM search_searchdocument")
            assert cursor.fetchone()[0] == 2  # nothing was lost on the way down
    finally:
        _migrate(_latest())  # 0005 drops them; the engine fills from the documents
    engine.use(None)  # a first start: no index yet
    results = search.query(user=None, q="pajak")
    assert facet_counts(results, "type") == {"test.page": 1, "test.news": 1}
    assert titles(search.query(user=None, q="retribusi")) == ["Pajak berita"]
    # The words and their weights came through: the title match ranks first.
    add_doc("Laporan", type="test.page", body="pajak")
    assert titles(search.query(user=None, q="pajak", types=["test.page"]))[0] == "Pajak halaman"
