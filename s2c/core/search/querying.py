"""``search.query``: what the asking user may see, matched, counted, faceted, ranked and
snippeted. The engine scores every match (BM25); the visibility filter is part of every
engine query, so hidden documents never reach a total, a facet count, a suggestion or a
snippet. The database then gives the texts of the best matches for the final ranking and
the page's hits."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, NamedTuple

import tantivy
from django.conf import settings
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from s2c.core.errors import ApplicationError
from s2c.core.models import Agency, Region
from s2c.core.permissions import Visibility, visibility_scope

from . import cache, snippets, spelling, text, types, vocabulary
from .engine import BOOSTS, NONE, SCHEMA, TEXT_FIELDS, kind_number
from .engine import get as get_engine
from .models import SearchDocument
from .text import Term
from .types import Facet, Hit, SearchResults

ALL = "all"  # every term must match (each by word or stem)
ANY = "any"  # at least one term matches; ranking sorts out the rest

MAX_PAGE_SIZE = 100
# Totals are exact up to this many matches, then "more than 10,000"; results can be paged
# through up to here (as the large engines do). Facets are exact at any size.
MAX_WINDOW = 10_000
MAX_FILTER_VALUES = 100
# The best matches by the engine's score (BM25 over every match) are ranked again by what
# answers the question (see ``_rank``); the rest follow in the engine's order. Each type's
# own best TYPE_HEAD join them, so a million reports never push a service out.
RERANK = getattr(settings, "S2C_SEARCH_RERANK", 100)
TYPE_HEAD = max(1, RERANK // 5)
# The engine is asked once for the best RERANK * POOL matches (with every match scored, a
# longer list costs it next to nothing), and a type's best are taken from them; only a
# type with too few there is searched on its own.
POOL = 10
# How much of a document's keywords and summary the ranking reads.
RANK_TEXT_CHARS = 1_000
# A word being typed stands for its most common completions in the index.
MAX_COMPLETIONS = 50
_FACET_AGGREGATION = {
    "type": {"terms": {"field": "type", "size": 1_000}},
    "agency": {"terms": {"field": "agency", "size": 10_000}},
    "region": {"terms": {"field": "region", "size": 10_000}},
}


class Candidate(NamedTuple):
    """A visible matching document: enough to rank it."""

    id: int
    score: float
    type: str
    agency_id: int | None
    region_id: int | None


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

    def __bool__(self) -> bool:
        return bool(self.types or self.agencies or self.regions)


def _term(field: str, value: Any) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, field, value)


def _all_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])


def _any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


Clauses = list[tuple[tantivy.Occur, tantivy.Query]]
_LEVELS = frozenset(value for value, _ in Visibility.choices)


def _visible(scope) -> Clauses:
    """What a user may see (their permissions.visibility_scope), as engine clauses that
    shut out the rest: excluding the few hidden documents costs the engine far less than
    intersecting the matches with the many visible ones (measured: 4x at 1.2 M)."""
    if scope.everything:
        return []
    hidden = _LEVELS - scope.levels - ({Visibility.AGENCY} if scope.agencies else set())
    clauses: Clauses = []
    if hidden:
        clauses.append(
            (
                tantivy.Occur.MustNot,
                tantivy.Query.term_set_query(SCHEMA, "visibility", sorted(hidden)),
            )
        )
    if scope.agencies and Visibility.AGENCY not in scope.levels:
        # Documents of the other agencies.
        others = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, _term("visibility", Visibility.AGENCY)),
                (
                    tantivy.Occur.MustNot,
                    tantivy.Query.term_set_query(SCHEMA, "agency", sorted(scope.agencies)),
                ),
            ]
        )
        clauses.append((tantivy.Occur.MustNot, others))
    return clauses


def _filter(*parts: tantivy.Query | None) -> tantivy.Query | None:
    """The parts as one non-scoring condition."""
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    return tantivy.Query.const_score_query(_all_of(kept), 0.0)


def _with(query: tantivy.Query, clauses: Clauses) -> tantivy.Query:
    if not clauses:
        return query
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *clauses])


def _only_types(held: set[str], allowed: list[str] | None) -> Clauses:
    """Clauses keeping documents of ``allowed`` types (None: any), by shutting out the
    other types the index holds (``held``)."""
    if allowed is None:
        return []
    others = sorted(held - set(allowed))
    if not others:
        return []
    return [(tantivy.Occur.MustNot, tantivy.Query.term_set_query(SCHEMA, "type", others))]


def _word(word: str) -> list[tantivy.Query]:
    """One indexed word in every text field, weighted by field."""
    return [tantivy.Query.boost_query(_term(f, word), BOOSTS[f]) for f in TEXT_FIELDS]


def _phrase(words: list[Term]) -> tantivy.Query:
    """The words in this order, next to each other. Each indexed word that has a stem is
    followed by it (``text.expand``), so a word's position moves on by two then."""
    if len(words) == 1:
        return _any_of(_word(words[0].word))
    offsets, position = [], 0
    for term in words:
        offsets.append((position, term.word))
        position += 2 if term.stem != term.word else 1
    return _any_of(
        [
            tantivy.Query.boost_query(tantivy.Query.phrase_query(SCHEMA, f, offsets), BOOSTS[f])
            for f in TEXT_FIELDS
        ]
    )


