"""Writers at different facilities never wait for each other: a lock drill and a throughput bench.

    python bench/facility_logs.py --lock-check            # facility A's head locked, B writes
    python bench/facility_logs.py --writers 8 --seconds 10  # 1 facility x 8 writers vs 2 x 8

PostgreSQL only (127.0.0.1): builds a scratch database `custody_bench_logs` (dropped first),
migrates it, books one detainee per writer at two facilities, then runs the drill or the
benchmark with one process (and one connection) per writer. Prints figures; the lock check
exits 1 if B waited for A. Bounded: every wait has a timeout.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "custody_bench_logs")
os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custody.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DEBUG"] = "1"


def build(writers):
    subprocess.run(["psql", SERVER + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"], check=True)
    subprocess.run(["psql", SERVER + "/postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, cwd=ROOT)
    import django

    django.setup()
    from django.contrib.auth.models import Group

    from custody.accounts.models import User
    from custody.accounts.roles import Role
    from custody.facilities.models import Facility, Region
    from detainees import services
    from detainees.tests.conftest import person_data, record_data
    from integrity.log import sealed

    with sealed():
        region = Region.objects.create(name="Bench")
        facilities = [Facility.objects.create(name=f"Bench {c}", code=c, region=region) for c in ("BA", "BB")]
        officer = User.objects.create(username="bench")
        officer.groups.add(Group.objects.get(name=Role.DUTY_OFFICER))
        officer.facilities.set(facilities)
    for facility in facilities:
        for n in range(writers):
            services.book_in(
                actor=officer,
                person_data=person_data(surname=f"Bench{facility.code}{n}", document_number=f"{facility.code}{n:06d}"),
                record_data=record_data(facility),
            )


def _setup():
    import django

    django.setup()


def _write(record_id, seconds, start, counter):
    _setup()
    from django.utils import timezone

    from custody.accounts.models import User
    from detainees import services
    from detainees.models import CustodyRecord, EntryKind

    officer = User.objects.get(username="bench")
    record = CustodyRecord.objects.get(pk=record_id)
    start.wait()
    done, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        services.add_entry(
            record=record,
            actor=officer,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now(),
            details={"state": "awake", "condition": "normal", "note": ""},
        )
        done += 1
    with counter.get_lock():
        counter.value += done


def throughput(record_ids, seconds):
    ctx = multiprocessing.get_context("spawn")
    start, counter = ctx.Event(), ctx.Value("i", 0)
    workers = [ctx.Process(target=_write, args=(pk, seconds, start, counter)) for pk in record_ids]
    for w in workers:
        w.start()
    time.sleep(3)  # let every process connect
    start.set()
    for w in workers:
        w.join(seconds + 60)
    return counter.value / seconds


def lock_check():
    """Hold facility A's head locked in one connection; a write at B must finish within 1 s."""
    _setup()
    from django.db import connection, connections, transaction
    from django.utils import timezone

    from custody.accounts.models import User
    from detainees import services
    from detainees.models import CustodyRecord, EntryKind
    from integrity.models import Log

    officer = User.objects.get(username="bench")
    a, b = (CustodyRecord.objects.filter(facility__code=code).first() for code in ("BA", "BB"))
    note = {"text": "lock drill"}
    timings = {}

    def write(record, name):
        try:
            started = time.perf_counter()
            services.add_entry(
                record=record, actor=officer, kind=EntryKind.NOTE, occurred_at=timezone.now(), details=note
            )
            timings[name] = time.perf_counter() - started
        finally:
            connections.close_all()

    with transaction.atomic():
        Log.objects.select_for_update().get(facility__code="BA")  # facility A's head, held
        at_b = threading.Thread(target=write, args=(b, "B"))
        at_a = threading.Thread(target=write, args=(a, "A"))
        at_b.start()
        at_a.start()
        at_b.join(5)
        at_a.join(1.5)
        a_waited = at_a.is_alive()
    at_a.join(10)
    connection.close()
    print(f"write at B while A's head was locked: {timings.get('B', float('inf')) * 1000:.0f} ms")
    print(f"write at A: waited for the lock = {a_waited}, finished in {timings.get('A', float('inf')):.2f} s")
    return timings.get("B", 99) < 1.0 and a_waited and "A" in timings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--lock-check", action="store_true")
    args = parser.parse_args()
    build(args.writers)
    if args.lock_check:
        sys.exit(0 if lock_check() else 1)
    from detainees.models import CustodyRecord

    at_a = list(CustodyRecord.objects.filter(facility__code="BA").values_list("pk", flat=True))
    at_b = list(CustodyRecord.objects.filter(facility__code="BB").values_list("pk", flat=True))
    one = throughput(at_a, args.seconds)
    two = throughput(at_a + at_b, args.seconds)
    print(f"1 facility x {args.writers} writers: {one:.0f} entries/s")
    print(f"2 facilities x {args.writers} writers: {two:.0f} entries/s ({two / one:.2f}x)")


if __name__ == "__main__":
    main()
