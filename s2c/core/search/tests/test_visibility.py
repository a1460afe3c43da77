"""Who sees what: totals, facets, hits, snippets and suggestions only ever come from the
documents the asking user may see."""

import pytest
from django.contrib.auth.models import AnonymousUser

from s2c.core import search
from s2c.core.permissions import Visibility

from .factories import add_doc, facet_counts, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(test_types, agency, other_agency):
    add_doc("Pajak umum", visibility=Visibility.PUBLIC, agency=agency)
    add_doc("Pajak staf", type="test.news", visibility=Visibility.STAFF, agency=other_agency)
    add_doc("Pajak internal A", type="test.news", visibility=Visibility.AGENCY, agency=agency)
    add_doc(
        "Pajak internal B",
        type="test.news",
        visibility=Visibility.AGENCY,
        agency=other_agency,
        summary="Rahasia dinas B tentang pajak",
    )
    add_doc("Pajak admin", visibility=Visibility.ADMIN, agency=agency)


def _seen(user):
    results = search.query(user=user, q="pajak")
    return results


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"Pajak umum"}),
        ("citizen", {"Pajak umum"}),
        ("officer", {"Pajak umum", "Pajak staf", "Pajak internal A"}),
        ("staff_b", {"Pajak umum", "Pajak staf", "Pajak internal B"}),
        (
            "province_admin",
            {"Pajak umum", "Pajak staf", "Pajak internal A", "Pajak internal B", "Pajak admin"},
        ),
    ],
)
def test_each_user_sees_exactly_their_documents(request, documents, who, expected):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    results = _seen(user)
    assert set(titles(results)) == expected
    assert results.total == len(expected)
    assert sum(f.count for f in results.facets["type"]) == len(expected)
    assert sum(f.count for f in results.facets["agency"]) == len(expected)


def test_facets_do_not_count_hidden_documents(documents, agency, other_agency, officer, staff_b):
    anonymous = _seen(None)
    assert facet_counts(anonymous, "type") == {"test.page": 1}
    assert facet_counts(anonymous, "agency") == {str(agency.pk): 1}

    a = _seen(officer)
    assert facet_counts(a, "type") == {"test.page": 1, "test.news": 2}
    assert facet_counts(a, "agency") == {str(agency.pk): 2, str(other_agency.pk): 1}

    b = _seen(staff_b)
    assert facet_counts(b, "agency") == {str(agency.pk): 1, str(other_agency.pk): 2}


def test_filtering_on_another_agency_shows_nothing_hidden(documents, other_agency, officer):
    results = search.query(user=officer, q="pajak", agency_ids=[other_agency.pk])
    assert titles(results) == ["Pajak staf"]
    assert search.query(user=officer, q="rahasia").total == 0
    browse = search.query(user=officer, q="", agency_ids=[other_agency.pk])
    assert (browse.total, titles(browse)) == (1, ["Pajak staf"])


def test_inactive_staff_see_only_public_documents(documents, officer):
    officer.is_active = False
    officer.save()
    assert titles(_seen(officer)) == ["Pajak umum"]


def test_a_hidden_document_never_shapes_a_suggestion(agency, other_agency, officer):
    add_doc("Laporan keuangan", visibility=Visibility.AGENCY, agency=other_agency)
    add_doc("Laporan kegiatan", visibility=Visibility.PUBLIC)
    # Only hidden documents hold "keuangan": no correction towards it, no hits.
    results = search.query(user=officer, q="keuangn")
    assert (results.total, results.suggestion) == (0, None)
    # A visible near word is offered instead of the hidden one.
    add_doc("Keuangan daerah", visibility=Visibility.AGENCY, agency=agency)
    results = search.query(user=officer, q="keuangn")
    assert (results.total, results.suggestion, titles(results)) == (
        1,
        "keuangan",
        ["Keuangan daerah"],
    )


def test_a_hidden_document_never_reaches_a_snippet(agency, other_agency, officer):
    add_doc("Pajak daerah", summary="Pajak daerah untuk umum", agency=agency)
    add_doc("Pajak daerah", summary="Catatan rahasia pajak", visibility=Visibility.ADMIN)
    results = search.query(user=officer, q="pajak")
    assert [hit.snippet for hit in results.hits] == [
        "<mark>Pajak</mark> daerah untuk umum",
    ]


@pytest.mark.parametrize("who", ["anonymous", "officer", "province_admin"])
def test_the_count_behind_a_correction_sees_what_the_user_sees(request, test_types, agency, who):
    from s2c.core.search import querying
    from s2c.core.search.text import Term, stem

    user = None if who == "anonymous" else request.getfixturevalue(who)
    for i in range(4):
        add_doc(f"Catatan {i}", visibility=Visibility.ADMIN, body="rahasia")
    gone = [add_doc(f"Pasar {i}", body="pasar") for i in range(5)]
    for object_id in gone[:4]:
        search.unindex_document(type="test.page", object_id=object_id)

    def count(word, enough=None):
        querying._catch_up()
        return querying._Search(user, querying._Filters(None, None, None)).count(
            Term(word, stem(word)), enough
        )

    # The engine's word statistics still hold the hidden and the deleted documents: a
    # count that says "enough" from them would let them shape a correction.
    secret = 4 if who == "province_admin" else 0
    assert (count("rahasia"), count("rahasia", 3)) == (secret, min(secret, 3))
    assert (count("pasar"), count("pasar", 1), count("pasar", 3)) == (1, 1, 1)
    assert count("tidakada", 3) == 0
    for i in range(6):
        add_doc(f"Pasar baru {i}", body="pasar")
    assert (count("pasar"), count("pasar", 3)) == (7, 3)
