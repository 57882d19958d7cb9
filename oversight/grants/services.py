"""Granting and revoking named access; each change is sealed into the facility's log."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custody.facilities.models import Facility
from custody.lib import access
from custody.lib.audit import acting_as
from integrity.log import seal

from ..models import NamedAccessGrant
from .selectors import monitors_for

# Longest named access one grant gives: a visit, not a standing right (policy, not law: the
# Ombudsperson Act art. 19-1 gives access to information, the head decides on identities).
MAX_NAMED_ACCESS = timedelta(days=7)


def grant_named_access(*, actor, monitor, facility, ends_at, reason, recorded_at=None):
    """Let `monitor` see names at `facility` until `ends_at`, from now (or from `recorded_at`, for demo data)."""
    access.require(access.may_grant_at(actor, facility.pk))
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
    """End a named-access grant now, before its end: only one still in force, by a head who may grant there."""
    with transaction.atomic(), acting_as(actor):
        grant = NamedAccessGrant.objects.select_for_update().get(pk=grant.pk)
        access.require(access.may_revoke(actor) and access.may_grant_at(actor, grant.facility_id))
        if not grant.is_active():
            raise ValidationError(_("This access has already ended."))
        grant.revoked_at, grant.revoked_by = timezone.now(), actor
        grant.save(update_fields=["revoked_at", "revoked_by"])
        seal(facility=grant.facility_id)
    return grant
