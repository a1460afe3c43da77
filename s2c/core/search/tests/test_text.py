from s2c.core.search import text
from s2c.core.search.text import Term


def test_words_are_folded_and_split_on_anything_but_letters_and_digits():
    assert text.words("Café ÉLÉGANT, jalan-jalan di Sumatera-Selatan (2024)!") == [
        "cafe",
        "elegant",
        "jalan",
        "jalan",
        "di",
        "sumatera",
        "selatan",
        "2024",
    ]


def test_stems_are_sastrawi_and_short_or_numeric_words_are_kept():
    assert text.stem("perpanjangan") == "panjang"
    assert text.stem("kendaraan") == "kendara"
    assert text.stem("selatan") == "selatan"
    assert text.stem("stnk") == "stnk"
    assert text.stem("2024") == "2024"


def test_expand_keeps_the_whole_word_before_its_stem():
    assert text.expand("Perpanjangan STNK kendaraan") == (
        "perpanjangan panjang stnk kendaraan kendara"
    )


def test_analyse_drops_stopwords_and_duplicates():
    assert text.analyse("pajak yang di Pajak kendaraan") == [
        Term("pajak", "pajak"),
        Term("kendaraan", "kendara"),
    ]


def test_analyse_keeps_stopwords_when_nothing_else_is_left():
    assert text.analyse("dan yang") == [Term("dan", "dan"), Term("yang", "yang")]


def test_analyse_prefix_marks_only_the_word_being_typed():
    assert text.analyse("pajak kend", prefix=True) == [
        Term("pajak", "pajak"),
        Term("kend", "kend", prefix=True),
    ]
    # A trailing space means the last word is complete.
    assert text.analyse("pajak kend ", prefix=True) == [
        Term("pajak", "pajak"),
        Term("kend", "kend"),
    ]
    # A single typed letter is ignored; a stop word being typed may still grow.
    assert text.analyse("pajak k", prefix=True) == [Term("pajak", "pajak")]
    assert text.analyse("dinas ke", prefix=True) == [
        Term("dinas", "dinas"),
        Term("ke", "ke", prefix=True),
    ]


def test_analyse_bounds_any_input():
    assert text.analyse("") == []
    assert text.analyse("   \"*():^-NEAR ' ; --") == [Term("near", "near")]
    assert text.analyse(None) == []
    long_terms = text.analyse(" ".join(f"kata{i}" for i in range(1000)))
    assert len(long_terms) == text.MAX_QUERY_TERMS
    longest = "x" * text.MAX_WORD_CHARS
    assert text.analyse("x" * 10_000) == [Term(longest, longest)]


def test_edit_distance_counts_insertions_deletions_substitutions_and_transpositions():
    assert text.edit_distance("samsatt", "samsat", 2) == 1
    assert text.edit_distance("kendaran", "kendaraan", 2) == 1
    assert text.edit_distance("pjaak", "pajak", 2) == 1
    assert text.edit_distance("pajek", "pajak", 2) == 1
    assert text.edit_distance("kesehatan", "kesehatan", 2) == 0
    assert text.edit_distance("abcdef", "uvwxyz", 2) == 3
    assert text.edit_distance("pajak", "pajakpajak", 2) == 3


def test_letter_mask_bounds_the_distance():
    a, b = text.letter_mask("kendaran"), text.letter_mask("kendaraan")
    assert (a ^ b).bit_count() == 0
    assert text.letter_mask("abc") == 0b111


def test_english_plurals_match_their_singular_and_indonesian_words_stay():
    from s2c.core.search.text import singular, stem

    plurals = ["schools", "certificates", "taxes", "facilities", "permits", "churches"]
    assert [stem(w) for w in plurals] == [
        "school",
        "certificate",
        "tax",
        "facility",
        "permit",
        "church",
    ]
    # Indonesian words ending in s, and short words, are left alone.
    assert [singular(w) for w in ["kelas", "gratis", "kursus", "tugas", "bus", "pos"]] == [
        "kelas",
        "gratis",
        "kursus",
        "tugas",
        "bus",
        "pos",
    ]
    assert stem("perizinan") == "izin"  # Sastrawi first
