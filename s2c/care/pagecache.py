"""Sumsel Care's public pages and feeds are kept whole for anonymous visitors by core's
page cache (``s2c.core.pagecache``, ``S2C_PAGE_CACHE_SECONDS``), the same cache and
version as every public page (the home page shows Care too).

They are dropped when what they show changes: a report, an event of its timeline, its
files, its supporters or a category. Many services write these, some through
``QuerySet.update()`` beside a row that is saved (a support, an event), so the drop hangs
on the saves and deletions of those models (``connect``, called from
``CareConfig.ready()``), not on each service.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from s2c.core.pagecache import anonymous_page, bump_now_and_on_commit

__all__ = ["anonymous_page", "connect"]


def connect() -> None:
    from .models import (
        Attachment,
        Category,
        CategoryAttribute,
        Complaint,
        ComplaintEvent,
        Support,
    )

    for model in (Complaint, ComplaintEvent, Attachment, Support, Category, CategoryAttribute):
        for signal in (post_save, post_delete):
            signal.connect(
                bump_now_and_on_commit,
                sender=model,
                dispatch_uid=f"care-pages-{model._meta.model_name}",
            )
