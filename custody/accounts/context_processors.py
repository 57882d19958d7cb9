from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from custody.lib import access
from detainees.obligations import ObligationStatus, Tier
from inspections.models import Answer, FindingStatus, FindingStep, Severity


class May:
    """`may.<question>` in templates asks `access.may_<question>(user)`, once per page.

    Templates ask the access layer like views do, so a page shows a button exactly when the view
    behind it would let the user in. An unknown question fails loudly rather than reading as "no"
    (templates swallow AttributeError).
    """

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        question = getattr(access, f"may_{name}", None)
        if question is None:
            raise ImproperlyConfigured(f"custody.lib.access has no may_{name}")
        answer = question(self._user)
        setattr(self, name, answer)
        return answer


def vocabulary(request):
    """The value lists templates compare against (`o.status == ObligationStatus.OVERDUE`), never literals."""
    return {
        "ObligationStatus": ObligationStatus,
        "Tier": Tier,
        "Severity": Severity,
        "Answer": Answer,
        "FindingStatus": FindingStatus,
        "FindingStep": FindingStep,
    }


def navigation(request):
    user = getattr(request, "user", None)
    context = {"demo_mode": settings.DEBUG}
    # A session that has passed only the password sees no navigation: it can go nowhere else yet.
    verified = user is not None and user.is_authenticated and getattr(user, "is_verified", lambda: False)()
    context["nav_verified"] = verified
    if verified:
        context["may"] = May(user)
    return context
