"""A corrected entry no longer counts towards an obligation; its correction does."""

import pytest

from detainees.models import EntryKind
from detainees.obligations import MET_LATE, OVERDUE, effective_entries
from detainees.tests.obligations import ARRIVAL, HOUR, MINUTE, T0, entry, make_record, owed

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def test_a_corrected_entry_no_longer_counts_and_its_correction_does(facility):
    record = make_record(facility)
    typed = entry(record, EntryKind.RIGHTS, ARRIVAL + 30 * MINUTE)
    correction = entry(record, EntryKind.RIGHTS, ARRIVAL + 70 * MINUTE, corrects=typed)
    obligation = owed(record, [typed, correction], ARRIVAL + 2 * HOUR, "rights")
    assert (obligation.status, obligation.met_by, obligation.late) == (MET_LATE, correction, True)


def test_a_notification_corrected_to_no_answer_no_longer_meets_legal_aid(facility):
    record = make_record(facility)
    typed = entry(record, EntryKind.NOTIFICATION, T0 + 20 * MINUTE, recipient="legal_aid", result="delivered")
    correction = entry(
        record, EntryKind.NOTIFICATION, T0 + 20 * MINUTE, corrects=typed, recipient="legal_aid", result="no_answer"
    )
    assert owed(record, [typed, correction], T0 + 2 * HOUR, "legal-aid").status == OVERDUE


def test_effective_entries_puts_each_correction_in_place_of_the_entry_it_replaces(facility):
    record = make_record(facility)
    first = entry(record, EntryKind.CHECK, ARRIVAL + 10 * MINUTE, state="awake")
    second = entry(record, EntryKind.CHECK, ARRIVAL + 20 * MINUTE, state="awake")
    fixed = entry(record, EntryKind.CHECK, ARRIVAL + 5 * MINUTE, corrects=second, state="asleep")
    fixed_again = entry(record, EntryKind.CHECK, ARRIVAL + 15 * MINUTE, corrects=fixed, state="awake")
    assert effective_entries([second, fixed_again, first, fixed]) == [first, fixed_again]
