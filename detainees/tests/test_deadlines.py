"""Each deadline: due its allowed hours after its start, met early, on time or late, then overdue."""

from datetime import UTC, datetime, timedelta

import pytest

from detainees.obligations import DUE, MET, MET_LATE, OVERDUE
from detainees.tests.obligations import DEADLINE_IDS, DEADLINES, KYIV, MINUTE, make_record, owed, seeded

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


@pytest.mark.parametrize(("key", "facts", "start", "hours", "meet"), DEADLINES, ids=DEADLINE_IDS)
def test_each_deadline_is_due_its_allowed_hours_after_its_start_with_its_citation(
    facility, key, facts, start, hours, meet
):
    record = make_record(facility, **facts)
    obligation = owed(record, [], start, key)
    assert (obligation.status, obligation.due_at) == (DUE, start + timedelta(hours=hours))
    assert obligation.citation == seeded(key).citation


@pytest.mark.parametrize(
    ("met_after_due", "late"),
    [(-MINUTE, False), (timedelta(0), False), (MINUTE, True)],
    ids=["one_minute_early", "exactly_at_the_limit", "one_minute_late"],
)
@pytest.mark.parametrize(("key", "facts", "start", "hours", "meet"), DEADLINES, ids=DEADLINE_IDS)
def test_each_deadline_met_before_at_or_after_the_limit_is_met_and_met_late_only_after(
    facility, key, facts, start, hours, meet, met_after_due, late
):
    record = make_record(facility, **facts)
    met_at = start + timedelta(hours=hours) + met_after_due
    entries = meet(record, met_at)
    obligation = owed(record, entries, met_at + MINUTE, key)
    assert (obligation.status, obligation.met_at, obligation.late) == (MET_LATE if late else MET, met_at, late)
    assert obligation.met_by is entries[-1]


@pytest.mark.parametrize(
    ("now_after_due", "status"),
    [(-MINUTE, DUE), (timedelta(0), DUE), (MINUTE, OVERDUE)],
    ids=["one_minute_before", "exactly_at_the_limit", "one_minute_over"],
)
@pytest.mark.parametrize(("key", "facts", "start", "hours", "meet"), DEADLINES, ids=DEADLINE_IDS)
def test_each_unmet_deadline_is_due_up_to_the_limit_and_overdue_one_minute_after(
    facility, key, facts, start, hours, meet, now_after_due, status
):
    record = make_record(facility, **facts)
    obligation = owed(record, [], start + timedelta(hours=hours) + now_after_due, key)
    assert (obligation.status, obligation.met_by, obligation.late) == (status, None, False)


@pytest.mark.parametrize("as_loaded", [False, True], ids=["as_entered_in_kyiv_time", "as_loaded_from_the_db_in_utc"])
def test_the_72_hour_limit_is_72_real_hours_across_the_autumn_clock_change(facility, as_loaded):
    # Clocks go back on 25 October 2026 04:00 → 03:00. 24 Oct 10:00 EEST is 07:00 UTC.
    detained = datetime(2026, 10, 24, 10, 0, tzinfo=KYIV)
    record = make_record(facility, detained_at=detained)
    if as_loaded:
        record.refresh_from_db()
    obligation = owed(record, [], datetime(2026, 10, 26, 12, 0, tzinfo=KYIV), "limit-72h")
    assert obligation.due_at == datetime(2026, 10, 27, 7, 0, tzinfo=UTC)  # 09:00 Kyiv winter time
