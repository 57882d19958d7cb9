"""Which visits a user sees, and who could have been met on one."""

from django.db.models import Count, Q

from custody.lib import access
from detainees.models import CustodyRecord


def visit_list(user):
    """Newest first, with the counts the list shows: one query per page whatever the numbers."""
    return (
        access.visits(user)
        .select_related("facility", "monitor")
        .annotate(
            people=Count("detainees_interviewed", distinct=True),
            cells=Count("cells_seen", distinct=True),
            finding_count=Count("findings", distinct=True),
        )
        .order_by("-started_at", "-pk")
    )


def in_custody_during(facility, started_at, ended_at):
    """Records of the facility whose custody overlaps the visit: the people a monitor could have met.

    Custody at the facility runs from arrival (the actual detention may be elsewhere, earlier)
    to release or transfer.
    """
    return CustodyRecord.objects.filter(facility=facility, arrived_at__lte=ended_at).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=started_at)
    )
