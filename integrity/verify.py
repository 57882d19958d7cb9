"""Full verification: recompute every log from its rows and check every head against it.

For each log, leaf by leaf in index order: the row each leaf points at must still exist and
hash to the leaf's hash; the indexes must run without a gap; the tree rebuilt from those
hashes must reproduce every stored subtree, the root of every signed head at its size (which
is consistency between all stored heads), and the log's own head. Signatures are checked with
the public key. A heads file exported earlier is checked the same way: its heads must be
signed by our key and lie on the log as it is now — which catches a log rewritten and re-signed
since. Finally no timeline entry or audit row may be missing from every log.

Reads in keyset batches; memory and time are linear in the number of leaves.
"""

import json
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from detainees.models import TimelineEntry

from . import heads as signing
from . import leaves, merkle
from .models import Leaf, Log, Node, Source, TreeHead, Verification

BATCH = 5000


@dataclass
class Problem:
    log: str
    text: str
    leaf: int | None = None
    object_id: int | None = None

    def __str__(self):
        return _("Log %(log)s: %(problem)s") % {"log": self.log, "problem": self.text}


@dataclass
class Report:
    logs: int = 0
    leaves: int = 0
    heads: int = 0
    problems: list = field(default_factory=list)
    against_file: bool = False

    @property
    def intact(self):
        return not self.problems

    def __str__(self):
        if self.intact:
            return _("Intact: %(logs)s logs, %(leaves)s leaves and %(heads)s signed heads verified.") % {
                "logs": self.logs,
                "leaves": self.leaves,
                "heads": self.heads,
            }
        return "\n".join(str(p) for p in self.problems)


def verify(*, by=None, head_file=None, public_key=None, only=None):
    """Check every log (or `only` these) and, with `head_file`, the heads kept outside; store the run."""
    report = Report(against_file=head_file is not None)
    key = public_key or signing.public_key()
    kept = {}
    for head in head_file or []:
        kept.setdefault(head["log"], []).append(head)
    logs = {log.key: log for log in (only if only is not None else Log.objects.all()).order_by("key")}
    for name in sorted(set(kept) - set(Log.objects.values_list("key", flat=True))):
        report.problems.append(Problem(name, _("the heads file names a log this database does not have.")))
    for log in logs.values():
        _verify_log(log, report, key, kept.get(log.key, []))
    _unsealed(report)
    Verification.objects.create(
        by=by,
        intact=report.intact,
        logs=report.logs,
        leaves=report.leaves,
        heads=report.heads,
        against_file=report.against_file,
        problem="\n".join(str(p) for p in report.problems)[:10000],
    )
    return report


