"""A closed record's obligations: met, met late, not met, or not applicable — never "met" by the release.

Only a pure limit (the 72 hours) is met by the end of custody; what an entry meets (the notice of
suspicion, the court, the checks) is ended by a release before it fell due, or left not met.
"""

from datetime import timedelta

import pytest

from detainees.models import EntryKind, Status
from detainees.obligations import DUE, MET, MET_LATE, NOT_APPLICABLE, NOT_MET, OVERDUE, next_time_limit
from detainees.tests.obligations import (
    ADMINISTRATIVE,
    ARRIVAL,
    HOUR,
    MINUTE,
    T0,
    entry,
    evaluate,
    make_record,
    owed,
    release,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def released_at(record, hours, *entries):
    return [*entries, release(record, T0 + hours)]


def test_a_release_before_24_hours_without_a_notice_leaves_the_notice_not_applicable_not_met(facility):
    record = make_record(facility)
    obligation = owed(record, released_at(record, 20 * HOUR), T0 + 21 * HOUR, "suspicion-notice")
    assert (obligation.status, obligation.met_at, obligation.met_by) == (NOT_APPLICABLE, None, None)
    assert (obligation.closed_first, obligation.note) == (True, "ended by release before it fell due")
    assert obligation.due_at == T0 + 24 * HOUR


def test_a_release_at_30_hours_without_a_notice_leaves_it_not_met(facility):
    record = make_record(facility)
    obligation = owed(record, released_at(record, 30 * HOUR), T0 + 31 * HOUR, "suspicion-notice")
    assert (obligation.status, obligation.met_at, obligation.late) == (NOT_MET, None, False)
    assert obligation.note == "the record closed first, 6 h after it fell due"


def test_a_notice_served_at_26_hours_is_met_late_whatever_the_release(facility):
    record = make_record(facility)
    notice = entry(record, EntryKind.SUSPICION_NOTICE, T0 + 26 * HOUR)
    obligation = owed(record, released_at(record, 27 * HOUR, notice), T0 + 28 * HOUR, "suspicion-notice")
    assert (obligation.status, obligation.met_by, obligation.met_at) == (MET_LATE, notice, T0 + 26 * HOUR)
    assert (obligation.late, obligation.note) == (True, "2 h late")


def test_a_notice_served_on_time_before_the_release_is_met(facility):
    record = make_record(facility)
    notice = entry(record, EntryKind.SUSPICION_NOTICE, T0 + 20 * HOUR)
    obligation = owed(record, released_at(record, 22 * HOUR, notice), T0 + 23 * HOUR, "suspicion-notice")
    assert (obligation.status, obligation.met_by, obligation.note) == (MET, notice, "")


def test_the_72_hour_limit_released_at_70_hours_is_met_by_the_release(facility):
    record = make_record(facility)
    entries = released_at(record, 70 * HOUR)
    obligation = owed(record, entries, T0 + 71 * HOUR, "limit-72h")
    assert (obligation.status, obligation.met_by, obligation.met_at) == (MET, entries[-1], T0 + 70 * HOUR)


def test_the_72_hour_limit_released_at_75_hours_is_met_late_by_the_time_held_past_it(facility):
    record = make_record(facility)
    obligation = owed(record, released_at(record, 75 * HOUR), T0 + 76 * HOUR, "limit-72h")
    assert (obligation.status, obligation.met_at, obligation.due_at) == (MET_LATE, T0 + 75 * HOUR, T0 + 72 * HOUR)
    assert obligation.note == "released 3 h after the limit"


def test_a_transfer_past_the_limit_says_transferred(facility):
    record = make_record(facility, **ADMINISTRATIVE)
    entries = released_at(record, 3 * HOUR + 20 * MINUTE)
    record.status = Status.TRANSFERRED
    obligation = owed(record, entries, T0 + 4 * HOUR, "administrative-3h")
    assert (obligation.status, obligation.note) == (MET_LATE, "transferred 20 min after the limit")


def test_the_court_60_hours_ended_by_release_at_50_hours_without_court_is_not_applicable(facility):
    record = make_record(facility)
    obligation = owed(record, released_at(record, 50 * HOUR), T0 + 51 * HOUR, "court-60h")
    assert (obligation.status, obligation.met_by, obligation.closed_first) == (NOT_APPLICABLE, None, True)
    assert obligation.is_time_limit  # still a time limit of the detention, for the clock


def test_the_court_60_hours_passed_before_the_release_without_court_is_not_met(facility):
    record = make_record(facility)
    assert owed(record, released_at(record, 65 * HOUR), T0 + 66 * HOUR, "court-60h").status == NOT_MET


def test_a_missed_check_on_a_closed_record_is_not_met_with_the_check_listed(facility):
    record = make_record(facility)  # arrived 11:00; hourly checks from 12:00
    on_time = entry(record, EntryKind.CHECK, ARRIVAL + 55 * MINUTE, state="awake")
    late = entry(record, EntryKind.CHECK, ARRIVAL + 55 * MINUTE + 2 * HOUR, state="asleep")
    entries = released_at(record, 4 * HOUR, on_time, late)  # released 14:00
    obligation = owed(record, entries, T0 + 5 * HOUR, "checks-standard")
    assert (obligation.status, obligation.missed) == (NOT_MET, [ARRIVAL + 55 * MINUTE + HOUR])


def test_checks_all_on_time_until_the_release_are_met(facility):
    record = make_record(facility)
    checks = [entry(record, EntryKind.CHECK, ARRIVAL + n * 50 * MINUTE, state="awake") for n in (1, 2, 3)]
    obligation = owed(record, released_at(record, 3 * HOUR, *checks), T0 + 4 * HOUR, "checks-standard")
    assert (obligation.status, obligation.missed) == (MET, [])


def requested(record, at):
    return entry(record, EntryKind.MEDICAL_REQUEST, at, reason="болить голова")


def test_an_examination_requested_and_released_before_it_fell_due_is_not_applicable(facility):
    record = make_record(facility)
    entries = released_at(record, 3 * HOUR, requested(record, ARRIVAL + HOUR))  # due ARRIVAL + 3 h
    obligation = owed(record, entries, T0 + 5 * HOUR, "medical-on-request")
    assert (obligation.status, obligation.note) == (NOT_APPLICABLE, "ended by release before it fell due")


def test_an_examination_requested_and_never_made_before_a_later_release_is_not_met(facility):
    record = make_record(facility)
    entries = released_at(record, 6 * HOUR, requested(record, ARRIVAL + HOUR))
    obligation = owed(record, entries, T0 + 7 * HOUR, "medical-on-request")
    assert (obligation.status, obligation.due_at) == (NOT_MET, ARRIVAL + 3 * HOUR)


def test_an_examination_made_late_is_met_late(facility):
    record = make_record(facility)
    exam = entry(record, EntryKind.MEDICAL_EXAM, ARRIVAL + 3 * HOUR + MINUTE, reason="request")
    entries = released_at(record, 6 * HOUR, requested(record, ARRIVAL + HOUR), exam)
    obligation = owed(record, entries, T0 + 7 * HOUR, "medical-on-request")
    assert (obligation.status, obligation.met_by, obligation.missed) == (MET_LATE, exam, [ARRIVAL + 3 * HOUR])


@pytest.mark.parametrize("hours", [2, 20, 30, 65, 80, 300], ids=lambda h: f"released_at_{h}_hours")
def test_a_closed_record_owes_nothing_due_or_overdue(facility, hours):
    record = make_record(facility)
    obligations = evaluate(record, released_at(record, hours * HOUR), T0 + (hours + 100) * HOUR)
    assert not [o.key for o in obligations if o.status in (DUE, OVERDUE) or o.is_open]
    assert next_time_limit(obligations) is None


def test_a_closed_record_lists_what_was_not_met_first_and_what_ended_last(facility):
    record = make_record(facility)
    rights = entry(record, EntryKind.RIGHTS, ARRIVAL + 2 * HOUR)
    obligations = evaluate(record, released_at(record, 30 * HOUR, rights), T0 + 31 * HOUR)
    order = [o.status for o in obligations]
    assert order == sorted(order, key=[NOT_MET, MET_LATE, MET, NOT_APPLICABLE].index)
    assert {o.key: o.status for o in obligations}["rights"] == MET_LATE


def test_an_open_record_past_the_notice_deadline_is_still_overdue(facility):
    record = make_record(facility)
    obligation = owed(record, [], T0 + 24 * HOUR + timedelta(minutes=1), "suspicion-notice")
    assert (obligation.status, obligation.closed_first, obligation.note) == (OVERDUE, False, "")
