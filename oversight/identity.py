"""Who sees a detainee's name, and what everyone else sees instead.

Staff with `detainees.view_identity` see names in their scope. Monitors see a pseudonym — a
keyed hash of the person's id, stable across records and visits, that nobody can compute
without the key — and an age band, unless a facility head or administrator granted them named
access to that facility for a visit.
"""

import base64
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

# Upper bounds of the age bands shown instead of a date of birth (a display choice).
AGE_BANDS = [(14, "<14"), (18, "14–17"), (25, "18–24"), (35, "25–34"), (50, "35–49"), (65, "50–64")]


def pseudonym(person_id):
    """P-XXXX-XXXX: HMAC-SHA256 of the person's id under PSEUDONYM_KEY."""
    if not settings.PSEUDONYM_KEY:
        raise ImproperlyConfigured("PSEUDONYM_KEY is not set.")
    digest = hmac.new(settings.PSEUDONYM_KEY.encode(), f"person:{person_id}".encode(), hashlib.sha256).digest()
    code = base64.b32encode(digest).decode()[:8]
    return f"P-{code[:4]}-{code[4:]}"


def age_band(age):
    for upper, label in AGE_BANDS:
        if age < upper:
            return label
    return "65+"


class Viewer:
    """One user's view of identities, computed once per request."""

    def __init__(self, user):
        from .models import NamedAccessGrant

        self.user = user
        self.all_names = user.has_perm("detainees.view_identity")
        now = timezone.now()
        self.granted = {} if self.all_names else {
            grant.facility_id: grant
            for grant in NamedAccessGrant.objects.filter(
                monitor=user, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now,
            ).select_related("granted_by").order_by("ends_at")
        }

    def shows(self, record):
        return self.all_names or record.facility_id in self.granted

    def grant_for(self, record):
        return self.granted.get(record.facility_id)

    def name(self, record):
        return record.person.full_name if self.shows(record) else pseudonym(record.person_id)

    def age(self, record):
        return age_band(record.person.age_on(timezone.localdate(record.detained_at)))


def viewer(user):
    """The user's `Viewer`, cached on the user object for the request."""
    if not hasattr(user, "_identity_viewer"):
        user._identity_viewer = Viewer(user)
    return user._identity_viewer


def withheld():
    return _("withheld")