def _completions(searcher: tantivy.Searcher, prefix: str) -> list[str]:
    """The most common indexed words starting with ``prefix``."""
    found: Counter = Counter()
    for field in TEXT_FIELDS:
        for word, n in searcher.terms_with_prefix(field, prefix, limit=MAX_COMPLETIONS):
            found[word] += n
    return [word for word, _ in found.most_common(MAX_COMPLETIONS)]


def text_query(searcher: tantivy.Searcher, terms: list[Term], mode: str) -> tantivy.Query:
    """The engine query for ``terms``: each matches its whole word or its stem in any
    field (a phrase in quotes: its words in order; a word being typed: its completions);
    ALL needs every one, ANY at least one. BM25 ranks, weighted by field."""
    clauses: list[tantivy.Query | None] = []
    phrases: dict[int, list[Term]] = {}
    slots: dict[int, int] = {}  # a phrase's place among the clauses
    for term in terms:
        if term.phrase:
            if term.phrase not in phrases:
                phrases[term.phrase], slots[term.phrase] = [], len(clauses)
                clauses.append(None)
            phrases[term.phrase].append(term)
            continue
        if term.prefix:
            words = _completions(searcher, term.word) or [term.word]
        else:
            words = [term.word] if term.stem == term.word else [term.word, term.stem]
        clauses.append(_any_of([q for w in words for q in _word(w)]))
    for phrase, words in phrases.items():
        clauses[slots[phrase]] = _phrase(words)
    return _all_of(clauses) if mode == ALL else _any_of(clauses)


