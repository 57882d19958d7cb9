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

# What a link covers, per format version. Frozen: a column added to a table later (by us or
# by an auditlog upgrade) must not change the bytes of rows sealed before it, so it joins in a
# new version and each seal remembers the version it was made with.
FORMATS = {
    1: {
        Chain.TIMELINE: ["id", "record_id", "kind", "occurred_at", "recorded_at", "author_id", "details", "cell_id",
                         "related_id", "corrects_id", "correction_reason"],
        Chain.AUDIT: ["id", "content_type_id", "object_pk", "object_id", "object_repr", "serialized_data", "action",
                      "changes_text", "changes", "actor_id", "cid", "remote_addr", "remote_port", "timestamp",
                      "additional_data", "actor_email"],
    },
}
FORMAT = max(FORMATS)


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


def lock_heads():
    """Row-lock both chain heads (always in the same order) for the rest of the transaction.

    Every writing transaction takes this first — `acting_as` in services, `SerialWritesMiddleware`
    for requests — so no transaction can hold another row lock while it waits for the heads:
    writers queue here instead of deadlocking (PostgreSQL) or failing (SQLite).
    """
    heads = {h.chain: h for h in ChainHead.objects.select_for_update().order_by("chain")}
    if len(heads) < len(Chain):
        ChainHead.objects.bulk_create([ChainHead(chain=c) for c in Chain if c not in heads], ignore_conflicts=True)
        heads = {h.chain: h for h in ChainHead.objects.select_for_update().order_by("chain")}
    return heads


def seal(chain, pk):
    """Append the row `pk` of `chain` to its chain, in the caller's transaction."""
    model = MODELS[chain]
    with transaction.atomic():
        head = lock_heads()[chain]
        # Read the row back so the hash covers exactly what verification will read.
        row = model._base_manager.filter(pk=pk).values(*FORMATS[FORMAT][chain]).get()
        seq = head.seq + 1
        digest = link_hash(chain, seq, head.hash, row)
        now = timezone.now()
        Seal.objects.create(chain=chain, seq=seq, object_id=pk, hash=digest, sealed_at=now, version=FORMAT)
        head.seq, head.hash, head.at = seq, digest, now
        head.save(update_fields=["seq", "hash", "at"])


# Sealing follows the row's insert wherever it happens (services, auditlog's own signal
# handlers, bulk inserts), so no write path can forget it; that is why it is a signal and not
# a call in each service.
def on_timeline_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seal(Chain.TIMELINE, instance.pk)


def on_audit_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seal(Chain.AUDIT, instance.pk)


class SerialWritesMiddleware:
    """Run each state-changing request in one transaction that takes the chain-head lock first."""

    def __init__(self, get_response):
        self.get_response = get_response

    # Signing in (password, then code) and out and switching language seal nothing, and a
    # sign-in spends ~50 ms hashing the password on purpose: it must not hold up every writer.
    EXEMPT = ("login", "second-factor", "logout", "set-language")

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or self._exempt(request):
            return self.get_response(request)
        with transaction.atomic():
            lock_heads()
            return self.get_response(request)

    def _exempt(self, request):
        from django.urls import Resolver404, resolve

        try:
            return resolve(request.path_info).url_name in self.EXEMPT
        except Resolver404:
            return False


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


def verify(chain, *, upto=None, by=None, since_last=False):
    """Recompute `chain` from its first link (or the last full check); stop at the first broken one.

    `upto` is an exported head {"seq": n, "hash": h}: then the chain must reach link n and
    link n must carry exactly hash h, which proves nothing before it was rewritten or removed.
    `since_last` starts from the link the last intact full verification ended at, so a page
    can check what was added since in constant time; the scheduled command checks it all.
    Each run is stored as a `Verification`.
    """
    start = None
    if since_last and upto is None:
        last = Verification.objects.filter(chain=chain, intact=True, against_export=False, incremental=False).first()
        if last is not None and last.head_seq:
            start = (last.head_seq, last.head_hash)
    result = _verify(chain, upto, start)
    Verification.objects.create(
        chain=chain, by=by, intact=result.intact, verified=result.verified, head_seq=result.head_seq,
        head_hash=result.head_hash, against_export=upto is not None, incremental=start is not None,
        problem=result.problem,
    )
    return result


def _broken(chain, count, previous_seq, previous_hash, problem, **where):
    return Result(chain, False, count, previous_seq, previous_hash, problem=problem, **where)


def _verify(chain, upto, start=None):
    model = MODELS[chain]
    # The end is fixed before reading: links written while we verify are simply not in this run.
    head = ChainHead.objects.filter(chain=chain).first()
    if upto is not None:
        end = upto["seq"]
    elif head is not None:
        end = head.seq
    else:
        end = Seal.objects.filter(chain=chain).order_by("-seq").values_list("seq", flat=True).first() or 0
    seals = Seal.objects.filter(chain=chain, seq__lte=end).order_by("seq")
    previous, expected, count, last_seq = GENESIS, 1, 0, 0
    if start is not None:
        last_seq, previous = start
        expected = last_seq + 1
    after = last_seq
    while True:
        batch = list(seals.filter(seq__gt=after).values_list("seq", "object_id", "hash", "version")[:BATCH])
        if not batch:
            break
        ids = [b[1] for b in batch]
        rows = {}
        for version in {b[3] for b in batch}:
            columns = FORMATS.get(version, {}).get(chain)
            if columns:
                rows.update({(version, r["id"]): r for r in model._base_manager.filter(pk__in=ids).values(*columns)})
        for seq, object_id, digest, version in batch:
            if seq != expected:
                return _broken(chain, count, last_seq, previous, _(
                    "link #%(seq)s is missing: a sealed row was removed (the chain jumps from #%(last)s to #%(next)s)."
                ) % {"seq": expected, "last": last_seq, "next": seq}, broken_seq=expected)
            row = rows.get((version, object_id))
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

    if head is None:
        if last_seq:
            return _broken(chain, count, last_seq, previous, _(
                "the chain head is missing: it was removed outside the application."), broken_seq=last_seq)
    elif head.seq != last_seq or head.hash != previous:
        return _broken(chain, count, last_seq, previous, _(
            "the chain ends at #%(last)s but its head says #%(head)s: the newest entries were removed."
        ) % {"last": last_seq, "head": head.seq}, broken_seq=last_seq + 1)
    unsealed = model._base_manager.exclude(pk__in=Seal.objects.filter(chain=chain).values("object_id"))
    if start is not None:  # a quick check looks only at rows newer than where it started
        since = Seal.objects.filter(chain=chain, seq=start[0]).values_list("object_id", flat=True).first() or 0
        unsealed = unsealed.filter(pk__gt=since)
    unsealed = unsealed.order_by("pk").values_list("pk", flat=True).first()
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
            if chain not in Chain.values or type(seq) is not int or seq < 0:
                raise HeadFileError
            if not (isinstance(digest, str) and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
                raise HeadFileError
            heads[chain] = {"seq": seq, "hash": digest}
    except (HeadFileError, KeyError, TypeError, ValueError, RecursionError):
        raise HeadFileError(_("This is not a chain head exported by Custody Records.")) from None
    if not heads:
        raise HeadFileError(_("This is not a chain head exported by Custody Records."))
    return heads
