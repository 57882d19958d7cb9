"""Verification throughput, inclusion-proof time and the cost of one sealed entry.

    BENCH_DB=custody_bench_logs python bench/integrity.py --entries 100000

Uses the scratch database `bench/facility_logs.py` builds (run that first). Adds `--entries`
checks to facility BA's first record, sealed in batches of 1000, then times `verify` over all
logs, 200 inclusion proofs, and 200 `add_entry` calls one transaction each. Prints figures.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{SERVER}/{os.environ.get('BENCH_DB', 'custody_bench_logs')}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custody.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DEBUG"] = "1"

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from custody.accounts.models import User  # noqa: E402
from detainees import services  # noqa: E402
from detainees.models import CustodyRecord, EntryKind, TimelineEntry  # noqa: E402
from integrity import proofs, verify  # noqa: E402
from integrity.log import seal  # noqa: E402
from integrity.models import Leaf, Log  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100000)
    args = parser.parse_args()
    officer = User.objects.get(username="bench")
    record = CustodyRecord.objects.filter(facility__code="BA").first()
    details = {"state": "awake", "condition": "normal", "note": ""}
    for start in range(0, args.entries, 1000):
        now = timezone.now()
        with transaction.atomic():
            made = TimelineEntry.objects.bulk_create(
                [
                    TimelineEntry(
                        record=record,
                        kind=EntryKind.CHECK,
                        occurred_at=now,
                        recorded_at=now,
                        author=officer,
                        details=details,
                    )
                    for _ in range(min(1000, args.entries - start))
                ]
            )
            seal(facility=record.facility_id, entries=made)
    leaves = Leaf.objects.count()
    started = time.perf_counter()
    report = verify.verify()
    elapsed = time.perf_counter() - started
    print(
        f"verify: {report.leaves} leaves in {elapsed:.2f} s = {report.leaves / elapsed:,.0f} leaves/s "
        f"(intact={report.intact}, {leaves} leaves stored)"
    )
    log = Log.objects.get(facility__code="BA")
    times = []
    for index in range(0, log.size, max(1, log.size // 200)):
        t = time.perf_counter()
        proofs.inclusion(log, index, log.size)
        times.append((time.perf_counter() - t) * 1000)
    print(f"inclusion proof over {log.size} leaves: median {statistics.median(times):.2f} ms, max {max(times):.2f} ms")
    times = []
    for _ in range(200):
        t = time.perf_counter()
        services.add_entry(
            record=record, actor=officer, kind=EntryKind.CHECK, occurred_at=timezone.now(), details=details
        )
        times.append((time.perf_counter() - t) * 1000)
    print(f"add_entry (sealed, one transaction): median {statistics.median(times):.2f} ms")


if __name__ == "__main__":
    main()
