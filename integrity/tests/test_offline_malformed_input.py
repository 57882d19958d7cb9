"""Malformed input to the offline verifier: a named problem, never a traceback, never intact."""

import json
import random
import subprocess
import sys

import pytest

from integrity import verifier
from integrity.tests.offline import KEY, TIMESTAMP, VERIFIER, make_export, only_problem, problems, raw, run

REQUIRED = (
    [("format",), ("tree_head",), ("entries",)]
    + [("tree_head", name) for name in ("log", "size", "root", "timestamp", "key_id", "signature")]
    + [("entries", 0, name) for name in ("entry_id", "leaf_index", "data", "leaf_hash", "proof")]
)


def _at(document, where):
    for step in where[:-1]:
        document = document[step]
    return document, where[-1]


@pytest.mark.parametrize("where", REQUIRED, ids=["/".join(map(str, w)) for w in REQUIRED])
def test_a_missing_field_is_named(where):
    document = make_export()
    parent, name = _at(document, where)
    del parent[name]
    found = " / ".join(str(p) for p in problems(document))
    assert str(name).replace("_", " ") in found.replace("_", " ") or "format" in found


WRONG = [
    None,
    True,
    -1,
    2**70,
    1.5,
    "",
    "zz" * 32,
    "0" * 63,
    [],
    {},
    ["x"],
    "\ud800",
    "a\nb",
    "2026-12-03",
    "ї" * 88,
    10**5000,
]


@pytest.mark.parametrize("where", REQUIRED, ids=["/".join(map(str, w)) for w in REQUIRED])
def test_a_field_of_the_wrong_type_or_shape_is_a_named_problem(where):
    for value in WRONG:
        document = make_export()
        parent, name = _at(document, where)
        if parent[name] == value:
            continue
        parent[name] = value
        found = problems(document)
        assert all(isinstance(p, verifier.Problem) and str(p) for p in found)
        assert not any("could not be checked" in str(p) for p in found), value  # named, not caught


def test_non_hex_hashes_are_named():
    document = make_export()
    document["tree_head"]["root"] = "zz" * 32
    assert "the tree head's root is" in str(only_problem(document))
    document = make_export()
    document["entries"][0]["proof"][1] = "not hex"
    expected = "entry 103 (leaf 3): its proof is a list, not a list of 64-hex-character hashes"
    assert expected in str(only_problem(document))


def test_a_newline_in_a_signed_field_is_refused_so_fields_cannot_shift():
    document = make_export()
    document["tree_head"]["timestamp"] = TIMESTAMP + "\nextra"
    assert "timestamp" in str(only_problem(document))


def test_documents_that_are_not_export_objects_are_named():
    for document in (None, [], "export", 7, {"format": "something/2"}, {}):
        assert "the export" in str(only_problem(document))


def test_a_deeply_nested_value_is_named_without_recursing():
    deep = []
    for _ in range(200000):
        deep = [deep]
    document = make_export()
    document["tree_head"] = deep
    assert str(only_problem(document)) == "log ITT1: the tree head is a list, not an object"


def test_random_damage_anywhere_never_raises_and_never_passes():
    rng = random.Random(8032)
    labels = {"record", "kind", "occurred_at", "id", "number", "facility"}  # shown, not proven
    for _ in range(400):
        document = make_export()
        parent, where = document, []
        while True:
            keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
            step = rng.choice(keys)
            where.append(step)
            if not isinstance(parent[step], (dict, list)) or not parent[step] or rng.random() < 0.3:
                break
            parent = parent[step]
        value = rng.choice([*WRONG, "0" * 64, 0])
        if rng.random() < 0.2:
            if isinstance(parent, list):
                continue  # leaving an entry out is not detectable (the module docstring says so)
            del parent[step]
        elif parent[step] == value:
            continue
        else:
            parent[step] = value
        report = verifier.verify_export(document, raw(KEY))
        if labels.isdisjoint(map(str, where)):
            assert not report.intact, where
        assert all(isinstance(p, verifier.Problem) for p in report.problems)
        assert not any("could not be checked" in str(p) for p in report.problems), where


def test_a_field_given_twice_in_the_json_is_a_problem():
    text = json.dumps(make_export(), ensure_ascii=False)
    text = text.replace('"log": "ITT1"', '"log": "ITT2", "log": "ITT1"', 1)
    report = verifier.verify_export_json(text, raw(KEY))
    assert not report.intact and "a field appears twice" in str(report.problems[0])


def test_truncated_json_is_named_on_the_command_line_with_exit_code_1(tmp_path):
    text = json.dumps(make_export(), ensure_ascii=False)
    result = run(tmp_path, text[: len(text) // 2])
    assert result.returncode == 1
    assert "PROBLEM: the export is not valid JSON" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("NOT INTACT: 1 problem;")


def test_ten_thousand_nested_brackets_are_named_on_the_command_line_with_exit_code_1(tmp_path):
    result = run(tmp_path, "[" * 100000)
    assert result.returncode == 1
    assert "PROBLEM: the export is not valid JSON" in result.stdout


def test_bytes_that_are_not_text_are_named_as_not_json(tmp_path):
    result = run(tmp_path, b"\xff\xfe\xfa not text")
    assert result.returncode == 1 and "not valid JSON" in result.stdout


def test_each_tamper_fails_on_the_command_line_with_exit_code_1(tmp_path):
    document = make_export()
    document["entries"][1]["data"] += " "
    result = run(tmp_path, document)
    assert result.returncode == 1
    assert "PROBLEM: log ITT1: entry 117 (leaf 17): its content does not match its leaf hash" in result.stdout
    assert "ok entry 103 leaf 3 note" in result.stdout
    assert result.stdout.splitlines()[-1] == "NOT INTACT: 1 problem; 2 entries verified"


def test_unreadable_files_and_bad_usage_exit_with_code_2(tmp_path):
    result = run(tmp_path, make_export(), "garbage")
    assert result.returncode == 2 and "error:" in result.stderr and "key.pem" in result.stderr
    assert run(tmp_path, make_export()).returncode == 0  # leaves a good key file for the checks below
    missing = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            str(VERIFIER),
            str(tmp_path / "nope.json"),
            "--public-key",
            str(tmp_path / "key.pem"),
        ],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    usage = subprocess.run([sys.executable, "-I", "-S", str(VERIFIER)], capture_output=True, text=True)
    assert usage.returncode == 2 and "usage:" in usage.stderr
    directory = subprocess.run(
        [sys.executable, "-I", "-S", str(VERIFIER), str(tmp_path), "--public-key", str(tmp_path / "key.pem")],
        capture_output=True,
        text=True,
    )
    assert directory.returncode == 2 and "Traceback" not in directory.stderr
