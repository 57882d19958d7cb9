"""What a record owes under the seeded Ukrainian norms: the helpers of the tests of each obligation.

Records are real rows (the person's age and citizenship are facts of the record); entries are
unsaved `TimelineEntry` objects handed to the pure rules, as the views hand them loaded rows.
Their modules stop the clock at T0 (`pytest.mark.usefixtures("frozen_clock")`).
"""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from custody.norms.models import Norm
from detainees.models import EntryKind, LegalBasis, Status, TimelineEntry
from detainees.obligations import compute
from detainees.tests.factories import CustodyRecordFactory

KYIV = ZoneInfo("Europe/Kyiv")
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=KYIV)  # the moment of actual detention
ARRIVAL = T0 + timedelta(hours=1)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)

ADULT = {}
MINOR = {"person__date_of_birth": date(2010, 3, 1)}
FOREIGN = {"person__citizenship": "PL"}
MARTIAL = {"martial_law": True}
ON_RULING = {"legal_basis": LegalBasis.CPC_191}
ADMINISTRATIVE = {"legal_basis": LegalBasis.CAO_262}
EXTENDED = {"legal_basis": LegalBasis.CAO_262, "extended_administrative": True}
OTHER_BASIS = {"legal_basis": LegalBasis.OTHER}


_pks = itertools.count(10_000)


def make_record(facility, detained_at=T0, arrived_at=None, **facts):
    facts = {
        "legal_basis": LegalBasis.CPC_208,
        "person__date_of_birth": date(1990, 5, 17),
        "person__citizenship": "UA",
        **facts,
    }
    return CustodyRecordFactory(
        facility=facility,
        detained_at=detained_at,
        arrived_at=arrived_at or detained_at + HOUR,
        **facts,
    )


def entry(record, kind, at, corrects=None, related=None, **details):
    return TimelineEntry(
        pk=next(_pks),
        record=record,
        kind=kind,
        occurred_at=at,
        details=details,
        corrects_id=corrects.pk if corrects else None,
        related_id=related.pk if related else None,
    )


def release(record, at):
    """Close the in-memory record as services.release would, and return its release entry."""
    record.closed_at, record.status = at, Status.RELEASED
    return entry(record, EntryKind.RELEASE, at, outcome="released")


def ua_norms(facility):
    return list(Norm.objects.filter(profile=facility.norm_profile))


def evaluate(record, entries, now, norms=None):
    """The obligations as the board would show them at `now`, with the clock stopped there."""
    with time_machine.travel(now, tick=False):
        return compute(record, entries, norms if norms is not None else ua_norms(record.facility), now)


def owed(record, entries, now, key, norms=None):
    found = [o for o in evaluate(record, entries, now, norms) if o.key == key]
    assert len(found) == 1, f"expected one {key!r} obligation, got {len(found)}"
    return found[0]


def keys(record, entries, now):
    return {o.key for o in evaluate(record, entries, now)}


def seeded(key):
    """The seeded version of `key` in force today (the frozen clock's day)."""
    versions = Norm.objects.filter(profile__code="ua", key=key, effective_from__lte=timezone.localdate())
    return versions.latest("effective_from")


def released_then(record, at):
    return [release(record, at)]


def entry_of(kind, **details):
    return lambda record, at: [entry(record, kind, at, **details)]


def notified(recipient, result="delivered"):
    return entry_of(EntryKind.NOTIFICATION, recipient=recipient, result=result)


TO_COURT = entry_of(EntryKind.MOVEMENT_OUT, purpose="court")

# key, facts of a record it applies to, the clock's start, hours allowed, what meets it
DEADLINES = [
    ("suspicion-notice", ADULT, T0, 24, entry_of(EntryKind.SUSPICION_NOTICE)),
    ("court-60h", ADULT, T0, 60, TO_COURT),
    ("limit-72h", ADULT, T0, 72, released_then),
    ("limit-martial-law", MARTIAL, T0, 216, released_then),
    ("court-ruling-36h", ON_RULING, T0, 36, TO_COURT),
    ("administrative-3h", ADMINISTRATIVE, T0, 3, released_then),
    ("administrative-extended", EXTENDED, T0, 72, released_then),
    ("legal-aid", ADULT, T0, 1, notified("legal_aid")),
    ("relative", ADULT, T0, 1, notified("relative")),
    ("parents", MINOR, T0, 1, notified("parents")),
    ("guardianship", MINOR, T0, 1, notified("guardianship")),
    ("consulate", FOREIGN, T0, 1, notified("consulate")),
    ("rights", ADULT, ARRIVAL, 1, entry_of(EntryKind.RIGHTS)),
    ("intake-medical", ADULT, ARRIVAL, 1, entry_of(EntryKind.MEDICAL_EXAM)),
]
DEADLINE_IDS = [row[0] for row in DEADLINES]
CHECK_KEYS = {"checks-standard", "checks-intoxicated", "checks-level-3", "checks-level-4"}
CARE_KEYS = {"meals", "exercise", "rest"}
LIMIT_KEYS = {"area-per-person", "night-start", "night-end", "transfer-arrival"}
FOLLOW_UP_KEYS = {"medical-on-request"}


def kyiv(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=KYIV)


@pytest.fixture
def frozen_clock():
    """House rule: no test of an obligation reads the real clock (shared by import in conftest.py)."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller
