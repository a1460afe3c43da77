"""What answers a question comes first (issue 12): a document about the words before one
that only mentions them, a service before a report, near-identical documents once, both
languages searched and the reader's shown."""

import dataclasses

import pytest
from django.utils import translation

from s2c.core import search
from s2c.core.search import text

from .factories import add_doc, titles

pytestmark = pytest.mark.django_db


def find(q, **kwargs):
    return search.query(user=None, q=q, **kwargs)


def test_a_document_about_the_words_comes_before_one_that_only_mentions_them():
    # The engine scores the enrolment page higher (the words again and again in a short
    # text), but it only lists them among its requirements; the population records
    # service has them among many keywords.
    add_doc(
        "Layanan kependudukan",
        summary="Pencatatan sipil",
        keywords="kartu keluarga ktp elektronik surat pindah datang akta kelahiran akta "
        "kematian akta perkawinan akta perceraian pengakuan anak pengesahan anak "
        "perubahan nama kewarganegaraan",
    )
    add_doc(
        "Penerimaan murid baru",
        body="\n".join(["Akta kelahiran asli", "Fotokopi akta kelahiran"] * 10),
    )
    results = find("akta kelahiran")
    assert titles(results) == ["Layanan kependudukan", "Penerimaan murid baru"]
    assert results.mentioned_only is False


def test_the_search_says_when_results_only_mention_the_words():
    add_doc("Penerimaan murid baru", summary="Pendaftaran sekolah", body="Akta kelahiran asli")
    results = find("akta kelahiran")
    assert titles(results) == ["Penerimaan murid baru"]
    assert results.mentioned_only is True
    assert find("pendaftaran").mentioned_only is False


@pytest.fixture
def ranked_types(test_types):
    """test.page ranks before test.news at equal aboutness (as services before reports)."""
    from s2c.core.search import types

    saved = dict(types._types)
    for search_type, priority in zip(test_types, (10, 50), strict=True):
        search.register(dataclasses.replace(search_type, priority=priority))
    yield
    types._types.clear()
    types._types.update(saved)


def test_a_kind_with_a_higher_priority_comes_first_at_equal_aboutness(ranked_types):
    add_doc("Pendampingan perizinan berusaha", type="test.page", keywords="izin usaha oss")
    # Newer, and every word in its title: the engine scores it higher.
    add_doc("Izin usaha tidak diproses", type="test.news", summary="Izin usaha")
    results = find("izin usaha")
    assert [h.type for h in results.hits] == ["test.page", "test.news"]
    # About more of the words still comes first, whatever the kind.
    add_doc("Izin usaha ditolak padahal berkas lengkap", type="test.news", keywords="berkas")
    assert titles(find("izin usaha berkas"))[0] == "Izin usaha ditolak padahal berkas lengkap"


def test_documents_of_a_kind_with_the_same_title_are_shown_once(test_types):
    for place in ("Kota", "Plaju", "Kalidoni"):
        add_doc("Izin usaha tidak diproses", type="test.news", summary=f"Laporan dari {place}")
    add_doc("Izin usaha tidak diproses", type="test.page")  # another kind: its own hit
    add_doc("Izin usaha ditolak", type="test.news")
    results = find("izin usaha")
    assert results.total == 3
    assert sorted((h.type, h.title, h.similar) for h in results.hits) == [
        ("test.news", "Izin usaha ditolak", 0),
        ("test.news", "Izin usaha tidak diproses", 2),
        ("test.page", "Izin usaha tidak diproses", 0),
    ]
    each = find("izin usaha", collapse=False)
    assert each.total == 5
    assert {h.similar for h in each.hits} == {0}


def test_english_titles_are_searched_and_shown_to_english_readers():
    add_doc(
        "Akta kelahiran",
        title_en="Birth certificate",
        summary="Penerbitan akta kelahiran",
        summary_en="Issuing birth certificates",
    )
    add_doc("Sertifikat tanah", summary="Pendaftaran tanah")
    with translation.override("en"):
        results = find("birth certificate")
        assert [(h.title, h.summary) for h in results.hits] == [
            ("Birth certificate", "Issuing birth certificates")
        ]
        assert str(results.hits[0].snippet) == (
            "Issuing <mark>birth</mark> <mark>certificates</mark>"
        )
    with translation.override("id"):
        assert titles(find("birth certificate")) == ["Akta kelahiran"]
        assert titles(find("akta kelahiran")) == ["Akta kelahiran"]


def test_english_questions_drop_function_words_and_plurals():
    add_doc("Pendaftaran sekolah", keywords="school registration")
    add_doc("Pajak kendaraan", keywords="vehicle taxes")
    assert [t.word for t in text.analyse("where do I get my birth certificate")] == [
        "get",
        "birth",
        "certificate",
    ]
    results = find("registration of my schools")
    assert (titles(results), results.matched_all) == (["Pendaftaran sekolah"], True)
    assert titles(find("vehicle tax")) == ["Pajak kendaraan"]
