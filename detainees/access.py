"""Who may see and who may change a custody record.

Deny by default: a record outside the user's scope, or any record for a user without the view
permission, does not exist for them (404). A record they can see but not change answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .kinds import SPECS, may_record
from .models import CustodyRecord, TimelineEntry


def get_record_for_viewer(user, pk):
    return get_object_or_404(
        CustodyRecord.objects.visible_to(user).select_related(
            "person", "facility", "facility__region", "current_cell", "open_movement"
        ),
        pk=pk,
    )


def get_record_for_entry(user, pk, kind):
    """The record, if this user may add an entry of this kind to it."""
    record = get_record_for_viewer(user, pk)
    spec = SPECS.get(kind)
    if spec is None or not spec.manual:
        raise PermissionDenied
    if not may_record(user, spec):
        raise PermissionDenied
    return record, spec


def get_record_for_release(user, pk):
    record = get_record_for_viewer(user, pk)
    if not user.has_perm("detainees.release_detainee"):
        raise PermissionDenied
    return record


def get_entry_for_correction(user, pk):
    entry = get_object_or_404(
        TimelineEntry.objects.select_related("record", "cell", "author"),
        pk=pk,
        record__in=CustodyRecord.objects.visible_to(user),
    )
    spec = SPECS[entry.kind]
    if not spec.manual or not may_record(user, spec):
        raise PermissionDenied
    return entry, spec


def can_see_identity(user):
    return user.has_perm("detainees.view_identity")


def can_see_read_log(user):
    """Who viewed a record is itself oversight information: heads, inspectors, prosecutors, monitors."""
    return user.has_perm("oversight.view_accessevent")
