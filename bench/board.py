"""How much the duty board costs with a full facility.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/board.py --detainees 50 --hours 72

Builds a throwaway database (migrate), fills one facility with people in custody, each with
`--hours` of history (checks every 30 minutes, meals, movements), then times the board
selector and counts its queries. Prints figures; asserts nothing (targets live in the note).
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custody.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from custody.facilities.models import Cell, Facility, Region  # noqa: E402
from detainees import selectors  # noqa: E402
from detainees.models import CustodyRecord, EntryKind, Person, TimelineEntry  # noqa: E402


def build(detainees, hours):
    from custody.accounts.models import User

    call_command("migrate", verbosity=0)
    region, _ = Region.objects.get_or_create(name="Bench region")
    facility, _ = Facility.objects.get_or_create(code="BENCH", defaults={"name": "Bench ITT", "region": region})
    if CustodyRecord.objects.filter(facility=facility).exists():
        return facility
    author, _ = User.objects.get_or_create(username="bench")
    cell = Cell.objects.create(facility=facility, number="B1", capacity=500, floor_area_m2=500)
    now = timezone.now()
    entries = []
    for n in range(detainees):
        person = Person.objects.create(
            surname=f"Bench{n}", given_name="B", date_of_birth="1990-01-01", sex="M", citizenship="UA", language="uk"
        )
        start = now - timedelta(hours=hours)
        record = CustodyRecord.objects.create(
            number=f"BENCH-{n:06d}",
            facility=facility,
            person=person,
            legal_basis="cpc208",
            grounds="x",
            detaining_officer="x",
            detaining_unit="x",
            detention_place="x",
            detained_at=start,
            arrived_at=start,
            booked_by=author,
            current_cell=cell,
        )
        t = start
        while t < now:
            entries.append(
                TimelineEntry(
                    record=record,
                    kind=EntryKind.CHECK,
                    occurred_at=t,
                    recorded_at=t,
                    author=author,
                    details={"state": "awake"},
                )
            )
            t += timedelta(minutes=30)
        for day in range(int(hours // 24) + 1):
            for meal_hour in (8, 13, 18):
                at = start + timedelta(days=day, hours=meal_hour)
                if at < now:
                    entries.append(
                        TimelineEntry(
                            record=record,
                            kind=EntryKind.MEAL,
                            occurred_at=at,
                            recorded_at=at,
                            author=author,
                            details={"meal": "lunch", "outcome": "eaten"},
                        )
                    )
    TimelineEntry.objects.bulk_create(entries, batch_size=2000)
    return facility


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--detainees", type=int, default=50)
    parser.add_argument("--hours", type=float, default=72)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    facility = build(args.detainees, args.hours)
    total = TimelineEntry.objects.filter(record__facility=facility).count()
    timings = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            rows = selectors.board([facility], timezone.now())
            timings.append(time.perf_counter() - started)
    print(
        f"{connection.vendor}: {len(rows)} detainees, {total} timeline entries; "
        f"board in {min(timings) * 1000:.0f} ms best / {sorted(timings)[len(timings) // 2] * 1000:.0f} ms median "
        f"of {args.repeat}; {len(ctx.captured_queries)} queries"
    )


if __name__ == "__main__":
    main()
