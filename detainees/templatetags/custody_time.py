"""Durations as a duty officer reads them: "in 3 h 20 min", "45 min overdue"."""

from django import template
from django.utils.translation import gettext as _

from detainees.durations import words

register = template.Library()


def _span(seconds):
    """Non-breaking spaces inside, as Django's `timesince`: "1 h 32 min" never wraps into two figures."""
    return words(seconds).replace(" ", "\N{NO-BREAK SPACE}")


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
