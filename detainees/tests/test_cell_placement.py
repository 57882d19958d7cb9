"""Placing a detainee in a cell: facility, service state and capacity are enforced."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from detainees import services
from detainees.models import CustodyRecord, EntryKind

from .conftest import person_data, record_data


def place(record, actor, cell):
    return services.add_entry(
        record=record,
        actor=actor,
        kind=EntryKind.PLACEMENT,
        occurred_at=timezone.now(),
        details={"reason": ""},
        cell=cell,
    )


def book(actor, facility, n):
    return services.book_in(
        actor=actor,
        person_data=person_data(surname=f"Бойко{'а' * n}", document_number=f"ВК00000{n}"),
        record_data=record_data(facility),
    )


def test_placement_puts_the_detainee_in_the_cell(booked, duty_officer, cell):
    entry = place(booked, duty_officer, cell)
    booked.refresh_from_db()
    assert booked.current_cell == cell
    assert entry.cell == cell


def test_a_cell_of_another_facility_is_refused(booked, duty_officer, other_facility):
    with pytest.raises(ValidationError, match="another facility"):
        place(booked, duty_officer, CellFactory(facility=other_facility))
    booked.refresh_from_db()
    assert booked.current_cell is None
    assert booked.entries.count() == 1


def test_a_cell_out_of_service_is_refused(booked, duty_officer, facility):
    with pytest.raises(ValidationError, match="out of service"):
        place(booked, duty_officer, CellFactory(facility=facility, in_service=False))
    assert not booked.entries.filter(kind=EntryKind.PLACEMENT).exists()


def test_a_full_cell_is_refused_naming_its_capacity(duty_officer, facility):
    cell = CellFactory(facility=facility, number="7", capacity=1)
    place(book(duty_officer, facility, 1), duty_officer, cell)
    second = book(duty_officer, facility, 2)
    with pytest.raises(ValidationError, match=r"Cell 7 is full \(1 places\)"):
        place(second, duty_officer, cell)
    assert CustodyRecord.objects.filter(current_cell=cell).count() == 1


def test_a_released_detainee_frees_their_place(duty_officer, facility):
    cell = CellFactory(facility=facility, capacity=1)
    first = book(duty_officer, facility, 1)
    place(first, duty_officer, cell)
    services.release(record=first, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"})
    place(book(duty_officer, facility, 2), duty_officer, cell)
    assert CustodyRecord.objects.filter(current_cell=cell).count() == 1


def test_moving_to_another_cell_frees_the_first(booked, duty_officer, facility, cell):
    other = CellFactory(facility=facility, capacity=1)
    place(booked, duty_officer, cell)
    place(booked, duty_officer, other)
    booked.refresh_from_db()
    assert booked.current_cell == other
    assert not CustodyRecord.objects.filter(current_cell=cell).exists()


def test_placing_in_the_same_cell_again_is_refused(booked, duty_officer, cell):
    place(booked, duty_officer, cell)
    with pytest.raises(ValidationError, match="already in this cell"):
        place(booked, duty_officer, cell)
