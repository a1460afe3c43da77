"""The one NinjaAPI behind /api/v1/ (docs at /api/v1/docs, OpenAPI at
/api/v1/openapi.json): core's router at the root (/regions, /agencies, /search) and every
router that the services registered with ``core.registry.register_api_router(prefix,
router)`` at /<prefix>/. Services register in their AppConfig.ready(), which runs before
this module is imported by the URL configuration.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from s2c.core import registry
from s2c.core.api import router as core_router
from s2c.core.api_docs import ApiDocs
from s2c.core.api_errors import as_error_shape, install_error_handlers
from s2c.core.api_throttle import CallerRateThrottle
from s2c.core.openapi import DocumentedApi

DESCRIPTION = """The open API of Sumsel Smart & Care (S2C), the smart-province platform of
South Sumatra. Every list is paginated with `page` and `page_size` (at most 100). Every
failure answers `{"error": {"code", "message", "details"}}`; messages follow the
`Accept-Language` header (`id` or `en`)."""


def build_api(*, namespace: str = "api", routers: dict | None = None) -> NinjaAPI:
    """A configured NinjaAPI with core's router and ``routers`` (prefix → Router)."""
    api = DocumentedApi(
        title="S2C API",
        version="1",
        description=DESCRIPTION,
        urls_namespace=namespace,
        docs=ApiDocs(),
        throttle=[CallerRateThrottle(getattr(settings, "S2C_API_RATE", "600/min"))],
    )
    install_error_handlers(api)
    api.add_router("", core_router)
    for prefix, router in (routers or {}).items():
        # Operations without tags of their own are grouped under the service's prefix.
        tags = None if getattr(router, "tags", None) else [prefix]
        api.add_router(f"/{prefix.strip('/')}/", router, tags=tags)
    return api


def _shaped(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return as_error_shape(view(request, *args, **kwargs))

    return wrapper


def _wrap(patterns: list) -> list:
    wrapped = []
    for p in patterns:
        if isinstance(p, URLResolver):
            p.url_patterns[:] = _wrap(p.url_patterns)
            wrapped.append(p)
        elif isinstance(p, URLPattern):
            wrapped.append(URLPattern(p.pattern, _shaped(p.callback), p.default_args, p.name))
    return wrapped


def urls(api: NinjaAPI) -> tuple[list, str, str]:
    """``api.urls`` with every view answering a wrong method in the error shape."""
    patterns, app_name, namespace = api.urls
    return _wrap(patterns), app_name, namespace


api = build_api(routers=registry.api_routers())
