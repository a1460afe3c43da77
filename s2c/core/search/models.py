"""The shared search index: one row per public object of any service, plus the vocabulary
used for stems and spelling corrections.

The database is the source of truth; the search engine (``engine``: a Tantivy index) is
fed from it through ``SearchChange`` and can be rebuilt from it at any time.
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
        # Rows are found by (object_id, type), which also serves ON CONFLICT (type,
        # object_id); queries go to the engine, which filters on its own.
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


class SearchChange(models.Model):
    """A SearchDocument that was written or removed, recorded in the same transaction:
    the engine applies the changes past its position (see ``engine``). ``txid`` is the
    writing transaction's id on PostgreSQL (0 on SQLite). Rows older than a day are
    removed by the worker's housekeeping; an index further behind is rebuilt."""

    id = models.BigAutoField(primary_key=True)
    document_id = models.BigIntegerField(_("document"))
    txid = models.BigIntegerField(_("transaction"), default=0)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("search index change")
        verbose_name_plural = _("search index changes")
        indexes = [
            models.Index(fields=["txid", "id"], name="searchchange_txid_idx"),
            models.Index(fields=["created_at"], name="searchchange_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.id}: {self.document_id}"
