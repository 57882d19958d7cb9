"""Every exit from the cell is matched by a return, recorded with the condition on return."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind

OUT = {"purpose": "interview", "taken_by": "слідчий Гнатюк", "requested_by": "", "destination": "каб. 12"}
BACK = {"condition": "задовільний", "complaints": "", "new_injuries": False}


def test_taking_out_and_returning_pairs_the_two_entries(booked, duty_officer, in_cell):
    now = timezone.now()
    out = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.MOVEMENT_OUT,
        occurred_at=now - timedelta(minutes=40),
        details=OUT,
    )
    booked.refresh_from_db()
    assert booked.open_movement == out
    back = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.MOVEMENT_RETURN,
        occurred_at=now - timedelta(minutes=5),
        details=BACK,
    )
    booked.refresh_from_db()
    assert back.related == out
    assert booked.open_movement is None


def test_a_return_without_an_exit_is_refused(booked, duty_officer):
    with pytest.raises(ValidationError, match="not out of the cell"):
        services.add_entry(
            record=booked, actor=duty_officer, kind=EntryKind.MOVEMENT_RETURN, occurred_at=timezone.now(), details=BACK
        )
    assert booked.entries.count() == 1


def test_a_second_exit_before_the_return_is_refused(booked, duty_officer, in_cell):
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.MOVEMENT_OUT,
        occurred_at=timezone.now() - timedelta(minutes=10),
        details=OUT,
    )
    with pytest.raises(ValidationError, match="already out of the cell"):
        services.add_entry(
            record=booked, actor=duty_officer, kind=EntryKind.MOVEMENT_OUT, occurred_at=timezone.now(), details=OUT
        )
    assert booked.entries.filter(kind=EntryKind.MOVEMENT_OUT).count() == 1


def test_a_return_dated_before_the_exit_is_refused(booked, duty_officer, in_cell):
    out_at = timezone.now() - timedelta(minutes=10)
    services.add_entry(record=booked, actor=duty_officer, kind=EntryKind.MOVEMENT_OUT, occurred_at=out_at, details=OUT)
    with pytest.raises(ValidationError, match="before the detainee was taken out"):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.MOVEMENT_RETURN,
            occurred_at=out_at - timedelta(minutes=1),
            details=BACK,
        )
    booked.refresh_from_db()
    assert booked.open_movement is not None


def test_the_menu_offers_the_return_only_while_the_detainee_is_out(client, booked, duty_officer, in_cell):
    client.force_login(duty_officer)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert "/entries/movement_out/" in page and "/entries/movement_return/" not in page
    services.add_entry(
        record=booked, actor=duty_officer, kind=EntryKind.MOVEMENT_OUT, occurred_at=timezone.now(), details=OUT
    )
    page = client.get(booked.get_absolute_url()).content.decode()
    assert "/entries/movement_return/" in page and "/entries/movement_out/" not in page
