"""Text analysis shared by indexing, querying and snippets: one tokeniser, one stemmer.

Words are folded (case, diacritics) and split on anything that is not a letter or digit.
The Sastrawi stemmer is slow (milliseconds for a new word), so stems are cached here per
process and persisted in the vocabulary table (see ``vocabulary.py``).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 12
MAX_WORD_CHARS = 40
MIN_PREFIX_CHARS = 2

_WORD_RE = re.compile(r"[^\W_]+")

# Function words dropped from queries (still indexed). Deliberately short: Sastrawi's list
# holds content words such as "panjang" or "bulan" that people do search for.
STOPWORDS = frozenset(
    """adalah akan atau bagi dalam dan dari dengan di ini itu juga ke kepada oleh pada
    para sebagai secara serta sudah telah tentang untuk yang yaitu yakni""".split()
    # English (the site is bilingual): none of these is an Indonesian word.
    + """a an and are at can do does for from how i in is it my of on or our the to
    what where with your""".split()
)

_stemmer = None
_stemmer_lock = threading.Lock()

# word -> stem, bounded: cleared when full (the vocabulary table refills it cheaply).
_STEM_CACHE_SIZE = 200_000
_stems: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower case without diacritics: "Café ÉLÉGANT" -> "cafe elegant"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text`` in order (over-long runs are cut, not dropped)."""
    return [w[:MAX_WORD_CHARS] for w in _WORD_RE.findall(fold(text))]


def _sastrawi():
    global _stemmer
    if _stemmer is None:
        with _stemmer_lock:
            if _stemmer is None:
                # Loaded on first use: building its dictionary takes a while, and only
                # indexing and searching need it.
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                # The factory wraps the stemmer in an unbounded cache; ours is bounded.
                _stemmer = StemmerFactory().create_stemmer().delegatedStemmer
    return _stemmer


def stem(word: str) -> str:
    """The Sastrawi stem of one folded word; for a word Sastrawi leaves alone, an English
    plural's singular ("schools" -> "school"); else the word itself."""
    found = _stems.get(word)
    if found is None:
        found = word
        if word.isalpha() and len(word) > 3:
            stemmed = _sastrawi().stem(word)
            if stemmed and stemmed.isalnum():
                found = stemmed
        remember_stems({word: found})
    return singular(word) if found == word else found


def singular(word: str) -> str:
    """An English plural's singular by the regular rules, for words of five letters or
    more. Words ending in -as, -is, -os, -us or -ss are left alone: Indonesian has many
    (kelas, gratis, kursus), English plurals rarely end so."""
    if len(word) < 5 or not word.isascii() or not word.endswith("s"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if word[-2] in "aiosu":
        return word
    return word[:-1]


def cached_stem(word: str) -> str | None:
    return _stems.get(word)


def remember_stems(pairs: dict[str, str]) -> None:
    """Add stems to the process cache (also those loaded from the vocabulary table)."""
    if len(_stems) + len(pairs) > _STEM_CACHE_SIZE:
        _stems.clear()
    _stems.update(pairs)


def expand(text: str) -> str:
    """The text as indexed (both engines): each word followed by its stem when that differs,
    so both the whole word and the stem match ("perpanjangan panjang")."""
    out: list[str] = []
    for word in words(text):
        out.append(word)
        stemmed = stem(word)
        if stemmed != word:
            out.append(stemmed)
    return " ".join(out)


@dataclass(frozen=True)
class Term:
    """One query word: it matches documents containing ``word`` or ``stem``; a prefix
    term matches any word starting with ``word``."""

    word: str
    stem: str
    prefix: bool = False
    # Words of the n-th phrase in quotes share n (1, 2, ...): they match as written, in
    # order and next to each other. 0 for a free word.
    phrase: int = 0


_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


def analyse(q: str, *, prefix: bool = False) -> list[Term]:
    """Query text to terms: folded, stop words dropped (unless nothing else is left),
    duplicates removed, at most ``MAX_QUERY_TERMS``. Words in double quotes form a phrase
    (kept whole, stop words included). With ``prefix`` the word being typed (the last
    one, when the text does not end in a space or punctuation) becomes a prefix term; a
    single typed letter is ignored. Never raises on any input."""
    if not isinstance(q, str):
        return []
    folded = fold(q[:MAX_QUERY_CHARS].translate(_QUOTES))
    parts = folded.split('"')
    if len(parts) % 2 == 0:  # an unclosed quote: its words are free words
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    free = " ".join(parts[0::2])
    phrases = [_words_of(part) for part in parts[1::2]]
    phrases = [p for p in phrases if p]
    raw = _words_of(free)
    typing: str | None = None
    if prefix and raw and not phrases and _WORD_RE.match(folded[-1]):
        typing = raw.pop()
        if len(typing) < MIN_PREFIX_CHARS:
            typing = None
    kept = [w for w in raw if w not in STOPWORDS] or ([] if typing or phrases else raw)
    terms: list[Term] = []
    for number, words_in_phrase in enumerate(phrases, start=1):
        terms += [Term(w, stem(w), phrase=number) for w in words_in_phrase]
    unique: list[str] = []
    for w in kept:
        if w not in unique and w != typing:
            unique.append(w)
    terms += [Term(w, stem(w)) for w in unique]
    terms = terms[: MAX_QUERY_TERMS - (1 if typing else 0)]
    if typing:
        terms.append(Term(typing, typing, prefix=True))
    return terms


def _words_of(value: str) -> list[str]:
    return [w[:MAX_WORD_CHARS] for w in _WORD_RE.findall(value)]


def display(terms: list[Term]) -> str:
    """Terms back to query text (for a suggestion), phrases in quotes."""
    out: list[str] = []
    phrase = 0
    for term in terms:
        if term.phrase and term.phrase == phrase:
            out[-1] = out[-1][:-1] + " " + term.word + '"'
        elif term.phrase:
            out.append(f'"{term.word}"')
        else:
            out.append(term.word)
        phrase = term.phrase
    return " ".join(out)


def vocabulary_words(text_words: list[str]) -> set[str]:
    """Words worth offering as spelling corrections: letters only, 3 to 30 long."""
    return {w for w in text_words if 3 <= len(w) <= 30 and w.isalpha() and w.isascii()}


def letter_mask(word: str) -> int:
    """A bit per letter a-z present in the word: two words within edit distance d differ
    in at most 2*d bits, a cheap filter before computing the distance."""
    mask = 0
    for c in word:
        o = ord(c) - 97
        if 0 <= o < 26:
            mask |= 1 << o
    return mask


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or ``limit + 1`` as soon
    as it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        row_min = i
        ca = a[i - 1]
        for j in range(1, len(b) + 1):
            cost = 0 if ca == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and j > 1 and ca == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < row_min:
                row_min = v
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1] if prev[-1] <= limit else limit + 1
