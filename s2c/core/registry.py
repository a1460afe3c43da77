"""Registries that let core show things from every service without importing them.

Each service app fills these in its ``AppConfig.ready()``:

    from s2c.core import registry
    registry.register_nav(registry.NavItem(...))
    registry.register_tile(registry.HomeTile(...))
    registry.register_api_router("care", router)
    registry.register_urls(registry.ServiceUrls("care", "s2c.care.urls"))
    # search types: s2c.core.search.register(SearchType(...));
    # periodic jobs: s2c.core.scheduler.register_periodic(...)

Every registry has the same shape: a frozen dataclass, ``register_<thing>(item)`` and
``<things>()`` returning them in order. Core (URLs, home page, staff shell, /healthz,
/sitemap.xml, the ``s2c`` command, the API) only reads them. docs/plugging-in.md lists
them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    """A link in the staff area's navigation, grouped by service."""

    service: str  # e.g. "core", "portal", "care"
    label: Any  # a lazy gettext string
    url_name: str
    order: int = 100
    # Who sees the link; receives the user. The view still checks permissions itself.
    visible: Callable[[Any], bool] = field(default=lambda user: True)

    @property
    def url(self) -> str:
        return _reverse_or_hash(self.url_name)


@dataclass(frozen=True)
class HomeTile:
    """An entry on the public home page: one per citizen-facing service."""

    key: str
    title: Any
    description: Any
    url_name: str
    icon: str = ""  # name of an icon in core/static/core/icons.svg
    order: int = 100

    @property
    def url(self) -> str:
        return _reverse_or_hash(self.url_name)


@dataclass(frozen=True)
class ServiceInfo:
    """A service: its name (groups the staff navigation) and a one-line summary (the
    README's list of installed services, ``s2c manage s2c_readme``)."""

    key: str
    label: Any
    order: int = 100
    summary: Any = ""


_nav: list[NavItem] = []
_tiles: dict[str, HomeTile] = {}
_services: dict[str, ServiceInfo] = {}
_api_routers: dict[str, Any] = {}


def register_service(info: ServiceInfo) -> None:
    _services[info.key] = info


def register_nav(item: NavItem) -> None:
    if item not in _nav:
        _nav.append(item)


def register_tile(tile: HomeTile) -> None:
    _tiles[tile.key] = tile


def register_api_router(prefix: str, router: Any) -> None:
    """Mount a Django Ninja router at /api/v1/<prefix>/ (done when s2c.api is built)."""
    if prefix in _api_routers and _api_routers[prefix] is not router:
        raise ValueError(f"An API router is already registered at {prefix!r}")
    _api_routers[prefix] = router


def services() -> list[ServiceInfo]:
    return sorted(_services.values(), key=lambda s: (s.order, s.key))


def nav_for(user) -> list[tuple[ServiceInfo, list[NavItem]]]:
    """The staff navigation the user may see, grouped by service, in order."""
    groups: list[tuple[ServiceInfo, list[NavItem]]] = []
    for info in services():
        items = sorted(
            (i for i in _nav if i.service == info.key and i.visible(user)),
            key=lambda i: (i.order, str(i.label)),
        )
        if items:
            groups.append((info, items))
    return groups


def tiles() -> list[HomeTile]:
    return sorted(_tiles.values(), key=lambda t: (t.order, t.key))


def api_routers() -> dict[str, Any]:
    return dict(_api_routers)


@dataclass(frozen=True)
class HomeSection:
    """A block a service adds to the public home page (rendered in ``order``).

    ``template`` is included with the page context plus what ``context(request)`` returns.
    """

    key: str
    template: str
    context: Callable[[Any], dict] = field(default=lambda request: {})
    order: int = 100


@dataclass(frozen=True)
class Seeder:
    """Demo data a service adds when an operator runs ``s2c seed``; must be idempotent."""

    key: str
    run: Callable[..., None]  # run(*, stdout) -> None
    order: int = 100


