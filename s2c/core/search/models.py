"""The shared search index: one row per public object of any service, plus the vocabulary
used for stems and spelling corrections.

The full-text structures are not Django fields: on SQLite an FTS5 table ``search_fts``
(rowid = SearchDocument.id), on PostgreSQL a ``search_vector`` tsvector column with a GIN
index. Both are created by migration 0002 and written by ``backends``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from s2c.core.permissions import Visibility


class SearchDocument(models.Model):
    # Small columns first: SQLite reads a row's columns in order, so filtering and
    # grouping on these never touches the overflow pages of a long body.
    type = models.CharField(_("type"), max_length=64)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # see Meta
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # see Meta
    )
    object_id = models.CharField(_("object id"), max_length=64)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    language = models.CharField(_("language"), max_length=8, default="id")
    url = models.CharField(_("URL"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    keywords = models.TextField(_("keywords"), blank=True)
    body = models.TextField(_("body"), blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        # Deliberately no index leading with type, visibility, agency or region: queries
        # always carry a full-text condition, and PostgreSQL must answer it through the
        # GIN index. Given a B-tree on a filter column it tends to use that and test each
        # row's (TOASTed) vector instead, a hundred times slower. Rows are found by
        # (object_id, type), which also serves ON CONFLICT (type, object_id).
        constraints = [
            models.UniqueConstraint(fields=["object_id", "type"], name="searchdoc_object_type_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.object_id} {self.title}"


class SearchTerm(models.Model):
    """A whole word seen in the index, with its stem: the vocabulary for spelling
    corrections and a persistent cache of Sastrawi stems. Words are only added; a stale
    word is harmless because a correction is only offered when it finds visible hits."""

    word = models.CharField(_("word"), max_length=40, unique=True)
    stem = models.CharField(_("stem"), max_length=40)
    first = models.CharField(_("first letter"), max_length=1)
    length = models.PositiveSmallIntegerField(_("length"))
    mask = models.IntegerField(_("letter mask"))

    class Meta:
        verbose_name = _("search vocabulary word")
        verbose_name_plural = _("search vocabulary")
        indexes = [models.Index(fields=["first", "length"], name="searchterm_bucket_idx")]

    def __str__(self) -> str:
        return self.word
