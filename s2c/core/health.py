"""Health of one S2C installation: database, storage, background worker and search index.

``GET /healthz`` (JSON, no authentication, no session, no cookies) answers 200 while the
database and storage work, 503 when either fails. A missing or stale worker heartbeat only
makes the status ``degraded``: pages still work, background work waits. Each service adds
its own checks (``core.registry.register_health_check``), reported under their keys beside
these three. ``s2c health`` prints the same report.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

import s2c

from . import registry
from .scheduler.models import WorkerHeartbeat

OK, DEGRADED, ERROR = "ok", "degraded", "error"


def worker_stale_seconds() -> int:
    return int(getattr(settings, "S2C_WORKER_STALE_SECONDS", 120))


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a health check reports failures, it never raises
        result = {"status": ERROR, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK, "vendor": connection.vendor}


def check_storage() -> dict:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not default_storage.exists(name):
            return {"status": ERROR, "error": "a file written to storage is not there"}
    finally:
        default_storage.delete(name)
    return {"status": OK}


def check_search() -> dict:
    """The search engine's index: documents, waiting changes, when it last caught up."""
    from .search.engine import get as get_engine

    return get_engine().status()


def check_worker() -> dict:
    """The freshest heartbeat of a running worker: ok, stale, or unknown (never seen)."""
    beat = (
        WorkerHeartbeat.objects.filter(stopped_at__isnull=True)
        .order_by("-last_seen_at")
        .values_list("last_seen_at", flat=True)
        .first()
    )
    if beat is None:
        return {"status": "unknown"}
    age = (timezone.now() - beat).total_seconds()
    status = OK if age <= worker_stale_seconds() else "stale"
    return {"status": status, "last_seen_seconds": round(max(age, 0.0), 1)}


def report() -> dict:
    checks = {
        "database": _timed(check_database),
        "storage": _timed(check_storage),
    }
    if checks["database"]["status"] == OK:
        checks["worker"] = _timed(check_worker)
        checks["search"] = _timed(check_search)
    else:
        checks["worker"] = {"status": "unknown", "ms": 0.0}
        checks["search"] = {"status": "unknown", "ms": 0.0}
    database_ok = checks["database"]["status"] == OK
    critical, degrading = ["database", "storage"], ["worker"]
    if checks["search"]["status"] == ERROR:
        degrading.append("search")
    for check in registry.health_checks():
        if check.needs_database and not database_ok:
            checks[check.key] = {"status": "unknown", "ms": 0.0}
            continue
        checks[check.key] = _timed(check.run)
        if check.critical:
            critical.append(check.key)
        elif checks[check.key]["status"] == ERROR:
            degrading.append(check.key)
    if any(checks[name]["status"] != OK for name in critical):
        status = ERROR
    elif any(checks[name]["status"] != OK for name in degrading):
        status = DEGRADED
    else:
        status = OK
    return {
        "status": status,
        "version": s2c.__version__,
        "time": timezone.localtime().isoformat(timespec="seconds"),
        "checks": checks,
    }


@never_cache
@require_safe
def healthz(request):
    data = report()
    return JsonResponse(data, status=503 if data["status"] == ERROR else 200)
