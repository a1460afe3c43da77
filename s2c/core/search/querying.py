"""``search.query``: what the asking user may see, matched, counted, faceted, ranked and
snippeted. The visibility filter is part of every SQL statement, so hidden documents
never reach a total, a facet count, a suggestion or a snippet."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from s2c.core.errors import ApplicationError
from s2c.core.models import Agency, Region
from s2c.core.permissions import visibility_q

from . import cache, snippets, spelling, text, types
from .backends import ALL, ANY, Backend, get_backend
from .backends.base import Candidate
from .models import SearchDocument
from .text import Term
from .types import Facet, Hit, SearchResults

MAX_PAGE_SIZE = 100
# A query counts, facets and ranks at most this many matches, the newest first: the
# work stays bounded however common the words. Beyond it, ``results.capped`` is True, and
# the newest TYPE_CANDIDATES matches of each type with fewer among them join in, so the
# many new documents of one type (Care reports) never push another type's older ones
# (services) out of the results.
CANDIDATES = getattr(settings, "S2C_SEARCH_CANDIDATES", 1000)
TYPE_CANDIDATES = max(1, CANDIDATES // 10)
MAX_FILTER_VALUES = 100
# The best matches by the engine's score are ranked again by what answers the question
# (see ``_rank``); the rest follow in the engine's order.
RERANK = getattr(settings, "S2C_SEARCH_RERANK", 100)
# How much of a document's keywords and summary the ranking reads.
RANK_TEXT_CHARS = 1_000
COUNT_CAP = 100  # counts used only to choose a spelling correction


_NOT_A_NUMBER = {
    "page": _("The page must be a whole number."),
    "page size": _("The page size must be a whole number."),
    "agency": _("The agency filter must be made of whole numbers."),
    "region": _("The region filter must be made of whole numbers."),
}
_MAX_ID = 2**63 - 1


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise ApplicationError(_NOT_A_NUMBER[name], code="invalid_filter") from None


def _ids(values: Any, name: str) -> list[int] | None:
    if values is None:
        return None
    if isinstance(values, (str, int)):
        values = [values]
    ids = sorted({_int(v, name) for v in values if v not in ("", None)})
    if len(ids) > MAX_FILTER_VALUES:
        raise ApplicationError(_("Too many filter values."), code="invalid_filter")
    if any(not 0 < i <= _MAX_ID for i in ids):
        raise ApplicationError(_NOT_A_NUMBER[name], code="invalid_filter")
    return ids or None


def _keys(values: Any) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    keys = sorted({str(v) for v in values if v not in ("", None)})
    if len(keys) > MAX_FILTER_VALUES:
        raise ApplicationError(_("Too many filter values."), code="invalid_filter")
    return keys or None


class _Filters:
    def __init__(self, types, agencies, regions):
        self.types, self.agencies, self.regions = types, agencies, regions

    def q(self) -> Q:
        q = Q()
        if self.types:
            q &= Q(type__in=self.types)
        if self.agencies:
            q &= Q(agency_id__in=self.agencies)
        if self.regions:
            q &= Q(region_id__in=self.regions)
        return q


class _Search:
    """Candidate lookups over what the user may see, within the filters."""

    def __init__(self, backend: Backend, visible: QuerySet, filters: _Filters):
        self.backend = backend
        self.visible = visible
        # Documents of a type no service registers (switched off) are not searched.
        registered = [t.key for t in types.all_types()]
        self.type_keys = [k for k in registered if not filters.types or k in filters.types]
        self.scoped = visible.filter(filters.q(), type__in=self.type_keys)
        self.capped = False

    def candidates(self, terms: list[Term], mode: str) -> list[Candidate]:
        if not self.type_keys:
            return []
        found = self.backend.candidates(self.scoped, terms, mode, CANDIDATES)
        self.capped = len(found) >= CANDIDATES
        if not self.capped:
            return found
        counts = Counter(c.type for c in found)
        short = [k for k in self.type_keys if counts[k] < TYPE_CANDIDATES]
        if short:
            seen = {c.id for c in found}
            more = self.backend.candidates(self.scoped, terms, mode, TYPE_CANDIDATES, short)
            found += [c for c in more if c.id not in seen]
        return found

    def count(self, term: Term) -> int:
        # Corrections look at everything the user may see, not only the filtered part.
        return self.backend.count(self.visible, [term], ALL, COUNT_CAP)


def query(
    *,
    user,
    q: str,
    types: Any = None,
    agency_ids: Any = None,
    region_ids: Any = None,
    page: Any = 1,
    page_size: Any = 20,
    prefix: bool = False,
    collapse: bool = True,
) -> SearchResults:
    page_size = min(max(_int(page_size, "page size"), 1), MAX_PAGE_SIZE)
    page = max(_int(page, "page"), 1)
    filters = _Filters(_keys(types), _ids(agency_ids, "agency"), _ids(region_ids, "region"))
    results = SearchResults(query=q if isinstance(q, str) else "", page=page, page_size=page_size)
    visibility = visibility_q(user)
    cache_key = None
    if cache.public_only(visibility) and cache.seconds() > 0:
        cache_key = cache.key(
            q=results.query,
            types=filters.types,
            agencies=filters.agencies,
            regions=filters.regions,
            page=page,
            page_size=page_size,
            prefix=bool(prefix),
            collapse=bool(collapse),
            candidates=CANDIDATES,
            rerank=RERANK,
        )
        cached = cache.get(cache_key)
        if cached is not None:
            return cached
    _run(results, visibility, filters, bool(prefix), bool(collapse))
    if cache_key is not None:
        cache.put(cache_key, results)
    return results


def _run(
    results: SearchResults, visibility: Q, filters: _Filters, prefix: bool, collapse: bool
) -> None:
    terms = text.analyse(results.query, prefix=prefix)
    visible = SearchDocument.objects.filter(visibility)
    if not terms:
        if filters.q():
            _browse(results, visible, filters)
        return

    search = _Search(get_backend(), visible, filters)
    found = search.candidates(terms, ALL)
    corrected = None
    if len(found) < spelling.FEW_HITS:
        corrected = spelling.correct(terms, search.count)
    if corrected is not None:
        if found:  # a few hits: keep them, offer the correction ("did you mean ...?")
            results.suggestion = text.display(corrected)
        else:
            terms = corrected
            found = search.candidates(terms, ALL)
            results.suggestion, results.corrected = text.display(corrected), True
    if not found and len(terms) > 1:
        # No document has every word: rank those with some of them.
        found = search.candidates(terms, ANY)
        results.matched_all = not found
    if not found:
        results.suggestion, results.corrected = None, False
    _fill(results, found, terms, capped=search.capped, collapse=collapse)


def _fill(
    results: SearchResults,
    found: list[Candidate],
    terms: list[Term],
    *,
    capped: bool,
    collapse: bool = True,
) -> None:
    """Total, facets and the page of hits from the candidates (best first)."""
    results.capped = capped
    results.facets = _facets(found)
    similar: dict[int, int] = {}
    if terms:
        found = sorted(found, key=lambda c: (-c.score, -c.id))
        head, similar, about = _rank(found[:RERANK], terms, collapse=collapse)
        found = head + found[RERANK:]
        results.mentioned_only = bool(head) and not about
    results.total = len(found)
    offset = (results.page - 1) * results.page_size
    results.hits = _hits(found[offset : offset + results.page_size], terms, similar)


class _Judged(NamedTuple):
    candidate: Candidate
    about: frozenset  # the query terms in the title, keywords or summary
    titled: int  # how many query terms the title holds
    same: tuple  # what near-identical documents share: type and title words


def _rank(
    head: list[Candidate], terms: list[Term], *, collapse: bool
) -> tuple[list[Candidate], dict[int, int], int]:
    """The best candidates ranked by what answers the question, engine independent:

    1. how many of the query's words the document is *about* (its title, English title,
       keywords or summary hold them), not merely mentions in its text: "akta kelahiran"
       is about no service, though school enrolment lists one among its requirements;
    2. its kind's priority: a service before a report that uses the same words;
    3. how many of the words its title holds;
    4. how rare the words it is about are among the matches (a document about the
       question's rarer word answers it better);
    5. the engine's score (bm25, ts_rank), then the newest.

    With ``collapse``, documents of one type with the same title (demo reports, a
    problem reported many times) are shown once: the best, with how many more there are.
    Returns (ranked, {id: similar count}, terms the best one is about)."""
    if not head:
        return head, {}, 0
    rows = {
        pk: (title, title_en, keywords, summary, summary_en)
        for pk, title, title_en, keywords, summary, summary_en in SearchDocument.objects.filter(
            id__in=[c.id for c in head]
        )
        .annotate(
            keywords_head=Substr("keywords", 1, RANK_TEXT_CHARS),
            summary_head=Substr("summary", 1, RANK_TEXT_CHARS),
            summary_en_head=Substr("summary_en", 1, RANK_TEXT_CHARS),
        )
        .values_list("id", "title", "title_en", "keywords_head", "summary_head", "summary_en_head")
    }
    match = snippets.matcher(terms)

    def held(*values: str) -> set[int]:
        found: set[int] = set()
        for value in values:
            if value:
                found |= snippets.terms_in(value, match)
        return found

    judged = []
    for candidate in head:
        title, title_en, keywords, summary, summary_en = rows.get(candidate.id, ("",) * 5)
        titled = held(title, title_en)
        about = frozenset(titled | held(keywords, summary, summary_en))
        same = (candidate.type, _title_words(title))
        judged.append(_Judged(candidate, about, len(titled), same))
    about_counts = Counter(term for j in judged for term in j.about)
    rarity = {term: math.log(1 + len(judged) / n) for term, n in about_counts.items()}
    judged.sort(
        key=lambda j: (
            -len(j.about),
            types.priority(j.candidate.type),
            -j.titled,
            -round(sum(rarity[term] for term in j.about), 6),
            -j.candidate.score,
            -j.candidate.id,
        )
    )
    ranked: list[Candidate] = []
    similar: dict[int, int] = {}
    first: dict[tuple, int] = {}
    for j in judged:
        shown = first.get(j.same) if collapse and j.same[1] else None
        if shown is not None:
            similar[shown] = similar.get(shown, 0) + 1
            continue
        first[j.same] = j.candidate.id
        ranked.append(j.candidate)
    return ranked, similar, len(judged[0].about)


def _browse(results: SearchResults, visible: QuerySet, filters: _Filters) -> None:
    """No words but a filter (an agency's page, a type's listing): the visible documents
    within the filters, newest first."""
    rows = (
        visible.filter(filters.q())
        .order_by("-id")
        .values_list("id", "type", "agency_id", "region_id")[:CANDIDATES]
    )
    found = [Candidate(pk, 0.0, t, a, r) for pk, t, a, r in rows]
    _fill(results, found, [], capped=len(found) >= CANDIDATES)


def _facets(found: list[Candidate]) -> dict[str, list[Facet]]:
    """Counts by type, agency and region of the results (within the filters)."""
    by_type: Counter = Counter(c.type for c in found)
    by_agency: Counter = Counter(c.agency_id for c in found if c.agency_id is not None)
    by_region: Counter = Counter(c.region_id for c in found if c.region_id is not None)
    agency_names, region_names = _facet_labels()

    def ordered(counter: Counter, label) -> list[Facet]:
        facets = [Facet(str(key), label(key), n) for key, n in counter.items() if n]
        return sorted(facets, key=lambda f: (-f.count, f.label.casefold(), f.key))

    return {
        "type": ordered(by_type, types.type_label),
        "agency": ordered(by_agency, lambda k: agency_names.get(k, str(k))),
        "region": ordered(by_region, lambda k: region_names.get(k, str(k))),
    }


class _Directory(NamedTuple):
    agency_labels: dict[int, str]
    region_labels: dict[int, str]
    agency_codes: dict[int, str]
    region_codes: dict[int, str]


def _facet_labels() -> tuple[dict[int, str], dict[int, str]]:
    """Every agency's and region's facet label (public names)."""
    directory = _directory()
    return directory.agency_labels, directory.region_labels


def codes() -> tuple[dict[int, str], dict[int, str]]:
    """Every agency's and region's code by id (public), to name results and facets."""
    directory = _directory()
    return directory.agency_codes, directory.region_codes


def _directory() -> _Directory:
    """Agency and region labels and codes (a few hundred rows), kept in the cache until the
    index changes (an agency profile saved through the portal re-indexes it) and for at
    most 5 minutes (an edit in the Django admin does not)."""
    key = cache.directory_key()
    found = cache.get(key)
    if found is None:
        agencies = list(Agency.objects.values_list("id", "short_name", "code"))
        regions = list(Region.objects.only("id", "name", "kind", "code"))
        found = _Directory(
            agency_labels={pk: name for pk, name, _ in agencies},
            region_labels={r.id: r.display_name for r in regions},
            agency_codes={pk: code for pk, _, code in agencies},
            region_codes={r.id: r.code for r in regions},
        )
        cache.put(key, found, 300)
    return found


def _title_words(title: str) -> tuple[str, ...]:
    """A title's folded words (what near-identical titles share); ASCII titles, nearly
    all, without the Unicode folding."""
    if title.isascii():
        return tuple(text._WORD_RE.findall(title.lower()))
    return tuple(text.words(title))


def _hits(
    ranked: list[Candidate], terms: list[Term], similar: dict[int, int] | None = None
) -> list[Hit]:
    """The page's hits, in the reader's language where the document has it."""
    if not ranked:
        return []
    similar = similar or {}
    english = (get_language() or "id").startswith("en")
    rows = {
        d.id: d
        for d in SearchDocument.objects.filter(id__in=[c.id for c in ranked])
        .defer("body", "keywords")
        .annotate(body_head=Substr("body", 1, snippets.SCAN_CHARS))
    }
    hits = []
    for candidate in ranked:
        d = rows.get(candidate.id)
        if d is None:  # removed between the two statements
            continue
        title = d.title_en if english and d.title_en else d.title
        summary = d.summary_en if english and d.summary_en else d.summary
        hits.append(
            Hit(
                type=d.type,
                type_label=types.type_label(d.type),
                object_id=d.object_id,
                title=title,
                url=d.url,
                summary=summary,
                snippet=snippets.build(summary=summary, body=d.body_head, terms=terms),
                score=candidate.score,
                agency_id=d.agency_id,
                region_id=d.region_id,
                similar=similar.get(candidate.id, 0),
            )
        )
    return hits
