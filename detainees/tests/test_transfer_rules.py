"""A transfer is a handover to a named institution: the release service refuses anything else and writes nothing."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import Status, TimelineEntry

TRANSFER = {
    "outcome": "transferred",
    "destination": "sizo",
    "destination_detail": "СІЗО № 1",
    "legal_ground": "ухвала слідчого судді",
    "property": "handed_over",
    "condition": "задовільний",
}


def refused_transfer(record, actor, details):
    before = (TimelineEntry.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.release(record=record, actor=actor, occurred_at=timezone.now(), details=details)
    assert (TimelineEntry.objects.count(), LogEntry.objects.count()) == before
    record.refresh_from_db()
    assert record.status == Status.IN_CUSTODY
    return refused.value.message_dict


def test_a_transfer_to_freedom_is_refused(booked, duty_officer):
    errors = refused_transfer(booked, duty_officer, {**TRANSFER, "destination": "freedom"})
    assert errors == {"destination": ["A transfer goes to an institution, not to freedom."]}


def test_a_transfer_that_does_not_name_the_receiving_institution_is_refused(booked, duty_officer):
    errors = refused_transfer(booked, duty_officer, {**TRANSFER, "destination_detail": "  "})
    assert errors == {"destination_detail": ["Name the receiving institution."]}


def test_a_release_to_freedom_needs_no_institution(booked, duty_officer):
    details = {**TRANSFER, "outcome": "released", "destination": "freedom", "destination_detail": ""}
    services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=details)
    booked.refresh_from_db()
    assert booked.status == Status.RELEASED
