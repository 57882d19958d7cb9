"""Logging a monitoring visit; its findings follow the inspectors' workflow with `Finding.visit`
pointing back here."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custody.lib import access
from custody.lib.audit import acting_as
from integrity.log import seal

from ..models import MonitoringVisit
from .selectors import in_custody_during

# One visit is one stretch at one facility; a longer mission is logged as several visits
# (a working rule of the monitoring log, not a legal limit).
MAX_VISIT_LENGTH = timedelta(hours=24)


def check_times(started_at, ended_at, now=None):
    """A visit has happened (no future times), ends after it begins and lasts at most a day."""
    now = now or timezone.now()
    errors = {}
    # Monitoring under this system starts with it; earlier dates are typing errors (and year 1
    # does not even fit the database's time zone arithmetic).
    if started_at.year < 2000:
        raise ValidationError({"started_at": _("Check the date: a visit cannot be before the year 2000.")})
    if started_at > now:
        errors["started_at"] = _("A visit cannot begin in the future.")
    if ended_at > now:
        errors["ended_at"] = _("A visit cannot end in the future.")
    if ended_at < started_at:
        errors.setdefault("ended_at", _("The visit cannot end before it began."))
    elif ended_at - started_at > MAX_VISIT_LENGTH:
        errors.setdefault(
            "ended_at",
            _("A visit lasts at most %(hours)s hours; log a longer mission as several visits.")
            % {"hours": int(MAX_VISIT_LENGTH.total_seconds() // 3600)},
        )
    if errors:
        raise ValidationError(errors)


def log_visit(*, actor, facility, started_at, ended_at, announced, detainees, staff_interviewed, cells, summary):
    """Record a visit by `actor` to `facility`.

    Only people in custody at that facility during the visit, and that facility's cells, can be
    listed as seen; a refused visit writes nothing.
    """
    access.require(access.may_log_visit(actor) and access.in_scope(actor, facility.pk))
    check_times(started_at, ended_at)
    detainees, cells = list(detainees), list(cells)
    if staff_interviewed is None or staff_interviewed < 0:
        raise ValidationError({"staff_interviewed": _("Give the number of staff interviewed (0 if none).")})
    if any(cell.facility_id != facility.pk for cell in cells):
        raise ValidationError({"cells": _("List only cells of the visited facility.")})
    wanted = {record.pk for record in detainees}
    present = set(
        access.records(actor, in_custody_during(facility, started_at, ended_at))
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if wanted - present:
        raise ValidationError({"detainees": _("List only people held at the visited facility during the visit.")})
    with transaction.atomic(), acting_as(actor):
        visit = MonitoringVisit.objects.create(
            monitor=actor,
            facility=facility,
            started_at=started_at,
            ended_at=ended_at,
            announced=announced,
            staff_interviewed=staff_interviewed,
            summary=(summary or "").strip(),
        )
        visit.detainees_interviewed.set(detainees)
        visit.cells_seen.set(cells)
        seal(facility=facility)
    return visit