class _Search:
    """Engine lookups over what the user may see, within the filters."""

    def __init__(self, user, filters: _Filters):
        engine = get_engine()
        self.searcher = engine.searcher()
        self.version = engine.seen
        self.visibility = visibility_scope(user)
        self.visible = _visible(self.visibility)
        self._unseen: int | None = None
        # Documents of a type no service registers (switched off) are not searched.
        registered = [t.key for t in types.all_types()]
        self.type_keys = [k for k in registered if not filters.types or k in filters.types]
        within: Clauses = [
            (tantivy.Occur.Must, _filter(tantivy.Query.term_set_query(SCHEMA, field, ids)))
            for field, ids in (("agency", filters.agencies), ("region", filters.regions))
            if ids
        ]
        held = {key for key, _ in self.searcher.terms_with_prefix("type", "")}
        self.scope = self.visible + _only_types(held, self.type_keys) + within
        # Browsing (no words: an agency's page counts what each service holds) is limited
        # by the filters alone, as the documents' own listing.
        self.browse_scope = self.visible + _only_types(held, filters.types) + within

    def query(self, terms: list[Term], mode: str) -> tantivy.Query:
        return _with(text_query(self.searcher, terms, mode), self.scope)

    def facets(self, query: tantivy.Query) -> tuple[int, dict[str, Counter]]:
        """(how many match, their counts by type, agency and region): exact."""
        found = self.searcher.aggregate(query, _FACET_AGGREGATION)
        counts = {
            name: Counter(
                {
                    bucket["key"]: bucket["doc_count"]
                    for bucket in found.get(name, {}).get("buckets", [])
                    if bucket["key"] not in (NONE, "")
                }
            )
            for name in _FACET_AGGREGATION
        }
        return sum(counts["type"].values()), counts

    def best(self, query: tantivy.Query, limit: int, *, offset: int = 0) -> list[tuple[int, float]]:
        """(document id, score) of the best ``limit`` matches after ``offset``."""
        if limit <= 0:
            return []
        return self.ids(self.searcher.search(query, limit, count=False, offset=offset).hits)

    def pool(self, query: tantivy.Query, limit: int) -> tuple[list, list[int]]:
        """The best ``limit`` matches as ([(score, address)], [kind number]): their ids
        are read later, only for the ones used."""
        hits = self.searcher.search(query, limit, count=False).hits
        return hits, self.searcher.fast_field_values("kind", [a for _, a in hits])

    def ids(self, hits: list) -> list[tuple[int, float]]:
        """(document id, score) of engine ``hits``."""
        ids = self.searcher.fast_field_values("id", [address for _, address in hits])
        return [(pk, float(score)) for (score, _), pk in zip(hits, ids, strict=True)]

    def only_type(self, query: tantivy.Query, type_key: str, others: list[str]) -> tantivy.Query:
        """``query`` within one type: by a filter on it when the type is a small part of
        the index, else by shutting out the ``others`` (intersecting with a large type
        costs the engine more than excluding the rest)."""
        if self.searcher.doc_freq("type", type_key) * 2 < self.searcher.num_docs or not others:
            return _all_of([query, _filter(_term("type", type_key))])
        only = tantivy.Query.term_set_query(SCHEMA, "type", others)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.MustNot, only)]
        )

    def newest(self, query: tantivy.Query, limit: int, offset: int = 0) -> list[int]:
        if limit <= 0:
            return []
        hits = self.searcher.search(
            query, limit, count=False, order_by_field="id", offset=offset
        ).hits
        return [pk for pk, _ in hits]

    def count(self, term: Term, enough: int | None = None) -> int:
        """How many documents the user may see match ``term`` (a whole word), over
        everything they may see, not only the filtered part: corrections are for the
        whole index. With ``enough``, ``enough`` stands for any count at least as large.

        The engine's word statistics answer without counting when they can: a word no
        field holds matches nothing, and a word one field holds in more documents than
        the user may not see (or were deleted) matches at least that many more."""
        words = {term.word, term.stem}
        held = [self.searcher.doc_freq(field, w) for field in TEXT_FIELDS for w in words]
        if not any(held):
            return 0
        if enough is not None and max(held) - self.unseen() >= enough:
            return enough
        query = _with(text_query(self.searcher, [term], ALL), self.visible)
        return self.searcher.search(query, 1, count=True).count

    def unseen(self) -> int:
        """At most how many of the index's documents ``count`` cannot see: the deleted
        ones not yet merged away, and those of the levels the user may not see (all of
        an AGENCY level, though some agencies' may be theirs). Each document holds one
        visibility word, whose statistics still include the deleted."""
        if self._unseen is None:
            levels = {level: self.searcher.doc_freq("visibility", level) for level in _LEVELS}
            deleted = max(sum(levels.values()) - self.searcher.num_docs, 0)
            scope = self.visibility
            hidden = (
                0
                if scope.everything
                else sum(n for level, n in levels.items() if level not in scope.levels)
            )
            self._unseen = deleted + hidden
        return self._unseen


