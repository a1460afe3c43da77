"""Suggested classification code and tags for a document: first the archivists' rules
(an agency's own, then the province's), else a vote of the agency's documents most like
it, found by the one search (its BM25 over the document's most frequent words, within
what the asking officer may see). The archivist decides; nothing is applied unasked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from s2c.core import search
from s2c.core.search import text as search_text

from .models import Classification, ClassificationRule, Document

KEY_WORDS = 12
NEIGHBOURS = 15
MAX_TAGS = 5
READ_CHARS = 50_000


@dataclass
class Suggestion:
    classification: Classification | None = None
    tags: list[str] = field(default_factory=list)
    source: str = ""  # "rule" or "similar"
    neighbours: int = 0  # how many similar documents voted


def key_words(text: str, limit: int = KEY_WORDS) -> list[str]:
    """The text's most frequent words that say something (no stop words, numbers or
    words of fewer than four letters)."""
    counts = Counter(
        w
        for w in search_text.words(text[:READ_CHARS])
        if len(w) >= 4 and w.isalpha() and w not in search_text.STOPWORDS
    )
    return [w for w, _ in counts.most_common(limit)]


def _text(document: Document) -> str:
    current = document.current
    return f"{document.title}\n{document.description}\n{current.text if current else ''}"


def from_rules(document: Document, text: str | None = None) -> Suggestion | None:
    held = set(search_text.words((text or _text(document))[:READ_CHARS]))
    rules = ClassificationRule.objects.filter(
        Q(agency_id=document.agency_id) | Q(agency__isnull=True)
    ).select_related("classification")
    for rule in sorted(rules, key=lambda r: (r.agency_id is None, r.order, r.pk)):
        words = search_text.words(rule.words)
        if words and all(w in held for w in words):
            tags = [t.strip().lower() for t in rule.tags.split(",") if t.strip()]
            return Suggestion(rule.classification, tags[:MAX_TAGS], "rule")
    return None


def from_similar(document: Document, *, user) -> Suggestion:
    words = key_words(_text(document))
    if not words:
        return Suggestion()
    results = search.query(
        user=user,
        q=" ".join(words),
        types=["sidata.document"],
        agency_ids=[document.agency_id],
        page_size=NEIGHBOURS + 1,
        collapse=False,
        any_word=True,
    )
    ranked = [int(h.object_id) for h in results.hits if h.object_id.isdecimal()]
    ranked = [pk for pk in ranked if pk != document.pk][:NEIGHBOURS]
    if not ranked:
        return Suggestion()
    weight = {pk: 1 / (rank + 1) for rank, pk in enumerate(ranked)}
    neighbours = Document.objects.filter(pk__in=ranked).prefetch_related("tags")
    codes: Counter = Counter()
    tags: Counter = Counter()
    by_pk = {}
    for other in neighbours:
        if other.classification_id:
            codes[other.classification_id] += weight[other.pk]
            by_pk[other.classification_id] = other.classification_id
        for tag in other.tags.all():
            tags[tag.name] += weight[other.pk]
    classification = None
    if codes:
        best, votes = codes.most_common(1)[0]
        if votes >= 0.5 * sum(codes.values()):  # a clear majority of the similar ones
            classification = Classification.objects.filter(pk=best, is_active=True).first()
    have = {t.name for t in document.tags.all()}
    total = sum(weight.values())
    suggested = [t for t, w in tags.most_common() if t not in have and w >= 0.3 * total]
    return Suggestion(classification, suggested[:MAX_TAGS], "similar", len(ranked))


def suggest(document: Document, *, user) -> Suggestion:
    return from_rules(document) or from_similar(document, user=user)
