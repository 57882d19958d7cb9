"""What a record owes under the seeded Ukrainian norms, computed with the clock frozen.

Every seeded norm is exercised here: each deadline one minute early, exactly on time and one
minute late, met and unmet; the recurring checks; meals, exercise and rest; the limit figures.
Records are real rows (the person's age and citizenship are facts of the record); entries are
unsaved `TimelineEntry` objects handed to the pure rules, as the views hand them loaded rows.
"""

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from custody.norms.models import Norm, Rule, Unit
from detainees.models import EntryKind, LegalBasis, Status, TimelineEntry
from detainees.obligations import (
    DUE,
    MET,
    NOT_APPLICABLE,
    OVERDUE,
    compute,
    effective_entries,
    is_night,
    next_time_limit,
)
from detainees.tests.factories import CustodyRecordFactory

# Norm versions are set up directly here: these tests are about the rules, not the write path.
pytestmark = pytest.mark.unsealed

KYIV = ZoneInfo("Europe/Kyiv")
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=KYIV)  # the moment of actual detention
ARRIVAL = T0 + timedelta(hours=1)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)

ADULT = {}
MINOR = {"person__date_of_birth": date(2010, 3, 1)}
FOREIGN = {"person__citizenship": "PL"}
MARTIAL = {"martial_law": True}
ON_RULING = {"legal_basis": LegalBasis.CPC_191}
ADMINISTRATIVE = {"legal_basis": LegalBasis.CAO_262}
EXTENDED = {"legal_basis": LegalBasis.CAO_262, "extended_administrative": True}
OTHER_BASIS = {"legal_basis": LegalBasis.OTHER}


