"""A correction is a new entry pointing at the old one, with a reason; the old one stays."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from custody.submits.tests.tokens import once
from detainees import selectors, services
from detainees.models import EntryKind

CHECK = {"state": "awake", "condition": "normal", "note": ""}


@pytest.fixture
def check(booked, duty_officer):
    return services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.CHECK,
        occurred_at=timezone.now() - timedelta(minutes=30),
        details=CHECK,
    )


def test_a_correction_is_a_new_entry_pointing_at_the_original_with_a_reason(check, facility_head):
    correction = services.correct_entry(
        entry=check,
        actor=facility_head,
        occurred_at=check.occurred_at,
        details={**CHECK, "state": "asleep"},
        reason="Wrong state ticked",
    )
    check.refresh_from_db()
    assert check.details["state"] == "awake"
    assert correction.corrects == check
    assert correction.correction_reason == "Wrong state ticked"
    assert correction.author == facility_head
    assert LogEntry.objects.get_for_object(correction).get().actor == facility_head


def test_a_correction_without_a_reason_is_refused_and_writes_nothing(check, duty_officer):
    count = check.record.entries.count()
    with pytest.raises(ValidationError, match="reason"):
        services.correct_entry(
            entry=check, actor=duty_officer, occurred_at=check.occurred_at, details=CHECK, reason="  "
        )
    assert check.record.entries.count() == count


def test_only_the_latest_version_can_be_corrected(check, duty_officer):
    services.correct_entry(entry=check, actor=duty_officer, occurred_at=check.occurred_at, details=CHECK, reason="r1")
    with pytest.raises(ValidationError, match="already corrected"):
        services.correct_entry(
            entry=check, actor=duty_officer, occurred_at=check.occurred_at, details=CHECK, reason="r2"
        )


def test_an_inspector_cannot_correct_an_officers_entry(check, inspector):
    with pytest.raises(PermissionDenied):
        services.correct_entry(entry=check, actor=inspector, occurred_at=check.occurred_at, details=CHECK, reason="r")


def test_correcting_the_current_placement_moves_the_detainee(booked, duty_officer, facility, cell):
    placement = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.PLACEMENT,
        occurred_at=timezone.now(),
        details={"reason": ""},
        cell=cell,
    )
    right_cell = CellFactory(facility=facility)
    services.correct_entry(
        entry=placement,
        actor=duty_officer,
        occurred_at=placement.occurred_at,
        details={"reason": ""},
        cell=right_cell,
        reason="Typed the wrong cell",
    )
    booked.refresh_from_db()
    assert booked.current_cell == right_cell


def test_the_timeline_shows_the_correction_next_to_the_original(client, check, duty_officer):
    services.correct_entry(
        entry=check,
        actor=duty_officer,
        occurred_at=check.occurred_at,
        details={**CHECK, "note": "виправлено"},
        reason="Missing note",
    )
    originals = selectors.timeline(check.record)
    corrected = next(e for e in originals if e.pk == check.pk)
    assert [c.correction_reason for c in corrected.corrections_chain] == ["Missing note"]
    client.force_login(duty_officer)
    page = client.get(check.record.get_absolute_url()).content.decode()
    assert "Missing note" in page and "corrected" in page


def test_the_correction_page_requires_a_reason(client, check, duty_officer):
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:entry-correct", args=[check.pk]),
        {
            "occurred_at": timezone.localtime(check.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "state": "asleep",
            "condition": "normal",
            "correction_reason": "",
            **once(),
        },
    )
    assert response.status_code == 200
    assert check.record.entries.count() == 2


def test_the_correction_form_is_prefilled_with_the_original_times(client, booked, duty_officer):
    start = timezone.now() - timedelta(hours=1)
    cctv = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.CCTV,
        occurred_at=timezone.now(),
        details={
            "camera": "К-3",
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=10)).isoformat(),
            "reason": "x",
        },
    )
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:entry-correct", args=[cctv.pk])).content.decode()
    assert timezone.localtime(start).strftime("%Y-%m-%dT%H:%M") in page
