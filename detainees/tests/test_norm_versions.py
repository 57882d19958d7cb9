"""A norm changes: the version in force on the day of detention (limits) or of evaluation (checks) applies."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from custody.norms.models import Norm
from detainees.models import EntryKind
from detainees.obligations import OVERDUE
from detainees.tests.obligations import HOUR, KYIV, MINUTE, entry, make_record, owed, seeded

# Norm versions are set up directly here: these tests are about the rules, not the write path.
pytestmark = [pytest.mark.unsealed, pytest.mark.usefixtures("frozen_clock")]


CHANGE_DAY = date(2026, 12, 1)


def new_version(key, value, effective_from=CHANGE_DAY):
    old = seeded(key)
    return Norm.objects.create(
        profile=old.profile,
        key=key,
        title=old.title,
        rule=old.rule,
        value=Decimal(value),
        unit=old.unit,
        interval=Decimal(value) if old.interval else None,
        anchor=old.anchor,
        threshold_hours=old.threshold_hours,
        group=old.group,
        applies_to=old.applies_to,
        met_by=old.met_by,
        citation=old.citation,
        effective_from=effective_from,
    )


@pytest.mark.parametrize(
    ("detained", "hours"),
    [
        (datetime(2026, 11, 30, 10, 0, tzinfo=KYIV), 72),
        (datetime(2026, 11, 30, 23, 59, tzinfo=KYIV), 72),
        (datetime(2026, 12, 1, 0, 30, tzinfo=KYIV), 48),  # still 30 November in UTC
        (datetime(2026, 12, 1, 10, 0, tzinfo=KYIV), 48),
    ],
    ids=[
        "detained_the_day_before_keeps_72h",
        "detained_a_minute_before_keeps_72h",
        "detained_after_kyiv_midnight_gets_48h",
        "detained_on_the_day_gets_48h",
    ],
)
def test_a_time_limit_follows_the_version_in_force_on_the_day_of_detention(facility, detained, hours):
    new_version("limit-72h", 48)
    record = make_record(facility, detained_at=detained)
    obligation = owed(record, [], datetime(2026, 12, 2, 12, 0, tzinfo=KYIV), "limit-72h")
    assert obligation.due_at == detained + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("day", "minutes"),
    [(30, 60), (1, 45)],
    ids=["the_day_before_the_change_hourly", "from_the_change_every_45_minutes"],
)
def test_checks_follow_the_version_in_force_on_the_day_they_are_evaluated(facility, day, minutes):
    new_version("checks-standard", 45)
    month = 11 if day == 30 else 12
    record = make_record(facility, detained_at=datetime(2026, 11, 29, 8, 0, tzinfo=KYIV))
    last = entry(record, EntryKind.CHECK, datetime(2026, month, day, 9, 0, tzinfo=KYIV), state="awake")
    next_due = last.occurred_at + timedelta(minutes=minutes)
    obligation = owed(record, [last], next_due + MINUTE, "checks-standard")
    assert (obligation.status, obligation.due_at) == (OVERDUE, next_due)


def test_hourly_checks_made_before_a_stricter_version_took_effect_are_not_counted_as_missed(facility):
    # Hourly was the law on 30 November; the 45-minute version only from 1 December.
    new_version("checks-standard", 45)
    arrived = datetime(2026, 11, 30, 20, 0, tzinfo=KYIV)
    record = make_record(facility, detained_at=arrived - HOUR, arrived_at=arrived)
    checks = [entry(record, EntryKind.CHECK, arrived + n * HOUR, state="awake") for n in (1, 2, 3, 4)]  # ...00:00
    obligation = owed(record, checks, datetime(2026, 12, 1, 0, 30, tzinfo=KYIV), "checks-standard")
    assert obligation.missed == []
    assert obligation.due_at == datetime(2026, 12, 1, 0, 45, tzinfo=KYIV)
