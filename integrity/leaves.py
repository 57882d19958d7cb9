"""What a leaf covers: the canonical bytes of one timeline entry or audit row.

The bytes are sorted, compact JSON of {"source", "version", "row"}, where row holds the columns
of `FORMATS[version][source]` exactly as the database returns them (foreign keys as ids, times
in UTC to the microsecond). Changing any byte of a sealed row changes its leaf hash. An export
carries these bytes verbatim, so an offline verifier hashes them without knowing this code.
"""

import ipaddress
import json
from datetime import UTC, datetime

from auditlog.models import LogEntry
from django.db import models

from detainees.models import TimelineEntry

from .merkle import leaf_hash
from .models import Source

MODELS = {Source.TIMELINE: TimelineEntry, Source.AUDIT: LogEntry}

# Frozen per version: a column added to a table later (by us or by an auditlog upgrade) joins
# in a new version, and each leaf remembers the version it was made with. Version 1 is the
# column list of the hash chain this log replaced, so its rows re-seal byte for byte.
FORMATS = {
    1: {
        Source.TIMELINE: [
            "id",
            "record_id",
            "kind",
            "occurred_at",
            "recorded_at",
            "author_id",
            "details",
            "cell_id",
            "related_id",
            "corrects_id",
            "correction_reason",
        ],
        Source.AUDIT: [
            "id",
            "content_type_id",
            "object_pk",
            "object_id",
            "object_repr",
            "serialized_data",
            "action",
            "changes_text",
            "changes",
            "actor_id",
            "cid",
            "remote_addr",
            "remote_port",
            "timestamp",
            "additional_data",
            "actor_email",
        ],
    },
}
FORMAT = max(FORMATS)


def plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def data(source, version, row):
    document = {"source": str(source), "version": version, "row": {k: plain(v) for k, v in row.items()}}
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def hash_of(source, version, row):
    return leaf_hash(data(source, version, row))


def as_stored(source, instance, version=FORMAT):
    """The row of an instance just saved, as the database will return it; None if that is not certain.

    Spares the writer reading back what it has just written. Only values that every engine
    stores and returns unchanged qualify: None, booleans, integers, text, aware datetimes, and
    lists and string-keyed objects of those; an audit row's address only in dotted IPv4. A
    float (PostgreSQL's jsonb writes 1e16 back as 10000000000000000), a date or a decimal in
    the details means the row is read back instead.
    """
    row = {name: getattr(instance, name) for name in FORMATS[version][source]}
    fields = {field.attname: field for field in MODELS[source]._meta.concrete_fields}
    return row if all(_comes_back_as_is(fields[name], value) for name, value in row.items()) else None


def _comes_back_as_is(field, value):
    """Whether the database returns `value` of this column exactly: same type, same text."""
    if value is None:
        return True
    if isinstance(field, models.JSONField):
        return _returns_unchanged(value)
    if isinstance(field, models.DateTimeField):
        return isinstance(value, datetime) and value.tzinfo is not None
    if isinstance(field, models.GenericIPAddressField):  # `inet` may reword IPv6; dotted IPv4 it keeps
        return isinstance(value, str) and _dotted_ipv4(value)
    if isinstance(field, models.CharField | models.TextField):
        return isinstance(value, str) and "\x00" not in value
    if isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
        return isinstance(value, int) and not isinstance(value, bool)
    return False


def _dotted_ipv4(address):
    try:
        return str(ipaddress.IPv4Address(address)) == address
    except ValueError:
        return False


def _returns_unchanged(value):
    if value is None or isinstance(value, bool | int | str):
        return not isinstance(value, str) or "\x00" not in value
    if isinstance(value, datetime):
        return value.tzinfo is not None
    if isinstance(value, list | tuple):
        return all(_returns_unchanged(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _returns_unchanged(item) for key, item in value.items())
    return False


def rows(source, ids, version=FORMAT):
    """{id: row} of the given rows, read as verification will read them."""
    columns = FORMATS[version][source]
    return {row["id"]: row for row in MODELS[source]._base_manager.filter(pk__in=ids).values(*columns)}
