"""Meals: three a day, pro rata for the hours in custody, due by midnight."""

from datetime import date, datetime

import pytest

from detainees.models import EntryKind
from detainees.obligations import DUE, MET, NOT_MET
from detainees.tests.obligations import ARRIVAL, HOUR, KYIV, MINUTE, entry, make_record, owed, release, seeded

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def meal(record, at, kind="lunch"):
    return entry(record, EntryKind.MEAL, at, meal=kind, outcome="eaten")


@pytest.mark.parametrize(
    ("arrival_hour", "required"),
    [(0, 3), (8, 2), (16, 1), (20, 0)],
    ids=["arrived_at_midnight", "arrived_at_8", "arrived_at_16", "arrived_at_20"],
)
def test_meals_owed_today_are_three_a_day_pro_rata_for_the_rest_of_the_day(facility, arrival_hour, required):
    arrived = datetime(2026, 11, 27, arrival_hour, 0, tzinfo=KYIV)
    record = make_record(facility, detained_at=arrived - HOUR, arrived_at=arrived)
    obligation = owed(record, [], arrived + 30 * MINUTE, "meals")
    assert obligation.progress == f"today 0 of {required}"
    assert obligation.status == (DUE if required else MET)
    assert obligation.citation == seeded("meals").citation


def test_meals_served_as_owed_today_are_met(facility):
    record = make_record(
        facility,
        detained_at=datetime(2026, 11, 27, 7, 0, tzinfo=KYIV),
        arrived_at=datetime(2026, 11, 27, 8, 0, tzinfo=KYIV),
    )  # 16 h today: two meals
    entries = [
        meal(record, datetime(2026, 11, 27, 13, 0, tzinfo=KYIV)),
        meal(record, datetime(2026, 11, 27, 18, 0, tzinfo=KYIV), "dinner"),
    ]
    obligation = owed(record, entries, datetime(2026, 11, 27, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress, obligation.due_at) == (MET, "today 2 of 2", None)


def test_meals_still_owed_today_are_due_by_midnight(facility):
    record = make_record(
        facility,
        detained_at=datetime(2026, 11, 27, 7, 0, tzinfo=KYIV),
        arrived_at=datetime(2026, 11, 27, 8, 0, tzinfo=KYIV),
    )
    entries = [meal(record, datetime(2026, 11, 27, 13, 0, tzinfo=KYIV))]
    obligation = owed(record, entries, datetime(2026, 11, 27, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress) == (DUE, "today 1 of 2")
    assert obligation.due_at == datetime(2026, 11, 28, 0, 0, tzinfo=KYIV)


def test_a_drink_is_not_a_meal(facility):
    record = make_record(
        facility,
        detained_at=datetime(2026, 11, 27, 7, 0, tzinfo=KYIV),
        arrived_at=datetime(2026, 11, 27, 8, 0, tzinfo=KYIV),
    )
    entries = [
        meal(record, datetime(2026, 11, 27, 13, 0, tzinfo=KYIV), "drink"),
        meal(record, datetime(2026, 11, 27, 18, 0, tzinfo=KYIV), "drink"),
    ]
    obligation = owed(record, entries, datetime(2026, 11, 27, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress) == (DUE, "today 0 of 2")


def test_a_full_day_in_custody_is_owed_three_meals(facility):
    record = make_record(facility)
    day_two = [meal(record, datetime(2026, 11, 28, h, 0, tzinfo=KYIV), m) for h, m in ((8, "breakfast"), (13, "lunch"))]
    obligation = owed(
        record, [meal(record, ARRIVAL + HOUR), *day_two], datetime(2026, 11, 28, 14, 0, tzinfo=KYIV), "meals"
    )
    assert (obligation.status, obligation.progress, obligation.missed) == (DUE, "today 2 of 3", [])


def test_a_day_with_too_few_meals_stays_listed_as_missed_while_today_decides_the_status(facility):
    record = make_record(facility)  # arrived 27 Nov 11:00: one meal owed that day
    today = [meal(record, datetime(2026, 11, 28, h, 0, tzinfo=KYIV)) for h in (8, 13, 18)]
    obligation = owed(record, today, datetime(2026, 11, 28, 19, 0, tzinfo=KYIV), "meals")
    assert (obligation.status, obligation.progress) == (MET, "today 3 of 3")
    assert obligation.missed == [date(2026, 11, 27)]


@pytest.mark.parametrize(("served", "status"), [(1, MET), (0, NOT_MET)], ids=["one_meal_served", "none_served"])
def test_meals_on_the_day_of_release_are_owed_for_the_hours_spent(facility, served, status):
    record = make_record(facility)  # arrived 11:00, released 19:00: 8 h, one meal
    entries = [*[meal(record, ARRIVAL + 2 * HOUR)][:served], release(record, ARRIVAL + 8 * HOUR)]
    obligation = owed(record, entries, ARRIVAL + 9 * HOUR, "meals")
    assert (obligation.status, obligation.missed) == (status, [] if served else [date(2026, 11, 27)])
