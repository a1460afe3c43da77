import ipaddress
import uuid

from django.conf import settings

from . import audit


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
