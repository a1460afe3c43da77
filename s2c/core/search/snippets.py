"""Highlighted snippets: a short window of the document's own text around the query's
words, HTML-escaped, with <mark> around each matching word."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import text
from .text import Term

SNIPPET_CHARS = 200
SCAN_CHARS = 5_000
_LEAD_CHARS = 40
# Lines of a document (list items: requirements, steps) stay apart in a snippet.
LINE_SEPARATOR = " · "


def _one_line(source: str) -> str:
    """``source`` on one line, its lines (str.splitlines: every Unicode line break)
    stripped, the empty ones dropped, the rest separated by ``LINE_SEPARATOR``."""
    lines = source.splitlines()
    if len(lines) == 1:
        return lines[0].strip()
    return LINE_SEPARATOR.join(kept for line in lines if (kept := line.strip()))


def matcher(terms: list[Term], siblings: dict[str, str] | None = None):
    """A function judging a folded word: the index of the term it matches, or None.

    ``siblings`` ({word: stem}, from the vocabulary table: ``vocabulary.siblings``) are
    the indexed words sharing a term's stem. With them, a word the vocabulary holds
    matches by lookup alone; only words it cannot hold (``text.vocabulary_words``) are
    stemmed here (Sastrawi takes a millisecond for a word it has not seen)."""
    exact: dict[str, int] = {}
    for i, term in enumerate(terms):
        exact.setdefault(term.word, i)
        exact.setdefault(term.stem, i)
    by_stem = {t.stem: i for i, t in reversed(list(enumerate(terms))) if not t.prefix}
    for word, stemmed in (siblings or {}).items():
        if stemmed in by_stem:
            exact.setdefault(word, by_stem[stemmed])
    vocabulary_known = siblings is not None
    prefixes = [(i, t.word) for i, t in enumerate(terms) if t.prefix]
    # Stem only words that could share a term's root (Sastrawi may change the root's
    # first letter: "menyapu" -> "sapu"), to keep long texts cheap.
    roots = [(i, t.stem[1:], t) for i, t in enumerate(terms) if not t.prefix and len(t.stem) > 2]

    # Every word that matches contains one of these: only the words holding one are judged,
    # found with str.find (a regular expression that grows each hit to its word re-scans
    # every word from each of its letters; this is several times faster on long bodies).
    needles = {*exact, *(p for _, p in prefixes), *(r for _, r, _ in roots)}
    # A word holding "pelayanan" holds "layan": the shorter needle finds it.
    needles = sorted(n for n in needles if not any(o != n and o in n for o in needles))
    known: dict[str, int | None] = {}  # a text repeats its words: each is judged once

    def match(word: str) -> int | None:
        """Index of the term ``word`` (a folded word) matches, or None."""
        if word in known:
            return known[word]
        found = exact.get(word)
        if found is None:
            for i, prefix in prefixes:
                if word.startswith(prefix):
                    found = i
                    break
        if found is None:
            for i, root, term in roots:
                if root not in word:
                    continue
                if vocabulary_known and text.vocabulary_words([word]):
                    break  # the vocabulary holds it: not a sibling, so no match
                if text.stem(word) in (term.word, term.stem):
                    found = i
                    break
        if len(known) < 10_000:
            known[word] = found
        return found

    match.needles = needles
    return match


class _FoldEach(dict):
    """Each character to its folded form, or "" when that is not one character."""

    def __missing__(self, char: str) -> str:
        folded = text.fold(char)
        self[char] = found = folded if len(folded) == 1 else ""
        return found


_FOLD_EACH = _FoldEach()
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_each(source: str) -> str | None:
    """``source`` folded character for character (the same offsets), or None when a
    character does not fold to exactly one ("ß" -> "ss", "İ" -> "i̇")."""
    lowered = source.lower()
    if len(lowered) != len(source):
        return None
    folded = _NOT_ASCII.sub(lambda m: _FOLD_EACH[m.group()], lowered)
    return folded if len(folded) == len(source) else None


def _words_holding(source: str, folded: str, needles: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each word (letters and digits, as text.words) containing one of
    ``needles`` in ``folded``, ``source`` folded character for character, in order."""
    spans = set()
    size = len(source)
    for needle in needles:
        at = folded.find(needle)
        while at >= 0:
            start, end = at, at + len(needle)
            while start and source[start - 1].isalnum():
                start -= 1
            while end < size and source[end].isalnum():
                end += 1
            spans.add((start, end))
            at = folded.find(needle, end)
    return sorted(spans)


