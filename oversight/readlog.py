"""The read log: every view of a record, its medical entries, its history, a print or an export.

Written in the request, so a view that fails after logging still shows who tried to look.
Refused requests (400 / 403 / 404) are logged by `AccessLogMiddleware`.
"""

from custody.lib.audit import client_ip
from detainees.models import EntryKind

from .models import AccessEvent, AccessKind

MEDICAL_KINDS = {EntryKind.MEDICAL_EXAM, EntryKind.INJURY, EntryKind.MEDICATION, EntryKind.MEDICAL_REQUEST}


def log(request, kind, *, record=None, status=200, detail=""):
    return AccessEvent.objects.create(
        user=request.user,
        kind=kind,
        record=record,
        facility_id=record.facility_id if record else None,
        method=request.method[:8],
        path=request.get_full_path()[:300],
        ip=client_ip(request),
        status=status,
        detail=str(detail)[:300],
    )


def log_record_view(request, record, entries):
    """One row per page view; marked medical when the page showed medical entries."""
    medical = any(e.kind in MEDICAL_KINDS for e in entries)
    return log(request, AccessKind.MEDICAL if medical else AccessKind.RECORD, record=record)


def for_record(record):
    """Everything logged about one record, newest first."""
    return (
        AccessEvent.objects.filter(record=record)
        .select_related("user")
        .prefetch_related("user__groups")
        .order_by("-at", "-pk")
    )


def viewers(record, limit=20):
    return for_record(record)[:limit]


def visible_to(user):
    """Reads of records in the user's scope, and refused attempts by people who work in it."""
    from django.db.models import Q

    from custody.accounts.models import User

    scope = user.facility_scope()
    colleagues = User.objects.filter(Q(facilities__in=scope) | Q(regions__in=scope.values("region"))).values("pk")
    return (
        AccessEvent.objects.filter(Q(facility__in=scope) | Q(record__isnull=True, user__in=colleagues))
        .select_related("user", "record")
        .prefetch_related("user__groups")
    )


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
