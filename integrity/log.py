"""Appending to a log: the one place rows are sealed.

A writer calls `seal` last, inside its own transaction, with the timeline entries it wrote;
`seal` also takes the audit rows django-auditlog wrote in the same write (they carry the
write's correlation id, set by `acting_as`). It locks the head of the facility's log — only
that row, so writers at other facilities never wait — hashes the rows as the database stored
them, appends their leaves and the subtrees they complete, and moves the head. If the writer's
transaction rolls back, so does the seal: a row is never sealed without being written, nor
written without being sealed.
"""

from contextlib import contextmanager

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from custody.lib.audit import current_write, writing

from . import leaves, merkle
from .models import NATIONAL, Leaf, Log, Node, Source

EMPTY_ROOT = merkle.EMPTY_ROOT.hex()


def seal(*, facility=None, entries=(), audit=None):
    """Seal `entries` and this write's audit rows into `facility`'s log (national when None).

    `audit`: the write's audit rows, when the writer holds every one of them (`create_audited`);
    otherwise they are found by the write's correlation id.
    """
    if audit is None:
        audit = _audit_rows_of_this_write()
    else:
        held = {row.pk: leaves.as_stored(Source.AUDIT, row) for row in audit}
        uncertain = leaves.rows(Source.AUDIT, [pk for pk, row in held.items() if row is None])
        audit = [held[pk] or uncertain[pk] for pk in held]
    # The hash must cover what verification will read: an entry whose values come back from
    # the database unchanged is hashed as it is; any other is read back (`leaves.as_stored`).
    timeline = {entry.pk: leaves.as_stored(Source.TIMELINE, entry) for entry in entries}
    uncertain = [pk for pk, row in timeline.items() if row is None]
    if uncertain:
        timeline.update(leaves.rows(Source.TIMELINE, uncertain))
    batch = [(Source.TIMELINE, timeline[entry.pk]) for entry in entries] + [(Source.AUDIT, row) for row in audit]
    if not batch:
        return None

    log = _locked_log(facility)
    now = timezone.now()
    hashes = [leaves.hash_of(source, leaves.FORMAT, row) for source, row in batch]
    frontier, finished = merkle.append([(level, bytes.fromhex(h)) for level, h in log.frontier], log.size, hashes)
    Leaf.objects.bulk_create(
        [
            Leaf(
                log=log,
                index=log.size + n,
                source=source,
                object_id=row["id"],
                hash=h.hex(),
                version=leaves.FORMAT,
                sealed_at=now,
            )
            for n, ((source, row), h) in enumerate(zip(batch, hashes, strict=True))
        ]
    )
    if finished:
        Node.objects.bulk_create(
            [Node(log=log, level=level, index=index, hash=h.hex()) for level, index, h in finished]
        )
    log.size += len(batch)
    log.frontier = [[level, h.hex()] for level, h in frontier]
    log.root = merkle.root_of(frontier).hex()
    log.updated_at = now
    log.save(update_fields=["size", "frontier", "root", "updated_at"])
    return log


def _audit_rows_of_this_write():
    write = current_write()
    if write is None:
        return []
    return list(
        LogEntry.objects.filter(cid=write)
        .exclude(Exists(Leaf.objects.filter(source=Source.AUDIT, object_id=OuterRef("pk"))))
        .order_by("pk")
        .values(*leaves.FORMATS[leaves.FORMAT][Source.AUDIT])
    )


def _locked_log(facility):
    facility_id = getattr(facility, "pk", facility)
    heads = Log.objects.select_for_update()
    heads = heads.filter(key=NATIONAL) if facility_id is None else heads.filter(facility_id=facility_id)
    return heads.first() or _open_log(facility_id)


def _open_log(facility_id):
    """A facility's first sealed row opens its log (and the first national write the national one)."""
    from custody.facilities.models import Facility

    key = NATIONAL if facility_id is None else Facility.objects.values_list("code", flat=True).get(pk=facility_id)
    if facility_id is not None and Log.objects.filter(key=key).exclude(facility_id=facility_id).exists():
        key = f"{key}-{facility_id}"  # the code once belonged to another facility, whose log keeps it
    try:
        with transaction.atomic():
            Log.objects.create(key=key, facility_id=facility_id, root=EMPTY_ROOT)
    except IntegrityError:  # another writer opened it a moment ago
        pass
    if facility_id is None:
        return Log.objects.select_for_update().get(key=NATIONAL)
    return Log.objects.select_for_update().get(facility_id=facility_id)


@contextmanager
def sealed(*, actor=None, facility=None):
    """A write outside the custody services (admin, set-up, data loading), sealed when it ends.

    `with sealed(actor=request.user): form.save()` — everything django-auditlog records inside
    the block goes into `facility`'s log (national by default) in the same transaction.
    """
    with transaction.atomic(), writing(actor):
        yield
        seal(facility=facility)
