"""A medical examination is owed within two hours of each request."""

import pytest

from detainees.models import EntryKind
from detainees.obligations import DUE, MET, MET_LATE, OVERDUE
from detainees.tests.obligations import ARRIVAL, HOUR, MINUTE, entry, keys, make_record, owed

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def test_no_request_means_no_examination_is_owed(facility):
    record = make_record(facility)
    assert "medical-on-request" not in keys(record, [], ARRIVAL + HOUR)


@pytest.mark.parametrize(
    ("exam_after", "status", "late"),
    [
        (119, MET, False),
        (120, MET, False),
        (121, MET_LATE, True),
        (None, DUE, False),
    ],
    ids=["one_minute_early", "exactly_at_the_limit", "one_minute_late", "not_yet"],
)
def test_an_examination_is_owed_within_two_hours_of_a_request(facility, exam_after, status, late):
    record = make_record(facility)
    requested = ARRIVAL + HOUR
    entries = [entry(record, EntryKind.MEDICAL_REQUEST, requested, reason="синець")]
    if exam_after is not None:
        entries.append(entry(record, EntryKind.MEDICAL_EXAM, requested + exam_after * MINUTE, reason="request"))
    obligation = owed(record, entries, requested + 120 * MINUTE, "medical-on-request")
    assert (obligation.status, obligation.late) == (status, late)


def test_an_unanswered_request_is_overdue_one_minute_after_two_hours(facility):
    record = make_record(facility)
    requested = ARRIVAL + HOUR
    entries = [entry(record, EntryKind.MEDICAL_REQUEST, requested, reason="скарга")]
    obligation = owed(record, entries, requested + 121 * MINUTE, "medical-on-request")
    assert (obligation.status, obligation.due_at) == (OVERDUE, requested + 2 * HOUR)


def test_an_examination_before_the_request_does_not_answer_it(facility):
    record = make_record(facility)
    entries = [
        entry(record, EntryKind.MEDICAL_EXAM, ARRIVAL + 10 * MINUTE, reason="arrival"),
        entry(record, EntryKind.MEDICAL_REQUEST, ARRIVAL + HOUR, reason="скарга"),
    ]
    assert owed(record, entries, ARRIVAL + 2 * HOUR, "medical-on-request").status == DUE
