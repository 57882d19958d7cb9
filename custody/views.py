from django.shortcuts import redirect, render


def home(request):
    """Send each role to where their day starts."""
    if request.user.has_perm("inspections.review_records"):
        return redirect("inspections:queue")
    if request.user.has_perm("detainees.view_custodyrecord"):
        return redirect("detainees:board")
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "home.html")
