"""The review checklist of a released record: what the release ended is not applicable, what it left is not met."""

import pytest

from detainees.models import EntryKind
from detainees.tests.obligations import (  # noqa: F401  (frozen_clock: a fixture, shared by import)
    ADMINISTRATIVE,
    HOUR,
    MINUTE,
    T0,
    entry,
    evaluate,
    frozen_clock,
    make_record,
    release,
)
from inspections import checklist
from inspections.models import Answer

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def items(record, entries, now):
    return {
        key: (suggestion, evidence)
        for key, _q, _c, suggestion, evidence in checklist.build(record, entries, evaluate(record, entries, now))
    }


def test_a_notice_the_release_came_before_is_not_applicable_with_the_reason(facility):
    record = make_record(facility)
    found = items(record, [release(record, T0 + 20 * HOUR)], T0 + 21 * HOUR)
    assert found["suspicion-notice"] == (Answer.NOT_APPLICABLE, "ended by release before it fell due")
    assert found["court-60h"][0] == Answer.NOT_APPLICABLE


def test_a_notice_never_served_before_a_late_release_is_non_compliant_and_not_met(facility):
    record = make_record(facility)
    suggestion, evidence = items(record, [release(record, T0 + 30 * HOUR)], T0 + 31 * HOUR)["suspicion-notice"]
    assert suggestion == Answer.NON_COMPLIANT
    assert evidence == "not met — the record closed first: due 28.11.2026 10:00"


def test_a_notice_served_late_is_non_compliant_and_says_how_late(facility):
    record = make_record(facility)
    entries = [entry(record, EntryKind.SUSPICION_NOTICE, T0 + 26 * HOUR), release(record, T0 + 27 * HOUR)]
    suggestion, evidence = items(record, entries, T0 + 28 * HOUR)["suspicion-notice"]
    assert (suggestion, evidence) == (Answer.NON_COMPLIANT, "met late (28.11.2026 12:00): 2 h late")


def test_a_person_held_past_the_limit_is_non_compliant_with_the_time_held_past_it(facility):
    record = make_record(facility, **ADMINISTRATIVE)
    entries = [release(record, T0 + 3 * HOUR + 45 * MINUTE)]
    suggestion, evidence = items(record, entries, T0 + 4 * HOUR)["administrative-3h"]
    assert suggestion == Answer.NON_COMPLIANT
    assert evidence.endswith("released 45 min after the limit")
