import pytest
from django.core.management import CommandError, call_command

from s2c.core import search
from s2c.core.search.models import SearchDocument
from s2c.core.tests import factories

from .factories import add_doc, titles

pytestmark = pytest.mark.django_db


def test_rebuild_indexes_the_queryset_and_drops_stale_documents(agency_type, capsys):
    kept = factories.make_agency(name="Dinas Perhubungan")
    factories.make_agency(name="Dinas Pariwisata", is_active=False)  # document() is None
    gone = factories.make_agency(name="Dinas Lama")
    search.index(gone)
    gone.delete()  # deleted without unindex: stale
    add_doc("Halaman lain", type="test.other")  # a type nobody registers any more

    call_command("search_rebuild")
    out = capsys.readouterr().out
    assert "test.agency: 1 documents" in out
    assert "Indexed 1 documents of 3 types" in out  # with the test types, empty
    assert list(SearchDocument.objects.values_list("type", "object_id")) == [
        ("test.agency", str(kept.pk))
    ]
    assert titles(search.query(user=None, q="perhubungan")) == ["Dinas Perhubungan"]
    assert search.query(user=None, q="lama").total == 0


def test_rebuild_of_one_type_leaves_the_others(agency_type, capsys):
    factories.make_agency(name="Dinas Perhubungan")
    add_doc("Halaman lain", type="test.other")
    call_command("search_rebuild", "--type", "test.agency")
    assert sorted(SearchDocument.objects.values_list("type", flat=True)) == [
        "test.agency",
        "test.other",
    ]
    # Rebuilding again changes nothing.
    call_command("search_rebuild", "--type", "test.agency")
    assert SearchDocument.objects.filter(type="test.agency").count() == 1


def test_rebuild_of_an_unknown_type_is_a_clear_error(agency_type):
    message = "Unknown search type 'nope' \\(registered: test.agency, test.news, test.page\\)"
    with pytest.raises(CommandError, match=message):
        call_command("search_rebuild", "--type", "nope")
