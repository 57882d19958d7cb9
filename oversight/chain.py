"""Tamper-evident history: every timeline entry and audit row is sealed into a hash chain.

Link n of a chain is sha256 over "chain|n|hash of link n-1|canonical JSON of the row". The
canonical JSON holds every column of the row as the database returns it (foreign keys as ids,
times in UTC to the microsecond, JSON sorted by key), so changing any byte of a row, removing
one, inserting one outside the application or swapping two breaks the chain at that row.

Sealing takes a row lock on both chain heads (always in the same order, so two writers cannot
deadlock) inside the writer's transaction: concurrent writers queue, and the chain cannot
fork. On SQLite the IMMEDIATE transaction already holds the database's single write lock.

Anyone with a copy of the database can recompute the chain with this description; an exported
head (`export_head`) kept outside the database proves that nothing before it was rewritten,
even by someone able to rewrite the whole chain.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from detainees.models import TimelineEntry

from .models import GENESIS, Chain, ChainHead, Seal, Verification

MODELS = {Chain.TIMELINE: TimelineEntry, Chain.AUDIT: LogEntry}
BATCH = 2000


def _columns(model):
    return [field.attname for field in model._meta.concrete_fields]


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(dt_timezone.utc).isoformat(timespec="microseconds")
    return value


def canonical(row):
    """The bytes a link covers: the row's columns as sorted JSON."""
    return json.dumps({k: _plain(v) for k, v in row.items()}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)


def link_hash(chain, seq, previous, row):
    payload = f"{chain}|{seq}|{previous}|{canonical(row)}"
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_heads():
    heads = {h.chain: h for h in ChainHead.objects.select_for_update().order_by("chain")}
    if len(heads) < len(Chain):
        ChainHead.objects.bulk_create([ChainHead(chain=c) for c in Chain if c not in heads], ignore_conflicts=True)
        heads = {h.chain: h for h in ChainHead.objects.select_for_update().order_by("chain")}
    return heads


def seal(chain, pk):
    """Append the row `pk` of `chain` to its chain, in the caller's transaction."""
    model = MODELS[chain]
    with transaction.atomic():
        head = _lock_heads()[chain]
        # Read the row back so the hash covers exactly what verification will read.
        row = model._base_manager.filter(pk=pk).values(*_columns(model)).get()
        seq = head.seq + 1
        digest = link_hash(chain, seq, head.hash, row)
        now = timezone.now()
        Seal.objects.create(chain=chain, seq=seq, object_id=pk, hash=digest, sealed_at=now)
        head.seq, head.hash, head.at = seq, digest, now
        head.save(update_fields=["seq", "hash", "at"])


def on_timeline_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seal(Chain.TIMELINE, instance.pk)


def on_audit_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seal(Chain.AUDIT, instance.pk)


# --- Verification ---------------------------------------------------------------------------


@dataclass
class Result:
    chain: str
    intact: bool
    verified: int
    head_seq: int
    head_hash: str
    problem: str = ""
    broken_id: int | None = None
    broken_seq: int | None = None

    def __str__(self):
        label = Chain(self.chain).label
        if self.intact:
            return _("%(chain)s: intact, %(count)s entries verified (head #%(seq)s %(hash)s).") % {
                "chain": label, "count": self.verified, "seq": self.head_seq, "hash": self.head_hash[:16]}
        return _("%(chain)s: BROKEN — %(problem)s") % {"chain": label, "problem": self.problem}


def verify(chain, *, upto=None, by=None):
    """Recompute `chain` from its first link; stop at the first broken one.

    `upto` is an exported head {"seq": n, "hash": h}: then the chain must reach link n and
    link n must carry exactly hash h, which proves nothing before it was rewritten or removed.
    Each run is stored as a `Verification`.
    """
    result = _verify(chain, upto)
    Verification.objects.create(
        chain=chain, by=by, intact=result.intact, verified=result.verified, head_seq=result.head_seq,
        head_hash=result.head_hash, against_export=upto is not None, problem=result.problem,
    )
    return result


def _broken(chain, count, previous_seq, previous_hash, problem, **where):
    return Result(chain, False, count, previous_seq, previous_hash, problem=problem, **where)


