"""On PostgreSQL, a write at facility B completes while facility A's log head is held locked.

The drill needs committed data seen by several connections, so it runs `bench/facility_logs.py
--lock-check` against a scratch database of its own on the same server (about 10 s).
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.postgresql

DRILL = Path(__file__).resolve().parents[2] / "bench" / "facility_logs.py"


def test_a_write_at_facility_b_does_not_wait_for_facility_as_locked_head():
    db = settings.DATABASES["default"]
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    scratch = f"custody_lockdrill_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "BENCH_PG": server, "BENCH_DB": scratch}
    try:
        run = subprocess.run(
            [sys.executable, str(DRILL), "--lock-check"], env=env, capture_output=True, text=True, timeout=180
        )
    finally:
        subprocess.run(
            ["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"],
            capture_output=True,
        )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "waited for the lock = True" in run.stdout
