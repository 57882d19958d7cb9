"""What a printed or exported record carries so anyone with the public key can check it.

Each entry's leaf (its index in the facility's log and its hash) and its inclusion proof
against the latest signed head of that log, and the head itself. An entry sealed after that
head has no proof yet; it gets one with the next head (`sign_tree_heads`, every few minutes).
"""

from dataclasses import dataclass, field

from . import heads as signing
from . import leaves, proofs
from .models import Leaf, Log, Source

FORMAT = "custody-records-export/1"


@dataclass
class Evidence:
    log: Log | None
    head: object = None
    by_entry: dict = field(default_factory=dict)  # entry id -> (leaf, proof or None)

    def of(self, entry):
        return self.by_entry.get(entry.pk, (None, None))

    @property
    def head_dict(self):
        return signing.as_dict(self.head) if self.head else None


def for_record(record, entries):
    log = Log.objects.filter(facility_id=record.facility_id).first()
    if log is None:
        return Evidence(None)
    head = signing.latest(log)
    found = {
        leaf.object_id: leaf
        for leaf in Leaf.objects.filter(source=Source.TIMELINE, object_id__in=[e.pk for e in entries], log=log)
    }
    proven = [leaf.index for leaf in found.values() if head and leaf.index < head.size]
    paths = proofs.inclusions(log, proven, head.size) if proven else {}
    return Evidence(log, head, {pk: (leaf, paths.get(leaf.index)) for pk, leaf in found.items()})


def export(record, entries):
    """The machine-readable record: every entry's exact leaf bytes, leaf index and proof."""
    evidence = for_record(record, entries)
    versions = {}
    for leaf, _proof in evidence.by_entry.values():
        versions.setdefault(leaf.version, []).append(leaf.object_id)
    rows = {}
    for version, ids in versions.items():
        rows.update(leaves.rows(Source.TIMELINE, ids, version))
    items = []
    for entry in entries:
        leaf, proof = evidence.of(entry)
        item = {"entry_id": entry.pk, "kind": entry.kind, "occurred_at": leaves.plain(entry.occurred_at)}
        if leaf is not None:
            item.update(
                {
                    "leaf_index": leaf.index,
                    "leaf_hash": leaf.hash,
                    "data": leaves.data(Source.TIMELINE, leaf.version, rows[entry.pk]).decode(),
                }
            )
            if proof is not None:
                item["proof"] = proof
        items.append(item)
    return {
        "format": FORMAT,
        "record": {"id": record.pk, "number": record.number, "facility": str(record.facility)},
        "log": evidence.log.key if evidence.log else None,
        "tree_head": evidence.head_dict,
        "entries": items,
    }
