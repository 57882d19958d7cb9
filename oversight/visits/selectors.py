"""Which visits a user sees, and who could have been met on one."""

from django.db.models import Count, Q

from detainees.models import CustodyRecord

from ..models import MonitoringVisit


def visits_visible_to(user):
    """Visits to the facilities in the user's scope, for those who may read visits at all."""
    if not user.has_perm("oversight.view_monitoringvisit"):
        return MonitoringVisit.objects.none()
    return MonitoringVisit.objects.filter(facility__in=user.facility_scope())


def visit_list(user):
    """Newest first, with the counts the list shows: one query per page whatever the numbers."""
    return (
        visits_visible_to(user)
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
