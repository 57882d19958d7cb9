"""Timeline entries and audit rows can never be changed or removed, by the app or by raw SQL."""

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from custody.lib.appendonly import AppendOnlyError
from detainees.models import CustodyRecord, TimelineEntry


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_saving_an_existing_entry_again_is_refused(booked):
    entry = booked.entries.get()
    entry.details = {"forged": True}
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.details != {"forged": True}


def test_deleting_an_entry_through_the_model_is_refused(booked):
    with pytest.raises(AppendOnlyError):
        booked.entries.get().delete()
    with pytest.raises(AppendOnlyError):
        TimelineEntry.objects.filter(record=booked).delete()
    with pytest.raises(AppendOnlyError):
        TimelineEntry.objects.filter(record=booked).update(details={})
    assert booked.entries.count() == 1


def test_raw_sql_update_of_an_entry_is_refused_by_the_database(booked):
    entry = booked.entries.get()
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE detainees_timelineentry SET details = %s WHERE id = %s", ['{"forged": true}', entry.pk])
    entry.refresh_from_db()
    assert "forged" not in entry.details


def test_raw_sql_delete_of_an_entry_is_refused_by_the_database(booked):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM detainees_timelineentry WHERE record_id = %s", [booked.pk])
    assert booked.entries.count() == 1


def test_raw_sql_cannot_rewrite_or_remove_audit_rows(booked):
    row = LogEntry.objects.first()
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE auditlog_logentry SET changes_text = 'x' WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM auditlog_logentry WHERE id = %s", [row.pk])
    assert LogEntry.objects.filter(pk=row.pk).exists()


def test_raw_sql_cannot_delete_a_custody_record(booked):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM detainees_custodyrecord WHERE id = %s", [booked.pk])
    assert CustodyRecord.objects.filter(pk=booked.pk).exists()


def test_emptying_the_whole_timeline_table_is_refused(booked):
    # PostgreSQL's TRUNCATE skips row triggers; SQLite's unqualified DELETE is its truncate.
    if connection.vendor == "postgresql":
        # Flush the test transaction's deferred FK checks, which would block TRUNCATE first.
        raw("SET CONSTRAINTS ALL IMMEDIATE")
        sql = "TRUNCATE detainees_timelineentry CASCADE"
    else:
        sql = "DELETE FROM detainees_timelineentry"
    with pytest.raises(DatabaseError, match="append-only"):
        raw(sql)
    assert booked.entries.count() == 1