def _verify_log(log, report, key, kept):
    report.logs += 1
    name = log.key
    problems = report.problems
    stored = list(TreeHead.objects.filter(log=log).order_by("size", "timestamp"))
    for head in stored:
        if not signing.signature_valid(head, key):
            problems.append(
                Problem(
                    name,
                    _(
                        "the signed head of %(size)s leaves (%(when)s) does not carry a valid "
                        "signature by this system's key."
                    )
                    % {"size": head.size, "when": signing.stamp(head.timestamp)},
                )
            )
    for head in kept:
        if not signing.signature_valid(head, key):
            problems.append(
                Problem(
                    name,
                    _(
                        "the kept head of %(size)s leaves is not signed by this system's key "
                        "(another key, or the file was edited)."
                    )
                    % {"size": head["size"]},
                )
            )
    checkpoints = {}
    for head in stored:
        checkpoints.setdefault(head.size, []).append(
            (head.root, _("the signed head of %(size)s leaves") % {"size": head.size})
        )
    for head in kept:
        checkpoints.setdefault(head["size"], []).append(
            (head["root"], _("the kept head of %(size)s leaves") % {"size": head["size"]})
        )
    report.heads += len(stored) + len(kept)

    # The walk stops at the size the head had when this run read it: writers keep appending
    # meanwhile, and what they add is checked by the next run.
    if _stray_leaves(log):
        problems.append(
            Problem(
                name,
                _(
                    "the log holds leaves outside its positions 0 to %(last)s: they were "
                    "inserted outside the application."
                )
                % {"last": log.size - 1},
            )
        )
    frontier, size, expected = [], 0, 0
    pending = {}  # subtrees rebuilt in this batch, checked against the stored ones after it
    while True:
        batch = list(
            Leaf.objects.filter(log=log, index__gte=expected, index__lt=log.size)
            .order_by("index")
            .values_list("index", "source", "object_id", "hash", "version")[:BATCH]
        )
        if not batch:
            break
        rows = {}
        for source, version in {(b[1], b[4]) for b in batch}:
            if source not in leaves.MODELS or version not in leaves.FORMATS:
                continue
            ids = [b[2] for b in batch if b[1] == source and b[4] == version]
            rows.update({(source, pk): row for pk, row in leaves.rows(source, ids, version).items()})
        hashes = []
        for index, source, object_id, digest, version in batch:
            if index != expected:
                problems.append(
                    Problem(
                        name,
                        _(
                            "leaf %(index)s is missing: the log jumps from %(last)s to %(next)s "
                            "(a sealed row was removed from the log)."
                        )
                        % {"index": expected, "last": expected - 1, "next": index},
                        leaf=expected,
                    )
                )
                return
            if source not in leaves.MODELS or version not in leaves.FORMATS:
                problems.append(
                    Problem(
                        name,
                        _(
                            "leaf %(index)s has a kind or format this system never writes: it "
                            "was changed outside the application."
                        )
                        % {"index": index},
                        leaf=index,
                    )
                )
                return
            what = _describe(source, object_id)
            row = rows.get((source, object_id))
            if row is None:
                problems.append(
                    Problem(
                        name,
                        _("%(what)s (leaf %(index)s) was deleted.") % {"what": what, "index": index},
                        leaf=index,
                        object_id=object_id,
                    )
                )
                return
            actual = leaves.hash_of(source, version, row)
            if actual.hex() != digest:
                problems.append(
                    Problem(
                        name,
                        _("%(what)s (leaf %(index)s) was altered, or moved to another place in the log.")
                        % {"what": what, "index": index},
                        leaf=index,
                        object_id=object_id,
                    )
                )
                return
            hashes.append(actual)
            expected += 1
        # Rebuild the tree over this batch, checking every subtree it completes and every head.
        for h in hashes:
            frontier, finished = merkle.append(frontier, size, [h])
            size += 1
            pending.update({(level, index): node for level, index, node in finished})
            for root, label in checkpoints.get(size, ()):
                if merkle.root_of(frontier).hex() != root:
                    problems.append(
                        Problem(
                            name,
                            _(
                                "%(head)s does not match the log: entries up to it were "
                                "changed, removed or reordered since it was signed."
                            )
                            % {"head": label},
                            leaf=size - 1,
                        )
                    )
                    return
        if not _check_nodes(log, name, problems, pending):
            return
        report.leaves += len(hashes)
    later = [head_size for head_size in checkpoints if head_size > log.size]
    if later:  # signed after this run read the head, or the log lost its newest leaves since
        now = Log.objects.values_list("size", flat=True).get(pk=log.pk)
        for head_size in later:
            if head_size > now:
                problems.append(
                    Problem(
                        name,
                        _(
                            "a head of %(size)s leaves exists but the log has only %(have)s: "
                            "its newest entries were removed."
                        )
                        % {"size": head_size, "have": now},
                    )
                )
    rebuilt = [[level, h.hex()] for level, h in frontier]
    if size != log.size or merkle.root_of(frontier).hex() != log.root:
        problems.append(
            Problem(
                name,
                _(
                    "the log's head says %(size)s leaves with root %(root)s, but its leaves "
                    "give %(have)s leaves with root %(actual)s."
                )
                % {
                    "size": log.size,
                    "root": log.root[:16],
                    "have": size,
                    "actual": merkle.root_of(frontier).hex()[:16],
                },
            )
        )
    elif rebuilt != log.frontier:
        problems.append(
            Problem(
                name,
                _(
                    "the log's head keeps a wrong right edge of its tree: it was changed "
                    "outside the application, and the next entry sealed would get a wrong root."
                ),
            )
        )


