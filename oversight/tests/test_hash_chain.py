"""The hash chain over timeline entries and audit rows finds any change made outside the application."""

import json
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from detainees import services
from detainees.models import EntryKind, TimelineEntry
from detainees.tests.conftest import person_data, record_data
from oversight import chain
from oversight.models import Chain, ChainHead, Seal, Verification

from .tamper import drop_triggers, execute


@pytest.fixture
def history(booked, duty_officer):
    """A record with a few notes: intake, three notes, and their audit rows."""
    from django.utils import timezone

    for n in range(3):
        services.add_entry(record=booked, actor=duty_officer, kind=EntryKind.NOTE,
                           occurred_at=timezone.now(), details={"text": f"Примітка {n}"})
    return booked


def notes(record):
    return list(record.entries.filter(kind=EntryKind.NOTE).order_by("pk"))


def run_command(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit_chain", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_every_timeline_entry_and_audit_row_is_sealed_in_order(history):
    entries = TimelineEntry.objects.count()
    assert Seal.objects.filter(chain=Chain.TIMELINE).count() == entries
    assert Seal.objects.filter(chain=Chain.AUDIT).count() == LogEntry.objects.count()
    seqs = list(Seal.objects.filter(chain=Chain.TIMELINE).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, entries + 1))
    head = ChainHead.objects.get(chain=Chain.TIMELINE)
    assert head.seq == entries
    assert head.hash == Seal.objects.get(chain=Chain.TIMELINE, seq=entries).hash


def test_untouched_history_verifies_and_the_command_exits_0_with_the_count(history):
    code, out, _err = run_command()
    assert code == 0
    assert f"timeline: intact — {TimelineEntry.objects.count()} entries verified" in out
    assert f"audit: intact — {LogEntry.objects.count()} entries verified" in out
    assert Verification.objects.filter(intact=True).count() == 2


def test_a_one_byte_change_made_with_raw_sql_is_found_and_named(history):
    target = notes(history)[1]
    drop_triggers("detainees_timelineentry")
    execute("UPDATE detainees_timelineentry SET correction_reason = %s WHERE id = %s", [" ", target.pk])
    result = chain.verify(Chain.TIMELINE)
    assert not result.intact
    assert result.broken_id == target.pk
    code, _out, err = run_command()
    assert code == 1
    assert f"entry #{target.pk}" in err and "altered" in err


def test_a_change_inside_the_details_json_is_found(history):
    target = notes(history)[0]
    drop_triggers("detainees_timelineentry")
    execute("UPDATE detainees_timelineentry SET occurred_at = occurred_at WHERE id = %s", [target.pk])
    assert chain.verify(Chain.TIMELINE).intact  # rewriting the same value changes nothing
    TimelineEntry.objects.filter(pk=target.pk)  # the row as the application sees it
    execute("UPDATE detainees_timelineentry SET details = %s WHERE id = %s",
            [json.dumps({"text": "Примітка 9"}, ensure_ascii=False), target.pk])
    result = chain.verify(Chain.TIMELINE)
    assert (result.intact, result.broken_id) == (False, target.pk)


def test_a_deleted_entry_is_found(history):
    target = notes(history)[1]
    drop_triggers("detainees_timelineentry")
    execute("DELETE FROM detainees_timelineentry WHERE id = %s", [target.pk])
    result = chain.verify(Chain.TIMELINE)
    assert not result.intact
    assert result.broken_id == target.pk
    assert "deleted" in result.problem


def test_an_entry_deleted_together_with_its_seal_leaves_a_gap(history):
    target = notes(history)[0]
    seal = Seal.objects.get(chain=Chain.TIMELINE, object_id=target.pk)
    drop_triggers("detainees_timelineentry")
    drop_triggers("oversight_seal")
    execute("DELETE FROM oversight_seal WHERE id = %s", [seal.pk])
    execute("DELETE FROM detainees_timelineentry WHERE id = %s", [target.pk])
    result = chain.verify(Chain.TIMELINE)
    assert not result.intact
    assert result.broken_seq == seal.seq
    assert "missing" in result.problem


