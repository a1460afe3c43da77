"""Matching, ranking, prefixes, corrections, facets, filters and paging (public documents:
visibility has its own module)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from s2c.core import search
from s2c.core.errors import ApplicationError
from s2c.core.tests import factories

from .factories import add_doc, facet_counts, titles

pytestmark = pytest.mark.django_db


def find(q, **kwargs):
    return search.query(user=None, q=q, **kwargs)


def test_stems_find_inflected_forms_and_whole_words_rank_first():
    add_doc("Jadwal layanan", body="Informasi perpanjang masa berlaku")
    add_doc("Perpanjangan STNK", summary="Perpanjangan STNK tahunan")
    add_doc("Pengumuman", body="Jalan panjang menuju desa")
    add_doc("Lain", body="Pajak bumi")
    results = find("perpanjangan")
    assert results.total == 3
    assert titles(results)[0] == "Perpanjangan STNK"
    assert set(titles(results)) == {"Perpanjangan STNK", "Jadwal layanan", "Pengumuman"}


def test_selatan_finds_selatan_before_selat():
    add_doc("Selat Bangka", body="Kapal menyeberangi selat")
    add_doc("Sumatera Selatan", body="Provinsi di bagian selatan Sumatera")
    add_doc("Pasar Selatan", body="Pasar tradisional")
    results = find("Selatan")
    assert set(titles(results)[:2]) == {"Sumatera Selatan", "Pasar Selatan"}
    # Where a stemmer folds "selatan" into "selat", the exact word still ranks first.
    assert titles(results)[2:] in ([], ["Selat Bangka"])
    # ... and the other way round: the exact word first, stem-only matches after it.
    assert titles(find("selat"))[0] == "Selat Bangka"


def test_title_outranks_body():
    add_doc("Laporan tahunan", body="Pelayanan samsat keliling")
    add_doc("Samsat keliling", body="Jadwal bulan ini")
    assert titles(find("samsat")) == ["Samsat keliling", "Laporan tahunan"]


def test_keywords_make_synonyms_findable():
    add_doc("Pembayaran pajak kendaraan bermotor", keywords="stnk samsat pkb")
    assert titles(find("pkb")) == ["Pembayaran pajak kendaraan bermotor"]


def test_all_words_must_match_before_falling_back_to_any():
    add_doc("Perpanjangan STNK motor", body="Samsat")
    add_doc("Perpanjangan STNK mobil", body="Samsat")
    add_doc("Servis motor", body="Bengkel")
    results = find("stnk motor")
    assert titles(results) == ["Perpanjangan STNK motor"]
    assert results.matched_all is True

    fallback = find("perpanjang stnk truk")
    assert fallback.matched_all is False
    assert fallback.total == 2
    assert set(titles(fallback)) == {"Perpanjangan STNK motor", "Perpanjangan STNK mobil"}


def test_prefix_matches_the_word_being_typed():
    add_doc("Dinas Kesehatan")
    add_doc("Dinas Kebudayaan")
    add_doc("Kesenian daerah")
    assert titles(find("keseh", prefix=True)) == ["Dinas Kesehatan"]
    assert set(titles(find("dinas ke", prefix=True))) == {"Dinas Kesehatan", "Dinas Kebudayaan"}
    assert find("keseh").total == 0  # without prefix, a whole word is needed


def test_a_misspelt_word_is_corrected_and_searched():
    add_doc("Samsat Palembang", body="Pembayaran pajak kendaraan")
    add_doc("Samsat Lubuklinggau", body="Pajak kendaraan bermotor")
    results = find("samsatt")
    assert results.suggestion == "samsat"
    assert results.corrected is True
    assert results.total == 2

    results = find("pajak kendaran")
    assert results.suggestion == "pajak kendaraan"
    assert results.corrected is True
    assert results.total == 2


def test_a_corrected_query_still_falls_back_to_some_words():
    add_doc("Pajak kendaraan bermotor")
    add_doc("Kendaraan dinas")
    results = find("kendaran truk")
    assert (results.suggestion, results.corrected, results.matched_all) == (
        "kendaraan truk",
        True,
        False,
    )
    assert set(titles(results)) == {"Pajak kendaraan bermotor", "Kendaraan dinas"}


def test_no_suggestion_when_the_words_match():
    add_doc("Samsat Palembang")
    add_doc("Samsat Prabumulih")
    add_doc("Samsat Lahat")
    results = find("samsat")
    assert results.suggestion is None
    assert results.corrected is False


def test_a_rare_word_gets_a_did_you_mean_for_a_common_one():
    add_doc("Kantor samsatt", object_id="typo")  # the one document with the typo
    for i in range(10):
        add_doc(f"Samsat {i}")
    results = find("samsatt")
    assert titles(results) == ["Kantor samsatt"]
    assert results.suggestion == "samsat"
    assert results.corrected is False


def test_nothing_near_means_no_suggestion():
    add_doc("Samsat Palembang")
    results = find("xylofonik")
    assert (results.total, results.suggestion, results.hits) == (0, None, [])


def test_facets_count_by_type_agency_and_region_with_labels(test_types, agency, other_agency):
    kota = factories.make_region(name="Palembang", kind="kota")
    kab = factories.make_region(name="Ogan Ilir")
    add_doc("Pajak A1", type="test.page", agency=agency, region=kota)
    add_doc("Pajak A2", type="test.news", agency=agency, region=kab)
    add_doc("Pajak B1", type="test.news", agency=other_agency, region=kab)
    add_doc("Pajak tanpa dinas", type="test.news")
    results = find("pajak")
    assert results.total == 4
    assert [(f.key, f.label, f.count) for f in results.facets["type"]] == [
        ("test.news", "Test news", 3),
        ("test.page", "Test pages", 1),
    ]
    assert [(f.key, f.label, f.count) for f in results.facets["agency"]] == [
        (str(agency.pk), "Dinas A", 2),
        (str(other_agency.pk), "Dinas B", 1),
    ]
    assert [(f.key, f.label, f.count) for f in results.facets["region"]] == [
        (str(kab.pk), "Kabupaten Ogan Ilir", 2),
        (str(kota.pk), "Kota Palembang", 1),
    ]


def test_filters_narrow_hits_and_facets(test_types, agency, other_agency):
    add_doc("Pajak A1", type="test.page", agency=agency)
    add_doc("Pajak A2", type="test.news", agency=agency)
    add_doc("Pajak B1", type="test.news", agency=other_agency)
    results = find("pajak", types=["test.news"])
    assert results.total == 2
    assert set(titles(results)) == {"Pajak A2", "Pajak B1"}
    # Facets count within the filters (drill-down).
    assert facet_counts(results, "type") == {"test.news": 2}
    assert facet_counts(results, "agency") == {str(agency.pk): 1, str(other_agency.pk): 1}

    results = find("pajak", types="test.news", agency_ids=[str(agency.pk)])
    assert titles(results) == ["Pajak A2"]
    assert facet_counts(results, "agency") == {str(agency.pk): 1}
    assert set(titles(find("pajak", agency_ids=agency.pk))) == {"Pajak A1", "Pajak A2"}

    assert find("pajak", types=["no.such.type"]).total == 0


def test_paging(test_types):
    for i in range(25):
        add_doc(f"Pengumuman {i:02d}", body="pajak")
    first = find("pajak", page=1, page_size=10)
    third = find("pajak", page=3, page_size=10)
    assert (first.total, len(first.hits), first.num_pages, first.has_next) == (25, 10, 3, True)
    assert (len(third.hits), third.has_next, third.has_previous) == (5, False, True)
    seen = {h.object_id for p in (1, 2, 3) for h in find("pajak", page=p, page_size=10).hits}
    assert len(seen) == 25
    beyond = find("pajak", page=9, page_size=10)
    assert (beyond.total, beyond.hits) == (25, [])
    assert len(find("pajak", page_size=1000).hits) == 25  # capped at 100, not refused


def test_hits_carry_the_document(test_types, agency):
    add_doc(
        "Perpanjangan STNK",
        type="test.page",
        object_id="svc-1",
        summary="Perpanjang STNK lima tahunan di Samsat.",
        url="/layanan/stnk/",
        agency=agency,
    )
    (hit,) = find("stnk").hits
    assert (hit.type, hit.type_label, hit.object_id, hit.title, hit.url, hit.agency_id) == (
        "test.page",
        "Test pages",
        "svc-1",
        "Perpanjangan STNK",
        "/layanan/stnk/",
        agency.pk,
    )
    assert hit.summary == "Perpanjang STNK lima tahunan di Samsat."
    assert hit.snippet == "Perpanjang <mark>STNK</mark> lima tahunan di Samsat."
    assert hit.score > 0


def test_snippets_and_titles_stay_escaped():
    add_doc("<script>alert(1)</script> pajak", summary="<img src=x onerror=alert(1)> pajak")
    (hit,) = find("pajak").hits
    assert hit.title == "<script>alert(1)</script> pajak"  # plain text: templates escape it
    assert hit.snippet == "&lt;img src=x onerror=alert(1)&gt; <mark>pajak</mark>"


def test_empty_query_with_a_filter_lists_newest_first(test_types, agency):
    add_doc("Lama", type="test.page", agency=agency)
    add_doc("Baru", type="test.news", agency=agency)
    add_doc("Lain", type="test.news")
    results = find("", agency_ids=[agency.pk])
    assert results.total == 2
    assert titles(results) == ["Baru", "Lama"]
    assert facet_counts(results, "type") == {"test.news": 1, "test.page": 1}
    assert find("").total == 0


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "x" * 10_000,
        "pajak " * 2_000,
        '"*():^-NEAR',
        'NEAR(pajak kendaraan, 2) AND "pajak',
        "pajak*",
        "^pajak -kendaraan +samsat",
        "title:pajak",
        "' OR 1=1 --",
        "'; DROP TABLE search_searchdocument; --",
        "pajak) OR (1",
        "a & b | !c <-> d:*",
        "\x00\x01 pajak \u200b",
        "😀 ⚡ 漢字",
    ],
)
@pytest.mark.parametrize("prefix", [False, True])
def test_bad_input_never_errors(q, prefix):
    add_doc("Pajak kendaraan", body="Samsat")
    results = find(q, prefix=prefix)
    assert results.total == len(results.hits) <= 1
    assert find("pajak").total == 1  # the table is still there


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"page": "two"}, "The page must be a whole number."),
        ({"page_size": None}, "The page size must be a whole number."),
        ({"page": float("inf")}, "The page must be a whole number."),
        ({"agency_ids": ["1", "x"]}, "The agency filter must be made of whole numbers."),
        ({"agency_ids": [10**30]}, "The agency filter must be made of whole numbers."),
        ({"region_ids": [object()]}, "The region filter must be made of whole numbers."),
        ({"region_ids": "-3"}, "The region filter must be made of whole numbers."),
        ({"types": [str(i) for i in range(200)]}, "Too many filter values."),
    ],
)
def test_bad_parameters_raise_a_clear_application_error(kwargs, message):
    with pytest.raises(ApplicationError) as raised:
        find("pajak", **kwargs)
    assert str(raised.value.message) == message


def test_the_best_match_is_found_however_many_newer_documents_match(test_types, monkeypatch):
    from s2c.core.search import querying

    monkeypatch.setattr(querying, "RERANK", 3)
    add_doc("Laporan keuangan daerah 2013", summary="Laporan keuangan tahunan")
    for i in range(40):
        add_doc(f"Pengumuman {i}", body="Laporan kegiatan, bukan keuangan.")
    results = find("laporan keuangan")
    # Every match counts and is ranked, not only the newest few.
    assert results.total == 41 and not results.capped
    assert titles(results)[0] == "Laporan keuangan daerah 2013"
    assert facet_counts(results, "type") == {"test.page": 41}


@pytest.mark.parametrize("pool", [1, 2, 10], ids=["own-search", "pool-cut-short", "from-pool"])
def test_no_type_is_crowded_out_of_the_ranked_head(test_types, monkeypatch, pool):
    from s2c.core.search import querying

    monkeypatch.setattr(querying, "RERANK", 3)
    monkeypatch.setattr(querying, "TYPE_HEAD", 1)
    # The pool of the best 3, 6 or 30 holds the news item only in the last case; the
    # others find it by a search of its type.
    monkeypatch.setattr(querying, "POOL", pool)
    asked = []
    search_of_type = querying._Search.only_type
    monkeypatch.setattr(
        querying._Search,
        "only_type",
        lambda self, *args: asked.append(args[1]) or search_of_type(self, *args),
    )
    # Many pages score better than the one news item (the word in their titles and
    # bodies); the news item's type still brings its best into the ranked head.
    for i in range(8):
        add_doc(f"Pajak halaman {i}", type="test.page", body="pajak pajak pajak")
    add_doc("Berita retribusi", type="test.news", body="Pajak daerah naik.")
    results = find("pajak", page_size=4)
    assert asked == ([] if pool == 10 else ["test.news"])
    assert results.total == 9
    assert facet_counts(results, "type") == {"test.page": 8, "test.news": 1}
    assert "Berita retribusi" in titles(results)


def test_a_document_found_through_its_type_keeps_the_same_score(test_types, monkeypatch):
    from s2c.core.search import querying

    monkeypatch.setattr(querying, "RERANK", 1)
    monkeypatch.setattr(querying, "TYPE_HEAD", 1)
    monkeypatch.setattr(querying, "POOL", 1)
    # The type filter takes no part in the score: a document brought in through its
    # type scores as it would in the whole search.
    add_doc("Retribusi pasar", type="test.news", summary="Retribusi pasar tradisional")
    for i in range(6):
        add_doc(f"Halaman {i}", type="test.page", body="Pengumuman")
    add_doc("Retribusi pasar", type="test.page", summary="Retribusi pasar tradisional")
    hits = find("retribusi pasar").hits
    assert sorted(hit.type for hit in hits) == ["test.news", "test.page"]
    assert hits[0].score == pytest.approx(hits[1].score)


def test_paging_past_the_ranked_head_shows_every_match_once(test_types, monkeypatch):
    from s2c.core.search import querying

    monkeypatch.setattr(querying, "RERANK", 3)
    monkeypatch.setattr(querying, "TYPE_HEAD", 1)
    for i in range(11):
        add_doc(f"Pajak {i}", body="pajak " * (i + 1))
    seen = []
    for page in range(1, 5):
        results = find("pajak", page=page, page_size=3)
        assert results.total == 11
        seen += titles(results)
    assert sorted(seen) == sorted(f"Pajak {i}" for i in range(11))


def test_totals_are_exact_up_to_the_window_then_more_than(test_types, monkeypatch):
    from s2c.core.search import querying

    monkeypatch.setattr(querying, "MAX_WINDOW", 5)
    for i in range(9):
        add_doc(f"Pajak {i}", type="test.page" if i % 3 else "test.news")
    results = find("pajak", page_size=2)
    assert (results.total, results.capped, results.num_pages) == (5, True, 3)
    # Facets stay exact: they say what a filter would give.
    assert facet_counts(results, "type") == {"test.page": 6, "test.news": 3}
    # Pages end at the window.
    assert len(find("pajak", page=3, page_size=2).hits) == 1
    assert find("pajak", page=4, page_size=2).hits == []
    monkeypatch.setattr(querying, "MAX_WINDOW", 10_000)
    assert (find("pajak").total, find("pajak").capped) == (9, False)


def test_the_type_marker_is_never_matched_by_what_users_type(test_types):
    add_doc("Layanan S2C", body="Portal provinsi")
    add_doc("Pajak bumi", body="Bangunan")
    # "s2" as the word being typed matches "s2c", not every document's type marker.
    assert titles(search.query(user=None, q="s2", prefix=True)) == ["Layanan S2C"]
    assert titles(find("s2ctype")) == []
    assert find("test").total == 0


def test_documents_of_a_type_no_service_registers_are_not_searched(test_types):
    add_doc("Pajak halaman", type="test.page")
    add_doc("Pajak dari layanan yang dimatikan", type="test.retired")
    assert titles(find("pajak")) == ["Pajak halaman"]
    assert find("pajak", types=["test.retired"]).total == 0


def test_a_query_costs_a_fixed_number_of_statements(test_types, agency):
    region = factories.make_region()
    for i in range(30):
        add_doc(f"Pajak {i}", agency=agency, region=region, summary="Pajak daerah")
    find("kosong")  # the index catches up with the writes above
    counts = []
    for page_size in (2, 25):
        with CaptureQueriesContext(connection) as captured:
            results = find("pajak", page_size=page_size)
        assert len(results.hits) == page_size
        counts.append(len(captured.captured_queries))
    # The engine answers the match, count and facets. The database gives the agency and
    # region labels and the vocabulary words sharing the question's stems (each read once,
    # then kept until the index changes), the titles, keywords and summaries of the best
    # matches (ranking) and the page of hits: never one per hit.
    assert counts == [5, 2]


def test_facet_labels_follow_a_renamed_agency_once_the_index_changes(test_types, agency):
    add_doc("Pajak kendaraan", agency=agency)
    labels = {f.label for f in find("pajak").facets["agency"]}
    assert labels == {agency.short_name}
    agency.short_name = "Bapenda Baru"
    agency.save()
    add_doc("Pajak air", agency=agency)  # any index write
    assert {f.label for f in find("pajak").facets["agency"]} == {"Bapenda Baru"}


def test_a_phrase_in_quotes_matches_its_words_in_order(test_types):
    add_doc("Perpanjangan STNK tahunan", body="Bawa KTP asli.")
    add_doc("STNK hilang", body="Perpanjangan izin usaha tidak perlu STNK.")
    add_doc("Kartu keluarga baru", body="Untuk keluarga yang pindah di kartu lama.")
    # Whole words in order, next to each other (words with a stem included).
    assert titles(find('"perpanjangan stnk"')) == ["Perpanjangan STNK tahunan"]
    assert set(titles(find("perpanjangan stnk"))) == {"Perpanjangan STNK tahunan", "STNK hilang"}
    assert titles(find('"kartu keluarga"')) == ["Kartu keluarga baru"]
    assert titles(find('"keluarga kartu"')) == []
    # Stop words inside the quotes are part of the phrase.
    assert titles(find('"pindah di kartu"')) == ["Kartu keluarga baru"]
    # A phrase and a free word together; an unclosed quote is a free word.
    assert titles(find('"kartu keluarga" pindah')) == ["Kartu keluarga baru"]
    assert len(find('"stnk').hits) == 2


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '""""""',
        '"pajak',
        '" "',
        '"\x00pajak\x1b"',
        '"' + "pajak " * 400 + '"',
        " ".join(f'"pajak kendaraan{i}"' for i in range(30)),
        '"pa*" (pajak) OR AND NOT title:pajak',
        "pajak\u202e\u200b\ufeff",
        "ke.*",
    ],
)
def test_any_question_text_is_answered_without_an_error(test_types, q):
    add_doc("Pajak kendaraan", body="Bayar pajak kendaraan.")
    results = search.query(user=None, q=q)
    assert results.total >= 0
    assert search.query(user=None, q=q, prefix=True).total >= 0


def test_a_page_past_the_window_is_empty_not_an_error(test_types):
    add_doc("Pajak kendaraan")
    assert find("pajak", page=10**30).hits == []
    assert find("", types=["test.page"], page=10**30).hits == []


def test_any_word_ranks_the_documents_holding_some_of_the_words():
    add_doc("Pajak kendaraan bermotor", body="Realisasi pajak kendaraan triwulan ketiga")
    add_doc("Pajak kendaraan", body="Realisasi pajak kendaraan tahun lalu")
    add_doc("Imunisasi", body="Cakupan imunisasi")
    # Every word is in the first document only: all words find it alone ...
    assert titles(find("pajak kendaraan triwulan ketiga")) == ["Pajak kendaraan bermotor"]
    # ... any word ranks the others that share some of them (more like this).
    results = find("pajak kendaraan triwulan ketiga", any_word=True)
    assert set(titles(results)) == {"Pajak kendaraan bermotor", "Pajak kendaraan"}
    assert results.total == 2 and results.suggestion is None