def _matches(source: str, match) -> list[tuple[int, int, int]]:
    found = []
    if not match.needles:  # no words asked for
        return found
    folded = source.lower() if source.isascii() else _fold_each(source)
    if folded is None:  # rare: judge every word by its own fold
        for m in text._WORD_RE.finditer(source):
            which = match(text.fold(m.group())[: text.MAX_WORD_CHARS])
            if which is not None:
                found.append((m.start(), m.end(), which))
        return found
    for start, end in _words_holding(source, folded, match.needles):
        which = match(folded[start:end][: text.MAX_WORD_CHARS])
        if which is not None:
            found.append((start, end, which))
    return found


def terms_in(source: str, match) -> set[int]:
    """The indexes of the terms that words of ``source`` match (``match`` from
    ``matcher``): found with str.find, not by judging every word."""
    return {which for _, _, which in _matches(source, match)}


def _best_window(found: list[tuple[int, int, int]], length: int) -> tuple[int, int, int]:
    """(start offset, distinct terms, matches) of the window with the most distinct terms."""
    best = (0, 0, 0)
    j = 0
    for i, (start, _, _) in enumerate(found):
        while j < len(found) and found[j][1] <= start + length:
            j += 1
        window = found[i:j]
        score = (len({w for _, _, w in window}), len(window))
        if score > best[1:]:
            best = (start, *score)
    return best


def _render(source: str, start: int, end: int, found) -> str:
    parts = ["…" if start > 0 else ""]
    cursor = start
    for m_start, m_end, _ in found:
        if m_start < start or m_end > end:
            continue
        parts.append(escape(source[cursor:m_start]))
        parts.append(f"<mark>{escape(source[m_start:m_end])}</mark>")
        cursor = m_end
    parts.append(escape(source[cursor:end]))
    if end < len(source):
        parts.append("…")
    return "".join(parts)


def _cut(source: str, start: int, length: int) -> tuple[int, int]:
    """A window of about ``length`` characters from ``start``, on word boundaries."""
    if start > 0:
        space = source.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(source), start + length)
    if end < len(source):
        space = source.rfind(" ", start + length // 2, end)
        end = space if space > 0 else end
    return start, end


def build(
    *, summary: str, body: str, terms: list[Term], length: int = SNIPPET_CHARS, match=None
) -> SafeString:
    """The best snippet from the summary or the start of the body (escaped, marked);
    ``match`` from ``matcher`` (built from ``terms`` when not given)."""
    match = match or matcher(terms)
    best = None
    for source in (_one_line(summary or ""), _one_line((body or "")[:SCAN_CHARS])):
        if not source:
            continue
        found = _matches(source, match)
        if not found:
            continue
        start, distinct, count = _best_window(found, length)
        if best is None or (distinct, count) > best[0]:
            best = ((distinct, count), source, start, found)
        if distinct == len(terms):
            break  # the summary has every term: no need to read the body
    if best is None:
        source = " ".join(_one_line((summary or body or "")[: length * 2]).split())
        start, end = _cut(source, 0, length)
        return mark_safe(_render(source, start, end, []))
    _, source, start, found = best
    start, end = _cut(source, max(0, start - _LEAD_CHARS), length)
    return mark_safe(_render(source, start, end, found))