def _catch_up() -> None:
    """With S2C_SEARCH_SYNC_ON_QUERY (tests, a single process without a worker), apply
    the changes this process wrote before answering."""
    if getattr(settings, "S2C_SEARCH_SYNC_ON_QUERY", False):
        engine = get_engine()
        if engine.dirty:
            engine.sync()


def engine_query(*, user, q: str, types=None, agency_ids=None, region_ids=None):
    """(searcher, query) of the engine for a question, as ``query()`` first asks it: the
    benchmark times ``searcher.search(query, 10, count=True)`` against a whole answer."""
    filters = _Filters(_keys(types), _ids(agency_ids, "agency"), _ids(region_ids, "region"))
    _catch_up()
    search = _Search(user, filters)
    terms = text.analyse(q)
    return search.searcher, search.query(terms, ALL)


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
    any_word: bool = False,
) -> SearchResults:
    page_size = min(max(_int(page_size, "page size"), 1), MAX_PAGE_SIZE)
    page = max(_int(page, "page"), 1)
    filters = _Filters(_keys(types), _ids(agency_ids, "agency"), _ids(region_ids, "region"))
    results = SearchResults(query=q if isinstance(q, str) else "", page=page, page_size=page_size)
    _catch_up()
    cache_key = None
    if cache.public_only(visibility_scope(user)) and cache.seconds() > 0:
        cache_key = cache.key(
            q=results.query,
            types=filters.types,
            agencies=filters.agencies,
            regions=filters.regions,
            page=page,
            page_size=page_size,
            prefix=bool(prefix),
            collapse=bool(collapse),
            any_word=bool(any_word),
            rerank=RERANK,
        )
        cached = cache.get(cache_key)
        if cached is not None:
            return cached
    _run(results, user, filters, bool(prefix), bool(collapse), ANY if any_word else ALL)
    if cache_key is not None:
        cache.put(cache_key, results)
    return results


def _run(
    results: SearchResults, user, filters: _Filters, prefix: bool, collapse: bool, mode: str = ALL
) -> None:
    vocabulary.remember_stems(text.words(results.query[: text.MAX_QUERY_CHARS]))
    terms = text.analyse(results.query, prefix=prefix)
    if not terms and not filters:
        return
    search = _Search(user, filters)
    if not terms:
        _browse(results, search)
        return
    if not search.type_keys:
        return
    query = search.query(terms, mode)
    total, facets = search.facets(query)
    corrected = None
    if total < spelling.FEW_HITS and mode == ALL:
        corrected = spelling.correct(terms, search.count)
    if corrected is not None:
        if total:  # a few hits: keep them, offer the correction ("did you mean ...?")
            results.suggestion = text.display(corrected)
        else:
            terms = corrected
            query = search.query(terms, ALL)
            total, facets = search.facets(query)
            results.suggestion, results.corrected = text.display(corrected), True
    if not total and len(terms) > 1:
        # No document has every word: rank those with some of them.
        query = search.query(terms, ANY)
        total, facets = search.facets(query)
        results.matched_all = not total
    if not total:
        results.suggestion, results.corrected = None, False
        return
    _fill(results, search, query, terms, total, facets, collapse=collapse)


