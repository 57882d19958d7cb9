"""Durations as a duty officer reads them: "in 3 h 20 min", "45 min overdue"."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _span(seconds):
    """Non-breaking spaces inside, as Django's `timesince`: "1 h 32 min" never wraps into two figures."""
    return _words(seconds).replace(" ", "\N{NO-BREAK SPACE}")


def _words(seconds):
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days and not hours:
        return _("%(d)s d") % {"d": days}
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours and not minutes:
        return _("%(h)s h") % {"h": hours}
    if hours:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    return _("%(m)s min") % {"m": minutes}


@register.simple_tag
def countdown(due, now):
    if due is None:
        return ""
    seconds = (due - now).total_seconds()
    if abs(seconds) < 60:  # never "0 min overdue": within the minute it is simply due
        return _("due now")
    if seconds > 0:
        return _("in %(span)s") % {"span": _span(seconds)}
    return _("%(span)s overdue") % {"span": _span(seconds)}


@register.simple_tag
def held_past(due, now):
    """The board's headline for a person held past a legal time limit, with how long."""
    seconds = (now - due).total_seconds()
    if seconds < 60:
        return _("Held past the legal limit: it has just passed")
    return _("Held past the legal limit by %(span)s") % {"span": _span(seconds)}


@register.simple_tag
def elapsed(since, now):
    return _span((now - since).total_seconds())
