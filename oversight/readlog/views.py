"""Who read what: one record's viewers, and the read log of the user's scope."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from custody.lib import access

from ..models import AccessKind
from . import selectors


@require_safe
def record_viewers(request, pk):
    """Everyone who opened, printed or exported this record, newest first."""
    record = access.get_record_for_viewer(request.user, pk)
    access.require(access.may_see_read_log(request.user))
    page = Paginator(selectors.for_record(record), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/record_viewers.html",
        {"record": record, "page": page},
    )


@require_safe
def access_log(request):
    """Reads of records in the user's scope, and refused attempts by people working in it."""
    access.require(access.may_see_read_log(request.user))
    events = selectors.visible_to(request.user)
    kind = request.GET.get("kind", "")
    if kind in AccessKind.values:
        events = events.filter(kind=kind)
    page = Paginator(events.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/access_log.html",
        {"page": page, "kinds": AccessKind.choices, "kind": kind},
    )
