"""Observation checks: the interval of the strictest level, the state it needs, the checks missed."""

from datetime import timedelta

import pytest

from detainees.models import EntryKind
from detainees.obligations import DUE, MET, NOT_MET, OVERDUE
from detainees.tests.obligations import (
    ADULT,
    ARRIVAL,
    CHECK_KEYS,
    HOUR,
    MINUTE,
    entry,
    keys,
    make_record,
    owed,
    release,
    seeded,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


# key, facts that bring it in, minutes between checks
CHECKS = [
    ("checks-standard", ADULT, 60),
    ("checks-intoxicated", {"is_intoxicated": True}, 30),
    ("checks-intoxicated", {"observation_level": "2"}, 30),
    ("checks-level-3", {"observation_level": "3"}, 15),
    ("checks-level-4", {"observation_level": "4"}, 10),
]
CHECK_IDS = ["standard", "intoxicated", "observation_level_2", "observation_level_3", "observation_level_4"]
ROUSED = {"state": "roused"}


@pytest.mark.parametrize(
    ("now_after_due", "status"),
    [(-MINUTE, DUE), (timedelta(0), DUE), (MINUTE, OVERDUE)],
    ids=["one_minute_before", "exactly_at", "one_minute_over"],
)
@pytest.mark.parametrize(("key", "facts", "minutes"), CHECKS, ids=CHECK_IDS)
def test_the_first_check_falls_due_one_interval_after_arrival(facility, key, facts, minutes, now_after_due, status):
    record = make_record(facility, **facts)
    first_due = ARRIVAL + timedelta(minutes=minutes)
    obligation = owed(record, [], first_due + now_after_due, key)
    assert (obligation.status, obligation.due_at, obligation.citation) == (status, first_due, seeded(key).citation)


@pytest.mark.parametrize(
    ("now_after_due", "status"),
    [(-MINUTE, DUE), (timedelta(0), DUE), (MINUTE, OVERDUE)],
    ids=["one_minute_before", "exactly_at", "one_minute_over"],
)
@pytest.mark.parametrize(("key", "facts", "minutes"), CHECKS, ids=CHECK_IDS)
def test_the_next_check_falls_due_one_interval_after_the_last_one(facility, key, facts, minutes, now_after_due, status):
    record = make_record(facility, **facts)
    last = entry(record, EntryKind.CHECK, ARRIVAL + 7 * MINUTE, **ROUSED)
    next_due = last.occurred_at + timedelta(minutes=minutes)
    obligation = owed(record, [last], next_due + now_after_due, key)
    assert (obligation.status, obligation.due_at, obligation.met_by) == (status, next_due, last)


@pytest.mark.parametrize(
    ("made_after_due", "missed"),
    [(-MINUTE, False), (timedelta(0), False), (MINUTE, True)],
    ids=["one_minute_early_is_on_time", "exactly_at_is_on_time", "one_minute_over_is_missed"],
)
@pytest.mark.parametrize(("key", "facts", "minutes"), CHECKS, ids=CHECK_IDS)
def test_a_check_made_after_its_due_time_is_recorded_as_missed(facility, key, facts, minutes, made_after_due, missed):
    record = make_record(facility, **facts)
    first_due = ARRIVAL + timedelta(minutes=minutes)
    check = entry(record, EntryKind.CHECK, first_due + made_after_due, **ROUSED)
    obligation = owed(record, [check], check.occurred_at + MINUTE, key)
    assert obligation.missed == ([first_due] if missed else [])
    assert obligation.due_at == check.occurred_at + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("facts", "strictest"),
    [
        (ADULT, "checks-standard"),
        ({"is_intoxicated": True}, "checks-intoxicated"),
        ({"is_intoxicated": True, "observation_level": "3"}, "checks-level-3"),
        ({"is_intoxicated": True, "observation_level": "4"}, "checks-level-4"),
        ({"observation_level": "2"}, "checks-intoxicated"),
        ({"observation_level": "4"}, "checks-level-4"),
    ],
    ids=["general", "intoxicated", "intoxicated_at_level_3", "intoxicated_at_level_4", "level_2", "level_4"],
)
def test_only_the_strictest_observation_check_is_owed(facility, facts, strictest):
    record = make_record(facility, **facts)
    assert keys(record, [], ARRIVAL + 5 * MINUTE) & CHECK_KEYS == {strictest}


@pytest.mark.parametrize(("state", "meets"), [("roused", True), ("awake", True), ("asleep", False)])
def test_an_intoxicated_detainee_must_be_roused_or_awake_at_each_check(facility, state, meets):
    record = make_record(facility, is_intoxicated=True)
    check = entry(record, EntryKind.CHECK, ARRIVAL + 20 * MINUTE, state=state)
    obligation = owed(record, [check], ARRIVAL + 45 * MINUTE, "checks-intoxicated")
    assert obligation.status == (DUE if meets else OVERDUE)
    assert obligation.due_at == (check.occurred_at if meets else ARRIVAL) + 30 * MINUTE


def test_an_asleep_check_meets_the_standard_check(facility):
    record = make_record(facility)
    check = entry(record, EntryKind.CHECK, ARRIVAL + 50 * MINUTE, state="asleep")
    assert owed(record, [check], ARRIVAL + 70 * MINUTE, "checks-standard").status == DUE


def test_checks_on_time_until_the_release_are_met(facility):
    record = make_record(facility)
    checks = [entry(record, EntryKind.CHECK, ARRIVAL + n * 55 * MINUTE, state="awake") for n in (1, 2, 3)]
    entries = [*checks, release(record, ARRIVAL + 3 * HOUR)]
    obligation = owed(record, entries, ARRIVAL + 5 * HOUR, "checks-standard")
    assert (obligation.status, obligation.missed) == (MET, [])


def test_a_record_released_after_hours_without_a_check_shows_the_checks_missed(facility):
    # Arrived 11:00, hourly checks owed from 12:00, none made, released 20:00.
    record = make_record(facility)
    obligation = owed(record, [release(record, ARRIVAL + 9 * HOUR)], ARRIVAL + 10 * HOUR, "checks-standard")
    assert obligation.status == NOT_MET
    assert obligation.missed[:1] == [ARRIVAL + HOUR]
