"""Exercise: an hour a day once in custody 24 hours, summed over the day, declinable."""

from datetime import date, datetime

import pytest

from detainees.models import EntryKind
from detainees.obligations import DUE, MET, NOT_APPLICABLE
from detainees.tests.obligations import HOUR, KYIV, MINUTE, T0, entry, make_record, owed, release, seeded

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def exercise(record, at, minutes=60, **more):
    return entry(record, EntryKind.EXERCISE, at, minutes=minutes, **more)


DAY_TWO_NOON = datetime(2026, 11, 28, 12, 0, tzinfo=KYIV)


def test_exercise_is_not_owed_in_the_first_24_hours(facility):
    record = make_record(facility)
    obligation = owed(record, [], T0 + 24 * HOUR - MINUTE, "exercise")
    assert (obligation.status, obligation.due_at) == (NOT_APPLICABLE, T0 + 24 * HOUR)
    assert obligation.citation == seeded("exercise").citation


def test_exercise_is_owed_by_midnight_once_in_custody_24_hours(facility):
    record = make_record(facility)
    obligation = owed(record, [], T0 + 24 * HOUR, "exercise")
    assert (obligation.status, obligation.progress) == (DUE, "today 0 of 60 min")
    assert obligation.due_at == datetime(2026, 11, 29, 0, 0, tzinfo=KYIV)


@pytest.mark.parametrize(
    ("sessions", "status", "progress"),
    [
        ([60], MET, "today 60 of 60 min"),
        ([30, 30], MET, "today 60 of 60 min"),
        ([30], DUE, "today 30 of 60 min"),
        ([40, 15], DUE, "today 55 of 60 min"),
    ],
    ids=["one_hour", "two_half_hours_add_up", "half_an_hour_is_not_enough", "fifty_five_minutes_is_not_enough"],
)
def test_exercise_minutes_are_summed_over_the_day(facility, sessions, status, progress):
    record = make_record(facility)
    entries = [exercise(record, DAY_TWO_NOON - (n + 1) * HOUR, minutes) for n, minutes in enumerate(sessions)]
    obligation = owed(record, entries, DAY_TWO_NOON, "exercise")
    assert (obligation.status, obligation.progress) == (status, progress)


def test_exercise_declined_by_the_detainee_counts_as_met(facility):
    record = make_record(facility)
    entries = [exercise(record, DAY_TWO_NOON - HOUR, minutes=1, declined=True)]
    assert owed(record, entries, DAY_TWO_NOON, "exercise").status == MET


def test_a_day_without_exercise_stays_listed_as_missed_while_today_decides_the_status(facility):
    record = make_record(facility)
    today = [exercise(record, datetime(2026, 11, 29, 11, 0, tzinfo=KYIV))]
    obligation = owed(record, today, datetime(2026, 11, 29, 12, 0, tzinfo=KYIV), "exercise")
    assert (obligation.status, obligation.missed) == (MET, [date(2026, 11, 28)])


def test_a_detainee_released_just_after_midnight_is_not_owed_exercise_for_that_day(facility):
    # Detained 27 Nov 10:00, exercised an hour on 28 Nov, released 29 Nov 00:30: nothing was missed.
    record = make_record(facility)
    released_at = datetime(2026, 11, 29, 0, 30, tzinfo=KYIV)
    entries = [exercise(record, DAY_TWO_NOON), release(record, released_at)]
    obligation = owed(record, entries, released_at + HOUR, "exercise")
    assert (obligation.status, obligation.missed) == (MET, [])
