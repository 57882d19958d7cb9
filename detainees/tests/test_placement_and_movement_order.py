"""Where a detainee is follows from the order of placements and movements, so that order holds."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from custody.facilities.tests.factories import CellFactory
from detainees import services
from detainees.models import EntryKind
from integrity.log import sealed

OUT = {"purpose": "interview", "taken_by": "слідчий", "destination": "каб. 12"}
BACK = {"condition": "задовільний"}


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def add(record, actor, kind, minutes, cell=None, details=None):
    return services.add_entry(
        record=record, actor=actor, kind=kind, occurred_at=ago(minutes), details=details or {}, cell=cell
    )


def test_a_placement_dated_before_the_current_one_is_refused(booked, duty_officer, facility, cell):
    add(booked, duty_officer, EntryKind.PLACEMENT, 10, cell=cell)
    with pytest.raises(ValidationError, match="previous cell placement"):
        add(booked, duty_officer, EntryKind.PLACEMENT, 50, cell=CellFactory(facility=facility))
    booked.refresh_from_db()
    assert booked.current_cell == cell


def test_a_correction_cannot_move_a_placement_past_the_next_one(booked, duty_officer, facility, cell):
    first = add(booked, duty_officer, EntryKind.PLACEMENT, 50, cell=cell)
    add(booked, duty_officer, EntryKind.PLACEMENT, 40, cell=CellFactory(facility=facility))
    with pytest.raises(ValidationError, match="past another"):
        services.correct_entry(entry=first, actor=duty_officer, occurred_at=ago(5), details={}, cell=cell, reason="r")


def test_correcting_the_cell_while_the_detainee_is_out_is_refused(booked, duty_officer, facility, cell):
    placement = add(booked, duty_officer, EntryKind.PLACEMENT, 50, cell=cell)
    add(booked, duty_officer, EntryKind.MOVEMENT_OUT, 10, details=OUT)
    with pytest.raises(ValidationError, match="out of the cell"):
        services.correct_entry(
            entry=placement,
            actor=duty_officer,
            occurred_at=placement.occurred_at,
            details={},
            cell=CellFactory(facility=facility),
            reason="r",
        )


def test_a_correction_cannot_move_an_exit_after_its_return(booked, duty_officer, in_cell):
    out = add(booked, duty_officer, EntryKind.MOVEMENT_OUT, 30, details=OUT)
    add(booked, duty_officer, EntryKind.MOVEMENT_RETURN, 20, details=BACK)
    with pytest.raises(ValidationError, match="past another"):
        services.correct_entry(entry=out, actor=duty_officer, occurred_at=ago(5), details=OUT, reason="r")


def test_a_new_exit_cannot_be_dated_before_the_last_return(booked, duty_officer, in_cell):
    add(booked, duty_officer, EntryKind.MOVEMENT_OUT, 30, details=OUT)
    add(booked, duty_officer, EntryKind.MOVEMENT_RETURN, 20, details=BACK)
    with pytest.raises(ValidationError, match="previous cell placement or movement"):
        add(booked, duty_officer, EntryKind.MOVEMENT_OUT, 50, details=OUT)
    booked.refresh_from_db()
    assert booked.open_movement is None


def test_a_prosecutor_put_in_a_writing_group_by_mistake_still_cannot_write(booked, facility):
    prosecutor = UserFactory(role=Role.PROSECUTOR, facilities=[facility])
    with sealed():
        prosecutor.groups.add(*UserFactory(role=Role.DUTY_OFFICER).groups.all())
    with pytest.raises(PermissionDenied):
        add(booked, prosecutor, EntryKind.NOTE, 1, details={"text": "x"})
    assert booked.entries.count() == 1
