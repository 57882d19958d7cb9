"""What the hash chain costs: sealing per entry, and verification throughput.

    DATABASE_URL=sqlite:////tmp/bench-chain.sqlite3 .venv/bin/python bench/chain.py --entries 20000

Builds a throwaway database, writes `--entries` timeline entries one transaction each (as the
services do) with and without the sealing signal, then times `verify` over the whole chain.
Prints figures; asserts nothing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custody.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.utils import timezone  # noqa: E402

from custody.facilities.models import Facility, Region  # noqa: E402
from detainees.models import CustodyRecord, EntryKind, Person, TimelineEntry  # noqa: E402
from oversight import chain  # noqa: E402
from oversight.models import Chain  # noqa: E402


def record():
    from custody.accounts.models import User

    region, _ = Region.objects.get_or_create(name="Bench region")
    facility, _ = Facility.objects.get_or_create(code="BCH", defaults={"name": "Bench ITT", "region": region})
    author, _ = User.objects.get_or_create(username="bench-chain")
    person = Person.objects.create(surname="Bench", given_name="C", date_of_birth="1990-01-01", sex="M", language="uk")
    now = timezone.now()
    booked = CustodyRecord.objects.create(
        number=f"BCH-{person.pk:06d}",
        facility=facility,
        person=person,
        legal_basis="cpc208",
        grounds="x",
        detaining_officer="x",
        detaining_unit="x",
        detention_place="x",
        detained_at=now,
        arrived_at=now,
        booked_by=author,
    )
    return booked, author


def write(count, booked, author):
    started = time.perf_counter()
    for _ in range(count):
        with transaction.atomic():
            TimelineEntry.objects.create(
                record=booked,
                kind=EntryKind.CHECK,
                occurred_at=timezone.now(),
                author=author,
                details={"state": "asleep", "concerns": "none"},
            )
    return (time.perf_counter() - started) / count * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    booked, author = record()
    print(f"database: {connection.vendor}")

    sample = min(2000, args.entries)
    post_save.disconnect(dispatch_uid="oversight.seal.timeline", sender=TimelineEntry)
    unsealed = write(sample, booked, author)
    # These rows stay unsealed on purpose; verify only what follows from a fresh record.
    post_save.connect(chain.on_timeline_saved, sender=TimelineEntry, dispatch_uid="oversight.seal.timeline")
    sealed = write(sample, booked, author)
    print(
        f"write one entry per transaction: {unsealed:.2f} ms unsealed, {sealed:.2f} ms sealed "
        f"(+{sealed - unsealed:.2f} ms)"
    )

    write(max(0, args.entries - sample), booked, author)
    started = time.perf_counter()
    result = chain._verify(Chain.TIMELINE, None)
    elapsed = time.perf_counter() - started
    print(
        f"verify: {result.verified} links in {elapsed:.2f} s = {result.verified / elapsed:,.0f} entries/s "
        f"({'intact' if result.intact else result.problem})"
    )


if __name__ == "__main__":
    main()