def _fill(
    results: SearchResults,
    search: _Search,
    query: tantivy.Query,
    terms: list[Term],
    total: int,
    facets: dict[str, Counter],
    *,
    collapse: bool,
) -> None:
    """Facets, total and the page of hits: the head (the best by score, and each type's
    best) ranked by what answers the question, then the rest in the engine's order."""
    results.facets = _facet_list(facets)
    pool, kinds = search.pool(query, RERANK * POOL)
    first = min(RERANK, len(pool))
    chosen = list(range(first))
    extra: list[tuple[int, float]] = []
    matched = {key: n for key, n in facets["type"].items() if n}
    if total > first and len(matched) > 1:
        # A type with fewer of its matches among the best than it could have brings its
        # own best: from the pool when they are all there, else by a search of its own.
        have = Counter(kinds[:first])
        for type_key, n in matched.items():
            number = kind_number(type_key)
            missing = min(n, TYPE_HEAD) - have[number]
            if missing <= 0:
                continue
            own = [i for i in range(first, len(pool)) if kinds[i] == number][:missing]
            if len(own) == missing or len(pool) >= total:
                chosen += own
                continue
            others = [k for k in matched if k != type_key]
            extra += search.best(search.only_type(query, type_key, others), TYPE_HEAD)
    best = search.ids([pool[i] for i in chosen])
    seen = {pk for pk, _ in best}
    extra = [c for c in dict(extra).items() if c[0] not in seen]
    rows = _rank_rows([pk for pk, _ in best + extra])
    head = [
        Candidate(pk, score, *rows[pk][:3])
        for pk, score in sorted(best + extra, key=lambda c: (-c[1], -c[0]))
        if pk in rows
    ]
    match = _matcher(terms, search.version)
    ranked, similar, about = _rank(head, terms, rows, collapse=collapse, match=match)
    results.mentioned_only = bool(ranked) and not about
    folded = sum(similar.values())
    results.total = min(total - folded, MAX_WINDOW)
    results.capped = total - folded > MAX_WINDOW
    offset = (results.page - 1) * results.page_size
    end = min(offset + results.page_size, MAX_WINDOW)
    page = ranked[offset:end]
    if offset < end and end > len(ranked):
        # Past the head: the engine's order, leaving out the head's documents.
        head_ids = {c.id for c in head}
        start = max(offset - len(ranked), 0)
        rest = [
            c for c in search.best(query, end - len(ranked) + len(head_ids)) if c[0] not in head_ids
        ][start : end - len(ranked)]
        rest_rows = _rank_rows([pk for pk, _ in rest])
        page += [Candidate(pk, score, *rest_rows[pk][:3]) for pk, score in rest if pk in rest_rows]
    results.hits = _hits(page, terms, similar, match=match)


def _browse(results: SearchResults, search: _Search) -> None:
    """No words but a filter (an agency's page, a type's listing): the visible documents
    within the filters, newest first."""
    query = _with(tantivy.Query.all_query(), search.browse_scope)
    total, facets = search.facets(query)
    results.facets = _facet_list(facets)
    results.total = min(total, MAX_WINDOW)
    results.capped = total > MAX_WINDOW
    offset = (results.page - 1) * results.page_size
    end = min(offset + results.page_size, MAX_WINDOW)
    ids = search.newest(query, end - offset, offset) if end > offset else []
    rows = _rank_rows(ids)
    results.hits = _hits([Candidate(pk, 0.0, *rows[pk][:3]) for pk in ids if pk in rows], [])


def _matcher(terms: list[Term], version=None):
    """The question's word matcher for ranking and snippets, its vocabulary siblings read
    in one statement (none while the index of ``version`` is in use and they are known)."""
    if not terms:
        return None
    stems = (t.stem for t in terms if not t.prefix)
    return snippets.matcher(terms, vocabulary.siblings(stems, version=version))


def _rows(columns: str, ids: list[int]) -> list[tuple]:
    """``columns`` (SQL) of the documents ``ids`` still in the database: one statement,
    written out (the ORM's compiling costs more than the read, twice per answer)."""
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id IN ({marks})", ids)
        return cursor.fetchall()


_RANK_COLUMNS = (
    "id, type, agency_id, region_id, title, title_en, "
    f"substr(keywords, 1, {RANK_TEXT_CHARS}), substr(summary, 1, {RANK_TEXT_CHARS}), "
    f"substr(summary_en, 1, {RANK_TEXT_CHARS})"
)


