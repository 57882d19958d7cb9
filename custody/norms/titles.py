"""Translated titles of the norms seeded by migration; a norm added by an administrator shows
its own stored title."""

from django.utils.translation import gettext_lazy as _

TITLES = {
    "suspicion-notice": _("Notice of suspicion served"),
    "court-60h": _("Brought before the court or released"),
    "limit-72h": _("Absolute limit of detention without a ruling"),
    "limit-martial-law": _("Limit of detention under martial law"),
    "court-ruling-36h": _("Delivered to the court after detention on a ruling"),
    "administrative-3h": _("Limit of administrative detention"),
    "administrative-extended": _("Limit of extended administrative detention"),
    "legal-aid": _("Free legal aid centre notified"),
    "relative": _("Relative or chosen person notified"),
    "parents": _("Parents or legal representative of a minor notified"),
    "guardianship": _("Guardianship body notified"),
    "consulate": _("Consulate notified"),
    "rights": _("Rights explained"),
    "intake-medical": _("Medical examination on admission"),
    "checks-standard": _("Observation check"),
    "checks-intoxicated": _("Observation check with rousing"),
    "checks-level-3": _("Observation check, constant observation"),
    "checks-level-4": _("Observation check, close proximity"),
    "meals": _("Meals"),
    "exercise": _("Daily exercise"),
    "rest": _("Uninterrupted rest"),
    "area-per-person": _("Floor area per person in a shared cell"),
    "night-start": _("Night time begins"),
    "night-end": _("Night time ends"),
    "medical-on-request": _("Medical examination after a request"),
}


def norm_title(norm):
    return TITLES.get(norm.key, norm.title)
