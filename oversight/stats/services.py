"""The statistics summary of a record: computed from its timeline, kept for closed records.

`summarise` is pure (record + entries + obligations); `refresh` stores it when a record closes
or a closed record is corrected, so the dashboard never recomputes the past.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from custody.norms.models import Rule
from detainees import obligations as rules
from detainees import selectors
from detainees.models import EntryKind
from detainees.obligations import ObligationStatus

from ..models import RecordSummary


class Outcome(models.TextChoices):
    """How the statistics count an obligation owed: met on time or late, missed, still pending.

    Not counted at all: what does not apply, and what the record's closing ended before it fell
    due (a release before the notice of suspicion was due neither met nor missed it).
    """

    ON_TIME = "on_time", gettext_lazy("on time")
    LATE = "late", gettext_lazy("late")
    MISSED = "missed", gettext_lazy("missed")
    PENDING = "pending", gettext_lazy("pending")


_OUTCOMES = {
    ObligationStatus.MET: Outcome.ON_TIME,
    ObligationStatus.MET_LATE: Outcome.LATE,
    ObligationStatus.OVERDUE: Outcome.MISSED,
    ObligationStatus.NOT_MET: Outcome.MISSED,
    ObligationStatus.DUE: Outcome.PENDING,
}

# The statuses that say a detention limit was passed: held past it, or still held past it.
_PAST_LIMIT = (ObligationStatus.MET_LATE, ObligationStatus.OVERDUE, ObligationStatus.NOT_MET)


def outcome(obligation):
    return _OUTCOMES.get(obligation.status)


def is_detention_limit(obligation):
    """A limit on the detention itself: the end of custody, or bringing the person to court.

    (The suspicion notice is also a time limit of the detention, but it limits the
    investigation, not custody: a notice served late is not a person held past a limit.)
    """
    return obligation.is_time_limit and obligation.action_kind in ("", EntryKind.MOVEMENT_OUT)


def summarise(record, entries, owed, now):
    """A dict of the summary's fields for one record."""
    effective = rules.effective_entries(entries)
    first_placement = min((e.occurred_at for e in effective if e.kind == EntryKind.PLACEMENT), default=None)

    def before_cell(entry):
        return first_placement is None or entry.occurred_at <= first_placement

    injuries = [e for e in effective if e.kind == EntryKind.INJURY]
    later_signs = [
        e
        for e in effective
        if (e.kind == EntryKind.MOVEMENT_RETURN and e.details.get("new_injuries"))
        or (e.kind == EntryKind.FORCE and e.details.get("injuries"))
    ]
    deadlines = [o for o in owed if o.rule in (Rule.DEADLINE, Rule.FOLLOW_UP)]
    end = record.closed_at or now
    return {
        "facility_id": record.facility_id,
        "detained_at": record.detained_at,
        "closed_at": record.closed_at,
        "hours": (end - record.detained_at).total_seconds() / 3600,
        "over_limit": any(is_detention_limit(o) and o.status in _PAST_LIMIT for o in owed),
        "force_count": sum(1 for e in effective if e.kind == EntryKind.FORCE),
        "injuries_on_arrival": any(before_cell(e) for e in injuries),
        "injuries_in_custody": any(not before_cell(e) for e in injuries) or bool(later_signs),
        "outcomes": {o.key: outcome(o) for o in deadlines if outcome(o)},
    }


def refresh(record, now=None):
    if record.closed_at is None:
        RecordSummary.objects.filter(record=record).delete()
        return None
    now = now or timezone.now()
    entries = list(record.entries.all())
    owed, _norms = selectors.record_obligations(record, entries, now)
    fields = summarise(record, entries, owed, now)
    summary, _created = RecordSummary.objects.update_or_create(record=record, defaults=fields)
    return summary