def _rank_rows(ids: list[int]) -> dict[int, tuple]:
    """{id: (type, agency_id, region_id, title, title_en, keywords, summary, summary_en)}
    of the documents still in the database (the heads of long texts only)."""
    if not ids:
        return {}
    return {pk: rest for pk, *rest in _rows(_RANK_COLUMNS, ids)}


class _Judged(NamedTuple):
    candidate: Candidate
    about: frozenset  # the query terms in the title, keywords or summary
    titled: int  # how many query terms the title holds
    same: tuple  # what near-identical documents share: type and title words


def _rank(
    head: list[Candidate], terms: list[Term], rows: dict[int, tuple], *, collapse: bool, match
) -> tuple[list[Candidate], dict[int, int], int]:
    """The best candidates ranked by what answers the question, engine independent:

    1. how many of the query's words the document is *about* (its title, English title,
       keywords or summary hold them), not merely mentions in its text: "akta kelahiran"
       is about no service, though school enrolment lists one among its requirements;
    2. its kind's priority: a service before a report that uses the same words;
    3. how many of the words its title holds;
    4. how rare the words it is about are among the matches (a document about the
       question's rarer word answers it better);
    5. the engine's score (BM25), then the newest.

    With ``collapse``, documents of one type with the same title (demo reports, a
    problem reported many times) are shown once: the best, with how many more there are.
    Returns (ranked, {id: similar count}, terms the best one is about)."""
    if not head:
        return head, {}, 0

    def held(*values: str) -> set[int]:
        joined = "\n".join(value for value in values if value)
        return snippets.terms_in(joined, match) if joined else set()

    judged = []
    for candidate in head:
        title, title_en, keywords, summary, summary_en = rows[candidate.id][3:]
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


def _facet_list(counts: dict[str, Counter]) -> dict[str, list[Facet]]:
    """Counts by type, agency and region of the results (within the filters)."""
    agency_names, region_names = _facet_labels()

    def ordered(counter: Counter, label) -> list[Facet]:
        facets = [Facet(str(key), label(key), n) for key, n in counter.items() if n]
        return sorted(facets, key=lambda f: (-f.count, f.label.casefold(), f.key))

    return {
        "type": ordered(counts["type"], types.type_label),
        "agency": ordered(counts["agency"], lambda k: agency_names.get(k, str(k))),
        "region": ordered(counts["region"], lambda k: region_names.get(k, str(k))),
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
    ranked: list[Candidate],
    terms: list[Term],
    similar: dict[int, int] | None = None,
    *,
    match=None,
) -> list[Hit]:
    """The page's hits, in the reader's language where the document has it."""
    if not ranked:
        return []
    similar = similar or {}
    match = match or (_matcher(terms) if terms else None)
    english = (get_language() or "id").startswith("en")
    rows = {
        row[0]: row
        for row in _rows(
            "id, type, object_id, url, title, title_en, summary, summary_en, agency_id, "
            f"region_id, substr(body, 1, {snippets.SCAN_CHARS})",
            [c.id for c in ranked],
        )
    }
    hits = []
    for candidate in ranked:
        row = rows.get(candidate.id)
        if row is None:  # removed between the two statements
            continue
        _, type_key, object_id, url, title, title_en, summary, summary_en, *rest = row
        agency_id, region_id, body_head = rest
        title = title_en if english and title_en else title
        summary = summary_en if english and summary_en else summary
        hits.append(
            Hit(
                type=type_key,
                type_label=types.type_label(type_key),
                object_id=object_id,
                title=title,
                url=url,
                summary=summary,
                snippet=snippets.build(summary=summary, body=body_head, terms=terms, match=match),
                score=candidate.score,
                agency_id=agency_id,
                region_id=region_id,
                similar=similar.get(candidate.id, 0),
            )
        )
    return hits