def test_a_swapped_order_is_found(history):
    first, second = notes(history)[:2]
    a = Seal.objects.get(chain=Chain.TIMELINE, object_id=first.pk)
    b = Seal.objects.get(chain=Chain.TIMELINE, object_id=second.pk)
    drop_triggers("oversight_seal")
    # Swap which entry each link points at: the same rows, in a different order.
    execute("UPDATE oversight_seal SET object_id = -1 WHERE id = %s", [a.pk])
    execute("UPDATE oversight_seal SET object_id = %s WHERE id = %s", [first.pk, b.pk])
    execute("UPDATE oversight_seal SET object_id = %s WHERE id = %s", [second.pk, a.pk])
    result = chain.verify(Chain.TIMELINE)
    assert not result.intact
    assert result.broken_seq == a.seq


def test_removing_the_newest_entries_is_found_by_the_head(history):
    last = notes(history)[-1]
    drop_triggers("detainees_timelineentry")
    drop_triggers("oversight_seal")
    execute("DELETE FROM oversight_seal WHERE chain = 'timeline' AND object_id = %s", [last.pk])
    execute("DELETE FROM detainees_timelineentry WHERE id = %s", [last.pk])
    result = chain.verify(Chain.TIMELINE)
    assert not result.intact
    assert "newest entries were removed" in result.problem


def test_an_entry_inserted_outside_the_application_is_found(history, duty_officer):
    execute(
        "INSERT INTO detainees_timelineentry (record_id, kind, occurred_at, recorded_at, author_id, details, "
        "correction_reason) SELECT record_id, kind, occurred_at, recorded_at, author_id, details, correction_reason "
        "FROM detainees_timelineentry WHERE id = %s", [notes(history)[0].pk],
    )
    result = chain.verify(Chain.TIMELINE)
    assert not result.intact
    assert "not sealed" in result.problem


def test_a_changed_audit_row_is_found(history):
    row = LogEntry.objects.order_by("pk")[2]
    drop_triggers("auditlog_logentry")
    execute("UPDATE auditlog_logentry SET object_repr = %s WHERE id = %s", [row.object_repr + "x", row.pk])
    result = chain.verify(Chain.AUDIT)
    assert (result.intact, result.broken_id) == (False, row.pk)
    assert chain.verify(Chain.TIMELINE).intact


def _rewrite_chain_from(seq):
    """What a careful attacker would do after an edit: recompute every later link and the head."""
    previous = Seal.objects.get(chain=Chain.TIMELINE, seq=seq - 1).hash if seq > 1 else "0" * 64
    columns = [f.attname for f in TimelineEntry._meta.concrete_fields]
    for link in Seal.objects.filter(chain=Chain.TIMELINE, seq__gte=seq).order_by("seq"):
        row = TimelineEntry.objects.filter(pk=link.object_id).values(*columns).get()
        previous = chain.link_hash(Chain.TIMELINE, link.seq, previous, row)
        execute("UPDATE oversight_seal SET hash = %s WHERE id = %s", [previous, link.pk])
    execute("UPDATE oversight_chainhead SET hash = %s WHERE chain = 'timeline'", [previous])


def test_verification_against_an_exported_head_catches_a_rewritten_chain(history, tmp_path):
    exported = chain.export_head()
    head_file = tmp_path / "head.json"
    head_file.write_text(json.dumps(exported))
    assert run_command("--head", str(head_file))[0] == 0

    target = notes(history)[0]
    drop_triggers("detainees_timelineentry")
    drop_triggers("oversight_seal")
    execute("UPDATE detainees_timelineentry SET details = %s WHERE id = %s",
            [json.dumps({"text": "переписано"}, ensure_ascii=False), target.pk])
    _rewrite_chain_from(Seal.objects.get(chain=Chain.TIMELINE, object_id=target.pk).seq)

    assert chain.verify(Chain.TIMELINE).intact  # the rewritten chain is consistent in itself...
    code, _out, err = run_command("--head", str(head_file))
    assert code == 1  # ...but no longer reaches the exported head
    assert "exported head" in err


