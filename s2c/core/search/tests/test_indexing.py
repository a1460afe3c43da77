import pytest
from django.db import transaction

from s2c.core import search
from s2c.core.permissions import Visibility
from s2c.core.search.models import SearchDocument, SearchTerm
from s2c.core.tests import factories

from .factories import add_doc, titles

pytestmark = pytest.mark.django_db


def find(q, **kwargs):
    return search.query(user=None, q=q, **kwargs)


def test_index_document_upserts_one_row_per_type_and_object():
    add_doc("Jadwal lama", object_id="page-1", body="Samsat")
    add_doc("Jadwal baru", object_id="page-1", body="Kesehatan")
    assert SearchDocument.objects.filter(type="test.page", object_id="page-1").count() == 1
    assert find("samsat").total == 0
    assert titles(find("kesehatan")) == ["Jadwal baru"]
    assert titles(find("lama")) == []


def test_a_none_document_and_unindex_document_remove_it():
    add_doc("Pajak satu", object_id="p1")
    add_doc("Pajak dua", object_id="p2")
    search.index_document(type="test.page", object_id="p1", document=None)
    assert titles(find("pajak")) == ["Pajak dua"]
    search.unindex_document(type="test.page", object_id="p2")
    assert find("pajak").total == 0
    assert SearchDocument.objects.count() == 0


def test_visibility_change_applies_on_reindex(officer):
    add_doc("Rapat internal", object_id="m1", visibility=Visibility.STAFF)
    assert find("rapat").total == 0
    assert search.query(user=officer, q="rapat").total == 1
    add_doc("Rapat internal", object_id="m1", visibility=Visibility.PUBLIC)
    assert find("rapat").total == 1


def test_index_and_unindex_model_instances(agency_type):
    dinas = factories.make_agency(
        name="Dinas Kesehatan", short_name="Dinkes", mandate="Rumah sakit"
    )
    search.index(dinas)
    (hit,) = find("kesehatan").hits
    assert (hit.type, hit.object_id, hit.url, hit.agency_id) == (
        "test.agency",
        str(dinas.pk),
        f"/agencies/{dinas.code}/",
        dinas.pk,
    )
    dinas.name = "Dinas Pendidikan"
    dinas.save()
    search.index(dinas)
    assert find("kesehatan").total == 0
    assert find("pendidikan").total == 1

    dinas.is_active = False  # its document() now returns None
    search.index(dinas)
    assert find("pendidikan").total == 0

    dinas.is_active = True
    search.index(dinas)
    search.unindex(dinas)
    assert SearchDocument.objects.count() == 0


def test_index_of_a_model_without_a_type_is_a_logged_no_op(caplog):
    region = factories.make_region()
    search.index(region)
    assert SearchDocument.objects.count() == 0
    assert "no search type is registered for core.Region" in caplog.text


def test_index_many_writes_in_batches(agency_type, django_assert_max_num_queries):
    agencies = [factories.make_agency(name=f"Badan Nomor {i}") for i in range(30)]
    agencies[0].is_active = False
    with django_assert_max_num_queries(12):
        assert search.index_many(agencies) == 29
    assert find("badan").total == 29


def test_index_documents_deduplicates_a_batch():
    doc = search.Document(title="Pajak pertama")
    later = search.Document(title="Pajak kedua")
    count = search.index_documents([("test.page", "1", doc), ("test.page", "1", later)])
    assert count == 1
    assert titles(find("pajak")) == ["Pajak kedua"]


def test_the_vocabulary_keeps_words_and_stems():
    add_doc("Perpanjangan STNK", body="kendaraan 2024 ab")
    vocabulary = dict(SearchTerm.objects.values_list("word", "stem"))
    assert vocabulary == {"perpanjangan": "panjang", "stnk": "stnk", "kendaraan": "kendara"}


def test_a_rolled_back_write_leaves_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        add_doc("Pajak kendaraan")
        raise RuntimeError("rollback")
    assert SearchDocument.objects.count() == 0
    assert find("pajak").total == 0
    assert SearchTerm.objects.count() == 0


def test_bad_documents_are_refused():
    with pytest.raises(ValueError, match="unknown visibility 'secret'"):
        add_doc("Pajak", visibility="secret")
    with pytest.raises(ValueError, match="1 to 64 characters"):
        add_doc("Pajak", object_id="x" * 65)
    with pytest.raises(TypeError, match="must return a search.Document"):
        search.index_document(type="test.page", object_id="1", document={"title": "Pajak"})


def test_long_texts_are_cut_not_refused():
    add_doc("Judul " * 200, body="pajak " * 50_000, object_id="long")
    row = SearchDocument.objects.get(object_id="long")
    assert (len(row.title), len(row.body)) == (500, 100_000)
    assert find("pajak").total == 1


def test_registering_a_type_twice_for_another_model_is_refused(agency_type):
    with pytest.raises(ValueError, match="already registered"):
        search.register(
            search.SearchType(
                key="test.agency",
                label="x",
                model="core.Region",
                document=lambda o: None,
                queryset=lambda: [],
            )
        )
