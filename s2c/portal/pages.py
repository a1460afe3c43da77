"""Service pages: rendered (``render``), kept, served again (Sumsel Gov's 100,000 pages).

A published service's page is rendered once per language (by the worker, or by the first
anonymous visit) and kept in ``ServicePage``; an anonymous visitor is then served the
stored page without rendering (see ``s2c.core.pagecache``). It stays right because:

- a stored page is served only while the public may see its service, by the one rule of
  ``selectors.public_services`` (published, of an active agency): the read is generated
  from it (``read_sql``), and PostgreSQL's copy of the read in a function (migration
  portal/0006, see docs/architecture.md) is checked against it by the tests;
- every write that changes what the page shows raises ``Service.page_version`` in its own
  transaction (``changed``), and a stored page is served only while its version is the
  service's: a page rendered from data read before the write is never served;
- the stored page holds a ``build`` stamp of the templates and translations that rendered
  it: after an upgrade, pages are rendered again;
- what changes with time (today's "ready by" date, the state of the online service) is a
  live part, made afresh for each visitor (``live``).

``render_missing`` renders the published services that have no current page (the
periodic ``portal.render-pages`` task, and ``manage.py portal_render_pages``).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

import django
from django import shortcuts
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from s2c.core import calendar, pagecache

from . import jsonld, maps
from .models import ProcessingTimeUnit, Service, ServicePage
from .selectors import catalogue as catalogue_selectors
from .selectors import status as status_selectors

CONTENT_TYPE = "text/html; charset=utf-8"
FORMAT = "1"  # raise when the stored form changes
ENDPOINTS_SECONDS = 30
_build: str | None = None


def enabled() -> bool:
    return bool(getattr(settings, "S2C_PAGE_STORE", True)) and pagecache.seconds() > 0


def build() -> str:
    """A stamp of what renders a page: every app's templates, the compiled translations,
    the static files manifest, the project's code, Django's version and this module's
    format (computed once per process)."""
    global _build
    if _build is None:
        digest = hashlib.sha256(FORMAT.encode())
        roots = [Path(a.path) / "templates" for a in apps.get_app_configs()]
        roots += [Path(p) for p in settings.LOCALE_PATHS]
        if settings.STATIC_ROOT:
            roots.append(Path(settings.STATIC_ROOT))
        # Paths relative to their root: app servers installed in different directories
        # share one build (and so each other's pages).
        files = []
        for root in roots:
            if not root.is_dir():
                continue
            if root == Path(settings.STATIC_ROOT or "-"):
                found = [root / "staticfiles.json"] if (root / "staticfiles.json").is_file() else []
            else:
                found = [p for p in root.rglob("*") if p.suffix in (".html", ".txt", ".mo")]
            files += [(str(p.relative_to(root)), p) for p in found]
        # The project's code (a release that changes what a view puts on a page) and
        # Django's version (its translations of dates and "ago").
        project = Path(__file__).resolve().parent.parent
        files += [("code/" + str(p.relative_to(project)), p) for p in project.rglob("*.py")]
        digest.update(django.get_version().encode())
        for name, path in sorted(files):
            digest.update(name.encode())
            digest.update(path.read_bytes())
        for name in ("S2C_MAP_TILES", "S2C_MAP_ATTRIBUTION", "SITE_URL"):
            digest.update(str(getattr(settings, name, "")).encode())
        _build = digest.hexdigest()[:16]
    return _build


# --- what makes a page stale --------------------------------------------------------------


def changed(*, service_ids=(), agency_id: int | None = None) -> None:
    """Call in the transaction of a write that changes what these services' pages show
    (an agency's change reaches every service of the agency)."""
    match = Q(pk__in=list(service_ids)) if service_ids else Q(pk__in=[])
    if agency_id is not None:
        match |= Q(agency_id=agency_id)
    Service.objects.filter(match).update(page_version=F("page_version") + 1)


# --- the store ------------------------------------------------------------------------------


# What a read of a stored page is asked (in this order); everything else in it is the rule.
_ASKED = ("\x00code", "\x00language", "\x00build")
_read: tuple[str, list, list[tuple[int, int]]] | None = None


def read_sql() -> tuple[str, list]:
    """The read of a stored page as SQL and its parameters (the values of ``_ASKED`` stand
    for what is asked): the page of a service for its current version and build, while
    ``selectors.public_services`` (the one rule of who may see a service) lists it."""
    visible = catalogue_selectors.public_services().filter(
        pk=OuterRef("service_id"), page_version=OuterRef("page_version")
    )
    code, language, build_ = _ASKED
    query = (
        ServicePage.objects.filter(code=code, language=language, build=build_)
        .filter(Exists(visible))
        .values_list("body", "meta")
    )
    return query.query.sql_with_params()


def postgres_function_body() -> str:
    """The read as the body of PostgreSQL's ``portal_stored_page(code, language, build)``:
    what is asked as $1..$3, the rule's values written in. Migration portal/0006 holds
    this text; a test fails when the rule (and so this) changes without a new one."""
    sql, params = read_sql()
    parts = sql.split("%s")
    body = [parts[0]]
    for param, part in zip(params, parts[1:], strict=True):
        if isinstance(param, str) and param in _ASKED:
            body.append(f"${_ASKED.index(param) + 1}")
        else:
            body.append(connection.ops.compose_sql("%s", [param]))
        body.append(part)
    return "".join(body)


# PostgreSQL: the same read in a function, whose plan is kept per connection instead of
# being made again on every visit (Django binds parameters on the client).
_LOAD_POSTGRES = "SELECT body, meta FROM portal_stored_page(%s, %s, %s)"


def _prepared(sql: str, params: list) -> tuple[str, list, list[tuple[int, int]]]:
    """``read_sql()`` made ready for many reads: the rule's values as plain values, and
    where each asked value goes (position in the parameters, index in ``_ASKED``)."""
    fixed, slots = [], []
    for position, param in enumerate(params):
        if isinstance(param, str) and param in _ASKED:
            slots.append((position, _ASKED.index(param)))
            fixed.append(None)
        else:
            fixed.append(str(param) if isinstance(param, str) else param)
    return sql, fixed, slots


def _load_row(code: str, language: str) -> tuple | None:
    global _read
    if connection.vendor == "postgresql":
        sql, params = _LOAD_POSTGRES, [code, language, build()]
    else:
        if _read is None:
            _read = _prepared(*read_sql())
        sql, fixed, slots = _read
        asked = (code, language, build())
        params = fixed.copy()
        for position, which in slots:
            params[position] = asked[which]
    with connection.cursor() as cursor:  # the hot path: one statement, no ORM
        cursor.execute(sql, params)
        return cursor.fetchone()


class ServicePageStore:
    """``pagecache.Store`` of the service page (``/layanan/<code>/``)."""

    def load(self, language: str, kwargs: dict):
        if not enabled():
            return None
        row = _load_row(kwargs["code"], language)
        if row is None:
            return None
        body, meta = row
        if isinstance(meta, (str, bytes)):
            meta = json.loads(meta)
        return zlib.decompress(bytes(body)), CONTENT_TYPE, meta

    def save(self, language: str, kwargs: dict, body: bytes, content_type: str, meta) -> None:
        if not enabled() or not meta or "page_version" not in meta:
            return
        keep(meta["service_id"], kwargs["code"], language, body, meta)


store = ServicePageStore()


def _row(service_id: int, code: str, language: str, body: bytes, meta: dict) -> ServicePage:
    return ServicePage(
        service_id=service_id,
        code=code,
        language=language,
        build=build(),
        page_version=meta["page_version"],
        body=zlib.compress(pagecache.without_token(body), 6),
        meta=meta,
    )


def keep(service_id: int, code: str, language: str, body: bytes, meta: dict) -> None:
    """Keep one page a visitor's request rendered (``body`` with its token marked)."""
    row = _row(service_id, code, language, body, meta)
    values = {f: getattr(row, f) for f in ("code", "build", "page_version", "body", "meta")}
    try:
        with transaction.atomic():
            ServicePage.objects.update_or_create(
                service_id=service_id, language=language, defaults=values
            )
    except IntegrityError:  # rendered at the same time by another process, or renamed
        pass


def page_meta(service: Service, endpoints) -> dict:
    """What a stored page needs to be served: counted, and its live parts made."""
    working_days = (
        service.processing_time_value
        if service.processing_time_unit == ProcessingTimeUnit.WORKING_DAYS
        else None
    )
    return {
        "service_id": service.pk,
        "page_version": service.page_version,
        "working_days": working_days or None,
        "endpoints": bool(endpoints) or bool(service.online_url),
    }


# --- live parts -----------------------------------------------------------------------------


def ready_by(working_days: int | None):
    """When a service counted in working days is ready if applied for today."""
    if not working_days:
        return None
    return calendar.add_working_days(calendar.today(), working_days)


def live(request, meta) -> dict[str, str]:
    """The live parts of a service page served from the cache or the store."""
    if not meta:
        return {}
    parts = {"ready_by": _ready_by_html(meta.get("working_days"))}
    if meta.get("endpoints"):
        parts["endpoints"] = _endpoints_html(meta["service_id"])
    return parts


def _ready_by_html(working_days: int | None) -> str:
    if not working_days:
        return ""
    language = translation.get_language()
    key = f"portal:ready-by:{language}:{calendar.today().isoformat()}:{working_days}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "portal/partials/ready_by.html", {"ready_by": ready_by(working_days)}
        )
        cache.set(key, html, 600)
    return html


