"""Verification finds any change made outside the application, and names the log and entry."""

import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from integrity import heads as signing
from integrity import merkle
from integrity.models import Leaf, Log, Node, Source, Verification
from integrity.verify import HeadFileError, export_heads, parse_heads, verify
from tests.tamper import drop_triggers, execute

pytestmark = pytest.mark.tampers


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_integrity", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def leaf_of(entry):
    return Leaf.objects.get(source=Source.TIMELINE, object_id=entry.pk)


def note(record, n=0):
    return list(record.entries.filter(kind="note").order_by("pk"))[n]


def test_untouched_logs_verify_and_the_command_exits_0_with_the_counts(history):
    signing.sign_all()
    code, out, _err = run()
    assert code == 0 and "Intact:" in out
    leaves = Leaf.objects.count()
    assert f"{leaves} leaves" in out
    assert Verification.objects.get().intact


def test_an_entry_altered_in_the_database_is_named_with_its_log_and_leaf(history, facility):
    target = note(history, 2)
    drop_triggers("detainees_timelineentry")
    execute("UPDATE detainees_timelineentry SET details = %s WHERE id = %s", [json.dumps({"text": "інше"}), target.pk])
    report = verify()
    assert not report.intact
    problem = report.problems[0]
    assert problem.log == facility.code and problem.object_id == target.pk and problem.leaf == leaf_of(target).index
    assert f"timeline entry {target.pk}" in str(problem) and "altered" in str(problem)
    code, _out, err = run()
    assert code == 1 and f"Log {facility.code}" in err


def test_a_deleted_entry_is_named(history):
    target = note(history, 1)
    drop_triggers("detainees_timelineentry")
    drop_triggers("auditlog_logentry")
    execute("UPDATE detainees_custodyrecord SET open_movement_id = NULL")
    execute("DELETE FROM detainees_timelineentry WHERE id = %s", [target.pk])
    report = verify()
    assert f"timeline entry {target.pk}" in str(report) and "deleted" in str(report)


def test_a_row_inserted_outside_the_application_is_in_no_log(history):
    execute(
        "INSERT INTO detainees_timelineentry (record_id, kind, occurred_at, recorded_at, author_id, details, "
        "correction_reason) SELECT record_id, kind, occurred_at, recorded_at, author_id, details, "
        "correction_reason FROM detainees_timelineentry WHERE id = %s",
        [note(history).pk],
    )
    report = verify()
    assert not report.intact and "in no log" in str(report)


def test_two_leaves_swapped_are_found_at_the_first_of_them(history):
    a, b = leaf_of(note(history, 0)), leaf_of(note(history, 1))
    drop_triggers("integrity_leaf")
    execute("UPDATE integrity_leaf SET object_id = -1 WHERE id = %s", [a.pk])
    execute("UPDATE integrity_leaf SET object_id = %s WHERE id = %s", [a.object_id, b.pk])
    execute("UPDATE integrity_leaf SET object_id = %s WHERE id = %s", [b.object_id, a.pk])
    report = verify()
    assert not report.intact and report.problems[0].leaf == a.index


def test_a_leaf_removed_from_the_log_is_named_as_a_gap(history):
    target = leaf_of(note(history, 2))
    drop_triggers("integrity_leaf")
    execute("DELETE FROM integrity_leaf WHERE id = %s", [target.pk])
    report = verify()
    assert f"leaf {target.index} is missing" in str(report)


def test_a_forged_leaf_hash_with_a_consistent_row_still_breaks_the_signed_root(history, facility):
    """Rewriting an entry and its leaf and every subtree and the head: only the signed heads can tell."""
    signing.sign_all()
    target = note(history, 0)
    for table in ("detainees_timelineentry", "integrity_leaf", "integrity_node", "integrity_log"):
        drop_triggers(table)
    execute("UPDATE detainees_timelineentry SET details = %s WHERE id = %s", [json.dumps({"text": "x"}), target.pk])
    _rebuild(Log.objects.get(facility=facility))
    report = verify()
    assert not report.intact
    assert "signed head" in str(report) and "does not match the log" in str(report)


def test_a_log_rewritten_and_signed_again_fails_against_the_heads_kept_outside(history, facility, tmp_path):
    signing.sign_all()
    kept = tmp_path / "heads.json"
    kept.write_text(json.dumps(export_heads()))
    target = note(history, 0)
    for table in ("detainees_timelineentry", "integrity_leaf", "integrity_node", "integrity_log", "integrity_treehead"):
        drop_triggers(table)
    execute("UPDATE detainees_timelineentry SET details = %s WHERE id = %s", [json.dumps({"text": "x"}), target.pk])
    log = _rebuild(Log.objects.get(facility=facility))
    execute("DELETE FROM integrity_treehead")
    signing.sign_all()  # the rewriter holds the key too
    assert verify().intact  # consistent in itself...
    code, _out, err = run("--heads", str(kept))
    assert code == 1 and f"Log {log.key}" in err and "kept head" in err  # ...but not with what was kept


def test_a_kept_head_signed_with_another_key_is_refused(history, tmp_path):
    signing.sign_all()
    document = export_heads()
    other = Ed25519PrivateKey.generate()
    head = document["heads"][0]
    import base64

    head["signature"] = base64.b64encode(
        other.sign(signing.message(head["log"], head["size"], head["root"], head["timestamp"]))
    ).decode()
    report = verify(head_file=parse_heads(json.dumps(document)))
    assert "not signed by this system's key" in str(report)


