"""One-time cut-over: the single hash chain's seals become the first leaves of the new logs.

Before the logs, every timeline entry and audit row was a link of one of two national hash
chains (oversight.Seal). This migration first recomputes both chains from their first link —
it refuses to run, naming the link, if either is broken, so tampering from before the cut-over
is never laundered into a freshly sealed log — then appends each sealed row, in the chain's
order, to its facility's log (rows with no facility to the national log) with the same
canonical content (format 1). The old tables stay, frozen, as the record of the cut-over.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.db import migrations, transaction

from custody.lib.appendonly import AppendOnly

GENESIS = "0" * 64
BATCH = 2000

# Frozen copies: this migration must keep reading the old chain as it was written.
CHAIN_COLUMNS = {
    "timeline": [
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
    "audit": [
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
}

# Where an audited object's facility is, for the models that have one.
FACILITY_OF = {
    ("detainees", "custodyrecord"): "facility_id",
    ("detainees", "timelineentry"): "record__facility_id",
    ("detainees", "recordnumbersequence"): "facility_id",
    ("inspections", "recordreview"): "record__facility_id",
    ("inspections", "reviewitem"): "review__record__facility_id",
    ("inspections", "cellinspection"): "cell__facility_id",
    ("inspections", "defect"): "cell__facility_id",
    ("inspections", "finding"): "facility_id",
    ("inspections", "findingevent"): "finding__facility_id",
    ("oversight", "namedaccessgrant"): "facility_id",
    ("oversight", "monitoringvisit"): "facility_id",
}


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def _old_link(chain, seq, previous, row):
    canonical = json.dumps(
        {k: _plain(v) for k, v in row.items()}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(f"{chain}|{seq}|{previous}|{canonical}".encode()).hexdigest()


def _leaf(source, row):
    document = {"source": source, "version": 1, "row": {k: _plain(v) for k, v in row.items()}}
    data = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class _Tree:
    """A log being filled: its frontier, and the leaves and subtrees not yet written (a batch at most)."""

    def __init__(self, log, Leaf, Node):
        self.log, self.frontier, self.leaves, self.nodes = log, [], [], []
        self.Leaf, self.Node = Leaf, Node

    def flush(self):
        self.Leaf.objects.bulk_create([self.Leaf(**leaf) for leaf in self.leaves], batch_size=BATCH)
        self.Node.objects.bulk_create([self.Node(**node) for node in self.nodes], batch_size=BATCH)
        self.leaves, self.nodes = [], []

    def append(self, source, object_id, digest, sealed_at):
        index = self.log.size
        self.leaves.append(
            dict(
                log=self.log,
                index=index,
                source=source,
                object_id=object_id,
                hash=digest.hex(),
                version=1,
                sealed_at=sealed_at,
            )
        )
        level, h = 0, digest
        while self.frontier and self.frontier[-1][0] == level:
            h = _node(self.frontier.pop()[1], h)
            level, index = level + 1, index >> 1
            self.nodes.append(dict(log=self.log, level=level, index=index, hash=h.hex()))
        self.frontier.append((level, h))
        self.log.size += 1
        if len(self.leaves) >= BATCH:  # a national database has millions: never all in memory
            self.flush()


def _facilities(apps, chain, rows):
    """{row id: facility id or None} for a batch of rows of one chain."""
    if chain == "timeline":
        Entry = apps.get_model("detainees", "TimelineEntry")
        ids = [row["id"] for row in rows]
        return dict(Entry.objects.filter(pk__in=ids).values_list("pk", "record__facility_id"))
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    found = {}
    by_type = {}
    for row in rows:
        by_type.setdefault(row["content_type_id"], []).append(row)
    for type_id, group in by_type.items():
        path = FACILITY_OF.get(types.get(type_id))
        if path is None:
            continue
        model = apps.get_model(*types[type_id])
        rows_of = {}
        for row in group:
            rows_of.setdefault(row["object_pk"], []).append(row["id"])
        objects = model.objects.filter(pk__in=[pk for pk in rows_of if pk.isdecimal()]).values_list("pk", path)
        for pk, facility in objects:
            for row_id in rows_of[str(pk)]:
                found[row_id] = facility
    return found


def cut_over(apps, schema_editor):
    # Its own transaction: a refusal part-way leaves nothing behind, inside a migration or not.
    with transaction.atomic():
        _cut_over(apps)


def _cut_over(apps):
    Seal = apps.get_model("oversight", "Seal")
    ChainHead = apps.get_model("oversight", "ChainHead")
    Log = apps.get_model("integrity", "Log")
    Leaf = apps.get_model("integrity", "Leaf")
    Node = apps.get_model("integrity", "Node")
    Facility = apps.get_model("facilities", "Facility")
    sources = {
        "timeline": apps.get_model("detainees", "TimelineEntry"),
        "audit": apps.get_model("auditlog", "LogEntry"),
    }
    codes = dict(Facility.objects.values_list("pk", "code"))
    trees = {}

    def tree(facility_id):
        if facility_id not in trees:
            key = "national" if facility_id is None else codes[facility_id]
            trees[facility_id] = _Tree(
                Log.objects.create(key=key, facility_id=facility_id, size=0, root=""), Leaf, Node
            )
        return trees[facility_id]

    for chain, model in sources.items():
        previous, expected, after = GENESIS, 1, 0
        while True:
            seals = list(
                Seal.objects.filter(chain=chain, seq__gt=after)
                .order_by("seq")
                .values_list("seq", "object_id", "hash", "sealed_at")[:BATCH]
            )
            if not seals:
                break
            rows = {
                r["id"]: r for r in model.objects.filter(pk__in=[s[1] for s in seals]).values(*CHAIN_COLUMNS[chain])
            }
            facilities = _facilities(apps, chain, rows.values())
            for seq, object_id, digest, sealed_at in seals:
                row = rows.get(object_id)
                if seq != expected or row is None or _old_link(chain, seq, previous, row) != digest:
                    raise RuntimeError(
                        f"The {chain} hash chain is broken at link #{expected} (row {object_id}): it was changed "
                        "outside the application. Investigate before cutting over; nothing was migrated."
                    )
                tree(facilities.get(object_id)).append(chain, object_id, _leaf(chain, row), sealed_at)
                previous, expected = digest, expected + 1
            after = seals[-1][0]
        head = ChainHead.objects.filter(chain=chain).first()
        if head is not None and (head.seq, head.hash) != (expected - 1, previous):
            raise RuntimeError(
                f"The {chain} hash chain ends at link #{expected - 1} but its head says #{head.seq}: its newest "
                "links were removed outside the application. Investigate before cutting over; nothing was migrated."
            )
        unsealed = model.objects.exclude(pk__in=Seal.objects.filter(chain=chain).values("object_id")).exists()
        if unsealed:
            raise RuntimeError(
                f"Some {chain} rows were never sealed in the old chain; investigate before cutting over."
            )

    for t in trees.values():
        root = t.frontier[-1][1] if t.frontier else hashlib.sha256(b"").digest()
        for _level, h in reversed(t.frontier[:-1]):
            root = _node(h, root)
        t.flush()
        t.log.frontier = [[level, h.hex()] for level, h in t.frontier]
        t.log.root = root.hex()
        t.log.save()


class Migration(migrations.Migration):
    dependencies = [
        ("integrity", "0001_initial"),
        ("oversight", "0004_accessevent_facility"),
        ("detainees", "0004_alter_timelineentry_kind"),
        ("inspections", "0002_finding_visit"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(cut_over, migrations.RunPython.noop),
        AppendOnly("integrity_leaf"),
        AppendOnly("integrity_node"),
        AppendOnly("integrity_treehead"),
        AppendOnly("integrity_verification"),
        AppendOnly("integrity_log", refuse=("DELETE",)),
    ]
