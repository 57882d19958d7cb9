from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from custody.accounts.roles import is_read_only


@require_safe
def home(request):
    """Send each role to where their day starts."""
    if request.user.has_perm("inspections.review_records"):
        return redirect("inspections:queue")
    if is_read_only(request.user) and request.user.has_perm("oversight.view_verification"):
        return redirect("oversight:home")  # prosecutors and monitors oversee rather than run a desk
    if request.user.has_perm("detainees.view_custodyrecord"):
        return redirect("detainees:board")
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "home.html")
