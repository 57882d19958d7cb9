"""The home page and the error pages' views (the 400, 404 and 500 pages need no view of their own)."""

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from custody.lib import access


@require_safe
def home(request):
    """Send each role to where their day starts."""
    if access.may_review(request.user):
        return redirect("inspections:queue")
    if not access.may_write(request.user) and access.may_see_integrity(request.user):
        return redirect("oversight:home")  # prosecutors and monitors oversee rather than run a desk
    if access.may_read_records(request.user):
        return redirect("detainees:board")
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "home.html")


def _back(request):
    """Where "Back" leads from a refusal: the page the user came from, if it is one of ours."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure()):
        return referer
    return None


def permission_denied(request, exception):
    """403 in the layout: what was refused and, where the access layer said so, who may do it."""
    return render(request, "403.html", {"exception": str(exception), "back": _back(request)}, status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid token (most often a page left open too long) gets the 403 layout."""
    message = _("The form has expired or was sent from elsewhere. Reload the page and send it again.")
    return render(request, "403.html", {"exception": message, "csrf": True, "back": _back(request)}, status=403)
