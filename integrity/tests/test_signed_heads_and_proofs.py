"""Signed tree heads, inclusion and consistency proofs, and the verifiable printout and export."""

import json
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind
from integrity import evidence, proofs, verifier
from integrity import heads as signing
from integrity.models import Leaf, Log, Source, TreeHead

VERIFIER = Path(verifier.__file__)


def test_signing_signs_each_log_that_grew_once_and_the_signature_verifies(history, elsewhere):
    first = signing.sign_all()
    assert {h.log.key for h in first} == set(Log.objects.values_list("key", flat=True))
    assert signing.sign_all() == []  # nothing grew
    assert all(signing.signature_valid(h) for h in TreeHead.objects.all())
    head = TreeHead.objects.get(log__facility=history.facility)
    assert (head.size, head.root) == (
        Log.objects.get(facility=history.facility).size,
        Log.objects.get(facility=history.facility).root,
    )


def test_the_command_signs_and_says_with_which_key(history):
    from io import StringIO

    out = StringIO()
    call_command("sign_tree_heads", stdout=out)
    assert f"with key {signing.key_id(signing.public_key())}" in out.getvalue()


def test_every_entry_has_an_inclusion_proof_against_the_signed_head(history):
    signing.sign_all()
    head = TreeHead.objects.get(log__facility=history.facility)
    root = bytes.fromhex(head.root)
    for leaf in Leaf.objects.filter(log=head.log):
        path = [bytes.fromhex(h) for h in proofs.inclusion(head.log, leaf.index, head.size)]
        assert verifier.verify_inclusion(leaf.index, head.size, bytes.fromhex(leaf.hash), path, root)


def test_any_two_signed_heads_of_a_log_are_consistent(history, duty_officer):
    sizes = []
    for n in range(4):
        services.add_entry(
            record=history,
            actor=duty_officer,
            kind=EntryKind.NOTE,
            occurred_at=timezone.now(),
            details={"text": str(n)},
        )
        signing.sign_all()
    signed = list(TreeHead.objects.filter(log__facility=history.facility).order_by("size"))
    sizes = [h.size for h in signed]
    assert len(set(sizes)) == 4
    for a in signed:
        for b in signed:
            if a.size <= b.size:
                proof = [bytes.fromhex(h) for h in proofs.consistency(a.log, a.size, b.size)]
                assert verifier.verify_consistency(a.size, b.size, bytes.fromhex(a.root), bytes.fromhex(b.root), proof)


def test_the_export_of_a_record_passes_the_offline_verifier(client, history, duty_officer, tmp_path):
    signing.sign_all()
    client.force_login(duty_officer)
    response = client.get(reverse("integrity:record-export", args=[history.pk]))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert len(document["entries"]) == history.entries.count()
    key = verifier.load_public_key(signing.public_key_pem())
    assert verifier.verify_export(document, key).intact
    export, pem = tmp_path / "export.json", tmp_path / "key.pem"
    export.write_bytes(response.content)
    pem.write_text(signing.public_key_pem())
    run = subprocess.run(
        [sys.executable, "-I", "-S", str(VERIFIER), str(export), "--public-key", str(pem)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_tampered_export_is_named_by_the_offline_verifier(history):
    signing.sign_all()
    entries = list(history.entries.order_by("occurred_at", "pk"))
    document = evidence.export(history, entries)
    key = verifier.load_public_key(signing.public_key_pem())
    target = document["entries"][2]
    target["data"] = target["data"].replace("Примітка", "Змінено")
    report = verifier.verify_export(document, key)
    assert not report.intact
    assert any(p.entry_id == target["entry_id"] for p in report.problems)


def test_an_entry_written_after_the_latest_head_has_no_proof_until_the_next(history, duty_officer):
    signing.sign_all()
    late = services.add_entry(
        record=history, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "пізніше"}
    )
    found = evidence.for_record(history, [late])
    assert found.of(late)[0] is not None and found.of(late)[1] is None
    signing.sign_all()
    assert evidence.for_record(history, [late]).of(late)[1] is not None


def test_the_print_carries_the_signed_head_its_qr_code_and_every_proof(client, history, duty_officer):
    signing.sign_all()
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:record-print", args=[history.pk])).content.decode()
    head = TreeHead.objects.get(log__facility=history.facility)
    assert "Appendix: proofs of the entries" in page and head.root in page and head.signature in page
    assert "<svg" in page
    leaf = Leaf.objects.filter(source=Source.TIMELINE, log=head.log).last()
    for step in proofs.inclusion(head.log, leaf.index, head.size):
        assert step in page


def test_a_pseudonymised_viewer_cannot_export_the_leaves(client, history, monitor):
    client.force_login(monitor)
    assert client.get(reverse("integrity:record-export", args=[history.pk])).status_code == 403


def test_the_integrity_page_signs_on_demand_and_verifies(client, history, inspector):
    client.force_login(inspector)
    assert client.post(reverse("integrity:sign")).status_code == 302
    assert TreeHead.objects.filter(signed_by=inspector).exists()
    page = client.post(reverse("integrity:page"), {"verify": "full"})
    assert "Intact:" in page.content.decode()
    heads_file = client.get(reverse("integrity:heads"))
    assert json.loads(heads_file.content)["heads"][0]["signature"]


def test_the_proof_command_prints_proofs_that_the_offline_verifier_accepts(history, duty_officer):
    from io import StringIO

    import pytest
    from django.core.management.base import CommandError

    signing.sign_all()
    services.add_entry(
        record=history, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "ще"}
    )
    signing.sign_all()
    entry = history.entries.order_by("pk").first()
    out = StringIO()
    call_command("integrity_proof", "inclusion", "--entry", str(entry.pk), stdout=out)
    proof = json.loads(out.getvalue())
    head = proof["tree_head"]
    assert verifier.verify_inclusion(
        proof["leaf_index"],
        head["size"],
        bytes.fromhex(proof["leaf_hash"]),
        [bytes.fromhex(h) for h in proof["proof"]],
        bytes.fromhex(head["root"]),
    )
    first, second = TreeHead.objects.filter(log__facility=history.facility).order_by("size")
    out = StringIO()
    call_command("integrity_proof", "consistency", "--log", first.log.key, "--first", str(first.size), stdout=out)
    proof = json.loads(out.getvalue())
    assert verifier.verify_consistency(
        first.size,
        second.size,
        bytes.fromhex(first.root),
        bytes.fromhex(second.root),
        [bytes.fromhex(h) for h in proof["proof"]],
    )
    with pytest.raises(CommandError, match="no signed heads of those sizes"):
        call_command("integrity_proof", "consistency", "--log", first.log.key, "--first", "99999")
    with pytest.raises(CommandError, match="in no log"):
        call_command("integrity_proof", "inclusion", "--entry", "999999")


def test_a_pseudonymised_print_carries_no_leaf_hashes_or_proofs(client, history, monitor):
    signing.sign_all()
    client.force_login(monitor)
    page = client.get(reverse("detainees:record-print", args=[history.pk])).content.decode()
    assert page.count("Appendix: proofs") == 0
    for leaf in Leaf.objects.filter(source=Source.TIMELINE, log__facility=history.facility):
        assert leaf.hash[:12] not in page


def test_the_integrity_page_verifies_one_log_from_its_row(client, history, elsewhere, inspector):
    from integrity.models import Verification

    client.force_login(inspector)
    log = Log.objects.get(facility=history.facility)
    page = client.post(reverse("integrity:page"), {"verify": "log", "log": log.pk}).content.decode()
    assert "Intact: 1 logs" in page
    assert Verification.objects.get().logs == 1
