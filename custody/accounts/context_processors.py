from django.conf import settings

from custody.lib import access


def navigation(request):
    user = getattr(request, "user", None)
    context = {"demo_mode": settings.DEBUG}
    # A session that has passed only the password sees no navigation: it can go nowhere else yet.
    verified = user is not None and user.is_authenticated and getattr(user, "is_verified", lambda: False)()
    context["nav_verified"] = verified
    if verified:
        context.update(
            nav_can_book_in=access.may_book_in(user),
            nav_can_view_records=access.may_read_records(user),
            nav_is_admin=user.is_staff,
            nav_inspections=access.may_review(user),
            nav_findings=access.may_see_findings(user),
            nav_oversight=access.may_oversee(user),
        )
    return context
