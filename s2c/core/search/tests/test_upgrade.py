"""Migration 0003 marks the documents already in the index with their type, on both
engines, so an index built by an older version is searched per type at once."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from s2c.core import search

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


def test_documents_indexed_before_the_upgrade_are_found_by_type(test_types, monkeypatch):
    from s2c.core.search import querying

    # One candidate: the other type's document is found only through its type's mark.
    monkeypatch.setattr(querying, "CANDIDATES", 1)
    monkeypatch.setattr(querying, "TYPE_CANDIDATES", 1)
    add_doc("Pajak halaman", type="test.page", summary="Pajak daerah")
    add_doc("Pajak berita", type="test.news", summary="Pajak daerah", keywords="retribusi")
    _migrate(("search", "0002_fulltext"))  # as an older version left the index
    try:
        with connection.cursor() as cursor:
            table = "search_fts" if connection.vendor == "sqlite" else "search_searchdocument"
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            assert cursor.fetchone()[0] == 2  # nothing was lost on the way down
    finally:
        _migrate(_latest())  # 0003 marks the types
    results = search.query(user=None, q="pajak")
    assert facet_counts(results, "type") == {"test.page": 1, "test.news": 1}
    assert titles(search.query(user=None, q="retribusi")) == ["Pajak berita"]
    # The words and their weights came through: the title match ranks first.
    monkeypatch.setattr(querying, "CANDIDATES", 10)
    add_doc("Laporan", type="test.page", body="pajak")
    assert titles(search.query(user=None, q="pajak", types=["test.page"]))[0] == "Pajak halaman"
