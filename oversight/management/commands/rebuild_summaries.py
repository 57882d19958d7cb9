"""(Re)build the statistics summary of every closed record.

Summaries are kept when records close; run this once after upgrading a database that holds
records closed before the statistics existed, or whose summaries a migration dropped because the
rules they were counted by changed (oversight 0005: a release no longer meets a notice of
suspicion). The dashboard computes missing ones live, slowly.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from detainees.models import CustodyRecord
from oversight.stats import services as summaries


class Command(BaseCommand):
    help = "Rebuild the statistics summaries of closed custody records."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only records that have no summary yet.")

    def handle(self, *args, missing=False, **options):
        records = CustodyRecord.objects.filter(closed_at__isnull=False).select_related("facility", "person")
        if missing:
            records = records.filter(summary__isnull=True)
        count = 0
        for record in records.iterator(chunk_size=500):
            with transaction.atomic():
                summaries.refresh(record)
            count += 1
        self.stdout.write(f"{count} summaries rebuilt.")
