"""Citizens' "was this page useful?" answers and page-view counting."""

from __future__ import annotations

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from s2c.core.errors import ApplicationError

from ..models import Service, ServiceFeedback


class RateLimited(ApplicationError):
    status_code = 429
    code = "rate_limited"


PER_SERVICE_SECONDS = 24 * 3600
PER_IP_HOURLY = 30


def _ip_key(ip: str | None) -> str:
    raw = f"{settings.SECRET_KEY}:{ip or 'unknown'}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


@transaction.atomic
def feedback_submit(
    *, service: Service, useful: bool, comment: str = "", ip: str | None, language: str = ""
) -> ServiceFeedback:
    """Count one answer; one per visitor address per service per day, and a few dozen
    an hour per address in all."""
    if not service.is_published:
        raise ApplicationError(_("This service is not published."), code="not_published")
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ApplicationError(
            _("Keep the comment under 500 characters."),
            extra={"fields": {"comment": [_("Too long.")]}},
        )
    who = _ip_key(ip)
    hourly_key = f"portal:fb:ip:{who}"
    cache.add(hourly_key, 0, 3600)
    try:
        count = cache.incr(hourly_key)
    except ValueError:  # expired between add and incr
        cache.set(hourly_key, 1, 3600)
        count = 1
    if count > PER_IP_HOURLY:
        raise RateLimited(_("Too many answers from your connection; please try again later."))
    if not cache.add(f"portal:fb:{who}:{service.pk}", 1, PER_SERVICE_SECONDS):
        raise RateLimited(_("You have already answered for this page. Thank you!"))
    feedback = ServiceFeedback.objects.create(
        service=service, useful=useful, comment=comment, language=language[:8]
    )
    field = "feedback_useful" if useful else "feedback_not_useful"
    Service.objects.filter(pk=service.pk).update(**{field: F(field) + 1})
    return feedback


# Page views are counted in memory and written in batches, so reading a service page is
# not a database write. A crash loses at most one batch of views (popularity only).
_views: dict[int, int] = {}
_views_lock = threading.Lock()
_last_flush = time.monotonic()


def _flush_every() -> int:
    return int(getattr(settings, "S2C_PORTAL_VIEW_FLUSH_EVERY", 50))


def service_viewed(*, service_id: int) -> None:
    global _last_flush
    with _views_lock:
        _views[service_id] = _views.get(service_id, 0) + 1
        due = sum(_views.values()) >= _flush_every() or time.monotonic() - _last_flush > 60
        if not due:
            return
        batch = dict(_views)
        _views.clear()
        _last_flush = time.monotonic()
    views_flush(batch=batch)


def views_flush(*, batch: dict[int, int]) -> None:
    """One statement per distinct count (most services in a batch were seen once)."""
    by_count: dict[int, list[int]] = {}
    for service_id, n in batch.items():
        by_count.setdefault(n, []).append(service_id)
    with transaction.atomic():
        # Rows locked in id order first: two processes flushing at once never deadlock.
        list(Service.objects.select_for_update().filter(pk__in=batch).order_by("pk").values("pk"))
        for n, ids in sorted(by_count.items()):
            Service.objects.filter(pk__in=sorted(ids)).update(view_count=F("view_count") + n)
