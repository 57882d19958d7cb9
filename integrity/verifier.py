#!/usr/bin/env python3
"""Check an exported custody record against its facility's signed log, offline.

Who this is for
---------------
A prosecutor, defence lawyer, court or monitor who has received the machine-readable export of
one custody record (a ``.json`` file) and wants to know whether its entries are the ones the
facility recorded, without trusting the system that produced the file. This script needs only
Python 3.8 or newer (nothing else to install, no network, no database) and the facility log's
public key.

How to run it
-------------
1. Obtain the log's public key file from a source you trust *independently of the export*
   (for example handed over in person, or from the official publication), not from the same
   e-mail or USB stick as the export. Note its fingerprint (the "key id", 16 characters) and
   compare it with the published one; this script prints the fingerprint of the key you give.
2. Run::

       python3 verifier.py EXPORT.json --public-key KEY.pem

3. Read the last line. ``INTACT`` means every check below passed; ``NOT INTACT`` lists each
   problem above it, naming the entry. Exit status: 0 intact, 1 a problem, 2 a file could not
   be read or the command was wrong.

What it checks, in order
------------------------
1. The file is an export in the format this script understands.
2. The export carries a *signed tree head*: a statement "at time T, log L held N entries
   whose combined fingerprint (root hash) is R", with a digital signature.
3. That statement was signed with the key you gave (fingerprints match), and the signature is
   valid: nobody without the private key could have produced it, and not one character of
   L, N, R or T has changed since it was signed.
4. The statement is about the log the export says the record belongs to.
5. For every entry: its content, recomputed here, matches its recorded fingerprint (leaf hash),
   so the content was not edited; and its *inclusion proof* (a short chain of hashes) leads
   from that fingerprint to the signed root R, so the entry, with exactly this content and at
   exactly this position, is one of the N entries of the signed log. No entry may appear twice.

What a pass proves
------------------
Each listed entry, with exactly the content in its ``data`` field, was in the facility's log at
the position shown, as of the signed time, according to whoever holds the private key matching
the key you used. Changing, back-dating or inserting an entry afterwards would break a check.

What a pass does NOT prove
--------------------------
* That the entries are true: the log proves what was recorded and when it was sealed, not
  that the officer recorded the facts correctly.
* That the export is complete: an entry of the record left out of the export is not detected
  here (the log still holds it); ask for the record's full entry list.
* That the record number is right: the ``kind`` and ``occurred_at`` on each "ok" line are read
  from the proven content, which must also name the entry and the record's id the export
  gives; the record *number* printed at the top is the export's own label.
* That the key belongs to the facility, or that its clock was right: that rests on how you
  obtained the key (step 1) and on the signer.
* That the key holder never rewrote the log and signed it again, or showed different people
  different logs: compare signed heads obtained at different times or by different people
  (``verify_consistency`` checks that a later head extends an earlier one).

As a module
-----------
``verify_export(document, public_key)`` returns a ``Report``; ``verify_inclusion``,
``verify_consistency`` (RFC 9162) and ``ed25519_verify`` (RFC 8032) are usable on their own.
Only the Python standard library is imported, so this file can be copied and audited alone.
"""

from __future__ import annotations  # the annotations below then also run on Python 3.8 and 3.9

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime

FORMAT = "custody-records-export/1"
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_HEX16 = re.compile(r"[0-9a-fA-F]{16}")


