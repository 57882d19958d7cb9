"""Oversight pages: integrity of the history, who read what, named access for monitors."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custody.lib import access
from custody.lib.forms import apply_errors
from custody.submits.once import Once
from integrity.models import Log, Verification

from . import grants as grant_service
from . import readlog
from .grant_forms import GrantForm
from .models import AccessKind


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


@require_safe
def record_viewers(request, pk):
    """Everyone who opened, printed or exported this record, newest first."""
    record = access.get_record_for_viewer(request.user, pk)
    access.require(access.may_see_read_log(request.user))
    page = Paginator(readlog.for_record(record), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/record_viewers.html",
        {"record": record, "page": page, "show_identity": access.may_see_names(request.user)},
    )


@require_safe
def access_log(request):
    """Reads of records in the user's scope, and refused attempts by people working in it."""
    access.require(access.may_see_read_log(request.user))
    events = readlog.visible_to(request.user)
    kind = request.GET.get("kind", "")
    if kind in AccessKind.values:
        events = events.filter(kind=kind)
    page = Paginator(events.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/access_log.html",
        {"page": page, "kinds": AccessKind.choices, "kind": kind, "show_identity": access.may_see_names(request.user)},
    )


@require_http_methods(["GET", "POST"])
def grants(request):
    access.require(access.may_see_grants(request.user))
    facilities = access.grantable_facilities(request.user)
    can_grant = access.may_grant(request.user)
    once = Once(request)
    form = None
    if can_grant:
        monitors = grant_service.monitors_for(facilities).order_by("last_name", "username")
        form = GrantForm(request.POST or None, facilities=facilities, monitors=monitors)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            done = once.run(
                partial(grant_service.grant_named_access, actor=request.user, **form.cleaned_data),
                url=reverse("oversight:grants"),
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            if not done.repeat:
                grant = done.result
                messages.success(
                    request,
                    _("%(monitor)s may see names at %(facility)s until %(until)s.")
                    % {
                        "monitor": grant.monitor,
                        "facility": grant.facility,
                        "until": timezone.localtime(grant.ends_at).strftime("%d.%m.%Y %H:%M"),
                    },
                )
            return redirect(done.url)
    rows = access.grants(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/grants.html",
        {
            "form": form,
            "once": once,
            "page": page,
            "now": timezone.now(),
            "can_revoke": access.may_revoke(request.user),
        },
    )


@require_POST
def grant_revoke(request, pk):
    grant = get_object_or_404(access.grants(request.user), pk=pk)
    try:
        grant_service.revoke(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Named access of %(monitor)s revoked.") % {"monitor": grant.monitor})
    return redirect("oversight:grants")
