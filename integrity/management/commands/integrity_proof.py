"""Print a proof as JSON: that an entry is in its facility's log, or that a log only grew.

    manage.py integrity_proof inclusion --entry 42
    manage.py integrity_proof consistency --log ITT1 --first 100 --second 250

Both are against signed tree heads (the latest, or the heads of exactly those sizes), so the
output can be checked offline with `integrity/verifier.py`'s `verify_inclusion` and
`verify_consistency` and the public key.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from integrity import heads as signing
from integrity import proofs
from integrity.models import Leaf, Log, Source, TreeHead


class Command(BaseCommand):
    help = "Print an inclusion proof for an entry or a consistency proof between two signed heads."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        inclusion = kinds.add_parser("inclusion")
        inclusion.add_argument("--entry", type=int, required=True, help="timeline entry id")
        consistency = kinds.add_parser("consistency")
        consistency.add_argument("--log", required=True, help="log key: the facility code or 'national'")
        consistency.add_argument("--first", type=int, required=True, help="size of the earlier signed head")
        consistency.add_argument("--second", type=int, help="size of the later signed head (default: the latest)")

    def handle(self, *args, kind, **options):
        document = (
            self._inclusion(options["entry"])
            if kind == "inclusion"
            else self._consistency(options["log"], options["first"], options["second"])
        )
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))

    def _inclusion(self, entry_id):
        leaf = Leaf.objects.select_related("log").filter(source=Source.TIMELINE, object_id=entry_id).first()
        if leaf is None:
            raise CommandError(f"Timeline entry {entry_id} is in no log.")
        head = signing.latest(leaf.log)
        if head is None or head.size <= leaf.index:
            raise CommandError(
                f"Entry {entry_id} was sealed after the latest signed head of log {leaf.log.key}; "
                "run sign_tree_heads first."
            )
        return {
            "log": leaf.log.key,
            "entry_id": entry_id,
            "leaf_index": leaf.index,
            "leaf_hash": leaf.hash,
            "tree_head": signing.as_dict(head),
            "proof": proofs.inclusion(leaf.log, leaf.index, head.size),
        }

    def _consistency(self, key, first, second):
        log = Log.objects.filter(key=key).first()
        if log is None:
            raise CommandError(f"There is no log {key}.")
        signed = TreeHead.objects.filter(log=log).select_related("log")
        older = signed.filter(size=first).first()
        newer = signed.filter(size=second).first() if second else signing.latest(log)
        if older is None or newer is None or newer.size < older.size:
            raise CommandError(
                f"Log {key} has no signed heads of those sizes (give sizes of signed heads, "
                "the first no larger than the second)."
            )
        return {
            "log": key,
            "first": signing.as_dict(older),
            "second": signing.as_dict(newer),
            "proof": proofs.consistency(log, older.size, newer.size),
        }
