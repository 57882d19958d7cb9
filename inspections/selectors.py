"""Reads across relations for the inspector's pages, each a fixed number of queries."""

from datetime import timedelta

from django.db.models import Exists, Max, OuterRef, Q

from custody.facilities.models import Cell
from custody.lib import access
from detainees.models import CustodyRecord, EntryKind, Status, TimelineEntry

from .models import Defect, FindingStatus, RecordReview

# How often each cell is inspected: a working rhythm of the inspectorate, not a legal limit.
CELL_INSPECTION_EVERY = timedelta(days=7)


def records_to_interview(facilities):
    """People in custody not yet interviewed, or whose officer has not been, longest held first."""
    has_interview = TimelineEntry.objects.filter(record=OuterRef("pk"), kind=EntryKind.INTERVIEW_DETAINEE)
    has_officer_interview = TimelineEntry.objects.filter(record=OuterRef("pk"), kind=EntryKind.INTERVIEW_OFFICER)
    return (
        CustodyRecord.objects.in_custody()
        .filter(facility__in=facilities)
        .annotate(detainee_done=Exists(has_interview), officer_done=Exists(has_officer_interview))
        .filter(Q(detainee_done=False) | Q(officer_done=False))
        .select_related("person", "current_cell")
        .order_by("arrived_at")
    )


def records_to_review(facilities, now):
    """Records held a day or more, or closed, without a signed review: the 50 that closed or arrived first."""
    signed = RecordReview.objects.filter(record=OuterRef("pk"), signed_at__isnull=False)
    return (
        CustodyRecord.objects.filter(facility__in=facilities)
        .filter(Q(status=Status.IN_CUSTODY, arrived_at__lte=now - timedelta(hours=24)) | ~Q(status=Status.IN_CUSTODY))
        .exclude(Exists(signed))
        .select_related("person")
        .order_by("closed_at", "arrived_at")[:50]
    )


def open_findings(user):
    """The 50 oldest open findings the user may see."""
    return access.findings(user).open().select_related("facility").order_by("created_at")[:50]


def _with_last_inspection(cells):
    return cells.annotate(last_inspected=Max("inspections__inspected_at"))


def cells_due(facilities, now):
    """Cells never inspected, or not within `CELL_INSPECTION_EVERY`, least recently inspected first."""
    cells = _with_last_inspection(Cell.objects.filter(facility__in=facilities).select_related("facility"))
    return [
        c
        for c in cells.order_by("last_inspected")
        if c.last_inspected is None or c.last_inspected < now - CELL_INSPECTION_EVERY
    ]


def facility_cells(facility):
    """The facility's cells in number order, each with when it was last inspected."""
    return _with_last_inspection(Cell.objects.filter(facility=facility)).order_by("number")


def open_defects(facility):
    return Defect.objects.filter(cell__facility=facility, fixed_at__isnull=True).select_related("cell", "inspection")


def current_review(record):
    """The record's review in progress, or else its last signed one (None if never reviewed)."""
    return record.reviews.filter(signed_at__isnull=True).first() or record.reviews.order_by("-signed_at").first()


def finding_list(user, *, status=""):
    """Findings the user may see; of one status if `status` names one (anything else is ignored)."""
    found = access.findings(user).select_related("facility", "record__person", "cell")
    return found.filter(status=status) if status in FindingStatus.values else found
