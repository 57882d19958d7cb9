"""`take_out` and `bring_back`: one exit at a time, each return pointing at its exit."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind
from integrity.models import Leaf, Log, Source

OUT = {"purpose": "court", "taken_by": "конвой ВП № 1", "requested_by": "", "destination": "суд"}
BACK = {"condition": "задовільний", "complaints": "", "new_injuries": False}


def test_taking_out_twice_is_refused_and_writes_nothing(booked, duty_officer, in_cell):
    out = services.take_out(
        record=booked, actor=duty_officer, occurred_at=timezone.now() - timedelta(minutes=10), details=OUT
    )
    log = Log.objects.get(facility=booked.facility)
    entries = booked.entries.count()
    with pytest.raises(ValidationError, match="already out of the cell"):
        services.take_out(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=OUT)
    booked.refresh_from_db()
    assert booked.open_movement == out
    assert booked.entries.count() == entries
    assert Log.objects.get(pk=log.pk).size == log.size


def test_the_exit_is_sealed_and_becomes_the_open_movement(booked, duty_officer, in_cell):
    out = services.take_out(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=OUT)
    booked.refresh_from_db()
    assert (booked.open_movement, out.kind, out.author) == (out, EntryKind.MOVEMENT_OUT, duty_officer)
    assert Leaf.objects.filter(source=Source.TIMELINE, object_id=out.pk).exists()


def test_bringing_back_points_at_the_exit_and_closes_it(booked, duty_officer, in_cell):
    out = services.take_out(
        record=booked, actor=duty_officer, occurred_at=timezone.now() - timedelta(minutes=30), details=OUT
    )
    back = services.bring_back(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=BACK)
    booked.refresh_from_db()
    assert (back.kind, back.related, booked.open_movement) == (EntryKind.MOVEMENT_RETURN, out, None)


def test_bringing_back_a_detainee_who_is_in_the_cell_is_refused_and_writes_nothing(booked, duty_officer):
    with pytest.raises(ValidationError, match="not out of the cell"):
        services.bring_back(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=BACK)
    assert not booked.entries.filter(kind=EntryKind.MOVEMENT_RETURN).exists()


def test_a_detainee_never_placed_cannot_be_taken_out_of_a_cell(booked, duty_officer):
    entries, audit = booked.entries.count(), LogEntry.objects.count()
    with pytest.raises(ValidationError, match="not been placed in a cell"):
        services.take_out(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=OUT)
    assert (booked.entries.count(), LogEntry.objects.count()) == (entries, audit)


def test_the_menu_offers_no_exit_before_the_placement(booked, duty_officer, facility):
    from detainees.kinds import menu_for

    offered = {spec.kind for _title, specs in menu_for(duty_officer, booked) for spec in specs}
    assert EntryKind.MOVEMENT_OUT not in offered and EntryKind.PLACEMENT in offered
