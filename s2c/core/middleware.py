import ipaddress
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from . import audit, permissions, registry


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, which ``ClientAddressMiddleware`` has already
    resolved behind a configured trusted proxy ("" when unknown). A client-sent
    X-Forwarded-For is never read here: anyone can forge it."""
    return request.META.get("REMOTE_ADDR", "") or ""


class ClientAddressMiddleware:
    """Behind ``S2C_TRUSTED_PROXY_COUNT`` proxies, take the client address from the entry of
    X-Forwarded-For that the nearest trusted proxy added, so rate limits, the sign-in lockout
    and the audit log see the real client rather than the proxy. With no trusted proxy (the
    default) the header is ignored: anyone can forge it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.count = int(getattr(settings, "S2C_TRUSTED_PROXY_COUNT", 0))

    def __call__(self, request):
        if self.count > 0:
            forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            forwarded = [p for p in forwarded if p]
            if len(forwarded) >= self.count:
                candidate = forwarded[-self.count]
                try:
                    request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(candidate))
                except ValueError:
                    pass
        return self.get_response(request)


class AuditContextMiddleware:
    """Makes the request's client address and a request id available to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        ctx = audit.RequestContext(ip_address=client_ip(request) or None, request_id=request_id)
        token = audit.set_request_context(ctx)
        try:
            response = self.get_response(request)
        finally:
            audit.reset_request_context(token)
        response.headers.setdefault("X-Request-ID", request_id)
        return response


# --- Security headers and caching ---------------------------------------------------------

PERSONAL_ATTRIBUTE = "s2c_personal"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def mark_personal(response):
    """Mark a response as showing one person's data: ``SecurityHeadersMiddleware`` sends it
    with ``Cache-Control: no-store``. ``staff_required`` marks every staff page."""
    setattr(response, PERSONAL_ATTRIBUTE, True)
    return response


def _tile_source(template: str) -> str:
    """The origin of the map tiles for ``img-src`` ("" when they are on this site or off):
    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` → ``https://*.tile.example.org``."""
    parts = urlsplit(template or "")
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy() -> str:
    """The policy every answer carries (``S2C_CSP`` replaces it whole): scripts only from
    this site's files, no inline script and no ``eval``; styles may be inline (Django
    admin's change list and htmx's indicator add a ``<style>``); images from this site, the
    map tiles' server and ``data:`` (Leaflet's icons); no plugins, no framing, forms post
    here only."""
    configured = getattr(settings, "S2C_CSP", "")
    if configured:
        return configured
    tiles = _tile_source(getattr(settings, "S2C_MAP_TILES", ""))
    images = " ".join(filter(None, ["'self'", "data:", tiles]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


# Nothing S2C shows needs a camera, a microphone, payment or USB; the report form asks for
# the reporter's position (its "use my location" button), on this site only.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


def is_personal(request, response) -> bool:
    """Whether the answer shows one person's data, by the first rule that holds:

    1. the view marked it (``mark_personal``; ``staff_required`` marks every staff page);
    2. its URL name is one a service declared (``registry.register_personal_pages``);
    3. the caller is someone: signed in through the session (when the view looked at it)
       or through the API (an API key's user);
    4. it answers a POST (or another unsafe method): a form shown again holds what the
       person typed."""
    if getattr(response, PERSONAL_ATTRIBUTE, False):
        return True
    match = getattr(request, "resolver_match", None)
    if match is not None:
        declared = registry.personal_url_names()
        if match.view_name in declared or any(f"{ns}:*" in declared for ns in match.namespaces):
            return True
    if permissions.is_authenticated(getattr(request, "auth", None)):
        return True
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        if permissions.is_authenticated(getattr(request, "user", None)):
            return True
    return request.method not in SAFE_METHODS


class SecurityHeadersMiddleware:
    """Every answer gets the Content-Security-Policy and the Permissions-Policy (a view that
    set its own keeps it); an answer that shows one person's data (``is_personal``) gets
    ``Cache-Control: no-store`` (with Django's ``no-cache, must-revalidate, private``), so
    neither a shared proxy nor the browser's history keeps it. Sits outside the session
    middleware, so reading who the caller is here adds no ``Vary: Cookie``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_personal(request, response):
            add_never_cache_headers(response)
        return response
