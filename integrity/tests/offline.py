"""Helpers of the tests of the offline verifier (integrity/verifier.py) a prosecutor or court runs on an export.

Trees are built here with the RFC 9162 definitions themselves (MTH §2.1.1, PATH §2.1.3.1,
SUBPROOF §2.1.4.1), naively and recursively, so the tests do not lean on the verifier's or the
application's tree code; heads are signed with `cryptography`, so the verifier's own Ed25519
is checked against a real implementation. No database.
"""

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from integrity import verifier

VERIFIER = Path(verifier.__file__)
TIMESTAMP = "2026-12-03T17:00:00.123456+00:00"
KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"offline verifier tests").digest())
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"someone else").digest())


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


def _flip_bit(data, bit):
    changed = bytearray(data)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)