def _endpoints_html(service_id: int) -> str:
    language = translation.get_language()
    key = f"portal:service-endpoints:{language}:{service_id}"
    html = cache.get(key)
    if html is None:
        service = Service.objects.filter(pk=service_id).only("id", "agency_id", "online_url")
        service = service.first()
        endpoints = catalogue_selectors.endpoints_of(service) if service else []
        html = render_to_string(
            "portal/partials/service_endpoints.html",
            {"endpoints": status_selectors.with_uptime(endpoints)},
        )
        cache.set(key, html, ENDPOINTS_SECONDS)
    return html


# --- rendering --------------------------------------------------------------------------------


def render(request, service: Service):
    """A service's page for ``request`` (a visit, or ``pagecache.AnonymousVisit`` to render
    it ahead) and what serving it again needs (``page_meta``)."""
    endpoints = service.active_endpoints
    offices = service.active_offices
    meta = page_meta(service, endpoints)
    complain_url = _url_if_installed("care:report")
    response = shortcuts.render(
        request,
        "portal/service.html",
        {
            "service": service,
            "offices": offices,
            "endpoints": status_selectors.with_uptime(endpoints),
            "pending": catalogue_selectors.service_pending_revision(
                user=request.user, service=service
            ),
            "ready_by": ready_by(meta["working_days"]),
            "complain_url": f"{complain_url}?layanan={service.code}" if complain_url else "",
            "feedback_done": request.GET.get("feedback") == "thanks",
            "json_ld": jsonld.script(
                jsonld.government_service(service, offices, request.build_absolute_uri)
            ),
            "map_points": maps.markers(offices),
            **maps.tiles(),
        },
    )
    return response, meta


