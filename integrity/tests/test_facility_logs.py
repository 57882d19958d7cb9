"""Each facility's entries and audit rows form their own log; national objects a national log."""

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from detainees import services
from detainees.models import EntryKind, TimelineEntry
from integrity import merkle
from integrity.log import sealed
from integrity.models import NATIONAL, Leaf, Log, Node, Source
from integrity.verify import unsealed_rows, verify


def naive_root(hashes):
    if len(hashes) == 1:
        return hashes[0]
    k = merkle.split(len(hashes))
    return merkle.node_hash(naive_root(hashes[:k]), naive_root(hashes[k:]))


def test_an_entry_and_its_audit_row_are_leaves_of_the_facilitys_own_log(history, elsewhere, facility, other_facility):
    mine, theirs = Log.objects.get(facility=facility), Log.objects.get(facility=other_facility)
    entry = history.entries.latest("pk")
    audit = LogEntry.objects.get(object_pk=str(entry.pk), content_type__model="timelineentry")
    assert Leaf.objects.get(source=Source.TIMELINE, object_id=entry.pk).log == mine
    assert Leaf.objects.get(source=Source.AUDIT, object_id=audit.pk).log == mine
    assert not Leaf.objects.filter(log=theirs, source=Source.TIMELINE, object_id__in=history.entries.values("pk"))
    assert Leaf.objects.get(source=Source.TIMELINE, object_id=elsewhere.entries.get().pk).log == theirs
    assert mine.key == facility.code


def test_a_logs_leaves_run_without_a_gap_and_its_root_is_the_rfc_9162_root_of_them(history, facility):
    log = Log.objects.get(facility=facility)
    leaves = list(Leaf.objects.filter(log=log).order_by("index"))
    assert [leaf.index for leaf in leaves] == list(range(log.size))
    assert log.root == naive_root([bytes.fromhex(leaf.hash) for leaf in leaves]).hex()
    assert Node.objects.filter(log=log).count() == log.size - bin(log.size).count("1")  # every complete subtree


def test_users_facilities_and_cells_go_into_the_national_log(administrator, facility):
    with sealed(actor=administrator):
        cell = CellFactory.build(facility=facility, number="99")
        cell.save()
    audit = LogEntry.objects.get(object_pk=str(cell.pk), content_type__model="cell")
    assert Leaf.objects.get(source=Source.AUDIT, object_id=audit.pk).log.key == NATIONAL
    assert audit.actor == administrator


def test_after_each_kind_of_service_call_no_timeline_entry_or_audit_row_is_left_unsealed(
    booked, duty_officer, facility, cell
):
    now = timezone.now()
    calls = [
        lambda: services.add_entry(
            record=booked, actor=duty_officer, kind=EntryKind.PLACEMENT, occurred_at=now, cell=cell, details={}
        ),
        lambda: services.add_entry(
            record=booked, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=now, details={"text": "n"}
        ),
        lambda: services.correct_entry(
            entry=booked.entries.get(kind=EntryKind.NOTE),
            actor=duty_officer,
            occurred_at=now,
            details={"text": "m"},
            reason="typo",
        ),
        lambda: services.record_round(
            actor=duty_officer,
            facility=facility,
            kind=EntryKind.MEAL,
            occurred_at=now,
            rows=[(booked, {"served": "meal", "accepted": True, "note": ""})],
        ),
        lambda: services.release(
            record=booked, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"}
        ),
    ]
    for call in calls:
        before = Leaf.objects.count()
        call()
        assert unsealed_rows() == []
        assert Leaf.objects.count() > before  # the call wrote and sealed something
    assert TimelineEntry.objects.count() == Leaf.objects.filter(source=Source.TIMELINE).count()
    assert verify().intact


def test_a_refused_entry_writes_no_leaf_and_leaves_the_head_unmoved(booked, duty_officer, facility):
    import pytest
    from django.core.exceptions import ValidationError

    log = Log.objects.get(facility=facility)
    with pytest.raises(ValidationError):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.NOTE,
            occurred_at=timezone.now() + timezone.timedelta(hours=1),
            details={"text": "later"},
        )
    assert Log.objects.get(pk=log.pk).size == log.size
    assert Leaf.objects.filter(log=log).count() == log.size


def test_appending_an_entry_takes_at_most_twelve_statements(booked, duty_officer):
    services.add_entry(
        record=booked, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "warm"}
    )
    with CaptureQueriesContext(connection) as queries:
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now(),
            details={"state": "awake", "condition": "normal", "note": ""},
        )
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) <= 12, "\n".join(statements)
    assert sum("integrity_log" in sql for sql in statements) == 2  # the head: locked once, moved once


def test_a_facility_given_a_code_another_facilitys_log_already_bears_gets_a_log_of_its_own(booked, facility, region):
    from custody.facilities.tests.factories import FacilityFactory

    with sealed():
        facility.code = "ITT1-OLD"
        facility.save()
        newcomer = FacilityFactory(region=region, code="ITT1")
    with sealed(facility=newcomer):
        newcomer.name = "ІТТ № 1 (нове)"
        newcomer.save()
    assert Log.objects.get(facility=newcomer).key == f"ITT1-{newcomer.pk}"
    assert Log.objects.get(facility=facility).key == "ITT1"


def test_an_entry_whose_details_the_database_rewrites_still_verifies(booked, duty_officer):
    """jsonb stores 1e16 as 10000000000000000: the seal hashes what the database returns."""
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now(),
        details={"text": "числа", "big": 1e16, "small": 0.1, "whole": 2.0},
    )
    assert verify().intact