def test_entries_written_after_an_export_still_verify_against_it(history, duty_officer, tmp_path):
    from django.utils import timezone

    head_file = tmp_path / "head.json"
    head_file.write_text(json.dumps(chain.export_head()))
    services.add_entry(record=history, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(),
                       details={"text": "пізніше"})
    assert run_command("--head", str(head_file))[0] == 0
    assert run_command()[0] == 0


def test_a_head_file_that_is_not_one_is_refused_clearly(tmp_path, db):
    bad = tmp_path / "head.json"
    bad.write_text('{"chains": [{"chain": "timeline", "seq": "1; DROP TABLE", "hash": "x"}]}')
    with pytest.raises(Exception, match="not a chain head"):
        call_command("verify_audit_chain", "--head", str(bad))


def test_the_seal_table_itself_refuses_update_and_delete(history):
    from django.db import IntegrityError, InternalError, OperationalError, transaction
    from django.db.utils import ProgrammingError

    for sql in ("UPDATE oversight_seal SET hash = 'x'", "DELETE FROM oversight_seal"):
        with pytest.raises((IntegrityError, InternalError, OperationalError, ProgrammingError)):
            with transaction.atomic():
                execute(sql)


def test_a_second_booking_is_sealed_after_the_first_without_forking(facility, duty_officer):
    first = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    second = services.book_in(
        actor=duty_officer, person_data=person_data(surname="Іваненко", document_number="АН000001"),
        record_data=record_data(facility),
    )
    seal_a = Seal.objects.get(chain=Chain.TIMELINE, object_id=first.entries.get().pk)
    seal_b = Seal.objects.get(chain=Chain.TIMELINE, object_id=second.entries.get().pk)
    assert seal_b.seq == seal_a.seq + 1
    assert chain.verify(Chain.TIMELINE).intact and chain.verify(Chain.AUDIT).intact


def test_entries_inserted_in_bulk_are_sealed_too(booked, duty_officer):
    from django.utils import timezone

    TimelineEntry.objects.bulk_create([
        TimelineEntry(record=booked, kind=EntryKind.CHECK, occurred_at=timezone.now(), author=duty_officer,
                      details={"state": "asleep"}) for _ in range(3)
    ])
    assert Seal.objects.filter(chain=Chain.TIMELINE).count() == TimelineEntry.objects.count()
    assert chain.verify(Chain.TIMELINE).intact


def test_an_entry_written_while_verification_runs_is_no_false_alarm(history, duty_officer, monkeypatch):
    from django.utils import timezone

    real = chain.Seal.objects.filter

    def write_meanwhile(*args, **kwargs):
        monkeypatch.setattr(chain.Seal.objects, "filter", real)
        services.add_entry(record=history, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(),
                           details={"text": "під час перевірки"})
        return real(*args, **kwargs)

    monkeypatch.setattr(chain.Seal.objects, "filter", write_meanwhile)
    assert chain.verify(Chain.TIMELINE).intact
    assert chain.verify(Chain.TIMELINE).intact


def test_a_missing_chain_head_is_reported(history):
    drop_triggers("oversight_chainhead")
    execute("DELETE FROM oversight_chainhead WHERE chain = 'timeline'")
    result = chain.verify(Chain.TIMELINE)
    assert not result.intact and "head is missing" in result.problem


def test_head_files_with_boolean_or_deeply_nested_values_are_refused(db):
    with pytest.raises(chain.HeadFileError):
        chain.parse_head('{"chains": [{"chain": "timeline", "seq": true, "hash": "' + "0" * 64 + '"}]}')
    with pytest.raises(chain.HeadFileError):
        chain.parse_head("[" * 100000)


def test_a_seal_keeps_the_column_format_it_was_made_with(history):
    assert set(Seal.objects.values_list("version", flat=True)) == {chain.FORMAT}
    assert chain.FORMATS[1][Chain.TIMELINE][0] == "id"
