from django.shortcuts import redirect, render
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