_sections: dict[str, HomeSection] = {}
_seeders: dict[str, Seeder] = {}


def register_home_section(section: HomeSection) -> None:
    _sections[section.key] = section


def home_sections() -> list[HomeSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def register_seeder(seeder: Seeder) -> None:
    _seeders[seeder.key] = seeder


def seeders() -> list[Seeder]:
    return sorted(_seeders.values(), key=lambda s: (s.order, s.key))


# --- URLs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceUrls:
    """A service's URL configuration and where it is mounted (``s2c/urls.py`` reads these).

    ``urlconf`` is a dotted module path with an ``app_name`` (its namespace); ``prefix`` is
    the mount point ("" = the site root, the module's own paths then start with the
    service's segment, e.g. "lapor/"). Services are included in ``order``, all of them
    before core's home page and staff area.
    """

    service: str
    urlconf: str
    prefix: str = ""
    order: int = 100


_urls: dict[str, ServiceUrls] = {}


def register_urls(entry: ServiceUrls) -> None:
    if entry.prefix and not entry.prefix.endswith("/"):
        raise ValueError(f"A mount point ends with '/': {entry.prefix!r}")
    _urls[entry.service] = entry


def urls() -> list[ServiceUrls]:
    return sorted(_urls.values(), key=lambda u: (u.order, u.service))


# --- Health checks ------------------------------------------------------------------------


@dataclass(frozen=True)
class HealthCheck:
    """One more entry in ``/healthz`` and ``s2c health`` under ``checks[key]``.

    ``run()`` returns a dict with at least ``"status"`` ("ok", or e.g. "error", "stale",
    "unknown") and may add figures; an exception counts as "error". A ``critical`` check
    that is not "ok" makes the whole report "error" (503); a non-critical "error" makes it
    "degraded"; other statuses are informative. ``needs_database`` checks are skipped
    (status "unknown") while the database check fails.
    """

    key: str  # e.g. "portal.status-checks"
    run: Callable[[], dict]
    critical: bool = False
    needs_database: bool = True


_health: dict[str, HealthCheck] = {}


def register_health_check(check: HealthCheck) -> None:
    _health[check.key] = check


def health_checks() -> list[HealthCheck]:
    return sorted(_health.values(), key=lambda c: c.key)


# --- Operator commands and process types --------------------------------------------------


@dataclass(frozen=True)
class Command:
    """An ``s2c NAME`` subcommand: runs the management command ``manage`` with ``args``
    followed by whatever the operator typed after NAME."""

    service: str
    name: str  # e.g. "render-pages"
    help: str  # English, like the rest of the operator command's help
    manage: str  # a management command, e.g. "portal_render_pages"
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcessType:
    """A long-running process an installation runs (``s2c processes`` prints them as a
    Procfile): core's ``web`` and ``worker``, or a service's own worker for its queue."""

    service: str
    name: str  # e.g. "worker-care"
    argv: tuple[str, ...]  # e.g. ("s2c", "worker", "--queue", "care")
    help: str = ""


_commands: dict[str, Command] = {}
_processes: dict[str, ProcessType] = {}


def register_command(command: Command) -> None:
    existing = _commands.get(command.name)
    if existing is not None and existing != command:
        raise ValueError(f"An s2c command is already registered as {command.name!r}")
    _commands[command.name] = command


def commands() -> list[Command]:
    return sorted(_commands.values(), key=lambda c: c.name)


def register_process(process: ProcessType) -> None:
    _processes[process.name] = process


def processes() -> list[ProcessType]:
    return sorted(_processes.values(), key=lambda p: (p.service != "core", p.name))


# --- Feeds and sitemap --------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    """A site-wide Atom/RSS feed: listed on every page as ``<link rel="alternate">``."""

    service: str
    key: str
    title: Any  # a lazy gettext string
    url_name: str  # a URL without arguments
    mime_type: str = "application/atom+xml"
    order: int = 100

    @property
    def url(self) -> str:
        return _reverse_or_hash(self.url_name)


@dataclass(frozen=True)
class SitemapSection:
    """A section of ``/sitemap.xml``: a ``django.contrib.sitemaps.Sitemap`` (instance or
    class) listing only what anyone may see."""

    key: str  # e.g. "portal-services"; also the section's name in the sitemap index
    sitemap: Any


_feeds: dict[str, Feed] = {}
_sitemaps: dict[str, SitemapSection] = {}


def register_feed(feed: Feed) -> None:
    _feeds[feed.key] = feed


def feeds() -> list[Feed]:
    return sorted(_feeds.values(), key=lambda f: (f.order, f.key))


def register_sitemap(section: SitemapSection) -> None:
    _sitemaps[section.key] = section


def sitemaps() -> dict[str, Any]:
    """What ``django.contrib.sitemaps.views.sitemap`` takes: key → Sitemap."""
    return {key: _sitemaps[key].sitemap for key in sorted(_sitemaps)}


# --- For the coming services: map layers, API key scopes, dashboard figures ---------------


@dataclass(frozen=True)
class MapLayer:
    """A layer any map may offer: GeoJSON (a FeatureCollection) at ``url_name``."""

    service: str
    key: str
    title: Any
    url_name: str
    kind: str = "geojson"
    order: int = 100

    @property
    def url(self) -> str:
        return _reverse_or_hash(self.url_name)


@dataclass(frozen=True)
class ApiScope:
    """Something an API key may be allowed to do, named ``<service>.<what>``."""

    key: str  # e.g. "care.open311.submit"
    service: str
    description: Any


@dataclass(frozen=True)
class DashboardFigure:
    """One number on the staff dashboard; ``value(user)`` returns it scoped to what the
    user may see, or ``None`` when the figure is not for them."""

    service: str
    key: str
    label: Any
    value: Callable[[Any], int | None]
    url_name: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return _reverse_or_hash(self.url_name) if self.url_name else ""


_map_layers: dict[str, MapLayer] = {}
_api_scopes: dict[str, ApiScope] = {}
_figures: dict[str, DashboardFigure] = {}


def register_map_layer(layer: MapLayer) -> None:
    _map_layers[layer.key] = layer


def map_layers() -> list[MapLayer]:
    return sorted(_map_layers.values(), key=lambda m: (m.order, m.key))


def register_api_scope(scope: ApiScope) -> None:
    if not scope.key.startswith(f"{scope.service}."):
        raise ValueError(f"An API scope is named <service>.<what>: {scope.key!r}")
    _api_scopes[scope.key] = scope


def api_scopes() -> list[ApiScope]:
    return sorted(_api_scopes.values(), key=lambda s: s.key)


def register_figure(figure: DashboardFigure) -> None:
    _figures[figure.key] = figure


def figures() -> list[DashboardFigure]:
    return sorted(_figures.values(), key=lambda f: (f.order, f.key))


def figures_for(user) -> list[tuple[DashboardFigure, int]]:
    """The dashboard figures the user may see, with their values, in order."""
    shown = []
    for figure in figures():
        value = figure.value(user)
        if value is not None:
            shown.append((figure, value))
    return shown


def _reverse_or_hash(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return "#"


# --- Pages that show one person's data: never stored by a browser or a proxy --------------


@dataclass(frozen=True)
class PersonalPages:
    """URL names (``"care:follow"``, or ``"admin:*"`` for a whole namespace) whose answers
    show one person's data, so ``core.middleware.SecurityHeadersMiddleware`` sends them with
    ``Cache-Control: no-store``. Staff pages need no entry (``staff_required`` marks them),
    nor do answers to someone signed in or to a POST (the middleware's own rules)."""

    service: str
    url_names: tuple[str, ...]


_personal: dict[str, PersonalPages] = {}


def register_personal_pages(entry: PersonalPages) -> None:
    _personal[entry.service] = entry


def personal_url_names() -> frozenset[str]:
    return frozenset(name for entry in _personal.values() for name in entry.url_names)
