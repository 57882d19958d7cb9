"""Verify every log: its rows, leaves, subtrees, root and signed heads (run nightly).

Exit 0 with the counts when intact; exit 1 naming each broken log and entry otherwise.
`--heads FILE` also checks the heads kept in FILE (exported earlier with `--export-heads`
or from the integrity page): a log rewritten and signed again since fails against it.
"""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from integrity import verify as verification


class Command(BaseCommand):
    help = "Verify the facility and national logs of timeline entries and audit rows."

    def add_arguments(self, parser):
        parser.add_argument("--heads", metavar="FILE", help="A heads file exported earlier to verify against.")
        parser.add_argument(
            "--export-heads", metavar="FILE", help="Write the latest signed heads to FILE ('-': stdout)."
        )

    def handle(self, *args, **options):
        if options["export_heads"]:
            text = json.dumps(verification.export_heads(), indent=2, ensure_ascii=False)
            if options["export_heads"] == "-":
                self.stdout.write(text)
            else:
                with open(options["export_heads"], "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
                self.stdout.write(f"Signed heads written to {options['export_heads']}.")
            return
        kept = None
        if options["heads"]:
            try:
                with open(options["heads"], "rb") as handle:
                    kept = verification.parse_heads(handle.read())
            except (OSError, verification.HeadFileError) as error:
                raise CommandError(str(error)) from None
        started = time.perf_counter()
        report = verification.verify(head_file=kept)
        elapsed = time.perf_counter() - started
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"{report} ({elapsed:.1f} s)"))
            return
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(str(problem)))
        sys.exit(1)