def _stray_leaves(log):
    """Leaves at a negative position or beyond the head (read in one statement, so no writer races it)."""
    head = Log.objects.filter(pk=log.pk).values("size")
    return Leaf.objects.filter(Q(index__lt=0) | Q(index__gte=Subquery(head)), log=log).exists()


def _check_nodes(log, name, problems, pending):
    """The stored subtrees this batch completed equal the rebuilt ones (then forgets them)."""
    if not pending:
        return True
    where = Q()
    by_level = {}
    for level, index in pending:
        by_level.setdefault(level, []).append(index)
    for level, indexes in by_level.items():
        where |= Q(level=level, index__gte=min(indexes), index__lte=max(indexes))
    stored = {
        (level, index): h
        for level, index, h in Node.objects.filter(where, log=log).values_list("level", "index", "hash")
    }
    rebuilt = sorted(pending.items())
    pending.clear()
    for (level, index), h in rebuilt:
        if stored.get((level, index)) != h.hex():
            problems.append(
                Problem(
                    name,
                    _(
                        "the stored subtree over leaves %(first)s–%(last)s was altered or "
                        "removed: proofs drawn from it would not verify."
                    )
                    % {"first": index << level, "last": ((index + 1) << level) - 1},
                    leaf=index << level,
                )
            )
            return False
    return True


def _describe(source, object_id):
    if source == Source.TIMELINE:
        return _("timeline entry %(id)s") % {"id": object_id}
    return _("audit row %(id)s") % {"id": object_id}


def unsealed_rows(limit=1):
    """[(source, id)] of rows in no log: inserted outside the application, or never sealed."""
    found = []
    for source, model in ((Source.TIMELINE, TimelineEntry), (Source.AUDIT, LogEntry)):
        sealed = Leaf.objects.filter(source=source, object_id=OuterRef("pk"))
        ids = model._base_manager.filter(~Exists(sealed)).order_by("pk").values_list("pk", flat=True)[:limit]
        found += [(source, pk) for pk in ids]
    return found


def _unsealed(report):
    for source, pk in unsealed_rows():
        report.problems.append(
            Problem(
                "—",
                _("%(what)s is in no log: it was inserted outside the application.") % {"what": _describe(source, pk)},
                object_id=pk,
            )
        )


class HeadFileError(ValueError):
    pass


def parse_heads(data):
    """The heads in a file exported by `export_heads`; refuses anything else with one message."""
    message = _("This is not a heads file exported by Custody Records.")
    try:
        document = json.loads(data) if isinstance(data, (str, bytes)) else data
        found = []
        for item in document["heads"]:
            head = {k: item[k] for k in ("log", "size", "root", "timestamp", "key_id", "signature")}
            if not (isinstance(head["log"], str) and type(head["size"]) is int and head["size"] > 0):
                raise HeadFileError
            if not (
                isinstance(head["root"], str)
                and len(head["root"]) == 64
                and all(c in "0123456789abcdef" for c in head["root"])
            ):
                raise HeadFileError
            if not all(isinstance(head[k], str) for k in ("timestamp", "key_id", "signature")):
                raise HeadFileError
            found.append(head)
    except (HeadFileError, KeyError, TypeError, ValueError, RecursionError):
        raise HeadFileError(message) from None
    if not found:
        raise HeadFileError(message)
    return found


def export_heads():
    """The latest signed head of every log, to keep outside the database."""
    public = signing.public_key()
    return {
        "format": "custody-records-heads/1",
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "key_id": signing.key_id(public),
        "public_key": signing.public_key_pem(public),
        "heads": [signing.as_dict(head) for head in signing.latest_heads()],
    }
