from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet

from ..text import Term

ALL = "all"  # every term must match (each by word or stem)
ANY = "any"  # at least one term matches; ranking sorts out the rest


@dataclass(frozen=True)
class FulltextRow:
    """What the engine indexes for one document (texts as written by the service)."""

    id: int
    type: str
    title: str
    keywords: str
    summary: str
    body: str


class Candidate(NamedTuple):
    """A visible matching document: enough to count, facet and rank it (a tuple: a
    query makes up to a thousand of them)."""

    id: int
    score: float
    type: str
    agency_id: int | None
    region_id: int | None


class Backend:
    """One engine: writes the full-text structures and runs the two query shapes."""

    def write(self, rows: list[FulltextRow]) -> None:
        raise NotImplementedError

    def optimize(self) -> None:
        """Compact the index after a rebuild (a no-op where the database does it)."""

    def candidates(
        self,
        visible: QuerySet,
        terms: list[Term],
        mode: str,
        limit: int,
        type_keys: list[str] | None = None,
    ) -> list[Candidate]:
        """The newest ``limit`` documents of ``visible`` matching ``terms``, each with its
        relevance score; with ``type_keys``, the newest ``limit`` *of each* of those types,
        in one statement. ``visible`` carries the permission filter into the statement.
        The engine intersects a type through a word of the index that no query word can
        match, so a type with few matches costs little however many others match."""
        raise NotImplementedError

    def count(self, visible: QuerySet, terms: list[Term], mode: str, limit: int) -> int:
        """How many documents of ``visible`` match, counting no further than ``limit``."""
        raise NotImplementedError
