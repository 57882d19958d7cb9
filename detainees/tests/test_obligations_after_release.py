"""What the release meets, ends or leaves not met."""

import pytest

from detainees.obligations import MET, NOT_APPLICABLE, NOT_MET, next_time_limit
from detainees.tests.obligations import ARRIVAL, HOUR, MINUTE, T0, evaluate, make_record, owed, release

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def test_the_72_hour_limit_is_met_by_the_release(facility):
    record = make_record(facility)
    released = release(record, T0 + 10 * HOUR)
    obligation = owed(record, [released], T0 + 11 * HOUR, "limit-72h")
    assert (obligation.status, obligation.met_at, obligation.met_by, obligation.late) == (
        MET,
        T0 + 10 * HOUR,
        released,
        False,
    )
    assert obligation.is_time_limit


def test_a_court_deadline_is_ended_not_met_by_a_release_before_the_court(facility):
    record = make_record(facility)
    obligation = owed(record, [release(record, T0 + 5 * HOUR)], T0 + 6 * HOUR, "court-60h")
    assert (obligation.status, obligation.met_at, obligation.met_by) == (NOT_APPLICABLE, None, None)


def test_a_deadline_falling_after_the_release_is_not_applicable(facility):
    record = make_record(facility)
    entries = [release(record, ARRIVAL + 30 * MINUTE)]  # rights and medical fall due at ARRIVAL + 1 h
    for key in ("rights", "intake-medical"):
        obligation = owed(record, entries, ARRIVAL + 5 * HOUR, key)
        assert (obligation.status, obligation.due_at) == (NOT_APPLICABLE, ARRIVAL + HOUR)


def test_a_deadline_missed_before_the_release_is_not_met_after_it(facility):
    record = make_record(facility)
    entries = [release(record, T0 + 2 * HOUR)]
    assert owed(record, entries, T0 + 30 * HOUR, "legal-aid").status == NOT_MET


def test_after_the_release_no_time_limit_is_counting_down(facility):
    record = make_record(facility)
    obligations = evaluate(record, [release(record, T0 + 2 * HOUR)], T0 + 3 * HOUR)
    assert next_time_limit(obligations) is None
