"""Recompute the hash chains of the timeline and the audit trail.

Exit 0 and the number of entries verified when intact; exit 1 naming the first broken entry
when any entry was altered, removed, inserted or reordered outside the application.
`--head FILE` verifies against a head exported earlier (oversight page or `--export-head`).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from oversight import chain
from oversight.models import Chain


class Command(BaseCommand):
    help = "Verify the tamper-evident hash chains of timeline entries and audit rows."

    def add_arguments(self, parser):
        parser.add_argument("--head", help="JSON file of an exported chain head to verify against.")
        parser.add_argument("--export-head", metavar="FILE", help="Write the current chain head to FILE ('-' for stdout).")

    def handle(self, *args, **options):
        if options["export_head"]:
            text = json.dumps(chain.export_head(), indent=2, ensure_ascii=False)
            if options["export_head"] == "-":
                self.stdout.write(text)
            else:
                with open(options["export_head"], "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
                self.stdout.write(f"Chain head written to {options['export_head']}.")
            return
        heads = None
        if options["head"]:
            try:
                with open(options["head"], "rb") as handle:
                    heads = chain.parse_head(handle.read())
            except (OSError, chain.HeadFileError) as error:
                raise CommandError(str(error)) from None
        broken = False
        for name in Chain:
            if heads is not None and name not in heads:
                continue
            result = chain.verify(name, upto=heads[name] if heads else None)
            if result.intact:
                self.stdout.write(self.style.SUCCESS(
                    f"{name}: intact — {result.verified} entries verified up to #{result.head_seq} {result.head_hash}"))
            else:
                broken = True
                self.stderr.write(self.style.ERROR(f"{name}: BROKEN — {result.problem}"))
        if broken:
            sys.exit(1)
