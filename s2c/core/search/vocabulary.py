"""The vocabulary table: stems for indexing (a persistent cache of the slow Sastrawi
stemmer) and candidate words for spelling corrections."""

from __future__ import annotations

from collections.abc import Iterable

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


def candidates(word: str, max_distance: int) -> list[tuple[int, str]]:
    """Vocabulary words within ``max_distance`` edits of ``word`` (same first letter,
    similar length), nearest first: [(distance, word)]."""
    if not word:
        return []
    n = len(word)
    mask = text.letter_mask(word)
    rows = (
        SearchTerm.objects.filter(
            first=word[0], length__gte=n - max_distance, length__lte=n + max_distance
        )
        .exclude(word=word)
        .values_list("word", "mask")
    )
    found: list[tuple[int, int, str]] = []
    for other, other_mask in rows:
        if (mask ^ other_mask).bit_count() > 2 * max_distance:
            continue
        distance = text.edit_distance(word, other, max_distance)
        if distance <= max_distance:
            found.append((distance, abs(len(other) - n), other))
            if len(found) >= _MAX_CANDIDATES:
                break
    found.sort()
    return [(d, w) for d, _, w in found]
