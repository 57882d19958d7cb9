"""Each kind that changes the record has its own service, found through one table; one function creates entries."""

import pathlib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.kinds import SPECS
from detainees.models import EntryKind
from integrity.models import Leaf, Source

RELEASED = {"outcome": "released", "destination": "freedom", "legal_ground": "ст. 211 КПК"}
OUT = {"purpose": "interview", "taken_by": "слідчий Гнатюк", "requested_by": "", "destination": "каб. 12"}

# What each service needs to write its entry on a record just booked in (the exit first for the return).
WRITES = {
    EntryKind.PLACEMENT: {"details": {"reason": ""}},
    EntryKind.MOVEMENT_OUT: {"details": OUT},
    EntryKind.MOVEMENT_RETURN: {"details": {"condition": "задовільний", "complaints": "", "new_injuries": False}},
    EntryKind.RISK_REVIEW: {"details": {"observation_level": "3", "intoxicated": False, "reason": "Погрози"}},
    EntryKind.MEDICAL_REQUEST: {"details": {"reason": "Біль у грудях"}},
    EntryKind.INTERVIEW_DETAINEE: {"details": {"in_private": True, "language": "українська"}},
}


def test_every_service_in_the_table_is_for_a_hand_recorded_kind_and_says_what_it_does():
    assert set(services.TRANSITIONS) == set(WRITES)
    for kind, transition in services.TRANSITIONS.items():
        assert SPECS[kind].manual
        assert transition.service.__doc__


@pytest.fixture
def writer(booked, duty_officer, inspector, cell, in_cell):
    """Who writes a kind, and the arguments its service takes, on `booked`."""

    def arguments(kind):
        if kind == EntryKind.MOVEMENT_RETURN:
            services.take_out(
                record=booked, actor=duty_officer, occurred_at=timezone.now() - timedelta(minutes=5), details=OUT
            )
        actor = inspector if kind == EntryKind.INTERVIEW_DETAINEE else duty_officer
        extra = {"cell": cell} if kind == EntryKind.PLACEMENT else {}
        return {"record": booked, "actor": actor, "occurred_at": timezone.now(), **WRITES[kind], **extra}

    return arguments


@pytest.mark.parametrize("kind", list(WRITES))
def test_add_entry_hands_a_kind_that_changes_the_record_to_its_service(kind, writer):
    arguments = writer(kind)
    real = services.TRANSITIONS[kind]
    spy = mock.Mock(wraps=real.service)
    with mock.patch.dict(services.TRANSITIONS, {kind: services.Transition(spy, real.corrected)}):
        entry = services.add_entry(kind=kind, **arguments)
    spy.assert_called_once()
    assert entry.kind == kind


@pytest.mark.parametrize("kind", list(WRITES))
def test_each_service_writes_its_kind_and_seals_it(kind, writer):
    entry = services.TRANSITIONS[kind].service(**writer(kind))
    assert (entry.kind, entry.corrects) == (kind, None)
    assert Leaf.objects.filter(source=Source.TIMELINE, object_id=entry.pk).exists()


@pytest.mark.parametrize("kind", [EntryKind.MOVEMENT_RETURN, EntryKind.PLACEMENT])
def test_a_closed_record_is_named_before_the_kinds_own_rules(kind, booked, duty_officer, cell):
    services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=RELEASED)
    extra = {"cell": cell} if kind == EntryKind.PLACEMENT else {}
    with pytest.raises(ValidationError, match="This record is closed"):
        services.add_entry(
            record=booked, actor=duty_officer, kind=kind, occurred_at=timezone.now(), **WRITES[kind], **extra
        )


def test_only_the_append_function_creates_timeline_entries():
    creating = re.compile(
        r"TimelineEntry\.objects\.(create|bulk_create)\(|create_audited\(\s*TimelineEntry|(?<!class )TimelineEntry\("
    )
    found = []
    for app in ("custody", "detainees", "inspections", "integrity", "oversight"):
        for path in (pathlib.Path(settings.BASE_DIR) / app).rglob("*.py"):
            if {"tests", "migrations"} & set(path.parts):
                continue
            text = path.read_text()
            found += [
                f"{path.relative_to(settings.BASE_DIR)}:{text.count(chr(10), 0, match.start()) + 1}"
                for match in creating.finditer(text)
            ]
    assert len(found) == 1 and found[0].startswith("detainees/services.py:"), found
