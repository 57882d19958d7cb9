"""Named access: a facility head or administrator lets a monitor see names at one facility, for a while."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custody.accounts.roles import Role
from custody.facilities.models import Facility
from custody.lib.audit import acting_as
from integrity.log import seal

from .models import NamedAccessGrant

# Longest named access one grant gives: a visit, not a standing right (policy, not law: the
# Ombudsperson Act art. 19-1 gives access to information, the head decides on identities).
MAX_NAMED_ACCESS = timedelta(days=7)


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
    from custody.accounts.models import User

    return User.objects.filter(
        groups__name=Role.MONITOR, is_active=True, regions__in=facilities.values("region")
    ).distinct()


def grant_named_access(*, actor, monitor, facility, ends_at, reason, recorded_at=None):
    """Let `monitor` see names at `facility` until `ends_at`, from now (or from `recorded_at`, for demo data)."""
    if not grantable_facilities(actor).filter(pk=facility.pk).exists():
        raise PermissionDenied
    if not monitors_for(Facility.objects.filter(pk=facility.pk)).filter(pk=monitor.pk).exists():
        raise ValidationError(
            {"monitor": _("Only a monitor who oversees this facility's region can be granted access.")}
        )
    now = recorded_at or timezone.now()
    if ends_at <= now:
        raise ValidationError({"ends_at": _("The access must end in the future.")})
    if ends_at - now > MAX_NAMED_ACCESS:
        raise ValidationError(
            {
                "ends_at": _("Named access lasts at most %(days)s days; grant it again for a later visit.")
                % {"days": MAX_NAMED_ACCESS.days}
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason, e.g. the visit it is for.")})
    with transaction.atomic(), acting_as(actor):
        grant = NamedAccessGrant.objects.create(
            monitor=monitor, facility=facility, starts_at=now, ends_at=ends_at, reason=reason.strip(), granted_by=actor
        )
        seal(facility=facility)
    return grant


def revoke(*, actor, grant):
    with transaction.atomic(), acting_as(actor):
        grant = NamedAccessGrant.objects.select_for_update().get(pk=grant.pk)
        if (
            not actor.has_perm("oversight.change_namedaccessgrant")
            or not grantable_facilities(actor).filter(pk=grant.facility_id).exists()
        ):
            raise PermissionDenied
        if not grant.is_active():
            raise ValidationError(_("This access has already ended."))
        grant.revoked_at, grant.revoked_by = timezone.now(), actor
        grant.save(update_fields=["revoked_at", "revoked_by"])
        seal(facility=grant.facility_id)
    return grant
