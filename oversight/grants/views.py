"""Named access pages: the grants a user gives or holds, granting one, revoking one."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from custody.lib import access
from custody.lib.forms import apply_errors
from custody.submits.once import Once

from . import selectors, services
from .forms import GrantForm


@require_http_methods(["GET", "POST"])
def grants(request):
    access.require(access.may_see_grants(request.user))
    facilities = access.grantable_facilities(request.user)
    can_grant = access.may_grant(request.user)
    once = Once(request)
    form = None
    if can_grant:
        monitors = selectors.monitors_for(facilities).order_by("last_name", "username")
        form = GrantForm(request.POST or None, facilities=facilities, monitors=monitors)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            done = once.run(
                partial(services.grant_named_access, actor=request.user, **form.cleaned_data),
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
        services.revoke(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Named access of %(monitor)s revoked.") % {"monitor": grant.monitor})
    return redirect("oversight:grants")
