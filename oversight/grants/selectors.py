"""Whom named access may be granted to (who may grant, and which grants a user sees, is `custody.lib.access`)."""

from custody.accounts.models import User
from custody.accounts.roles import Role


def monitors_for(facilities):
    """Active monitors overseeing the regions of these facilities: who may be granted named access."""
    return User.objects.filter(
        groups__name=Role.MONITOR, is_active=True, regions__in=facilities.values("region")
    ).distinct()
