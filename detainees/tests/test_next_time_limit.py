"""The time limit counting down on the board: the earliest open one, even when overdue."""

import pytest

from detainees.models import EntryKind
from detainees.obligations import OVERDUE, next_time_limit
from detainees.tests.obligations import ADMINISTRATIVE, HOUR, MINUTE, OTHER_BASIS, T0, entry, evaluate, make_record

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def test_the_next_time_limit_is_the_earliest_open_one(facility):
    record = make_record(facility)
    served = entry(record, EntryKind.SUSPICION_NOTICE, T0 + 5 * HOUR)
    to_court = entry(record, EntryKind.MOVEMENT_OUT, T0 + 30 * HOUR, purpose="court")

    def next_limit(entries, now):
        limit = next_time_limit(evaluate(record, entries, now))
        return limit.key, limit.due_at

    assert next_limit([], T0 + HOUR) == ("suspicion-notice", T0 + 24 * HOUR)
    assert next_limit([served], T0 + 6 * HOUR) == ("court-60h", T0 + 60 * HOUR)
    assert next_limit([served, to_court], T0 + 31 * HOUR) == ("limit-72h", T0 + 72 * HOUR)


def test_an_overdue_time_limit_is_still_the_next_one(facility):
    record = make_record(facility, **ADMINISTRATIVE)
    limit = next_time_limit(evaluate(record, [], T0 + 3 * HOUR + MINUTE))
    assert (limit.key, limit.status) == ("administrative-3h", OVERDUE)


def test_a_notification_is_not_a_time_limit(facility):
    record = make_record(facility, **OTHER_BASIS)
    obligations = evaluate(record, [], T0 + 2 * HOUR)
    assert {o.key for o in obligations if o.status == OVERDUE} >= {"legal-aid", "relative"}
    assert next_time_limit(obligations) is None
