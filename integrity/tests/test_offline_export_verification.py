"""The offline verifier on an export: intact, or each change named for the entry it touches."""

import base64
import copy

import pytest

from integrity import verifier
from integrity.tests.offline import (
    KEY,
    OTHER_KEY,
    TIMESTAMP,
    _flip_bit,
    _sha256,
    entry,
    flip,
    leaf_contents,
    make_export,
    mth,
    only_problem,
    problems,
    raw,
    run,
    sign_head,
)


def test_the_signed_message_is_the_one_the_application_signs():
    from integrity import heads

    args = ("ITT1", 123, "ab" * 32, TIMESTAMP)
    assert verifier.tree_head_message(*args) == heads.message(*args)
    assert verifier.tree_head_message("ІТТ", 1, "00" * 32, TIMESTAMP) == heads.message("ІТТ", 1, "00" * 32, TIMESTAMP)


def test_a_valid_export_is_intact_and_lists_every_entry():
    report = verifier.verify_export(make_export(), raw(KEY))
    assert report.intact, [str(p) for p in report.problems]
    assert report.problems == []
    assert [(e.entry_id, e.leaf_index) for e in report.verified] == [(103, 3), (117, 17), (122, 22)]
    assert "INTACT: all 3 entries are in log ITT1" in report.verdict()


def test_a_one_entry_log_and_its_only_entry_verify():
    assert verifier.verify_export(make_export(size=1, indexes=(0,)), raw(KEY)).intact


def test_a_valid_export_passes_on_the_command_line_with_exit_code_0(tmp_path):
    result = run(tmp_path, make_export())
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "ok entry 117 leaf 17 note 2026-12-03T10:17:00+00:00" in lines
    assert f"public key fingerprint (key id): {verifier.key_id(raw(KEY))}" in lines
    assert lines[-1].startswith("INTACT: all 3 entries are in log ITT1 as of its head of " + TIMESTAMP)


def test_public_keys_in_hex_and_base64_files_work_on_the_command_line(tmp_path):
    assert run(tmp_path, make_export(), raw(KEY).hex()).returncode == 0
    assert run(tmp_path, make_export(), base64.b64encode(raw(KEY)).decode()).returncode == 0


def test_changed_data_is_named_as_a_change_to_that_entry():
    document = make_export()
    document["entries"][1]["data"] = document["entries"][1]["data"].replace("Запис", "Запuс")
    problem = only_problem(document)
    assert str(problem) == "log ITT1: entry 117 (leaf 17): its content does not match its leaf hash: it was changed"
    assert (problem.log, problem.entry_id, problem.leaf_index) == ("ITT1", 117, 17)


def test_a_changed_leaf_hash_is_named_as_a_change_to_that_entry():
    document = make_export()
    document["entries"][0]["leaf_hash"] = flip(document["entries"][0]["leaf_hash"])
    assert "entry 103 (leaf 3): its content does not match its leaf hash" in str(only_problem(document))


def test_changed_data_with_a_matching_leaf_hash_is_named_as_not_in_the_log():
    document = make_export()
    forged = document["entries"][1]["data"].replace("Запис", "Запuс")
    document["entries"][1].update(data=forged, leaf_hash=_sha256(b"\x00" + forged.encode()).hex())
    assert str(only_problem(document)) == "log ITT1: entry 117 (leaf 17) is not in log ITT1 as of the signed head"


def test_a_wrong_hash_in_a_proof_is_named_as_not_in_the_log():
    document = make_export()
    document["entries"][2]["proof"][0] = flip(document["entries"][2]["proof"][0])
    problem = only_problem(document)
    assert "entry 122 (leaf 22) is not in log ITT1 as of the signed head" in str(problem)
    assert (problem.entry_id, problem.leaf_index) == (122, 22)


def test_a_shifted_leaf_index_is_named_as_not_in_the_log():
    document = make_export()
    document["entries"][1]["leaf_index"] = 18
    assert "entry 117 (leaf 18) is not in log ITT1" in str(only_problem(document))


def test_an_entry_from_another_tree_is_named_as_not_in_the_log():
    document = make_export()
    document["entries"][1] = make_export(salt=" elsewhere", indexes=(5,))["entries"][0]
    assert "entry 105 (leaf 5) is not in log ITT1 as of the signed head" in str(only_problem(document))


