"""Who sees a detainee's name, and what everyone else sees instead.

Staff with `detainees.view_identity` see names in their scope. Monitors see a pseudonym — a
keyed hash of the person's id, stable across records and visits, that nobody can compute
without the key — and an age band, unless a facility head or administrator granted them named
access to that facility for a visit (who sees which: `custody.lib.access.may_see_name`).
"""

import base64
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from custody.lib import access
from detainees.models import APOSTROPHES

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
    """How one user sees identities: names where `access.may_see_name` lets them, else pseudonyms."""

    def __init__(self, user):
        self.user = user

    def shows(self, record):
        return access.may_see_name(self.user, record)

    def name(self, record):
        return record.person.full_name if self.shows(record) else pseudonym(record.person_id)

    def age(self, record):
        return age_band(record.person.age_on(timezone.localdate(record.detained_at)))


def viewer(user):
    """The user's `Viewer`, cached on the user object for the request."""
    if not hasattr(user, "_identity_viewer"):
        user._identity_viewer = Viewer(user)
    return user._identity_viewer


MASK = "▒▒▒"


def redact_text(text, person):
    """Free text with this person's names, document number and date of birth masked.

    For text a monitor must read (findings, their events) where the author may have named the
    detainee. Names of anyone else cannot be recognised; such text should not name them.
    """
    if not text or person is None:
        return text
    born = person.date_of_birth
    needles = [
        person.surname,
        person.given_name,
        person.patronymic,
        person.document_number,
        born.strftime("%d.%m.%Y"),
        born.isoformat(),
        born.strftime("%d/%m/%Y"),
    ]
    for needle in sorted({n for n in needles if n and len(n) >= 3}, key=len, reverse=True):
        # The stem is enough: Ukrainian names decline (Ком'яков, Ком'якова, Ком'якову).
        stem = needle if any(c.isdigit() for c in needle) else needle[: max(3, len(needle) - 2)]
        pattern = re.escape(stem).replace("'", f"[{APOSTROPHES}]")
        text = re.sub(pattern + r"\w*", MASK, text, flags=re.IGNORECASE)
    return text
