"""Inclusion and consistency proofs for a log, from its stored leaves and complete subtrees."""

from django.db.models import Q

from . import merkle
from .models import Leaf, Node


def _lookup(log, parts):
    """{(level, index): hash bytes} for the given complete subtrees, in at most two queries."""
    found = {}
    leaves = [index for level, index in parts if level == 0]
    if leaves:
        found.update({(0, i): bytes.fromhex(h) for i, h in
                      Leaf.objects.filter(log=log, index__in=leaves).values_list("index", "hash")})
    by_level = {}
    for level, index in parts:
        if level:
            by_level.setdefault(level, []).append(index)
    if by_level:
        where = Q()
        for level, indexes in by_level.items():
            where |= Q(level=level, index__in=indexes)
        found.update({(level, i): bytes.fromhex(h) for level, i, h in
                      Node.objects.filter(where, log=log).values_list("level", "index", "hash")})
    return found


def _hashes(log, ranges):
    found = _lookup(log, merkle.needed(ranges))
    return [merkle.subtree(lambda level, index: found[(level, index)], start, n).hex() for start, n in ranges]


def inclusion(log, index, size):
    """The audit path of leaf `index` in the first `size` leaves of `log` (hex hashes)."""
    return _hashes(log, merkle.inclusion_ranges(index, size))


def inclusions(log, indexes, size):
    """Audit paths of several leaves at once (a printed record), in two queries."""
    ranges = {index: merkle.inclusion_ranges(index, size) for index in indexes}
    found = _lookup(log, merkle.needed([r for path in ranges.values() for r in path]))
    get = lambda level, i: found[(level, i)]  # noqa: E731
    return {index: [merkle.subtree(get, start, n).hex() for start, n in path] for index, path in ranges.items()}


def consistency(log, first, second):
    """The proof that the first `first` leaves of `log` are unchanged in its first `second`."""
    return _hashes(log, merkle.consistency_ranges(first, second))