# --- RFC 9162 §2.1: Merkle tree hashes and proofs ----------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf_index: int, tree_size: int, leaf_hash: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: whether `proof` places `leaf_hash` at `leaf_index` in the tree `root`."""
    if not 0 <= leaf_index < tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False  # the proof is longer than the path to the root
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            # A right-edge node with no sibling at this level: climb until there is one.
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    first_size: int, second_size: int, first_root: bytes, second_root: bytes, proof: list[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: whether the tree `second_root` extends the tree `first_root`.

    Needs 1 <= first_size <= second_size; equal sizes need an empty proof and equal roots.
    """
    if not 1 <= first_size <= second_size:
        return False
    if first_size == second_size:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = list(proof)
    if first_size & (first_size - 1) == 0:
        path.insert(0, first_root)  # the old tree is a complete subtree: its root starts the path
    fn, sn = first_size - 1, second_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


# --- RFC 8032 §5.1: Ed25519 signature verification ---------------------------------------------
# Points are in extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, x*y = T/Z (§5.1.4).

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493  # order of the base point
_D = -121665 * pow(121666, -1, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
_IDENTITY = (0, 1, 1, 0)


def _recover_x(y: int, sign: int) -> int | None:
    """§5.1.3 steps 2-4: the x with this parity on the curve at y, or None if there is none."""
    u, v = (y * y - 1) % _P, (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    if v * x * x % _P == (-u) % _P:
        x = x * _SQRT_M1 % _P
    if v * x * x % _P != u:
        return None
    if x == 0 and sign:
        return None  # "-0" is a non-canonical encoding
    return _P - x if x & 1 != sign else x


def _decode_point(encoded: bytes) -> tuple | None:
    """§5.1.3: a 32-byte point encoding, or None if invalid or not canonical."""
    if len(encoded) != 32:
        return None
    y = int.from_bytes(encoded, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if y >= _P:
        return None  # y must be reduced modulo p
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


def _add(a: tuple, b: tuple) -> tuple:
    """§5.1.4 addition; the formula is complete, so it also doubles."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    pa, pb = (y1 - x1) * (y2 - x2) % _P, (y1 + x1) * (y2 + x2) % _P
    pc, pd = 2 * t1 * t2 * _D % _P, 2 * z1 * z2 % _P
    e, f, g, h = pb - pa, pd - pc, pd + pc, pb + pa
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(scalar: int, point: tuple) -> tuple:
    result = _IDENTITY
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _same_point(a: tuple, b: tuple) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


_BY = 4 * pow(5, -1, _P) % _P  # §5.1: B is the point with y = 4/5 and positive (even) x
_BX = _recover_x(_BY, 0)
_B = (_BX, _BY, 1, _BX * _BY % _P)


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 §5.1.7: whether `signature` is a valid Ed25519 signature of `message` by `public_key`."""
    if not all(isinstance(b, bytes) for b in (public_key, message, signature)):
        return False
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r = _decode_point(public_key), _decode_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= _L:  # S >= L would allow a second, malleated signature
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % _L
    return _same_point(_multiply(s, _B), _add(r, _multiply(k, a)))  # [S]B = R + [k]A


# --- Public keys --------------------------------------------------------------------------------

_SPKI_ED25519 = bytes.fromhex("302a300506032b6570032100")  # DER SubjectPublicKeyInfo, OID 1.3.101.112
_PEM = re.compile(r"-----BEGIN PUBLIC KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PUBLIC KEY-----")


class KeyFileError(ValueError):
    """The public key file is not an Ed25519 public key in a form this script reads."""


def load_public_key(content: bytes | str) -> bytes:
    """The raw 32-byte Ed25519 key from a PEM "PUBLIC KEY", 64 hex characters or base64 of 32 bytes."""
    if isinstance(content, bytes):
        try:
            content = content.decode("ascii")
        except UnicodeDecodeError:
            raise KeyFileError(
                "the key file is not text: expected a PEM public key, 64 hex characters or base64 of 32 bytes"
            ) from None
    text = content.strip()
    if "PRIVATE KEY" in text:
        raise KeyFileError("this is a PRIVATE key: give the public key instead (and keep the private key secret)")
    if text.startswith("-----"):
        match = _PEM.fullmatch(text)
        if not match:
            raise KeyFileError('the key file is PEM but not a single "PUBLIC KEY" block')
        try:
            der = base64.b64decode(re.sub(r"\s", "", match.group(1)), validate=True)
        except binascii.Error:
            raise KeyFileError("the PEM public key's base64 is damaged") from None
        if len(der) != 44 or not der.startswith(_SPKI_ED25519):
            raise KeyFileError("the PEM public key is not an Ed25519 key")
        raw = der[len(_SPKI_ED25519) :]
    elif _HEX64.fullmatch(text):
        raw = bytes.fromhex(text)
    else:
        try:
            raw = base64.b64decode(text, validate=True)
        except ValueError:  # binascii.Error, or non-ASCII text
            raise KeyFileError("the key file is neither a PEM public key, nor 64 hex characters, nor base64") from None
        if len(raw) != 32:
            raise KeyFileError(f"the key file's base64 holds {len(raw)} bytes; an Ed25519 public key is 32")
    if _decode_point(raw) is None:
        raise KeyFileError("the key is not a valid Ed25519 public key (not a point on the curve)")
    return raw


def key_id(raw_public_key: bytes) -> str:
    """The key's short fingerprint, as a tree head names it."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def tree_head_message(log: str, size: int, root_hex: str, timestamp: str) -> bytes:
    """The exact bytes a tree head's signature covers."""
    return ("custody-records tree head v1\n" + f"{log}\n{size}\n{root_hex}\n{timestamp}\n").encode("utf-8")


# --- Checking an export -------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    message: str
    log: str | None = None
    entry_id: int | None = None
    leaf_index: int | None = None

    def __str__(self):
        return f"log {self.log}: {self.message}" if self.log is not None else self.message


@dataclass(frozen=True)
class VerifiedEntry:
    entry_id: int
    leaf_index: int
    kind: str
    occurred_at: str

    def __str__(self):
        return f"ok entry {self.entry_id} leaf {self.leaf_index} {self.kind} {self.occurred_at}"


@dataclass
class Report:
    """What `verify_export` found: intact only when there is no problem at all."""

    log: str | None = None
    record: str | None = None  # the export's own label for the record, not itself verified
    key_id: str | None = None  # of the key the caller gave
    head: dict | None = None  # the signed tree head, once its signature verified
    verified: list[VerifiedEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    def problem(self, message, entry_id=None, leaf_index=None):
        self.problems.append(Problem(message, self.log, entry_id, leaf_index))

    def lines(self) -> list[str]:
        out = []
        if self.record:
            out.append(f"export of record {self.record} (its label, as the export gives it)")
        if self.key_id:
            out.append(f"public key fingerprint (key id): {self.key_id}")
        out += [str(entry) for entry in self.verified]
        out += [f"PROBLEM: {problem}" for problem in self.problems]
        return out

    def verdict(self) -> str:
        if self.intact:
            head = self.head
            return (
                f"INTACT: all {len(self.verified)} entries are in log {head['log']} as of its head of "
                f"{head['timestamp']} ({head['size']} entries), signed by key {self.key_id}"
            )
        count = len(self.problems)
        return f"NOT INTACT: {count} problem{'s' if count != 1 else ''}; {len(self.verified)} entries verified"


def _clean(text: str, limit: int = 80) -> str:
    """Untrusted text made safe to print: no control characters, bounded length."""
    text = "".join(c if c.isprintable() else "?" for c in text[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(value) -> str:
    """An unexpected value named without repr(), which could recurse into deep nesting."""
    if isinstance(value, str):
        return f'"{_clean(value, 40)}"'
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return _clean(str(value), 40) if not isinstance(value, int) or value.bit_length() < 128 else "a huge number"
    return {dict: "an object", list: "a list"}.get(type(value), f"a {type(value).__name__}")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_utf8(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\\ud800" escape
        return False
    return True


def _is_text(value) -> bool:
    """A non-empty line of printable text: no newline in it can shift the fields of a signed message."""
    return _is_utf8(value) and value != "" and value.isprintable()


def _check_head(head, report) -> dict | None:
    """The tree head's fields, decoded, or None after naming every malformed one."""
    if head is None:
        report.problem("the export carries no signed tree head: nothing in it can be checked yet")
        return None
    if not isinstance(head, dict):
        report.problem(f"the tree head is {_describe(head)}, not an object")
        return None
    problems = []
    for name in ("log", "size", "root", "timestamp", "key_id", "signature"):
        if name not in head:
            problems.append(f'the tree head has no "{name}"')
    log, size, root = head.get("log"), head.get("size"), head.get("root")
    timestamp, kid, signature = head.get("timestamp"), head.get("key_id"), head.get("signature")
    if "log" in head and not _is_text(log):
        problems.append(f"the tree head's log is {_describe(log)}, not a log name")
    if "size" in head and not (_is_int(size) and 0 <= size < 2**64):
        problems.append(f"the tree head's size is {_describe(size)}, not a number of entries")
    if "root" in head and not (isinstance(root, str) and _HEX64.fullmatch(root)):
        problems.append(f"the tree head's root is {_describe(root)}, not 64 hex characters")
    if "timestamp" in head:
        try:
            if not _is_text(timestamp) or datetime.fromisoformat(timestamp).tzinfo is None:
                raise ValueError
        except ValueError:
            problems.append(f"the tree head's timestamp is {_describe(timestamp)}, not a time with its time zone")
    if "key_id" in head and not (isinstance(kid, str) and _HEX16.fullmatch(kid)):
        problems.append(f"the tree head's key_id is {_describe(kid)}, not 16 hex characters")
    raw_signature = None
    if "signature" in head:
        try:
            raw_signature = base64.b64decode(signature, validate=True) if isinstance(signature, str) else None
        except ValueError:  # binascii.Error, or non-ASCII text
            pass
        if raw_signature is None or len(raw_signature) != 64:
            problems.append(f"the tree head's signature is {_describe(signature)}, not base64 of 64 bytes")
    for problem in problems:
        report.problem(problem)
    if problems:
        return None
    return {
        "log": log,
        "size": size,
        "root": root,
        "root_bytes": bytes.fromhex(root),
        "timestamp": timestamp,
        "key_id": kid.lower(),
        "signature": raw_signature,
    }


def _check_entry(position, entry, head, seen, report, record_id=None):
    """Check one entry against the verified head; name its first problem, if any."""
    if not isinstance(entry, dict):
        report.problem(f"entry #{position} in the list is {_describe(entry)}, not an object")
        return
    entry_id, leaf_index = entry.get("entry_id"), entry.get("leaf_index")
    if "entry_id" not in entry:
        report.problem(f'entry #{position} in the list has no "entry_id"')
        return
    if not (_is_int(entry_id) and 0 < entry_id < 2**63):
        report.problem(f"entry #{position} in the list has entry_id {_describe(entry_id)}, not an entry number")
        return
    if "leaf_index" not in entry:
        report.problem(f"entry {entry_id} has no leaf_index: it was never sealed into the log", entry_id)
        return
    if not (_is_int(leaf_index) and 0 <= leaf_index < 2**64):
        report.problem(f"entry {entry_id} has leaf_index {_describe(leaf_index)}, not a leaf number", entry_id)
        return
    label = f"entry {entry_id} (leaf {leaf_index})"
    if "proof" not in entry and leaf_index >= head["size"]:
        report.problem(
            f"{label} has no inclusion proof yet: it was sealed after the signed head "
            f"({head['size']} entries); export the record again after the next head",
            entry_id,
            leaf_index,
        )
        return
    if leaf_index >= head["size"]:
        report.problem(
            f"{label}: the leaf index is outside the signed log of {head['size']} entries", entry_id, leaf_index
        )
        return
    data, stated, proof = entry.get("data"), entry.get("leaf_hash"), entry.get("proof")
    for name, valid, expected in (
        ("data", _is_utf8(data), "text"),
        ("leaf_hash", isinstance(stated, str) and _HEX64.fullmatch(stated), "64 hex characters"),
        (
            "proof",
            isinstance(proof, list) and all(isinstance(p, str) and _HEX64.fullmatch(p) for p in proof),
            "a list of 64-hex-character hashes",
        ),
    ):
        if name not in entry:
            report.problem(f'{label} has no "{name}"', entry_id, leaf_index)
            return
        if not valid:
            report.problem(f"{label}: its {name} is {_describe(entry[name])}, not {expected}", entry_id, leaf_index)
            return
    if leaf_index in seen:
        report.problem(
            f"{label}: leaf {leaf_index} appears more than once in the export (also as entry {seen[leaf_index]})",
            entry_id,
            leaf_index,
        )
        return
    seen[leaf_index] = entry_id
    computed = leaf_hash(data.encode("utf-8"))
    if computed != bytes.fromhex(stated):
        report.problem(f"{label}: its content does not match its leaf hash: it was changed", entry_id, leaf_index)
        return
    if not verify_inclusion(leaf_index, head["size"], computed, [bytes.fromhex(p) for p in proof], head["root_bytes"]):
        report.problem(f"{label} is not in log {_clean(head['log'])} as of the signed head", entry_id, leaf_index)
        return
    # The proven bytes say which entry of which record they are: the labels around them do not count.
    try:
        row = json.loads(data)["row"] if json.loads(data).get("source") == "timeline" else None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        row = None
    if not isinstance(row, dict):
        report.problem(f"{label}: its proven content is not a timeline entry", entry_id, leaf_index)
        return
    if row.get("id") != entry_id:
        report.problem(
            f"{label}: its proven content is entry {_describe(row.get('id'))}, not entry {entry_id}",
            entry_id,
            leaf_index,
        )
        return
    if record_id is not None and row.get("record_id") != record_id:
        report.problem(
            f"{label}: its proven content belongs to another record "
            f"({_describe(row.get('record_id'))}, not {record_id})",
            entry_id,
            leaf_index,
        )
        return
    kind, occurred_at = row.get("kind"), row.get("occurred_at")
    report.verified.append(
        VerifiedEntry(
            entry_id,
            leaf_index,
            _clean(kind) if isinstance(kind, str) else "?",
            _clean(occurred_at) if isinstance(occurred_at, str) else "?",
        )
    )


def _verify(document, public_key, report):
    if not isinstance(document, dict):
        report.problem(f"the export is {_describe(document)}, not a JSON object")
        return
    if document.get("format") != FORMAT:
        report.problem(f'the export\'s format is {_describe(document.get("format"))}, not "{FORMAT}"')
        return
    record = document.get("record")
    if isinstance(record, dict) and isinstance(record.get("number"), str):
        report.record = _clean(record["number"])
    exported_log, raw_head = document.get("log"), document.get("tree_head")
    if _is_text(exported_log):
        report.log = _clean(exported_log)
    elif isinstance(raw_head, dict) and _is_text(raw_head.get("log")):
        report.log = _clean(raw_head["log"])
    if not (isinstance(public_key, bytes) and _decode_point(public_key) is not None):
        report.problem("the public key given is not a valid 32-byte Ed25519 public key")
        return
    report.key_id = key_id(public_key)
    head = _check_head(raw_head, report)
    if head is None:
        return
    if head["key_id"] != report.key_id:
        report.problem(f"the export was signed with key {head['key_id']}, not the key you gave ({report.key_id})")
        return
    message = tree_head_message(head["log"], head["size"], head["root"], head["timestamp"])
    if not ed25519_verify(public_key, message, head["signature"]):
        report.problem(
            "the tree head's signature does not verify: the head was changed after it was signed, "
            "or was not signed with this key; no entry can be checked against it"
        )
        return
    report.head = head
    report.log = _clean(head["log"])  # from here on, problems are about the signed log
    if "log" not in document:
        report.problem("the export does not say which log its record belongs to")
    elif exported_log != head["log"]:
        report.problem(
            f"the export says its record is in log {_describe(exported_log)}, but the signed head is "
            f'of log "{_clean(head["log"])}"'
        )
    entries = document.get("entries")
    if "entries" not in document:
        report.problem('the export has no "entries"')
        return
    if not isinstance(entries, list):
        report.problem(f"the export's entries are {_describe(entries)}, not a list")
        return
    if not entries:
        report.problem("the export has no entries to check")
    record_id = record.get("id") if isinstance(record, dict) else None
    if not (_is_int(record_id) and 0 < record_id < 2**63):
        record_id = None
    if record_id is None:
        report.problem("the export does not say which record (its id) it is of")
    seen = {}
    for position, entry in enumerate(entries, start=1):
        _check_entry(position, entry, head, seen, report, record_id)


def verify_export(document: dict, public_key: bytes) -> Report:
    """Check a parsed export against the raw 32-byte public key; never raises."""
    report = Report()
    try:
        _verify(document, public_key, report)
    except Exception as error:
        report.problem(f"the export could not be checked ({type(error).__name__}); treat it as not verified")
    return report


def _no_repeated_keys(pairs):
    keys = [key for key, _value in pairs]
    if len(set(keys)) != len(keys):
        # Two values for one field: other programs might read the other one.
        repeated = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"a field appears twice in one object ({_describe(repeated)})")
    return dict(pairs)


def _no_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def verify_export_json(text: bytes | str, public_key: bytes) -> Report:
    """Parse an export file's contents and check it; not-JSON is a named problem, never an exception."""
    try:
        document = json.loads(text, object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant)
    except RecursionError:
        report = Report()
        report.problem("the export is not valid JSON: it is nested too deeply")
        return report
    except ValueError as error:  # includes JSONDecodeError and UnicodeDecodeError
        report = Report()
        report.problem(f"the export is not valid JSON: {_clean(str(error), 160)}")
        return report
    return verify_export(document, public_key)


def main(argv: list[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # a Cyrillic name must not crash a Latin-1 console
    parser = argparse.ArgumentParser(
        description="Check an exported custody record against its facility log's signed tree head, offline.",
        epilog="Exit status: 0 intact, 1 a problem was found, 2 a file could not be read or bad usage.",
    )
    parser.add_argument("export", metavar="EXPORT.json", help="the record export to check")
    parser.add_argument(
        "--public-key", required=True, metavar="KEY.pem", help="the log's public key: PEM, 64 hex characters or base64"
    )
    args = parser.parse_args(argv)
    try:
        with open(args.public_key, "rb") as f:
            key_content = f.read(65536)
        public_key = load_public_key(key_content)
    except OSError as error:
        print(f"error: cannot read the public key file {args.public_key}: {error.strerror}", file=sys.stderr)
        return 2
    except KeyFileError as error:
        print(f"error: {args.public_key}: {error}", file=sys.stderr)
        return 2
    try:
        with open(args.export, "rb") as f:
            export = f.read()
    except OSError as error:
        print(f"error: cannot read the export file {args.export}: {error.strerror}", file=sys.stderr)
        return 2
    report = verify_export_json(export, public_key)
    for line in report.lines():
        print(line)
    print(report.verdict())
    return 0 if report.intact else 1


if __name__ == "__main__":
    sys.exit(main())
