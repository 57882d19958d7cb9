"""The offline verifier (integrity/verifier.py) that a prosecutor or court runs on an export.

Trees are built here with the RFC 9162 definitions themselves (MTH §2.1.1, PATH §2.1.3.1,
SUBPROOF §2.1.4.1), naively and recursively, so the tests do not lean on the verifier's or the
application's tree code; heads are signed with `cryptography`, so the verifier's own Ed25519
is checked against a real implementation. No database.
"""

import ast
import base64
import copy
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from integrity import verifier

VERIFIER = Path(verifier.__file__)
TIMESTAMP = "2026-12-03T17:00:00.123456+00:00"
KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"offline verifier tests").digest())
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"someone else").digest())


# --- RFC 9162 by the book --------------------------------------------------------------------


def _sha256(data):
    return hashlib.sha256(data).digest()


def _split(n):
    """The largest power of two smaller than n."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):
    if not leaves:
        return _sha256(b"")
    if len(leaves) == 1:
        return _sha256(b"\x00" + leaves[0])
    k = _split(len(leaves))
    return _sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))


def path(m, leaves):
    if len(leaves) == 1:
        return []
    k = _split(len(leaves))
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def subproof(m, leaves, complete):
    n = len(leaves)
    if m == n:
        return [] if complete else [mth(leaves)]
    k = _split(n)
    if m <= k:
        return [*subproof(m, leaves[:k], complete), mth(leaves[k:])]
    return [*subproof(m - k, leaves[k:], False), mth(leaves[:k])]


def tree(n, salt="leaf"):
    return [f"{salt} {i}".encode() for i in range(n)]


# --- Exports ---------------------------------------------------------------------------------


def raw(key):
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign_head(key, log, size, root_hex, timestamp=TIMESTAMP):
    message = f"custody-records tree head v1\n{log}\n{size}\n{root_hex}\n{timestamp}\n".encode()
    return {
        "log": log,
        "size": size,
        "root": root_hex,
        "timestamp": timestamp,
        "key_id": hashlib.sha256(raw(key)).hexdigest()[:16],
        "signature": base64.b64encode(key.sign(message)).decode(),
    }


def leaf_contents(log, size, salt="", record_id=7):
    """Leaf bytes shaped as the application seals a timeline entry of record 7, with Cyrillic text."""
    return [
        json.dumps(
            {
                "source": "timeline",
                "version": 1,
                "row": {
                    "id": 100 + i,
                    "record_id": record_id,
                    "kind": "note",
                    "occurred_at": f"2026-12-03T10:{i:02d}:00+00:00",
                    "details": {"text": f"Запис {i}{salt}", "log": log},
                },
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        for i in range(size)
    ]


def entry(contents, i):
    return {
        "entry_id": 100 + i,
        "kind": "note",
        "occurred_at": f"2026-12-03T10:{i:02d}:00+00:00",
        "leaf_index": i,
        "data": contents[i].decode(),
        "leaf_hash": _sha256(b"\x00" + contents[i]).hex(),
        "proof": [h.hex() for h in path(i, contents)],
    }


def make_export(log="ITT1", size=23, indexes=(3, 17, 22), key=KEY, salt=""):
    contents = leaf_contents(log, size, salt)
    return {
        "format": "custody-records-export/1",
        "record": {"id": 7, "number": "ITT1-2026-000123", "facility": "ІТТ № 1"},
        "log": log,
        "tree_head": sign_head(key, log, size, mth(contents).hex()),
        "entries": [entry(contents, i) for i in indexes],
    }


def flip(hex_string):
    """The same hash with its first hex digit changed."""
    return ("1" if hex_string[0] == "0" else "0") + hex_string[1:]


def problems(document, key=KEY):
    report = verifier.verify_export(document, raw(key))
    assert not report.intact
    assert report.problems
    return report.problems


def only_problem(document, key=KEY):
    found = problems(document, key)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def run(tmp_path, export, key_text=None):
    """The verifier as a prosecutor runs it: its own file, stdlib only (-I -S: no site-packages)."""
    export_file = tmp_path / "export.json"
    if isinstance(export, dict):
        export = json.dumps(export, ensure_ascii=False)
    export_file.write_bytes(export.encode() if isinstance(export, str) else export)
    key_file = tmp_path / "key.pem"
    if key_text is None:
        key_text = (
            KEY.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )
    key_file.write_text(key_text)
    result = subprocess.run(
        [sys.executable, "-I", "-S", str(VERIFIER), str(export_file), "--public-key", str(key_file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


# --- Merkle proofs ---------------------------------------------------------------------------


def test_rfc_9162_leaf_and_node_hashes_are_domain_separated_sha256():
    assert verifier.leaf_hash(b"x") == _sha256(b"\x00x")
    assert verifier.node_hash(b"l" * 32, b"r" * 32) == _sha256(b"\x01" + b"l" * 32 + b"r" * 32)


def test_every_leaf_of_every_tree_of_1_to_33_leaves_verifies():
    for n in range(1, 34):
        leaves = tree(n)
        root = mth(leaves)
        for m in range(n):
            assert verifier.verify_inclusion(m, n, _sha256(b"\x00" + leaves[m]), path(m, leaves), root), (m, n)


def test_an_inclusion_proof_fails_for_another_leaf_index_leaf_or_root_or_a_damaged_proof():
    for n in range(1, 18):
        leaves = tree(n)
        root = mth(leaves)
        for m in range(n):
            leaf, proof = _sha256(b"\x00" + leaves[m]), path(m, leaves)
            for other in set(range(n)) - {m}:
                assert not verifier.verify_inclusion(other, n, leaf, proof, root)
            assert not verifier.verify_inclusion(m, n, _sha256(b"\x00other"), proof, root)
            assert not verifier.verify_inclusion(m, n, leaf, proof, _sha256(b"other root"))
            assert not verifier.verify_inclusion(m, n, leaf, [*proof, root], root)
            if proof:
                assert not verifier.verify_inclusion(m, n, leaf, proof[:-1], root)
                for i in range(len(proof)):
                    damaged = [*proof[:i], _sha256(proof[i]), *proof[i + 1 :]]
                    assert not verifier.verify_inclusion(m, n, leaf, damaged, root)


def test_an_inclusion_proof_fails_for_an_index_outside_the_tree():
    leaves = tree(5)
    leaf = _sha256(b"\x00" + leaves[4])
    assert not verifier.verify_inclusion(5, 5, leaf, path(4, leaves), mth(leaves))
    assert not verifier.verify_inclusion(-1, 5, leaf, path(4, leaves), mth(leaves))
    assert not verifier.verify_inclusion(0, 0, leaf, [], mth([]))


def test_consistency_proofs_between_all_sizes_up_to_20_verify():
    for n in range(1, 21):
        leaves = tree(n)
        for m in range(1, n + 1):
            proof = subproof(m, leaves, True)
            assert verifier.verify_consistency(m, n, mth(leaves[:m]), mth(leaves), proof), (m, n)


def test_a_consistency_proof_fails_with_any_hash_changed_or_for_another_tree():
    for n in range(2, 21):
        leaves = tree(n)
        for m in range(1, n):
            first, second, proof = mth(leaves[:m]), mth(leaves), subproof(m, leaves, True)
            for i in range(len(proof)):
                damaged = [*proof[:i], _sha256(proof[i]), *proof[i + 1 :]]
                assert not verifier.verify_consistency(m, n, first, second, damaged)
            assert not verifier.verify_consistency(m, n, mth(tree(m, "forked")), second, proof)
            assert not verifier.verify_consistency(m, n, first, mth(tree(n, "forked")), proof)
            assert not verifier.verify_consistency(m, n, first, second, proof[:-1])
            assert not verifier.verify_consistency(m, n, first, second, [*proof, second])
            assert not verifier.verify_consistency(m, n, first, second, [])


def test_consistency_needs_a_first_size_from_1_to_the_second_size():
    leaves = tree(4)
    root = mth(leaves)
    assert verifier.verify_consistency(4, 4, root, root, [])
    assert not verifier.verify_consistency(4, 4, root, root, [root])
    assert not verifier.verify_consistency(4, 4, root, mth(tree(4, "forked")), [])
    assert not verifier.verify_consistency(0, 4, mth([]), root, [])
    assert not verifier.verify_consistency(5, 4, root, root, subproof(4, leaves, True))


# --- Ed25519 ---------------------------------------------------------------------------------

RFC_8032_VECTORS = [  # §7.1 TEST 1, 2, 3: (secret key, public key, message, signature)
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]


def _flip_bit(data, bit):
    changed = bytearray(data)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


@pytest.mark.parametrize("secret, public, message, signature", RFC_8032_VECTORS, ids=["TEST 1", "TEST 2", "TEST 3"])
def test_the_rfc_8032_test_vectors_verify_and_fail_with_one_bit_changed(secret, public, message, signature):
    public, message, signature = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    # The vectors as transcribed here are the RFC's: a real implementation derives the same.
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    assert raw(private) == public and private.sign(message) == signature
    assert verifier.ed25519_verify(public, message, signature)
    for bit in (0, 100, 255, 256, 511):
        assert not verifier.ed25519_verify(public, message, _flip_bit(signature, bit))
    for bit in (0, 77, 254):
        assert not verifier.ed25519_verify(_flip_bit(public, bit), message, signature)
    assert not verifier.ed25519_verify(public, _flip_bit(message, 3) if message else b"\x00", signature)


def test_the_verifier_agrees_with_cryptography_on_random_keys_and_messages():
    rng = random.Random(9162)
    for _ in range(40):
        key = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
        message = rng.randbytes(rng.randrange(0, 300))
        signature = key.sign(message)
        assert verifier.ed25519_verify(raw(key), message, signature)
        assert not verifier.ed25519_verify(raw(key), message + b"!", signature)
        assert not verifier.ed25519_verify(raw(OTHER_KEY), message, signature)


def test_a_signature_whose_s_is_not_below_the_group_order_is_rejected():
    order = 2**252 + 27742317777372353535851937790883648493
    signature = KEY.sign(b"head")
    s = int.from_bytes(signature[32:], "little")
    malleated = signature[:32] + (s + order).to_bytes(32, "little")
    # The same point equation holds for S + L, so only the range check refuses it.
    assert verifier.ed25519_verify(raw(KEY), b"head", signature)
    assert not verifier.ed25519_verify(raw(KEY), b"head", malleated)


def test_non_canonical_point_encodings_are_rejected():
    p = 2**255 - 19
    message = b"anything"
    signature = KEY.sign(message)
    identity_y_plus_p = (1 + p).to_bytes(32, "little")  # y = 1 written unreduced
    minus_zero = (1 | 1 << 255).to_bytes(32, "little")  # x = 0 with its sign bit set
    y_is_p = p.to_bytes(32, "little")
    for encoding in (identity_y_plus_p, minus_zero, y_is_p):
        assert verifier._decode_point(encoding) is None
        assert not verifier.ed25519_verify(encoding, message, signature)
        assert not verifier.ed25519_verify(raw(KEY), message, encoding + signature[32:])


def test_a_point_not_on_the_curve_is_rejected():
    off_curve = next(y for y in range(2, 100) if verifier._decode_point(y.to_bytes(32, "little")) is None)
    encoding = off_curve.to_bytes(32, "little")
    assert not verifier.ed25519_verify(encoding, b"m", KEY.sign(b"m"))
    with pytest.raises(verifier.KeyFileError, match="not a point on the curve"):
        verifier.load_public_key(encoding.hex())


def test_wrong_lengths_and_types_do_not_verify():
    signature = KEY.sign(b"m")
    assert not verifier.ed25519_verify(raw(KEY)[:31], b"m", signature)
    assert not verifier.ed25519_verify(raw(KEY), b"m", signature[:63])
    assert not verifier.ed25519_verify(raw(KEY), "m", signature)


# --- Public key files ------------------------------------------------------------------------


def test_pem_hex_and_base64_key_files_all_load_the_same_raw_key():
    public = KEY.public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for content in (
        pem,
        pem.decode(),
        raw(KEY).hex() + "\n",
        raw(KEY).hex().upper(),
        base64.b64encode(raw(KEY)).decode() + "\n",
    ):
        assert verifier.load_public_key(content) == raw(KEY)


def test_a_key_id_is_the_first_16_hex_digits_of_the_keys_sha256():
    assert verifier.key_id(raw(KEY)) == hashlib.sha256(raw(KEY)).hexdigest()[:16]


@pytest.mark.parametrize(
    "content, message",
    [
        (
            KEY.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
            "PRIVATE key",
        ),
        (
            X25519PrivateKey.from_private_bytes(bytes(32))
            .public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
            "not an Ed25519 key",
        ),
        ("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n", "not a single"),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "not a single"),
        (base64.b64encode(bytes(31)).decode(), "holds 31 bytes"),
        ("not a key at all", "neither a PEM public key"),
        ("ключ", "neither a PEM public key"),
        (b"\xff\xfe binary", "not text"),
        ("", "holds 0 bytes"),
    ],
    ids=[
        "private key",
        "X25519 key",
        "damaged PEM",
        "certificate",
        "short base64",
        "words",
        "Cyrillic",
        "binary",
        "empty",
    ],
)
def test_anything_but_an_ed25519_public_key_is_refused_with_a_clear_error(content, message):
    with pytest.raises(verifier.KeyFileError, match=message):
        verifier.load_public_key(content)


# --- Exports ---------------------------------------------------------------------------------


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


# --- Malformed input: a named problem, never a traceback, never intact ------------------------

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


def test_the_verifier_imports_only_the_standard_library():
    tree_ = ast.parse(VERIFIER.read_text())
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree_) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {node.module.split(".")[0] for node in ast.walk(tree_) if isinstance(node, ast.ImportFrom)}
    assert imported and imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names


def test_the_verifier_is_written_for_python_3_8_and_newer():
    ast.parse(VERIFIER.read_text(), feature_version=(3, 8))


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
