"""How long, in the words (and translations) every page uses: "3 h 20 min", "2 d", "1 d 4 h"."""

from django.utils.translation import gettext as _


def words(seconds):
    """Whole minutes of `seconds` (its sign ignored) as a duty officer reads them."""
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
