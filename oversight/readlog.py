"""The read log: every view of a record, its medical entries, its history, a print or an export.

Written in the request, so a view that fails after logging still shows who tried to look.
Refused requests (400 / 403 / 404) are logged by `AccessLogMiddleware`.
"""

from .models import AccessEvent, AccessKind

MEDICAL_KINDS = {"medical_exam", "injury", "medication", "medical_request"}


def client_ip(request):
    # REMOTE_ADDR is the proxy's address behind one; the proxy must then pass the client's
    # address in REMOTE_ADDR (gunicorn --forwarded-allow-ips), never a header we would trust blindly.
    return request.META.get("REMOTE_ADDR") or None


def log(request, kind, *, record=None, status=200, detail=""):
    return AccessEvent.objects.create(
        user=request.user, kind=kind, record=record, method=request.method[:8],
        path=request.get_full_path()[:300], ip=client_ip(request), status=status, detail=str(detail)[:300],
    )


def log_record_view(request, record, entries):
    """One row per page view; marked medical when the page showed medical entries."""
    medical = sum(1 for e in entries if e.kind in MEDICAL_KINDS)
    if medical:
        return log(request, AccessKind.MEDICAL, record=record, detail=f"{medical} medical")
    return log(request, AccessKind.RECORD, record=record)


def viewers(record, limit=20):
    return AccessEvent.objects.filter(record=record).select_related("user").order_by("-at", "-pk")[:limit]


REFUSED = {400: AccessKind.BAD_REQUEST, 403: AccessKind.DENIED, 404: AccessKind.NOT_FOUND}


class AccessLogMiddleware:
    """Logs every refused request of a signed-in user: guessed ids, forbidden posts, forged parameters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = REFUSED.get(response.status_code)
        user = getattr(request, "user", None)
        if kind and user is not None and user.is_authenticated:
            log(request, kind, status=response.status_code)
        return response