def _url_if_installed(name: str) -> str:
    """The URL of another service's page, or "" while that service is not installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


# --- rendering ahead ------------------------------------------------------------------------


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def stale(language: str):
    """Services the public may see (``selectors.public_services``) without a current page
    in ``language``."""
    current = ServicePage.objects.filter(
        service=OuterRef("pk"),
        language=language,
        build=build(),
        page_version=OuterRef("page_version"),
    )
    return catalogue_selectors.public_services().exclude(Exists(current))


def render_missing(
    *, limit: int | None = None, shard: tuple[int, int] = (0, 1), language: str | None = None
) -> int:
    """Render and keep the pages that are missing or stale, at most ``limit``, in every
    language (or ``language``); with ``shard=(i, n)`` only services whose id is i modulo
    n (to render in parallel)."""
    if not enabled():
        return 0
    done = 0
    index, count = shard
    for code in [language] if language else languages():
        after = 0  # services in id order: each statement starts where the last stopped
        with translation.override(code):
            while limit is None or done < limit:
                batch = min(200, limit - done if limit is not None else 200)
                ids = list(
                    stale(code)
                    .filter(id__gt=after)
                    .annotate(shard=F("id") % count)
                    .filter(shard=index)
                    .order_by("id")
                    .values_list("id", flat=True)[:batch]
                )
                if not ids:
                    break
                after = ids[-1]
                done += _render_batch(ids, code)
    return done


def _render_batch(ids: list[int], language: str) -> int:
    rows = []
    for service in _for_render(ids):
        visit = pagecache.AnonymousVisit(service.get_absolute_url(), language=language)
        response, meta = render(visit, service)
        rows.append(_row(service.pk, service.code, language, response.content, meta))
    with transaction.atomic():
        ServicePage.objects.filter(service_id__in=ids, language=language).delete()
        ServicePage.objects.filter(code__in=[r.code for r in rows], language=language).delete()
        ServicePage.objects.bulk_create(rows)
    return len(rows)


def _for_render(ids: list[int]):
    services = list(catalogue_selectors.detail_prefetch(Service.objects.filter(pk__in=ids)))
    catalogue_selectors.attach_endpoints(services)
    return services


def forget_all() -> int:
    """Drop every stored page (they are rendered again by the worker)."""
    deleted, _ = ServicePage.objects.all().delete()
    return deleted
