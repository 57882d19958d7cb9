"""The oversight home page: a card per feature, with the integrity of the history and the named accesses in force."""

from django.db.models import Count, Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from custody.lib.permissions import require
from integrity.models import Log, Verification

from .grants import selectors as grants


@require_safe
def home(request):
    require(request.user, "oversight.view_verification", "oversight.view_namedaccessgrant")
    return render(
        request,
        "oversight/home.html",
        {
            "logs": Log.objects.aggregate(count=Count("pk"), leaves=Sum("size")),
            "last_check": Verification.objects.select_related("by").first(),
            "active_grants": grants.grants_visible_to(request.user)
            .filter(revoked_at__isnull=True, ends_at__gt=timezone.now())
            .count(),
        },
    )
