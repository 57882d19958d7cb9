"""Merkle trees as Certificate Transparency builds them (RFC 9162 §2.1).

leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right); a tree of n leaves splits at
the largest power of two below n. Every subtree such a split produces starts at a multiple of
its own largest power of two, so it is made of *complete* subtrees only — and those are what a
log stores (`Node`): any root, inclusion proof or consistency proof is then O(log n) lookups.

Pure functions over `bytes`; `get(level, index)` returns the stored hash of the complete
subtree of 2**level leaves starting at leaf index * 2**level. Checking proofs is the offline
verifier's job (`integrity/verifier.py`, standard library only, the code a court runs).
"""

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n):
    """The largest power of two smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


# --- Appending ------------------------------------------------------------------------------


def append(frontier, size, hashes):
    """Extend a tree of `size` leaves by `hashes`.

    `frontier` is [(level, hash), ...] of the complete subtrees along the right edge, largest
    first. Returns the new frontier and the complete subtrees the append finished, as
    (level, index, hash) with level ≥ 1, to be stored.
    """
    frontier = list(frontier)
    finished = []
    for h in hashes:
        level, index = 0, size
        while frontier and frontier[-1][0] == level:
            _level, left = frontier.pop()
            h = node_hash(left, h)
            level, index = level + 1, index >> 1
            finished.append((level, index, h))
        frontier.append((level, h))
        size += 1
    return frontier, finished


def root_of(frontier):
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1][1]
    for _level, h in reversed(frontier[:-1]):
        root = node_hash(h, root)
    return root


# --- Proofs from stored complete subtrees ---------------------------------------------------


def _ranges(start, n):
    """The complete subtrees (level, index) that make up MTH(D[start:start+n])."""
    while n:
        level = n.bit_length() - 1
        yield level, start >> level
        start, n = start + (1 << level), n - (1 << level)


def subtree(get, start, n):
    """MTH(D[start:start+n]) from complete subtrees."""
    parts = [get(level, index) for level, index in _ranges(start, n)]
    root = parts[-1]
    for h in reversed(parts[:-1]):
        root = node_hash(h, root)
    return root


def inclusion_ranges(m, n):
    """(start, size) of each subtree hash in the inclusion proof of leaf m in a tree of n (PATH)."""
    path, start = [], 0
    while n > 1:
        k = split(n)
        if m < k:
            path.append((start + k, n - k))
            n = k
        else:
            path.append((start, k))
            start, m, n = start + k, m - k, n - k
    return path[::-1]


def consistency_ranges(m, n):
    """(start, size) of each hash in the consistency proof from size m to size n (SUBPROOF)."""
    if not 0 < m <= n:
        raise ValueError("a consistency proof needs 0 < m ≤ n")
    proof, start, complete = [], 0, True
    while m != n:
        k = split(n)
        if m <= k:
            proof.append((start + k, n - k))
            n = k
        else:
            proof.append((start, k))
            start, m, n, complete = start + k, m - k, n - k, False
    if not complete:
        proof.append((start, m))
    return proof[::-1]


def needed(ranges):
    """Every stored subtree (level, index) the given ranges are built from."""
    return {part for start, n in ranges for part in _ranges(start, n)}
