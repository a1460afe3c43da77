"""The vocabulary table: stems for indexing (a persistent cache of the slow Sastrawi
stemmer) and candidate words for spelling corrections."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import text
from .models import SearchTerm

_CHUNK = 500
_MAX_CANDIDATES = 200


def _chunks(items: list[str], size: int = _CHUNK) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def prepare(words: set[str]) -> None:
    """Make sure every word's stem is cached and every vocabulary-worthy word is stored.

    One query per 500 words (the table, not this process, knows what is stored: a
    rolled-back or flushed table must not be trusted from memory), then Sastrawi only
    for words never seen before."""
    worthy = text.vocabulary_words(list(words))
    unknown = sorted(
        w
        for w in words
        if w in worthy or (w.isalpha() and len(w) > 3 and text.cached_stem(w) is None)
    )
    if not unknown:
        return
    found: dict[str, str] = {}
    for chunk in _chunks([w for w in unknown if w in worthy]):
        found.update(SearchTerm.objects.filter(word__in=chunk).values_list("word", "stem"))
    text.remember_stems(found)
    rows = []
    for word in unknown:
        stemmed = text.stem(word)
        if word in worthy and word not in found:
            rows.append(
                SearchTerm(
                    word=word,
                    stem=stemmed[:40],
                    first=word[0],
                    length=len(word),
                    mask=text.letter_mask(word),
                )
            )
    if rows:
        SearchTerm.objects.bulk_create(rows, ignore_conflicts=True, batch_size=_CHUNK)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    """Every string one edit (deletion, transposition, substitution, insertion of a
    letter a-z) away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    found |= {a + c + b for a, b in splits for c in _LETTERS}
    found.discard(word)
    return found


def candidates(word: str, max_distance: int) -> list[tuple[int, str]]:
    """Vocabulary words within ``max_distance`` edits of ``word``, nearest first:
    [(distance, word)]. Those one edit away are looked up by name (one indexed
    statement); only when there are none, and two edits are allowed, is the word's
    bucket (same first letter, similar length) scanned."""
    if not word:
        return []
    if word.isascii():
        near = sorted(_one_edit(word))
        found = set()
        for chunk in _chunks(near):
            found.update(SearchTerm.objects.filter(word__in=chunk).values_list("word", flat=True))
        # A candidate with another first letter is not offered (as in the bucket scan).
        one = sorted(w for w in found if w[0] == word[0])
        if one or max_distance < 2:
            return [(1, w) for w in one[:_MAX_CANDIDATES]]
    n = len(word)
    mask = text.letter_mask(word)
    rows = (
        SearchTerm.objects.filter(
            first=word[0], length__gte=n - max_distance, length__lte=n + max_distance
        )
        .exclude(word=word)
        .values_list("word", "mask")
    )
    ranked: list[tuple[int, int, str]] = []
    for other, other_mask in rows:
        if (mask ^ other_mask).bit_count() > 2 * max_distance:
            continue
        distance = text.edit_distance(word, other, max_distance)
        if distance <= max_distance:
            ranked.append((distance, abs(len(other) - n), other))
            if len(ranked) >= _MAX_CANDIDATES:
                break
    ranked.sort()
    return [(d, w) for d, _, w in ranked]


def remember_stems(words: Iterable[str]) -> None:
    """Load the stored stems of ``words`` not in the process's cache (one statement):
    a question's words are then stemmed without Sastrawi when the index knows them."""
    unknown = sorted({w for w in words if text.cached_stem(w) is None})
    if unknown:
        text.remember_stems(
            dict(SearchTerm.objects.filter(word__in=unknown[:_CHUNK]).values_list("word", "stem"))
        )


_MAX_SIBLINGS = 10_000


class _SiblingCache:
    """{stem: {word: stem}} read from the vocabulary, kept while the index is at one
    version (a word first written by a new document comes with a commit of the index)."""

    def __init__(self):
        self.version: Any = None
        self.by_stem: dict[str, dict[str, str]] = {}

    def at(self, version: Any) -> dict[str, dict[str, str]]:
        if version != self.version or len(self.by_stem) > 50_000:
            self.version, self.by_stem = version, {}
        return self.by_stem


_SIBLINGS = _SiblingCache()


def _read_siblings(stems: list[str]) -> tuple[dict[str, dict[str, str]], bool]:
    """({stem: {word: stem}}, whether every word was read) in one statement."""
    rows = list(
        SearchTerm.objects.filter(stem__in=stems).values_list("word", "stem")[:_MAX_SIBLINGS]
    )
    by_stem: dict[str, dict[str, str]] = {stem: {} for stem in stems}
    for word, stem in rows:
        by_stem[stem][word] = stem
    return by_stem, len(rows) < _MAX_SIBLINGS


def siblings(stems: Iterable[str], *, version: Any = None) -> dict[str, str]:
    """{word: stem} of the vocabulary's words having one of ``stems``: what query words
    match in a text, known without stemming it. With the index's ``version``, the words
    of each stem are read once per version and process (one statement for the rest)."""
    wanted = sorted({s for s in stems if s})
    if not wanted:
        return {}
    if version is None:
        by_stem, _ = _read_siblings(wanted)
    else:
        cached = _SIBLINGS.at(version)
        missing = [s for s in wanted if s not in cached]
        by_stem = {s: cached[s] for s in wanted if s in cached}
        if missing:
            found, whole = _read_siblings(missing)
            by_stem.update(found)
            if whole:  # a list cut short is not kept
                cached.update(found)
    merged: dict[str, str] = {}
    for stem in wanted:
        merged.update(by_stem[stem])
        if len(merged) >= _MAX_SIBLINGS:
            break
    return merged
