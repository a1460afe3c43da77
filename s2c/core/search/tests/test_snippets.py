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
