"""Spelling corrections: a query word with no (or very few) visible matches is replaced by
the nearest vocabulary word that has more. Every count here is taken over the documents
the asking user may see, so a hidden document never shapes a suggestion."""

from __future__ import annotations

from collections.abc import Callable

from . import text, vocabulary
from .text import Term

FEW_HITS = 3
# Verify at most this many candidates at the nearest distance found.
MAX_VERIFIED = 8


def max_distance(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 5 else 2


def correct(terms: list[Term], count: Callable[[Term], int]) -> list[Term] | None:
    """``terms`` with misspelt words replaced, or None when nothing was changed.

    ``count(term, enough=None)`` returns how many visible documents match the term; with
    ``enough``, a count of at least that many may be given as ``enough``."""
    changed = False
    corrected: list[Term] = []
    for term in terms:
        replacement = None
        limit = max_distance(term.word)
        if not term.prefix and not term.phrase and limit and term.word.isalpha():
            have = count(term, FEW_HITS)
            if have < FEW_HITS:
                replacement = _best(term.word, have, limit, count)
        if replacement is not None:
            corrected.append(Term(replacement, text.stem(replacement)))
            changed = True
        else:
            corrected.append(term)
    return corrected if changed else None


def _best(word: str, have: int, limit: int, count: Callable[[Term], int]) -> str | None:
    need = 1 if have == 0 else max(FEW_HITS, have * 10)
    by_distance: dict[int, list[str]] = {}
    for distance, candidate in vocabulary.candidates(word, limit):
        by_distance.setdefault(distance, []).append(candidate)
    for distance in sorted(by_distance):
        scored = []
        for candidate in by_distance[distance][:MAX_VERIFIED]:
            hits = count(Term(candidate, text.stem(candidate)))
            if hits >= need:
                scored.append((-hits, candidate))
        if scored:
            return min(scored)[1]
    return None
