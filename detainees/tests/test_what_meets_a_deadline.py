"""Which entry meets a deadline: the right recipient, result or purpose; a refusal where the law allows one."""

from datetime import timedelta

import pytest

from detainees.models import EntryKind
from detainees.obligations import MET, MET_LATE, OVERDUE
from detainees.tests.obligations import (
    ADULT,
    DEADLINES,
    FOREIGN,
    HOUR,
    MINOR,
    MINUTE,
    ON_RULING,
    T0,
    entry,
    entry_of,
    make_record,
    notified,
    owed,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


NOT_MEETING = [
    # key, facts, an entry that must not meet it
    pytest.param("legal-aid", ADULT, notified("legal_aid", "no_answer"), id="legal_aid_did_not_answer"),
    pytest.param("legal-aid", ADULT, notified("legal_aid", "failed"), id="legal_aid_could_not_be_reached"),
    pytest.param("legal-aid", ADULT, notified("legal_aid", "declined"), id="legal_aid_cannot_be_declined"),
    pytest.param("legal-aid", ADULT, notified("relative"), id="legal_aid_is_not_a_relative"),
    pytest.param("relative", ADULT, notified("relative", "no_answer"), id="relative_did_not_answer"),
    pytest.param("relative", ADULT, notified("relative", "failed"), id="relative_could_not_be_reached"),
    pytest.param("relative", ADULT, notified("employer"), id="an_employer_is_not_a_relative"),
    pytest.param("parents", MINOR, notified("parents", "declined"), id="a_minor_cannot_decline_parents"),
    pytest.param("parents", MINOR, notified("relative"), id="a_relative_is_not_the_parents"),
    pytest.param("guardianship", MINOR, notified("parents"), id="parents_are_not_the_guardianship_body"),
    pytest.param("consulate", FOREIGN, notified("consulate", "no_answer"), id="consulate_did_not_answer"),
    pytest.param("consulate", FOREIGN, notified("legal_aid"), id="legal_aid_is_not_the_consulate"),
    pytest.param(
        "court-60h", ADULT, entry_of(EntryKind.MOVEMENT_OUT, purpose="interview"), id="an_interview_is_not_the_court"
    ),
    pytest.param(
        "court-ruling-36h",
        ON_RULING,
        entry_of(EntryKind.MOVEMENT_OUT, purpose="hospital"),
        id="a_hospital_is_not_the_court",
    ),
    pytest.param("suspicion-notice", ADULT, entry_of(EntryKind.DETENTION_REVIEW), id="a_review_is_not_a_notice"),
    pytest.param("rights", ADULT, entry_of(EntryKind.NOTE), id="a_note_is_not_rights_explained"),
    pytest.param("intake-medical", ADULT, entry_of(EntryKind.INJURY), id="injuries_are_not_an_examination"),
]


@pytest.mark.parametrize(("key", "facts", "wrong"), NOT_MEETING)
def test_an_entry_with_the_wrong_recipient_result_or_purpose_does_not_meet_a_deadline(facility, key, facts, wrong):
    record = make_record(facility, **facts)
    start, hours = next((start, hours) for name, _facts, start, hours, _meet in DEADLINES if name == key)
    entries = wrong(record, start + 10 * MINUTE)
    obligation = owed(record, entries, start + timedelta(hours=hours) + MINUTE, key)
    assert (obligation.status, obligation.met_by) == (OVERDUE, None)


@pytest.mark.parametrize(
    ("key", "facts", "meet"),
    [
        ("relative", ADULT, notified("relative", "declined")),
        ("relative", ADULT, notified("other")),
        ("consulate", FOREIGN, notified("consulate", "declined")),
    ],
    ids=["relative_declined_by_the_detainee", "chosen_other_person", "consulate_declined_by_the_detainee"],
)
def test_the_detainee_may_decline_a_relative_or_consulate_and_that_meets_it(facility, key, facts, meet):
    record = make_record(facility, **facts)
    obligation = owed(record, meet(record, T0 + 20 * MINUTE), T0 + 2 * HOUR, key)
    assert (obligation.status, obligation.late) == (MET, False)


def test_legal_aid_notified_one_minute_late_is_met_late(facility):
    record = make_record(facility)
    notice = entry(record, EntryKind.NOTIFICATION, T0 + HOUR + MINUTE, recipient="legal_aid", result="delivered")
    obligation = owed(record, [notice], T0 + 3 * HOUR, "legal-aid")
    assert (obligation.status, obligation.late, obligation.met_by) == (MET_LATE, True, notice)
    assert obligation.note == "1 min late"


def test_legal_aid_that_did_not_answer_then_was_reached_is_met_when_reached(facility):
    record = make_record(facility)
    tried = entry(record, EntryKind.NOTIFICATION, T0 + 10 * MINUTE, recipient="legal_aid", result="no_answer")
    reached = entry(record, EntryKind.NOTIFICATION, T0 + 40 * MINUTE, recipient="legal_aid", result="delivered")
    obligation = owed(record, [tried, reached], T0 + 2 * HOUR, "legal-aid")
    assert (obligation.status, obligation.met_at, obligation.met_by) == (MET, reached.occurred_at, reached)
