"""Registries that let core show things from every service without importing them.

Each service app fills these in its ``AppConfig.ready()``:

    from s2c.core import registry
    registry.register_nav(registry.NavItem(...))
    registry.register_tile(registry.HomeTile(...))
    registry.register_api_router("care", router)
    # search types: s2c.core.search.register(SearchType(...))

The portal (home page, staff shell, API root) only reads them.
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
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


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
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


@dataclass(frozen=True)
class ServiceInfo:
    """A service's name for grouping the staff navigation."""

    key: str
    label: Any
    order: int = 100


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
