"""Rest: eight uninterrupted hours in the cell in every 24, once in custody 24 hours."""

import pytest

from detainees.models import EntryKind
from detainees.obligations import MET, NOT_APPLICABLE, OVERDUE
from detainees.tests.obligations import HOUR, MINUTE, T0, entry, kyiv, make_record, owed, seeded

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def out_and_back(record, out_at, back_at, purpose="interview"):
    out = entry(record, EntryKind.MOVEMENT_OUT, out_at, purpose=purpose)
    return [out, entry(record, EntryKind.MOVEMENT_RETURN, back_at, related=out)]


def test_rest_is_not_owed_in_the_first_24_hours(facility):
    record = make_record(facility)
    obligation = owed(record, [], T0 + 24 * HOUR - MINUTE, "rest")
    assert (obligation.status, obligation.due_at) == (NOT_APPLICABLE, T0 + 24 * HOUR)
    assert obligation.citation == seeded("rest").citation


def test_rest_is_met_when_the_detainee_was_left_in_the_cell(facility):
    record = make_record(facility)
    obligation = owed(record, [], kyiv(28, 12), "rest")
    assert (obligation.status, obligation.progress) == (MET, "longest rest in the last 24 h: 24.0 h")


def day_movements(record):
    """Out 18:00–19:00 and 08:00–09:00: the night between them is 13 hours."""
    return [*out_and_back(record, kyiv(27, 18), kyiv(27, 19)), *out_and_back(record, kyiv(28, 8), kyiv(28, 9))]


def test_daytime_movements_leave_a_night_of_rest(facility):
    record = make_record(facility)
    obligation = owed(record, day_movements(record), kyiv(28, 12), "rest")
    assert (obligation.status, obligation.progress) == (MET, "longest rest in the last 24 h: 13.0 h")


def test_a_night_interview_that_breaks_the_night_makes_rest_overdue(facility):
    record = make_record(facility)
    night = out_and_back(record, kyiv(28, 1), kyiv(28, 2))
    obligation = owed(record, [*day_movements(record), *night], kyiv(28, 12), "rest")
    assert (obligation.status, obligation.progress) == (OVERDUE, "longest rest in the last 24 h: 6.0 h")


def test_rest_exactly_eight_hours_is_met(facility):
    record = make_record(facility)
    entries = [
        *out_and_back(record, kyiv(27, 18), kyiv(27, 19)),
        *out_and_back(record, kyiv(28, 3), kyiv(28, 4)),
        *out_and_back(record, kyiv(28, 10), kyiv(28, 11, 59)),
    ]
    # Gaps: 12:00–18:00 6 h, 19:00–03:00 8 h, 04:00–10:00 6 h, 11:59–12:00.
    assert owed(record, entries, kyiv(28, 12), "rest").status == MET


def test_a_detainee_still_out_of_the_cell_is_not_resting(facility):
    record = make_record(facility)
    entries = [*out_and_back(record, kyiv(27, 18), kyiv(27, 19)), entry(record, EntryKind.MOVEMENT_OUT, kyiv(28, 2))]
    obligation = owed(record, entries, kyiv(28, 12), "rest")
    assert (obligation.status, obligation.progress) == (OVERDUE, "longest rest in the last 24 h: 7.0 h")


def test_correcting_the_time_of_an_exit_after_the_return_keeps_the_detainee_back_in_the_cell(facility):
    # services.correct_entry: the correction of an exit gets a new pk; the return already made
    # still points (related) at the exit it closed, i.e. the corrected one.
    record = make_record(facility)
    out, back = out_and_back(record, kyiv(27, 18), kyiv(27, 19))
    fixed_out = entry(record, EntryKind.MOVEMENT_OUT, kyiv(27, 18, 15), corrects=out, purpose="interview")
    obligation = owed(record, [out, back, fixed_out], kyiv(28, 12), "rest")
    assert (obligation.status, obligation.progress) == (MET, "longest rest in the last 24 h: 17.0 h")
