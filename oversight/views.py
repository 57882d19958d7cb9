"""The oversight home page: a card per feature, with the integrity of the history and the named accesses in force."""

from django.db.models import Count, Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from custody.lib import access
from integrity.models import Log, Verification


@require_safe
def home(request):
    access.require(access.may_oversee(request.user))
    return render(
        request,
        "oversight/home.html",
        {
            "logs": Log.objects.aggregate(count=Count("pk"), leaves=Sum("size")),
            "last_check": Verification.objects.select_related("by").first(),
            "active_grants": access.grants(request.user)
            .filter(revoked_at__isnull=True, ends_at__gt=timezone.now())
            .count(),
        },
    )
