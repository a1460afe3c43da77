"""The search contract's data: what services register and what a query returns.

Model-free on purpose: this package is also a Django app package, imported while the app
registry is still loading, so nothing here may import models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Document:
    """What one object shows in the index. ``keywords`` carries synonyms and aliases (in
    any language). ``title_en`` and ``summary_en`` are the English title and summary where
    the object has them: both languages are searched, and a visitor reading in English is
    shown the English ones. Lines of ``body`` (list items: requirements, steps) stay
    apart in snippets: separate them with a line break."""

    title: str
    url: str = ""
    body: str = ""
    summary: str = ""
    keywords: str = ""
    title_en: str = ""
    summary_en: str = ""
    # A core.permissions.Visibility value (not imported here: it would load models).
    visibility: str = "public"
    agency_id: int | None = None
    region_id: int | None = None
    language: str = "id"


@dataclass(frozen=True)
class SearchType:
    """A kind of object in the index, registered by its service in ``AppConfig.ready()``.

    ``document(obj)`` returns a ``Document`` or ``None`` (not in the index);
    ``queryset()`` returns every object to (re)index, for ``manage.py search_rebuild``.
    ``order`` sorts the kinds in facets; ``priority`` ranks results that answer a question
    equally well (lower first: a service before a report that uses the same words).
    """

    key: str
    label: Any  # a lazy gettext string
    model: str  # "app_label.ModelName"
    document: Callable[[Any], Document | None]
    queryset: Callable[[], Iterable[Any]]
    order: int = 100
    priority: int = 100


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Hit:
    type: str
    type_label: str
    object_id: str
    title: str
    url: str
    summary: str
    snippet: SafeString  # escaped text with <mark> around matched words
    score: float
    agency_id: int | None
    region_id: int | None
    # How many more documents of this type with the same title were folded into this
    # one (near-identical reports): shown once, with "N similar".
    similar: int = 0


@dataclass
class SearchResults:
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[Facet]] = field(
        default_factory=lambda: {"type": [], "agency": [], "region": []}
    )
    # A corrected query when the original had few or no hits. ``corrected`` tells whether
    # the hits are already for the suggestion ("showing results for ...") or only an
    # offer ("did you mean ...?").
    suggestion: str | None = None
    corrected: bool = False
    # False when no document matched every word and the hits match some of them.
    matched_all: bool = True
    # True when more documents matched than a query examines (the newest ones are
    # counted, faceted and ranked): show the total as "more than ...".
    capped: bool = False
    # True when no result holds a query word in its title, keywords or summary: they only
    # mention the words in their text (a requirement, a step), none is about them.
    mentioned_only: bool = False
    page: int = 1
    page_size: int = 20

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


_types: dict[str, SearchType] = {}


def register(search_type: SearchType) -> None:
    existing = _types.get(search_type.key)
    if existing is not None and existing.model.lower() != search_type.model.lower():
        raise ValueError(f"Search type {search_type.key!r} is already registered")
    if "." not in search_type.model:
        raise ValueError(
            f"SearchType.model must be 'app_label.ModelName', not {search_type.model!r}"
        )
    _types[search_type.key] = search_type


def unregister(key: str) -> None:
    """Remove a type (tests; an app that switches a type off)."""
    _types.pop(key, None)


def get_type(key: str) -> SearchType | None:
    return _types.get(key)


def all_types() -> list[SearchType]:
    return sorted(_types.values(), key=lambda t: (t.order, t.key))


def types_for_model(label_lower: str) -> list[SearchType]:
    return [t for t in _types.values() if t.model.lower() == label_lower]


def priority(key: str) -> int:
    search_type = _types.get(key)
    return search_type.priority if search_type else 1000


def type_label(key: str) -> str:
    search_type = _types.get(key)
    return str(search_type.label) if search_type else key
