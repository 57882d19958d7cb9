"""Code importing a paper journal or demo data says when each write was recorded (`recorded_at=`)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind, TimelineEntry
from detainees.tests.conftest import person_data, record_data
from oversight.grants import services as grants

CHECK = {"state": "awake", "condition": "normal", "note": ""}
RELEASED = {
    "outcome": "released",
    "destination": "freedom",
    "legal_ground": "ст. 211 КПК",
    "property": "all_returned",
    "condition": "задовільний",
}


def test_each_writer_records_its_entry_at_the_time_it_is_given(duty_officer, facility):
    arrived = timezone.now() - timedelta(hours=5)
    data = record_data(facility, detained_at=arrived - timedelta(hours=1), arrived_at=arrived)
    record = services.book_in(
        actor=duty_officer, person_data=person_data(), record_data=data, recorded_at=arrived + timedelta(minutes=2)
    )
    check = services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.CHECK,
        occurred_at=arrived + timedelta(hours=1),
        details=CHECK,
        recorded_at=arrived + timedelta(hours=1, minutes=1),
    )
    correction = services.correct_entry(
        entry=check,
        actor=duty_officer,
        occurred_at=arrived + timedelta(hours=1, minutes=5),
        details=CHECK,
        reason="час переплутано",
        recorded_at=arrived + timedelta(hours=2),
    )
    services.release(
        record=record,
        actor=duty_officer,
        occurred_at=arrived + timedelta(hours=3),
        details=RELEASED,
        recorded_at=arrived + timedelta(hours=3, minutes=5),
    )
    recorded = {entry.kind: entry.recorded_at - arrived for entry in record.entries.exclude(pk=correction.pk)}
    assert recorded == {
        EntryKind.INTAKE: timedelta(minutes=2),
        EntryKind.CHECK: timedelta(hours=1, minutes=1),
        EntryKind.RELEASE: timedelta(hours=3, minutes=5),
    }
    assert correction.recorded_at - arrived == timedelta(hours=2)


def test_an_entry_dated_after_the_time_it_was_recorded_is_refused(booked, duty_officer):
    count = TimelineEntry.objects.count()
    with pytest.raises(ValidationError, match="future"):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now() - timedelta(minutes=10),
            details=CHECK,
            recorded_at=timezone.now() - timedelta(minutes=20),
        )
    assert TimelineEntry.objects.count() == count


def test_a_write_cannot_be_recorded_in_the_future(booked, duty_officer):
    with pytest.raises(ValueError, match="future"):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now(),
            details=CHECK,
            recorded_at=timezone.now() + timedelta(minutes=5),
        )


def test_a_grant_recorded_earlier_starts_then_and_may_have_ended_since(facility_head, monitor, facility):
    granted = timezone.now() - timedelta(hours=30)
    grant = grants.grant_named_access(
        actor=facility_head,
        monitor=monitor,
        facility=facility,
        ends_at=granted + timedelta(hours=4),
        reason="Візит НПМ",
        recorded_at=granted,
    )
    assert grant.starts_at == granted
    assert not grant.is_active()
