from s2c.core.search import snippets
from s2c.core.search.text import Term, analyse


def test_snippet_marks_whole_words_and_stemmed_forms():
    snippet = snippets.build(
        summary="Layanan perpanjangan STNK di Samsat Palembang.",
        body="",
        terms=analyse("perpanjang stnk"),
    )
    assert snippet == ("Layanan <mark>perpanjangan</mark> <mark>STNK</mark> di Samsat Palembang.")


def test_snippet_escapes_everything_but_its_marks():
    snippet = snippets.build(
        summary="<script>alert('x')</script> pajak & denda",
        body="",
        terms=[Term("pajak", "pajak")],
    )
    assert snippet == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>pajak</mark> &amp; denda"
    )


def test_snippet_picks_the_window_with_most_terms_from_the_body():
    body = (
        ("Kata pengantar umum. " * 30)
        + "Pajak kendaraan bermotor dibayar di Samsat. "
        + ("Penutup. " * 30)
    )
    terms = analyse("pajak samsat")
    snippet = snippets.build(summary="Ringkasan tanpa kata", body=body, terms=terms)
    assert snippet.startswith("…")
    assert "<mark>Pajak</mark> kendaraan bermotor dibayar di <mark>Samsat</mark>." in snippet
    assert len(snippet) < snippets.SNIPPET_CHARS + 60


def test_snippet_without_a_match_is_the_start_of_the_summary():
    snippet = snippets.build(summary="Ringkasan <b>tebal</b>", body="", terms=analyse("pajak"))
    assert snippet == "Ringkasan &lt;b&gt;tebal&lt;/b&gt;"


def test_prefix_terms_mark_words_starting_with_them():
    terms = analyse("keseh", prefix=True)
    snippet = snippets.build(summary="Dinas Kesehatan", body="", terms=terms)
    assert snippet == "Dinas <mark>Kesehatan</mark>"


def test_a_snippet_without_words_is_the_start_of_the_text():
    assert snippets.build(summary="Layanan  pajak", body="", terms=[]) == "Layanan pajak"


def test_only_whole_words_are_marked_even_when_a_term_is_inside_another_word():
    snippet = snippets.build(
        summary="Perizinan usaha, izin trayek dan rizinya.",
        body="",
        terms=analyse("izin"),
    )
    assert "<mark>izin</mark> trayek" in snippet
    assert "<mark>rizinya</mark>" not in snippet


def test_words_with_accents_and_text_around_other_scripts_are_marked_in_place():
    # Accented letters fold as indexed; the marks stay on the source's own characters.
    snippet = snippets.build(
        summary="Kafe – Café “ÉLÉGANT” menerima pembayaran Pajak_kendaraan dan PAJAK.",
        body="",
        terms=analyse("cafe elegant pajak"),
    )
    assert snippet == (
        "Kafe – <mark>Café</mark> “<mark>ÉLÉGANT</mark>” menerima pembayaran "
        "<mark>Pajak</mark>_kendaraan dan <mark>PAJAK</mark>."
    )


def test_words_whose_fold_is_longer_are_judged_as_indexed():
    # "ß" folds to "ss" and "İ" lower-cases to two characters: offsets no longer line up,
    # and each word is judged by its own fold.
    terms = analyse("strasse izmir")
    snippet = snippets.build(summary="Die Straße nach İzmir ist gesperrt", body="", terms=terms)
    assert snippet == "Die <mark>Straße</mark> nach <mark>İzmir</mark> ist gesperrt"


def test_snippet_keeps_list_items_apart():
    snippet = snippets.build(
        summary="Perpanjangan STNK tahunan.",
        body="Persyaratan:\nKTP asli pemilik kendaraan\r\nSTNK asli\n\nBPKB asli",
        terms=analyse("ktp asli"),
    )
    assert snippet == (
        "Persyaratan: · <mark>KTP</mark> <mark>asli</mark> pemilik kendaraan · STNK "
        "<mark>asli</mark> · BPKB <mark>asli</mark>"
    )
    # Without a match, the start of the text, its lines apart as well.
    assert snippets.build(summary="", body="Satu\nDua  tiga", terms=analyse("x")) == (
        "Satu · Dua tiga"
    )