def test_verifying_with_the_wrong_public_key_fails_every_signed_head(history):
    signing.sign_all()
    report = verify(public_key=Ed25519PrivateKey.generate().public_key())
    assert not report.intact and "valid signature" in str(report)


def test_a_heads_file_for_another_log_is_named(history):
    signing.sign_all()
    document = export_heads()
    document["heads"][0]["log"] = "ELSEWHERE"
    report = verify(head_file=parse_heads(json.dumps(document)))
    assert "ELSEWHERE" in str(report) and "does not have" in str(report)


def test_a_stored_subtree_altered_is_found(history, facility):
    node = Node.objects.filter(log__facility=facility).first()
    drop_triggers("integrity_node")
    execute("UPDATE integrity_node SET hash = %s WHERE id = %s", ["0" * 64, node.pk])
    assert "stored subtree" in str(verify())


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{}",
        b'{"heads": []}',
        b'{"heads": [{"log": 1}]}',
        b"[" * 100000,
        b'{"heads": [{"log": "A", "size": true, "root": "00", "timestamp": "", "key_id": "", "signature": ""}]}',
    ],
)
def test_a_file_that_is_not_a_heads_file_is_refused_with_one_message(content, tmp_path, db):
    with pytest.raises(HeadFileError, match="not a heads file"):
        parse_heads(content)
    bad = tmp_path / "heads.json"
    bad.write_bytes(content)
    with pytest.raises(Exception, match="not a heads file"):
        call_command("verify_integrity", "--heads", str(bad))


def _rebuild(log):
    """What someone with the owner's rights would do: recompute every leaf, subtree and the head."""
    from integrity import leaves

    rows = list(Leaf.objects.filter(log=log).order_by("index"))
    hashes = []
    for leaf in rows:
        row = leaves.rows(leaf.source, [leaf.object_id], leaf.version)[leaf.object_id]
        digest = leaves.hash_of(leaf.source, leaf.version, row)
        execute("UPDATE integrity_leaf SET hash = %s WHERE id = %s", [digest.hex(), leaf.pk])
        hashes.append(digest)
    frontier, finished = merkle.append([], 0, hashes)
    for level, index, h in finished:
        execute(
            'UPDATE integrity_node SET hash = %s WHERE log_id = %s AND level = %s AND "index" = %s',
            [h.hex(), log.pk, level, index],
        )
    execute(
        "UPDATE integrity_log SET root = %s, frontier = %s WHERE id = %s",
        [merkle.root_of(frontier).hex(), json.dumps([[lv, h.hex()] for lv, h in frontier]), log.pk],
    )
    return log


def test_a_leaf_planted_outside_the_logs_positions_is_found(history, facility):
    """A forged entry with a leaf at position -1 (or past the head) must not count as sealed."""
    log = Log.objects.get(facility=facility)
    execute(
        "INSERT INTO detainees_timelineentry (record_id, kind, occurred_at, recorded_at, author_id, details, "
        "correction_reason) SELECT record_id, kind, occurred_at, recorded_at, author_id, details, "
        "correction_reason FROM detainees_timelineentry WHERE id = %s",
        [note(history).pk],
    )
    forged = history.entries.latest("pk")
    for index in (log.size + 5,):  # a negative position the database refuses (next test)
        execute(
            'INSERT INTO integrity_leaf (log_id, "index", source, object_id, hash, version, sealed_at) '
            "VALUES (%s, %s, 'timeline', %s, %s, 1, CURRENT_TIMESTAMP)",
            [log.pk, index, forged.pk, "0" * 64],
        )
    assert "outside its positions" in str(verify())


def test_a_negative_leaf_position_is_refused_by_the_database(history, facility):
    from django.db import IntegrityError, transaction

    log = Log.objects.get(facility=facility)
    with pytest.raises(IntegrityError), transaction.atomic():
        execute(
            'INSERT INTO integrity_leaf (log_id, "index", source, object_id, hash, version, sealed_at) '
            "VALUES (%s, -1, 'timeline', 999999, %s, 1, CURRENT_TIMESTAMP)",
            [log.pk, "0" * 64],
        )


def test_a_leaf_of_an_unknown_kind_or_format_is_named_not_a_traceback(history, facility):
    target = leaf_of(note(history, 1))
    drop_triggers("integrity_leaf")
    execute("UPDATE integrity_leaf SET source = 'bogus' WHERE id = %s", [target.pk])
    assert f"leaf {target.index} has a kind or format" in str(verify())


def test_a_tampered_right_edge_of_the_head_is_found(history, facility):
    drop_triggers("integrity_log")
    execute("UPDATE integrity_log SET frontier = %s WHERE facility_id = %s", [json.dumps([[0, "0" * 64]]), facility.pk])
    assert "wrong right edge" in str(verify())


def test_verification_while_officers_write_reports_nothing_false(history, duty_officer, monkeypatch):
    """Rows appended after the run read a head are left for the next run, not reported as tampering."""
    from django.utils import timezone

    from detainees import services
    from integrity import verify as verification

    real = verification._verify_log

    def write_meanwhile(log, *args):
        services.add_entry(
            record=history, actor=duty_officer, kind="note", occurred_at=timezone.now(), details={"text": "тим часом"}
        )
        signing.sign_all()
        return real(log, *args)

    monkeypatch.setattr(verification, "_verify_log", write_meanwhile)
    report = verify()
    assert report.intact, str(report)
