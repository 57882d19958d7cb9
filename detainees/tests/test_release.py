"""Release and transfer close the record once; impossible moves are refused and write nothing."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from custody.submits.tests.tokens import once
from detainees import services
from detainees.models import EntryKind, Status, TimelineEntry

RELEASED = {
    "outcome": "released",
    "destination": "freedom",
    "legal_ground": "ст. 211 КПК",
    "property": "all_returned",
    "condition": "задовільний",
}


def test_release_closes_the_record_and_writes_the_release_entry(booked, duty_officer, cell):
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.PLACEMENT,
        occurred_at=timezone.now() - timedelta(minutes=1),
        details={},
        cell=cell,
    )
    when = timezone.now()
    services.release(record=booked, actor=duty_officer, occurred_at=when, details=RELEASED)
    booked.refresh_from_db()
    assert booked.status == Status.RELEASED
    assert booked.closed_at == when
    assert booked.current_cell is None
    entry = booked.entries.get(kind=EntryKind.RELEASE)
    assert (entry.author, entry.cell, entry.details["destination"]) == (duty_officer, cell, "freedom")
    change = LogEntry.objects.get_for_object(booked).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert change.actor == duty_officer
    assert change.changes_dict["status"] == ["in_custody", "released"]


def test_a_transfer_ends_in_the_transferred_state(booked, duty_officer):
    services.release(
        record=booked,
        actor=duty_officer,
        occurred_at=timezone.now(),
        details={**RELEASED, "outcome": "transferred", "destination": "sizo", "destination_detail": "СІЗО № 1"},
    )
    booked.refresh_from_db()
    assert booked.status == Status.TRANSFERRED


def test_releasing_a_closed_record_again_is_refused_and_writes_nothing(booked, duty_officer):
    services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=RELEASED)
    before = (TimelineEntry.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationError, match="cannot be closed again"):
        services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=RELEASED)
    assert (TimelineEntry.objects.count(), LogEntry.objects.count()) == before


def test_a_release_before_the_arrival_is_refused(booked, duty_officer):
    with pytest.raises(ValidationError, match="before the arrival"):
        services.release(
            record=booked, actor=duty_officer, occurred_at=booked.arrived_at - timedelta(minutes=1), details=RELEASED
        )
    booked.refresh_from_db()
    assert booked.status == Status.IN_CUSTODY


def test_a_release_before_the_last_entry_is_refused(booked, duty_officer):
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.CHECK,
        occurred_at=timezone.now() - timedelta(minutes=5),
        details={"state": "awake"},
    )
    with pytest.raises(ValidationError, match="last entry"):
        services.release(
            record=booked, actor=duty_officer, occurred_at=timezone.now() - timedelta(minutes=10), details=RELEASED
        )


def test_care_entries_are_refused_after_release_but_notes_are_accepted(booked, duty_officer):
    services.release(
        record=booked, actor=duty_officer, occurred_at=timezone.now() - timedelta(minutes=1), details=RELEASED
    )
    with pytest.raises(ValidationError, match="closed"):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now(),
            details={"state": "awake"},
        )
    note = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now(),
        details={"text": "Копію протоколу видано"},
    )
    assert note.record == booked


def test_a_medic_cannot_release(booked, medic):
    with pytest.raises(PermissionDenied):
        services.release(record=booked, actor=medic, occurred_at=timezone.now(), details=RELEASED)


def test_a_transfer_to_freedom_is_a_form_error(client, booked, duty_officer):
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:record-release", args=[booked.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "outcome": "transferred",
            "destination": "freedom",
            "legal_ground": "x",
            "property": "all_returned",
            "condition": "ok",
            **once(),
        },
    )
    assert response.status_code == 200
    assert "not to freedom" in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == Status.IN_CUSTODY
