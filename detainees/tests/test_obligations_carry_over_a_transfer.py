"""After a transfer the legal clock runs on: what was served at ITT 1 counts at ITT 2, care starts anew."""

from datetime import timedelta

import pytest
from django.utils import timezone

from detainees import obligations, selectors, services
from detainees.models import EntryKind, Transfer
from detainees.obligations import ObligationStatus

from .transfers import ARRIVED, T0

pytestmark = pytest.mark.django_db


def owed(record):
    record.refresh_from_db()
    entries = list(record.entries.all())
    found, _norms = selectors.record_obligations(record, entries, timezone.now())
    return {o.key: o for o in found}


def test_the_legal_deadlines_count_from_the_original_detention(accepted):
    due = owed(accepted)
    assert due["court-60h"].due_at == T0 + timedelta(hours=60)
    assert due["limit-72h"].due_at == T0 + timedelta(hours=72)
    assert due["suspicion-notice"].due_at == T0 + timedelta(hours=24)
    assert obligations.next_time_limit(list(due.values())).due_at == T0 + timedelta(hours=24)


def test_a_notice_of_suspicion_served_at_the_sending_facility_meets_the_norm_at_the_receiving_one(
    clock, duty_officer, facility, other_facility, receiving_officer
):
    from detainees.tests.conftest import person_data, record_data

    from .transfers import BOOKED, DEPARTED, TRANSFER_DETAILS

    record = services.book_in(
        actor=duty_officer,
        person_data=person_data(),
        record_data=record_data(facility, detained_at=T0, arrived_at=BOOKED),
    )
    clock.move_to(BOOKED + timedelta(hours=3))
    notice = services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.SUSPICION_NOTICE,
        occurred_at=BOOKED + timedelta(hours=2),
        details={"served_by": "слідчий Петренко", "article": "ч. 2 ст. 185 КК", "copy_handed": True},
    )
    clock.move_to(DEPARTED + timedelta(minutes=1))
    services.transfer_out(
        record=record, actor=duty_officer, occurred_at=DEPARTED, to_facility=other_facility, details=TRANSFER_DETAILS
    )
    clock.move_to(ARRIVED + timedelta(minutes=1))
    received = services.accept_transfer(
        transfer=Transfer.objects.get(from_record=record),
        actor=receiving_officer,
        arrived_at=ARRIVED,
        condition="задовільний",
    )
    notice_owed = owed(received)["suspicion-notice"]
    assert notice_owed.status == ObligationStatus.MET
    assert notice_owed.met_by == notice


def test_care_duties_start_on_arrival_at_the_receiving_facility(accepted):
    due = owed(accepted)
    assert due["intake-medical"].status == ObligationStatus.DUE
    assert due["intake-medical"].due_at > ARRIVED
    assert due["checks-standard"].due_at > ARRIVED


def test_a_medical_request_not_answered_before_the_transfer_stays_owed(
    clock, duty_officer, facility, other_facility, receiving_officer
):
    from detainees.tests.conftest import person_data, record_data

    from .transfers import BOOKED, DEPARTED, TRANSFER_DETAILS

    record = services.book_in(
        actor=duty_officer,
        person_data=person_data(),
        record_data=record_data(facility, detained_at=T0, arrived_at=BOOKED),
    )
    clock.move_to(DEPARTED)
    services.request_medical_exam(
        record=record, actor=duty_officer, occurred_at=DEPARTED - timedelta(minutes=30), details={"reason": "болить"}
    )
    services.transfer_out(
        record=record, actor=duty_officer, occurred_at=DEPARTED, to_facility=other_facility, details=TRANSFER_DETAILS
    )
    clock.move_to(ARRIVED + timedelta(minutes=1))
    received = services.accept_transfer(
        transfer=Transfer.objects.get(from_record=record),
        actor=receiving_officer,
        arrived_at=ARRIVED,
        condition="задовільний",
    )
    request = owed(received)["medical-on-request"]
    assert request.is_open
    assert request.due_at == DEPARTED + timedelta(minutes=90)


def test_the_senders_release_does_not_close_the_receiving_records_limits(accepted):
    due = owed(accepted)
    assert due["limit-72h"].status == ObligationStatus.DUE
    assert due["court-60h"].met_by is None


def test_the_sending_record_hands_its_open_legal_clock_over_rather_than_meeting_it(sent):
    """Sent at 11 h: the 72 h limit and the 24 h notice were neither met nor broken at ITT 1."""
    due = owed(sent.from_record)
    for key in ("limit-72h", "court-60h", "suspicion-notice"):
        assert due[key].status == ObligationStatus.NOT_APPLICABLE, key
        assert "receiving facility" in due[key].note
