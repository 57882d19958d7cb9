"""Booking a detained person in: the record, its number, the intake entry, the person found again."""

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import CustodyRecord, EntryKind, Person, Status, TimelineEntry

from .conftest import person_data, record_data

NOW = timezone.datetime(2026, 11, 27, 10, 0, tzinfo=timezone.get_fixed_timezone(120))


@time_machine.travel(NOW, tick=False)
def test_booking_in_opens_a_numbered_record_with_an_intake_entry(duty_officer, facility):
    record = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))

    assert record.number == "ITT1-2026-000001"
    assert record.status == Status.IN_CUSTODY
    entry = record.entries.get()
    assert entry.kind == EntryKind.INTAKE
    assert entry.author == duty_officer
    assert entry.occurred_at == record.arrived_at
    assert entry.recorded_at == NOW


@time_machine.travel(NOW, tick=False)
def test_record_numbers_count_up_per_facility_and_year(duty_officer, facility, other_facility):
    first = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    second = services.book_in(
        actor=duty_officer,
        person_data=person_data(surname="Бойко", document_number="ВК000001"),
        record_data=record_data(facility),
    )
    assert (first.number, second.number) == ("ITT1-2026-000001", "ITT1-2026-000002")


def test_booking_in_writes_an_audit_row_naming_the_officer(duty_officer, facility):
    record = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    row = LogEntry.objects.get_for_object(record).get()
    assert row.action == LogEntry.Action.CREATE
    assert row.actor == duty_officer


def test_the_same_person_is_found_by_document_at_the_next_detention(duty_officer, facility, booked):
    services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"})
    again = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    assert again.person == booked.person
    assert Person.objects.count() == 1


def test_the_same_person_is_found_by_name_and_birth_date_whatever_the_apostrophe(duty_officer, facility):
    first = services.book_in(
        actor=duty_officer,
        person_data=person_data(document_type="none", document_number=""),
        record_data=record_data(facility),
    )
    services.release(record=first, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"})
    again = services.book_in(
        actor=duty_officer,
        person_data=person_data(surname="КОМʼЯКОВ", given_name="мар’ян", document_type="none", document_number=""),
        record_data=record_data(facility),
    )
    assert again.person == first.person


def test_a_second_open_record_for_a_person_in_custody_is_refused_and_writes_nothing(duty_officer, facility, booked):
    before = (CustodyRecord.objects.count(), TimelineEntry.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationError, match="already in custody"):
        services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    assert (CustodyRecord.objects.count(), TimelineEntry.objects.count(), LogEntry.objects.count()) == before


def test_a_document_registered_to_someone_else_is_refused(duty_officer, facility, booked):
    with pytest.raises(ValidationError, match="another person"):
        services.book_in(
            actor=duty_officer, person_data=person_data(surname="Інший"), record_data=record_data(facility)
        )
    assert CustodyRecord.objects.count() == 1


def test_arrival_before_the_moment_of_detention_is_refused(duty_officer, facility):
    now = timezone.now()
    data = record_data(facility, detained_at=now - timedelta(hours=1), arrived_at=now - timedelta(hours=2))
    with pytest.raises(ValidationError):
        services.book_in(actor=duty_officer, person_data=person_data(), record_data=data)
    assert not CustodyRecord.objects.exists()
    assert not Person.objects.exists()


def test_a_detention_in_the_future_is_refused(duty_officer, facility):
    data = record_data(facility, detained_at=timezone.now() + timedelta(minutes=5))
    with pytest.raises(ValidationError):
        services.book_in(actor=duty_officer, person_data=person_data(), record_data=data)
    assert not CustodyRecord.objects.exists()


def test_booking_into_a_facility_outside_ones_scope_is_refused(duty_officer, other_facility):
    with pytest.raises(PermissionDenied):
        services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(other_facility))
    assert not CustodyRecord.objects.exists()


def test_read_only_roles_cannot_book_in(prosecutor, facility):
    with pytest.raises(PermissionDenied):
        services.book_in(actor=prosecutor, person_data=person_data(), record_data=record_data(facility))


def test_the_record_list_finds_a_person_whatever_the_case_and_apostrophe(client, duty_officer, booked):
    client.force_login(duty_officer)
    page = client.get("/records/", {"q": "КОМ’ЯКОВ"}).content.decode()
    assert booked.number in page
    assert booked.number not in client.get("/records/", {"q": "Бойко"}).content.decode()
