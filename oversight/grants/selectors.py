"""Who may grant named access where, to whom, and which grants a user sees."""

from custody.accounts.models import User
from custody.accounts.roles import Role
from custody.facilities.models import Facility

from ..models import NamedAccessGrant


def grantable_facilities(user):
    """Administrators grant anywhere; facility heads at their own facilities."""
    if not user.has_perm("oversight.add_namedaccessgrant"):
        return Facility.objects.none()
    if user.has_perm("facilities.change_facility") and user.is_staff:
        return Facility.objects.all()
    return user.facility_scope()


def grants_visible_to(user):
    grants = NamedAccessGrant.objects.select_related("monitor", "facility", "granted_by", "revoked_by")
    if user.has_perm("oversight.add_namedaccessgrant"):
        return grants.filter(facility__in=grantable_facilities(user))
    if user.has_perm("oversight.view_namedaccessgrant"):
        return grants.filter(monitor=user)
    return grants.none()


def monitors_for(facilities):
    """Active monitors overseeing the regions of these facilities: who may be granted named access."""
    return User.objects.filter(
        groups__name=Role.MONITOR, is_active=True, regions__in=facilities.values("region")
    ).distinct()
