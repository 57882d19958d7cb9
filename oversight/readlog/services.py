"""The read log: every view of a record, its medical entries, its history, a print or an export.

Written in the request, so a view that fails after logging still shows who tried to look.
Refused requests (400 / 403 / 404) are logged by `middleware.AccessLogMiddleware`.
"""

from custody.lib.audit import client_ip
from detainees.models import EntryKind

from ..models import AccessEvent, AccessKind

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
