from django.conf import settings


def navigation(request):
    user = getattr(request, "user", None)
    context = {"demo_mode": settings.DEBUG}
    # A session that has passed only the password sees no navigation: it can go nowhere else yet.
    verified = user is not None and user.is_authenticated and getattr(user, "is_verified", lambda: False)()
    context["nav_verified"] = verified
    if verified:
        context.update(
            nav_can_book_in=user.has_perm("detainees.add_custodyrecord"),
            nav_can_view_records=user.has_perm("detainees.view_custodyrecord"),
            nav_is_admin=user.is_staff,
            nav_inspections=user.has_perm("inspections.review_records"),
            nav_findings=user.has_perm("inspections.view_finding"),
            nav_oversight=user.has_perm("oversight.view_verification")
            or user.has_perm("oversight.view_namedaccessgrant"),
        )
    return context