@pytest.fixture(autouse=True)
def frozen_clock():
    """House rule: no test here reads the real clock."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


# --- helpers ------------------------------------------------------------------------------------

_pks = itertools.count(10_000)


def make_record(facility, detained_at=T0, arrived_at=None, **facts):
    facts = {
        "legal_basis": LegalBasis.CPC_208,
        "person__date_of_birth": date(1990, 5, 17),
        "person__citizenship": "UA",
        **facts,
    }
    return CustodyRecordFactory(
        facility=facility,
        detained_at=detained_at,
        arrived_at=arrived_at or detained_at + HOUR,
        **facts,
    )


def entry(record, kind, at, corrects=None, related=None, **details):
    return TimelineEntry(
        pk=next(_pks),
        record=record,
        kind=kind,
        occurred_at=at,
        details=details,
        corrects_id=corrects.pk if corrects else None,
        related_id=related.pk if related else None,
    )


def release(record, at):
    """Close the in-memory record as services.release would, and return its release entry."""
    record.closed_at, record.status = at, Status.RELEASED
    return entry(record, EntryKind.RELEASE, at, outcome="released")


def ua_norms(facility):
    return list(Norm.objects.filter(profile=facility.norm_profile))


def evaluate(record, entries, now, norms=None):
    """The obligations as the board would show them at `now`, with the clock stopped there."""
    with time_machine.travel(now, tick=False):
        return compute(record, entries, norms if norms is not None else ua_norms(record.facility), now)


def owed(record, entries, now, key, norms=None):
    found = [o for o in evaluate(record, entries, now, norms) if o.key == key]
    assert len(found) == 1, f"expected one {key!r} obligation, got {len(found)}"
    return found[0]


def keys(record, entries, now):
    return {o.key for o in evaluate(record, entries, now)}


def seeded(key):
    return Norm.objects.get(profile__code="ua", key=key)


# --- deadlines ----------------------------------------------------------------------------------


def released_then(record, at):
    return [release(record, at)]


def entry_of(kind, **details):
    return lambda record, at: [entry(record, kind, at, **details)]


def notified(recipient, result="delivered"):
    return entry_of(EntryKind.NOTIFICATION, recipient=recipient, result=result)


TO_COURT = entry_of(EntryKind.MOVEMENT_OUT, purpose="court")

# key, facts of a record it applies to, the clock's start, hours allowed, what meets it
DEADLINES = [
    ("suspicion-notice", ADULT, T0, 24, entry_of(EntryKind.SUSPICION_NOTICE)),
    ("court-60h", ADULT, T0, 60, TO_COURT),
    ("limit-72h", ADULT, T0, 72, released_then),
    ("limit-martial-law", MARTIAL, T0, 216, released_then),
    ("court-ruling-36h", ON_RULING, T0, 36, TO_COURT),
    ("administrative-3h", ADMINISTRATIVE, T0, 3, released_then),
    ("administrative-extended", EXTENDED, T0, 72, released_then),
    ("legal-aid", ADULT, T0, 1, notified("legal_aid")),
    ("relative", ADULT, T0, 1, notified("relative")),
    ("parents", MINOR, T0, 1, notified("parents")),
    ("guardianship", MINOR, T0, 1, notified("guardianship")),
    ("consulate", FOREIGN, T0, 1, notified("consulate")),
    ("rights", ADULT, ARRIVAL, 1, entry_of(EntryKind.RIGHTS)),
    ("intake-medical", ADULT, ARRIVAL, 1, entry_of(EntryKind.MEDICAL_EXAM)),
]
DEADLINE_IDS = [row[0] for row in DEADLINES]
CHECK_KEYS = {"checks-standard", "checks-intoxicated", "checks-level-3", "checks-level-4"}
CARE_KEYS = {"meals", "exercise", "rest"}
LIMIT_KEYS = {"area-per-person", "night-start", "night-end"}
FOLLOW_UP_KEYS = {"medical-on-request"}


def test_every_seeded_norm_is_covered_by_these_tests(db):
    seeded_keys = set(Norm.objects.filter(profile__code="ua").values_list("key", flat=True))
    assert seeded_keys == set(DEADLINE_IDS) | CHECK_KEYS | CARE_KEYS | LIMIT_KEYS | FOLLOW_UP_KEYS
    deadline_keys = Norm.objects.filter(profile__code="ua", rule=Rule.DEADLINE).values_list("key", flat=True)
    assert set(deadline_keys) == set(DEADLINE_IDS)


@pytest.mark.parametrize(("key", "facts", "start", "hours", "meet"), DEADLINES, ids=DEADLINE_IDS)
def test_each_deadline_is_due_its_allowed_hours_after_its_start_with_its_citation(
    facility, key, facts, start, hours, meet
):
    record = make_record(facility, **facts)
    obligation = owed(record, [], start, key)
    assert (obligation.status, obligation.due_at) == (DUE, start + timedelta(hours=hours))
    assert obligation.citation == seeded(key).citation


@pytest.mark.parametrize(
    ("met_after_due", "late"),
    [(-MINUTE, False), (timedelta(0), False), (MINUTE, True)],
    ids=["one_minute_early", "exactly_at_the_limit", "one_minute_late"],
)
@pytest.mark.parametrize(("key", "facts", "start", "hours", "meet"), DEADLINES, ids=DEADLINE_IDS)
def test_each_deadline_met_before_at_or_after_the_limit_is_met_and_late_only_after(
    facility, key, facts, start, hours, meet, met_after_due, late
):
    record = make_record(facility, **facts)
    met_at = start + timedelta(hours=hours) + met_after_due
    entries = meet(record, met_at)
    obligation = owed(record, entries, met_at + MINUTE, key)
    assert (obligation.status, obligation.met_at, obligation.late) == (MET, met_at, late)
    assert obligation.met_by is entries[-1]


@pytest.mark.parametrize(
    ("now_after_due", "status"),
    [(-MINUTE, DUE), (timedelta(0), DUE), (MINUTE, OVERDUE)],
    ids=["one_minute_before", "exactly_at_the_limit", "one_minute_over"],
)
@pytest.mark.parametrize(("key", "facts", "start", "hours", "meet"), DEADLINES, ids=DEADLINE_IDS)
def test_each_unmet_deadline_is_due_up_to_the_limit_and_overdue_one_minute_after(
    facility, key, facts, start, hours, meet, now_after_due, status
):
    record = make_record(facility, **facts)
    obligation = owed(record, [], start + timedelta(hours=hours) + now_after_due, key)
    assert (obligation.status, obligation.met_by, obligation.late) == (status, None, False)


# --- who a norm applies to ----------------------------------------------------------------------

# Named kinds of record, so the table below reads as sentences.
WHO = {
    "an_adult_suspect": ADULT,
    "a_minor": MINOR,
    "a_foreign_national": FOREIGN,
    "martial_law": MARTIAL,
    "a_detention_on_a_ruling": ON_RULING,
    "a_ruling_under_martial_law": {**ON_RULING, **MARTIAL},
    "administrative": ADMINISTRATIVE,
    "administrative_under_martial_law": {**ADMINISTRATIVE, **MARTIAL},
    "extended_administrative": EXTENDED,
    "a_criminal_record_marked_extended": {"extended_administrative": True},
    "another_basis": OTHER_BASIS,
}
APPLICABILITY = [
    # key, who, applies?
    ("parents", "a_minor", True),
    ("parents", "an_adult_suspect", False),
    ("guardianship", "a_minor", True),
    ("guardianship", "an_adult_suspect", False),
    ("relative", "an_adult_suspect", True),
    ("relative", "a_minor", False),
    ("consulate", "a_foreign_national", True),
    ("consulate", "an_adult_suspect", False),
    ("suspicion-notice", "an_adult_suspect", True),
    ("suspicion-notice", "a_detention_on_a_ruling", True),
    ("suspicion-notice", "administrative", False),
    ("suspicion-notice", "another_basis", False),
    ("court-60h", "an_adult_suspect", True),
    ("court-60h", "martial_law", False),
    ("court-60h", "a_detention_on_a_ruling", False),
    ("court-60h", "administrative", False),
    ("limit-72h", "an_adult_suspect", True),
    ("limit-72h", "martial_law", False),
    ("limit-72h", "a_detention_on_a_ruling", False),
    ("limit-72h", "administrative", False),
    ("limit-72h", "another_basis", False),
    ("limit-martial-law", "martial_law", True),
    ("limit-martial-law", "an_adult_suspect", False),
    ("limit-martial-law", "a_ruling_under_martial_law", False),
    ("limit-martial-law", "administrative_under_martial_law", False),
    ("court-ruling-36h", "a_detention_on_a_ruling", True),
    ("court-ruling-36h", "an_adult_suspect", False),
    ("court-ruling-36h", "administrative", False),
    ("administrative-3h", "administrative", True),
    ("administrative-3h", "extended_administrative", False),
    ("administrative-3h", "an_adult_suspect", False),
    ("administrative-extended", "extended_administrative", True),
    ("administrative-extended", "administrative", False),
    ("administrative-extended", "a_criminal_record_marked_extended", False),
    ("legal-aid", "an_adult_suspect", True),
    ("legal-aid", "administrative", True),
    ("legal-aid", "a_minor", True),
    ("rights", "another_basis", True),
    ("intake-medical", "administrative", True),
]


@pytest.mark.parametrize(
    ("key", "who", "applies"),
    APPLICABILITY,
    ids=[f"{key}-{'applies' if applies else 'does_not_apply'}-to-{who}" for key, who, applies in APPLICABILITY],
)
def test_a_norm_applies_only_to_the_records_it_names(facility, key, who, applies):
    record = make_record(facility, **WHO[who])
    assert (key in keys(record, [], T0 + HOUR)) is applies


@pytest.mark.parametrize(
    ("born", "minor"),
    [
        (date(2008, 11, 28), True),  # turns 18 the day after detention
        (date(2008, 11, 27), False),  # turns 18 on the day of detention
    ],
    ids=["eighteen_tomorrow_is_a_minor", "eighteen_today_is_an_adult"],
)
def test_a_minor_is_under_18_on_the_day_of_detention(facility, born, minor):
    record = make_record(facility, person__date_of_birth=born)
    found = keys(record, [], T0 + HOUR)
    assert ({"parents", "guardianship"} <= found) is minor
    assert ("relative" in found) is not minor


def test_the_day_of_detention_that_decides_minority_is_the_kyiv_day(facility):
    # 00:30 in Kyiv on the 18th birthday is still the day before in UTC.
    detained = datetime(2026, 11, 27, 0, 30, tzinfo=KYIV)
    record = make_record(facility, detained_at=detained, person__date_of_birth=date(2008, 11, 27))
    found = keys(record, [], detained + HOUR)
    assert "relative" in found
    assert "parents" not in found


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


def test_legal_aid_notified_one_minute_late_is_met_but_late(facility):
    record = make_record(facility)
    notice = entry(record, EntryKind.NOTIFICATION, T0 + HOUR + MINUTE, recipient="legal_aid", result="delivered")
    obligation = owed(record, [notice], T0 + 3 * HOUR, "legal-aid")
    assert (obligation.status, obligation.late, obligation.met_by) == (MET, True, notice)


def test_legal_aid_that_did_not_answer_then_was_reached_is_met_when_reached(facility):
    record = make_record(facility)
    tried = entry(record, EntryKind.NOTIFICATION, T0 + 10 * MINUTE, recipient="legal_aid", result="no_answer")
    reached = entry(record, EntryKind.NOTIFICATION, T0 + 40 * MINUTE, recipient="legal_aid", result="delivered")
    obligation = owed(record, [tried, reached], T0 + 2 * HOUR, "legal-aid")
    assert (obligation.status, obligation.met_at, obligation.met_by) == (MET, reached.occurred_at, reached)


# --- release ------------------------------------------------------------------------------------


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


def test_a_court_deadline_is_met_by_release_before_the_court(facility):
    record = make_record(facility)
    obligation = owed(record, [release(record, T0 + 5 * HOUR)], T0 + 6 * HOUR, "court-60h")
    assert (obligation.status, obligation.met_at) == (MET, T0 + 5 * HOUR)


def test_a_deadline_falling_after_the_release_is_not_applicable(facility):
    record = make_record(facility)
    entries = [release(record, ARRIVAL + 30 * MINUTE)]  # rights and medical fall due at ARRIVAL + 1 h
    for key in ("rights", "intake-medical"):
        obligation = owed(record, entries, ARRIVAL + 5 * HOUR, key)
        assert (obligation.status, obligation.due_at) == (NOT_APPLICABLE, ARRIVAL + HOUR)


def test_a_deadline_missed_before_the_release_stays_overdue_after_it(facility):
    record = make_record(facility)
    entries = [release(record, T0 + 2 * HOUR)]
    assert owed(record, entries, T0 + 30 * HOUR, "legal-aid").status == OVERDUE


def test_after_the_release_no_time_limit_is_counting_down(facility):
    record = make_record(facility)
    obligations = evaluate(record, [release(record, T0 + 2 * HOUR)], T0 + 3 * HOUR)
    assert next_time_limit(obligations) is None


# --- next time limit ----------------------------------------------------------------------------


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


# --- corrections --------------------------------------------------------------------------------


def test_a_corrected_entry_no_longer_counts_and_its_correction_does(facility):
    record = make_record(facility)
    typed = entry(record, EntryKind.RIGHTS, ARRIVAL + 30 * MINUTE)
    correction = entry(record, EntryKind.RIGHTS, ARRIVAL + 70 * MINUTE, corrects=typed)
    obligation = owed(record, [typed, correction], ARRIVAL + 2 * HOUR, "rights")
    assert (obligation.status, obligation.met_by, obligation.late) == (MET, correction, True)


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


# --- observation checks -------------------------------------------------------------------------

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
    assert obligation.status == OVERDUE
    assert obligation.missed[:1] == [ARRIVAL + HOUR]


# --- meals --------------------------------------------------------------------------------------


def meal(record, at, kind="lunch"):
    return entry(record, EntryKind.MEAL, at, meal=kind, outcome="eaten")


@pytest.mark.parametrize(
    ("arrival_hour", "required"),
    [(0, 3), (8, 2), (16, 1), (20, 0)],
    ids=["arrived_at_midnight", "arrived_at_8", "arrived_at_16", "arrived_at_20"],
)
def test_meals_owed_today_are_three_a_day_pro_rata_for_the_rest_of_the_day(facility, arrival_hour, required):
    arrived = datetime(2026, 11, 27, arrival_hour, 0, tzinfo=KYIV)
    record = make_record(facility, detained_at=arrived - HOUR, arrived_at=arrived)
    obligation = owed(record, [], arrived + 30 * MINUTE, "meals")
    assert obligation.progress == f"today 0 of {required}"
    assert obligation.status == (DUE if required else MET)
    assert obligation.citation == seeded("meals").citation


def test_meals_served_as_owed_today_are_met(facility):
    record = make_record(
        facility,
        detained_at=datetime(2026, 11, 27, 7, 0, tzinfo=KYIV),
        arrived_at=datetime(2026, 11, 27, 8, 0, tzinfo=KYIV),
    )  # 16 h today: two meals
    entries = [
        meal(record, datetime(2026, 11, 27, 13, 0, tzinfo=KYIV)),
        meal(record, datetime(2026, 11, 27, 18, 0, tzinfo=KYIV), "dinner"),
    ]
    obligation = owed(record, entries, datetime(2026, 11, 27, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress, obligation.due_at) == (MET, "today 2 of 2", None)


def test_meals_still_owed_today_are_due_by_midnight(facility):
    record = make_record(
        facility,
        detained_at=datetime(2026, 11, 27, 7, 0, tzinfo=KYIV),
        arrived_at=datetime(2026, 11, 27, 8, 0, tzinfo=KYIV),
    )
    entries = [meal(record, datetime(2026, 11, 27, 13, 0, tzinfo=KYIV))]
    obligation = owed(record, entries, datetime(2026, 11, 27, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress) == (DUE, "today 1 of 2")
    assert obligation.due_at == datetime(2026, 11, 28, 0, 0, tzinfo=KYIV)


def test_a_drink_is_not_a_meal(facility):
    record = make_record(
        facility,
        detained_at=datetime(2026, 11, 27, 7, 0, tzinfo=KYIV),
        arrived_at=datetime(2026, 11, 27, 8, 0, tzinfo=KYIV),
    )
    entries = [
        meal(record, datetime(2026, 11, 27, 13, 0, tzinfo=KYIV), "drink"),
        meal(record, datetime(2026, 11, 27, 18, 0, tzinfo=KYIV), "drink"),
    ]
    obligation = owed(record, entries, datetime(2026, 11, 27, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress) == (DUE, "today 0 of 2")


def test_a_full_day_in_custody_is_owed_three_meals(facility):
    record = make_record(facility)
    day_two = [meal(record, datetime(2026, 11, 28, h, 0, tzinfo=KYIV), m) for h, m in ((8, "breakfast"), (13, "lunch"))]
    obligation = owed(
        record, [meal(record, ARRIVAL + HOUR), *day_two], datetime(2026, 11, 28, 14, 0, tzinfo=KYIV), "meals"
    )
    assert (obligation.status, obligation.progress, obligation.missed) == (DUE, "today 2 of 3", [])


def test_a_day_with_too_few_meals_stays_listed_as_missed_while_today_decides_the_status(facility):
    record = make_record(facility)  # arrived 27 Nov 11:00: one meal owed that day
    today = [meal(record, datetime(2026, 11, 28, h, 0, tzinfo=KYIV)) for h in (8, 13, 18)]
    obligation = owed(record, today, datetime(2026, 11, 28, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress) == (MET, "today 3 of 3")
    assert obligation.missed == [date(2026, 11, 27)]


@pytest.mark.parametrize(("served", "status"), [(1, MET), (0, OVERDUE)], ids=["one_meal_served", "none_served"])
def test_meals_on_the_day_of_release_are_owed_for_the_hours_spent(facility, served, status):
    record = make_record(facility)  # arrived 11:00, released 19:00: 8 h, one meal
    entries = [*[meal(record, ARRIVAL + 2 * HOUR)][:served], release(record, ARRIVAL + 8 * HOUR)]
    obligation = owed(record, entries, ARRIVAL + 9 * HOUR, "meals")
    assert (obligation.status, obligation.missed) == (status, [] if served else [date(2026, 11, 27)])


# --- exercise -----------------------------------------------------------------------------------


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


# --- rest ---------------------------------------------------------------------------------------


def out_and_back(record, out_at, back_at, purpose="interview"):
    out = entry(record, EntryKind.MOVEMENT_OUT, out_at, purpose=purpose)
    return [out, entry(record, EntryKind.MOVEMENT_RETURN, back_at, related=out)]


def kyiv(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=KYIV)


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


# --- limit figures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "night"),
    [(21, 59, False), (22, 0, True), (5, 59, True), (6, 0, False), (0, 0, True), (12, 0, False)],
    ids=["21_59_is_day", "22_00_is_night", "05_59_is_night", "06_00_is_day", "midnight_is_night", "noon_is_day"],
)
def test_night_is_from_22_to_6_by_the_norms(facility, hour, minute, night):
    moment = kyiv(28, hour, minute)
    with time_machine.travel(moment, tick=False):
        assert is_night(moment, ua_norms(facility)) is night


def test_night_is_read_on_the_kyiv_clock(facility):
    moment = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # 22:00 in Kyiv
    with time_machine.travel(moment, tick=False):
        assert is_night(moment, ua_norms(facility)) is True


def test_without_night_norms_nothing_is_night(facility):
    moment = kyiv(28, 2)
    norms = [n for n in ua_norms(facility) if n.key not in ("night-start", "night-end")]
    with time_machine.travel(moment, tick=False):
        assert is_night(moment, norms) is False


def test_the_limit_figures_are_seeded_with_their_units_and_never_become_obligations(facility):
    figures = {key: (seeded(key).rule, seeded(key).value, seeded(key).unit) for key in LIMIT_KEYS}
    assert figures == {
        "area-per-person": (Rule.LIMIT, Decimal(4), Unit.SQUARE_METRES),
        "night-start": (Rule.LIMIT, Decimal(22), Unit.HOUR_OF_DAY),
        "night-end": (Rule.LIMIT, Decimal(6), Unit.HOUR_OF_DAY),
    }
    record = make_record(facility)
    assert not keys(record, [], T0 + 30 * HOUR) & LIMIT_KEYS


def test_an_ordinary_suspect_owes_exactly_these_obligations(facility):
    record = make_record(facility)
    assert keys(record, [], T0 + 30 * HOUR) == {
        "suspicion-notice",
        "court-60h",
        "limit-72h",
        "legal-aid",
        "relative",
        "rights",
        "intake-medical",
        "checks-standard",
        "meals",
        "exercise",
        "rest",
    }


# --- a norm changes -----------------------------------------------------------------------------

CHANGE_DAY = date(2026, 12, 1)


def new_version(key, value, effective_from=CHANGE_DAY):
    old = seeded(key)
    return Norm.objects.create(
        profile=old.profile,
        key=key,
        title=old.title,
        rule=old.rule,
        value=Decimal(value),
        unit=old.unit,
        interval=Decimal(value) if old.interval else None,
        anchor=old.anchor,
        threshold_hours=old.threshold_hours,
        group=old.group,
        applies_to=old.applies_to,
        met_by=old.met_by,
        citation=old.citation,
        effective_from=effective_from,
    )


@pytest.mark.parametrize(
    ("detained", "hours"),
    [
        (datetime(2026, 11, 30, 10, 0, tzinfo=KYIV), 72),
        (datetime(2026, 11, 30, 23, 59, tzinfo=KYIV), 72),
        (datetime(2026, 12, 1, 0, 30, tzinfo=KYIV), 48),  # still 30 November in UTC
        (datetime(2026, 12, 1, 10, 0, tzinfo=KYIV), 48),
    ],
    ids=[
        "detained_the_day_before_keeps_72h",
        "detained_a_minute_before_keeps_72h",
        "detained_after_kyiv_midnight_gets_48h",
        "detained_on_the_day_gets_48h",
    ],
)
def test_a_time_limit_follows_the_version_in_force_on_the_day_of_detention(facility, detained, hours):
    new_version("limit-72h", 48)
    record = make_record(facility, detained_at=detained)
    obligation = owed(record, [], datetime(2026, 12, 2, 12, 0, tzinfo=KYIV), "limit-72h")
    assert obligation.due_at == detained + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("day", "minutes"),
    [(30, 60), (1, 45)],
    ids=["the_day_before_the_change_hourly", "from_the_change_every_45_minutes"],
)
def test_checks_follow_the_version_in_force_on_the_day_they_are_evaluated(facility, day, minutes):
    new_version("checks-standard", 45)
    month = 11 if day == 30 else 12
    record = make_record(facility, detained_at=datetime(2026, 11, 29, 8, 0, tzinfo=KYIV))
    last = entry(record, EntryKind.CHECK, datetime(2026, month, day, 9, 0, tzinfo=KYIV), state="awake")
    next_due = last.occurred_at + timedelta(minutes=minutes)
    obligation = owed(record, [last], next_due + MINUTE, "checks-standard")
    assert (obligation.status, obligation.due_at) == (OVERDUE, next_due)


def test_hourly_checks_made_before_a_stricter_version_took_effect_are_not_counted_as_missed(facility):
    # Hourly was the law on 30 November; the 45-minute version only from 1 December.
    new_version("checks-standard", 45)
    arrived = datetime(2026, 11, 30, 20, 0, tzinfo=KYIV)
    record = make_record(facility, detained_at=arrived - HOUR, arrived_at=arrived)
    checks = [entry(record, EntryKind.CHECK, arrived + n * HOUR, state="awake") for n in (1, 2, 3, 4)]  # ...00:00
    obligation = owed(record, checks, datetime(2026, 12, 1, 0, 30, tzinfo=KYIV), "checks-standard")
    assert obligation.missed == []
    assert obligation.due_at == datetime(2026, 12, 1, 0, 45, tzinfo=KYIV)


@pytest.mark.parametrize("as_loaded", [False, True], ids=["as_entered_in_kyiv_time", "as_loaded_from_the_db_in_utc"])
def test_the_72_hour_limit_is_72_real_hours_across_the_autumn_clock_change(facility, as_loaded):
    # Clocks go back on 25 October 2026 04:00 → 03:00. 24 Oct 10:00 EEST is 07:00 UTC.
    detained = datetime(2026, 10, 24, 10, 0, tzinfo=KYIV)
    record = make_record(facility, detained_at=detained)
    if as_loaded:
        record.refresh_from_db()
    obligation = owed(record, [], datetime(2026, 10, 26, 12, 0, tzinfo=KYIV), "limit-72h")
    assert obligation.due_at == datetime(2026, 10, 27, 7, 0, tzinfo=UTC)  # 09:00 Kyiv winter time


# --- norm validation ----------------------------------------------------------------------------

TODAY = T0.date()


def norm(**overrides):
    fields = {
        "profile": seeded("rights").profile,
        "key": "test-norm",
        "title": "Test norm",
        "rule": Rule.DEADLINE,
        "value": Decimal(1),
        "unit": Unit.HOURS,
        "met_by": {"kinds": ["rights"]},
        "citation": "Test art. 1",
        "effective_from": TODAY + timedelta(days=30),
        **overrides,
    }
    return Norm(**fields)


def test_a_plausible_future_norm_is_valid(db):
    norm().full_clean()
    norm(
        rule=Rule.RECURRING,
        value=Decimal(30),
        unit=Unit.MINUTES,
        interval=Decimal(30),
        met_by={"kinds": ["check"], "details": {"state": ["awake"]}},
        applies_to={"all": ["criminal"], "any": ["minor", "pregnant"], "none": ["martial_law"]},
    ).full_clean()
    norm(rule=Rule.LIMIT, value=Decimal(23), unit=Unit.HOUR_OF_DAY, met_by={}).full_clean()


INVALID = [
    ({"value": Decimal(0)}, "value"),
    ({"value": Decimal(-1)}, "value"),
    ({"value": Decimal(10000)}, "value"),
    ({"value": Decimal(745)}, "value"),
    ({"value": Decimal(1441), "unit": Unit.MINUTES}, "value"),
    ({"value": Decimal(101), "unit": Unit.SQUARE_METRES, "rule": Rule.LIMIT, "met_by": {}}, "value"),
    ({"value": Decimal(25), "unit": Unit.HOUR_OF_DAY, "rule": Rule.LIMIT, "met_by": {}}, "value"),
    ({"value": Decimal("6.5"), "unit": Unit.HOUR_OF_DAY, "rule": Rule.LIMIT, "met_by": {}}, "value"),
    ({"rule": Rule.RECURRING, "value": Decimal(60), "unit": Unit.MINUTES}, "interval"),
    ({"rule": Rule.RECURRING, "value": Decimal(60), "unit": Unit.MINUTES, "interval": Decimal(0)}, "interval"),
    ({"rule": Rule.RECURRING, "value": Decimal(60), "unit": Unit.MINUTES, "interval": Decimal(2000)}, "interval"),
    ({"applies_to": {"all": ["adult"]}}, "applies_to"),
    ({"applies_to": {"none": ["criminal", "juvenile"]}}, "applies_to"),
    ({"applies_to": {"some": ["minor"]}}, "applies_to"),
    ({"met_by": {"kinds": ["phone_call"]}}, "met_by"),
    ({"met_by": {"kinds": ["rights"], "when": "soon"}}, "met_by"),
    ({"met_by": {}}, "met_by"),
]
INVALID_IDS = [
    "zero",
    "negative",
    "10000_hours",
    "745_hours",
    "1441_minutes",
    "101_square_metres",
    "hour_of_day_25",
    "hour_of_day_6_5",
    "recurring_without_interval",
    "zero_interval",
    "absurd_interval",
    "unknown_condition",
    "unknown_condition_in_none",
    "unknown_applies_to_part",
    "unknown_entry_kind",
    "unknown_met_by_key",
    "deadline_met_by_nothing",
]


@pytest.mark.parametrize(("overrides", "field"), INVALID, ids=INVALID_IDS)
def test_an_implausible_norm_is_refused(db, overrides, field):
    with pytest.raises(ValidationError) as refused:
        norm(**overrides).full_clean()
    assert field in refused.value.message_dict


def test_a_second_version_on_the_same_day_is_refused(db):
    existing = seeded("limit-72h")
    existing.pk = None
    existing.effective_from = timezone.localdate() + timedelta(days=30)
    existing.save()  # a future version exists on that day
    duplicate = norm(key="limit-72h", effective_from=existing.effective_from, met_by={"closed": True})
    with pytest.raises(ValidationError, match="already takes effect on that date"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_version_in_force_cannot_be_edited(db):
    in_force = seeded("limit-72h")
    in_force.value = Decimal(48)
    with pytest.raises(ValidationError, match="already in force"):
        in_force.full_clean()


def test_a_version_taking_effect_today_is_in_force_and_cannot_be_edited(db):
    today = norm(effective_from=TODAY)
    today.save()
    today.value = Decimal(2)
    with pytest.raises(ValidationError, match="already in force"):
        today.full_clean()


def test_a_future_version_can_still_be_edited_and_deleted(db):
    future = norm()
    future.save()
    future.value = Decimal(2)
    future.full_clean()
    future.save()
    future.delete()
    assert not Norm.objects.filter(key="test-norm").exists()


def test_a_version_in_force_cannot_be_deleted(db):
    in_force = seeded("legal-aid")
    with pytest.raises(ValidationError, match="kept for the record"):
        in_force.delete()
    assert Norm.objects.filter(pk=in_force.pk).exists()


@pytest.mark.parametrize("how", ["added_backdated", "future_version_moved_into_the_past"])
def test_a_version_cannot_take_effect_in_the_past(db, how):
    # Past obligations must never change: a back-dated version rewrites them as surely as an edit.
    if how == "added_backdated":
        backdated = norm(
            key="limit-72h", value=Decimal(48), met_by={"closed": True}, effective_from=TODAY - timedelta(days=1)
        )
    else:
        backdated = norm()
        backdated.save()
        backdated.effective_from = TODAY - timedelta(days=1)
    with pytest.raises(ValidationError):
        backdated.full_clean()


# --- follow-up: a medical examination after each request -----------------------------------


def test_no_request_means_no_examination_is_owed(facility):
    record = make_record(facility)
    assert "medical-on-request" not in keys(record, [], ARRIVAL + HOUR)


@pytest.mark.parametrize(
    ("exam_after", "status", "late"),
    [
        (119, MET, False),
        (120, MET, False),
        (121, MET, True),
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
