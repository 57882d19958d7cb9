"""Reading the read log: per record, and within a user's scope."""

from django.db.models import Q

from custody.accounts.models import User
from custody.lib import access

from ..models import AccessEvent


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
    scope = access.facilities(user)
    colleagues = User.objects.filter(Q(facilities__in=scope) | Q(regions__in=scope.values("region"))).values("pk")
    return (
        AccessEvent.objects.filter(Q(facility__in=scope) | Q(record__isnull=True, user__in=colleagues))
        .select_related("user", "record")
        .prefetch_related("user__groups")
    )
