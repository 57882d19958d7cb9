"""Inclusion and consistency proofs for a log, from its stored leaves and complete subtrees."""

from django.db import connection

from . import merkle
from .models import Leaf, Node


def _lookup(log, parts):
    """{(level, index): hash bytes} for the given complete subtrees, in one query.

    Plain SQL: a proof needs ~2·log2(n) subtrees, and building that filter through the ORM
    costs ten times what the database takes to answer it.
    """
    leaves = [index for level, index in parts if level == 0]
    nodes = [(level, index) for level, index in parts if level]
    sql, params = [], []
    if leaves:
        sql.append(
            f'SELECT 0, "index", hash FROM {Leaf._meta.db_table} WHERE log_id = %s AND "index" IN '
            f"({', '.join(['%s'] * len(leaves))})"
        )
        params += [log.pk, *leaves]
    if nodes:
        sql.append(
            f'SELECT level, "index", hash FROM {Node._meta.db_table} WHERE log_id = %s AND ('
            + " OR ".join(['(level = %s AND "index" = %s)'] * len(nodes))
            + ")"
        )
        params += [log.pk, *(value for node in nodes for value in node)]
    if not sql:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        return {(level, index): bytes.fromhex(h) for level, index, h in cursor.fetchall()}


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