def _verify(chain, upto):
    model = MODELS[chain]
    columns = _columns(model)
    seals = Seal.objects.filter(chain=chain).order_by("seq")
    if upto is not None:
        seals = seals.filter(seq__lte=upto["seq"])
    previous, expected, count, last_seq = GENESIS, 1, 0, 0
    after = 0
    while True:
        batch = list(seals.filter(seq__gt=after).values_list("seq", "object_id", "hash")[:BATCH])
        if not batch:
            break
        rows = {r["id"]: r for r in model._base_manager.filter(pk__in=[b[1] for b in batch]).values(*columns)}
        for seq, object_id, digest in batch:
            if seq != expected:
                return _broken(chain, count, last_seq, previous, _(
                    "link #%(seq)s is missing: a sealed row was removed (the chain jumps from #%(last)s to #%(next)s)."
                ) % {"seq": expected, "last": last_seq, "next": seq}, broken_seq=expected)
            row = rows.get(object_id)
            if row is None:
                return _broken(chain, count, last_seq, previous, _(
                    "entry #%(id)s (link #%(seq)s) was deleted."
                ) % {"id": object_id, "seq": seq}, broken_id=object_id, broken_seq=seq)
            if link_hash(chain, seq, previous, row) != digest:
                return _broken(chain, count, last_seq, previous, _(
                    "entry #%(id)s (link #%(seq)s) was altered, or its place in the order changed."
                ) % {"id": object_id, "seq": seq}, broken_id=object_id, broken_seq=seq)
            previous, last_seq, expected, count = digest, seq, expected + 1, count + 1
        after = batch[-1][0]

    if upto is not None:
        if last_seq != upto["seq"] or previous != upto["hash"]:
            return _broken(chain, count, last_seq, previous, _(
                "the exported head #%(seq)s (%(hash)s) is not in the chain: history up to it was rewritten or removed."
            ) % {"seq": upto["seq"], "hash": upto["hash"][:16]}, broken_seq=upto["seq"])
        return Result(chain, True, count, last_seq, previous)

    head = ChainHead.objects.filter(chain=chain).first()
    if head is not None and (head.seq != last_seq or head.hash != previous):
        return _broken(chain, count, last_seq, previous, _(
            "the chain ends at #%(last)s but its head says #%(head)s: the newest entries were removed."
        ) % {"last": last_seq, "head": head.seq}, broken_seq=last_seq + 1)
    unsealed = (model._base_manager.exclude(pk__in=Seal.objects.filter(chain=chain).values("object_id"))
                .order_by("pk").values_list("pk", flat=True).first())
    if unsealed is not None:
        return _broken(chain, count, last_seq, previous, _(
            "entry #%(id)s is not sealed: it was inserted outside the application."
        ) % {"id": unsealed}, broken_id=unsealed)
    return Result(chain, True, count, last_seq, previous)


def export_head():
    """The current heads, to be kept outside the database (a file, a printout)."""
    heads = {h.chain: h for h in ChainHead.objects.all()}
    return {
        "system": "Custody Records",
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "chains": [
            {"chain": c.value, "seq": heads[c].seq if c in heads else 0,
             "hash": heads[c].hash if c in heads else GENESIS,
             "at": heads[c].at.isoformat(timespec="seconds") if c in heads and heads[c].at else None}
            for c in Chain
        ],
    }


class HeadFileError(ValueError):
    pass


def parse_head(data):
    """{"chain": {"seq": n, "hash": h}} from an exported head file; refuses anything else."""
    try:
        document = json.loads(data) if isinstance(data, (str, bytes)) else data
        heads = {}
        for item in document["chains"]:
            chain, seq, digest = item["chain"], item["seq"], item["hash"]
            if chain not in Chain.values or not isinstance(seq, int) or seq < 0:
                raise HeadFileError
            if not (isinstance(digest, str) and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
                raise HeadFileError
            heads[chain] = {"seq": seq, "hash": digest}
    except (HeadFileError, KeyError, TypeError, ValueError):
        raise HeadFileError(_("This is not a chain head exported by Custody Records.")) from None
    if not heads:
        raise HeadFileError(_("This is not a chain head exported by Custody Records."))
    return heads