def test_a_proof_cut_short_or_padded_is_named_as_not_in_the_log():
    for change in (lambda proof: proof[:-1], lambda proof: [*proof, proof[0]], lambda proof: []):
        document = make_export()
        document["entries"][0]["proof"] = change(document["entries"][0]["proof"])
        assert "entry 103 (leaf 3) is not in log ITT1" in str(only_problem(document))


def test_a_duplicated_entry_is_named():
    document = make_export()
    document["entries"].append(copy.deepcopy(document["entries"][1]))
    assert "entry 117 (leaf 17): leaf 17 appears more than once in the export" in str(only_problem(document))


@pytest.mark.parametrize(
    "field, value",
    [
        ("size", 24),
        ("size", 22),
        ("root", None),
        ("timestamp", "2026-12-03T16:00:00.123456+00:00"),
        ("log", "ITT2"),
    ],
    ids=["size grown", "size shrunk", "root", "timestamp back-dated", "head log"],
)
def test_a_tree_head_changed_after_signing_fails_its_signature(field, value):
    document = make_export()
    head = document["tree_head"]
    head[field] = flip(head["root"]) if value is None else value
    if field == "log":
        document["log"] = value
    assert "the tree head's signature does not verify" in str(only_problem(document))


def test_flipped_signature_bytes_fail_the_signature():
    document = make_export()
    signature = base64.b64decode(document["tree_head"]["signature"])
    for bit in (0, 300, 511):
        document["tree_head"]["signature"] = base64.b64encode(_flip_bit(signature, bit)).decode()
        assert "the tree head's signature does not verify" in str(only_problem(document))


def test_a_wrong_public_key_is_named_with_both_key_ids():
    problem = only_problem(make_export(), key=OTHER_KEY)
    assert str(problem) == (
        f"log ITT1: the export was signed with key {verifier.key_id(raw(KEY))}, "
        f"not the key you gave ({verifier.key_id(raw(OTHER_KEY))})"
    )


def test_a_head_signed_by_another_key_claiming_your_key_id_fails_its_signature():
    document = make_export(key=OTHER_KEY)
    document["tree_head"]["key_id"] = verifier.key_id(raw(KEY))
    assert "signature does not verify" in str(only_problem(document))


def test_an_export_claiming_another_log_than_its_signed_head_is_named():
    document = make_export()
    document["log"] = "ITT2"
    found = [str(p) for p in problems(document)]
    assert found == ['log ITT1: the export says its record is in log "ITT2", but the signed head is of log "ITT1"']


def test_an_entry_sealed_after_the_signed_head_is_named_as_not_yet_provable():
    document = make_export()
    late = document["entries"][2]
    late.update(leaf_index=23, entry_id=123)
    del late["proof"]
    assert "entry 123 (leaf 23) has no inclusion proof yet" in str(only_problem(document))


def test_an_entry_never_sealed_is_named():
    document = make_export()
    for name in ("leaf_index", "leaf_hash", "data", "proof"):
        del document["entries"][0][name]
    assert "entry 103 has no leaf_index: it was never sealed into the log" in str(only_problem(document))


def test_an_export_without_a_signed_head_or_entries_is_not_intact():
    document = make_export()
    document["tree_head"] = None
    assert "carries no signed tree head" in str(only_problem(document))
    document = make_export(indexes=())
    assert "has no entries to check" in str(only_problem(document))


def test_untrusted_text_cannot_put_control_characters_in_the_output(tmp_path):
    document = make_export()
    document["entries"][0]["kind"] = "note\x1b[2J\rINTACT"
    document["record"]["number"] = "N\nINTACT: forged"
    result = run(tmp_path, document)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert not any(line.startswith("INTACT") for line in result.stdout.splitlines()[:-1])


def test_an_entry_of_another_record_or_another_entrys_content_is_named():
    document = make_export()
    other = leaf_contents("ITT1", 23, record_id=8)
    tree_head = sign_head(KEY, "ITT1", 23, mth(other).hex())
    foreign = {**make_export(), "tree_head": tree_head, "entries": [entry(other, 3)]}
    assert "belongs to another record" in str(problems(foreign)[0])
    document["entries"][0]["entry_id"] = 999
    assert "its proven content is entry 103, not entry 999" in str(problems(document)[0])


def test_the_ok_lines_show_the_kind_and_time_of_the_proven_content_not_the_labels():
    document = make_export()
    document["entries"][0]["kind"] = "release"
    report = verifier.verify_export(document, raw(KEY))
    assert report.intact and report.verified[0].kind == "note"
