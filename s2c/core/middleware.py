import uuid

from . import audit


class AuditContextMiddleware:
    """Makes the request's client address and a request id available to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        ctx = audit.RequestContext(ip_address=request.META.get("REMOTE_ADDR"), request_id=request_id)
        token = audit.set_request_context(ctx)
        try:
            response = self.get_response(request)
        finally:
            audit.reset_request_context(token)
        response.headers.setdefault("X-Request-ID", request_id)
        return response
