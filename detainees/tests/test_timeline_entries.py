"""Adding entries to a timeline: attribution, both timestamps, and the time rules."""

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from custody.submits.tests.tokens import once
from detainees import services
from detainees.models import EntryKind, TimelineEntry


def add_check(record, actor, occurred_at):
    return services.add_entry(
        record=record,
        actor=actor,
        kind=EntryKind.CHECK,
        occurred_at=occurred_at,
        details={"state": "awake", "condition": "normal", "note": ""},
    )


def test_an_entry_carries_its_author_when_it_happened_and_when_it_was_recorded(booked, duty_officer):
    happened = timezone.now() - timedelta(minutes=20)
    with time_machine.travel(timezone.now(), tick=False):
        entry = add_check(booked, duty_officer, happened)
        assert entry.recorded_at == timezone.now()
    assert entry.author == duty_officer
    assert entry.occurred_at == happened
    assert LogEntry.objects.get_for_object(entry).get().actor == duty_officer


def test_an_entry_dated_in_the_future_is_refused_and_writes_nothing(booked, duty_officer):
    count, audit = TimelineEntry.objects.count(), LogEntry.objects.count()
    with pytest.raises(ValidationError, match="future"):
        add_check(booked, duty_officer, timezone.now() + timedelta(minutes=2))
    assert (TimelineEntry.objects.count(), LogEntry.objects.count()) == (count, audit)


def test_an_entry_dated_before_the_actual_detention_is_refused(booked, duty_officer):
    with pytest.raises(ValidationError, match="before the moment of actual detention"):
        add_check(booked, duty_officer, booked.detained_at - timedelta(minutes=1))
    assert booked.entries.count() == 1


def test_a_search_by_an_officer_of_the_other_sex_is_refused(booked, duty_officer):
    with pytest.raises(ValidationError, match="same sex"):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.SEARCH,
            occurred_at=timezone.now(),
            details={"searched_by": "сержант Олійник", "searcher_sex": "F", "items": []},
        )
    assert booked.entries.count() == 1


def test_a_medic_cannot_record_custody_entries_and_an_officer_cannot_record_medical_ones(booked, medic, duty_officer):
    with pytest.raises(PermissionDenied):
        add_check(booked, medic, timezone.now())
    with pytest.raises(PermissionDenied):
        services.add_entry(
            record=booked, actor=duty_officer, kind=EntryKind.MEDICAL_EXAM, occurred_at=timezone.now(), details={}
        )
    assert booked.entries.count() == 1


def test_intake_and_release_entries_cannot_be_added_by_hand(booked, duty_officer):
    for kind in (EntryKind.INTAKE, EntryKind.RELEASE):
        with pytest.raises(ValidationError):
            services.add_entry(record=booked, actor=duty_officer, kind=kind, occurred_at=timezone.now())


def test_the_officer_adds_a_search_with_property_through_the_page(client, booked, duty_officer):
    client.force_login(duty_officer)
    url = reverse("detainees:entry-create", args=[booked.pk, "search"])
    occurred = timezone.localtime() - timedelta(minutes=5)
    response = client.post(
        url,
        {
            "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
            "searched_by": "сержант Коваль Д. І.",
            "searcher_sex": "M",
            "cash": "350.50",
            "detainee_signed": "on",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "60",
            "items-0-description": "Телефон Samsung",
            "items-0-quantity": "1",
            "items-0-bag_number": "ПК-0145",
            "items-1-description": "",
            "items-1-quantity": "",
            "items-1-bag_number": "",
            **once(),
        },
    )
    assert response.status_code == 302
    entry = booked.entries.get(kind=EntryKind.SEARCH)
    assert entry.details["items"] == [{"description": "Телефон Samsung", "quantity": 1, "bag_number": "ПК-0145"}]
    assert entry.details["cash"] == "350.50"
    page = client.get(booked.get_absolute_url()).content.decode()
    assert "Телефон Samsung" in page and "ПК-0145" in page


def test_an_unsigned_search_needs_a_reason_and_shows_the_error_on_the_form(client, booked, duty_officer):
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:entry-create", args=[booked.pk, "search"]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "searched_by": "Коваль",
            "searcher_sex": "M",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            **once(),
        },
    )
    assert response.status_code == 200
    assert "Say why the detainee did not sign" in response.content.decode()
    assert booked.entries.count() == 1


def test_a_future_time_typed_into_the_form_is_a_form_error_not_a_500(client, booked, duty_officer):
    client.force_login(duty_officer)
    future = timezone.localtime() + timedelta(hours=1)
    response = client.post(
        reverse("detainees:entry-create", args=[booked.pk, "check"]),
        {
            "occurred_at": future.strftime("%Y-%m-%dT%H:%M"),
            "state": "awake",
            "condition": "normal",
            **once(),
        },
    )
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert booked.entries.count() == 1


def test_an_unknown_entry_kind_is_refused(client, booked, duty_officer):
    client.force_login(duty_officer)
    assert client.get(reverse("detainees:entry-create", args=[booked.pk, "teleport"])).status_code == 403
