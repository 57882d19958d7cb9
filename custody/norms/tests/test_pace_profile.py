"""A second legal regime is data only: England & Wales (PACE 1984) as rows, no code.

The profile and its norms are created here exactly as an administrator would enter them; the
rules in `detainees/obligations.py` apply them unchanged to a record in a PACE facility.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from custody.facilities.tests.factories import FacilityFactory
from custody.norms.models import Norm, NormProfile, Rule, Unit
from detainees.models import EntryKind, LegalBasis, TimelineEntry
from detainees.obligations import DUE, MET, OVERDUE, compute, next_time_limit
from detainees.tests.factories import CustodyRecordFactory

# Norm versions are set up directly here: these tests are about the rules, not the write path.
pytestmark = pytest.mark.unsealed

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
CRIMINAL = {"all": ["criminal"]}
CLOSED = {"closed": True}

PACE_NORMS = [
    # key, (title in English, in Ukrainian), rule, value, interval, met_by, (citation in English, in Ukrainian)
    (
        "pace-review",
        ("Review of detention by the review officer", "Перегляд тримання під вартою наглядовим офіцером"),
        Rule.RECURRING,
        6,
        9,
        {"kinds": ["detention_review"]},
        ("PACE 1984 s.40", "PACE 1984 розд. 40"),
    ),
    (
        "pace-24h",
        ("Limit of detention without charge", "Граничний строк тримання без обвинувачення"),
        Rule.DEADLINE,
        24,
        None,
        CLOSED,
        ("PACE 1984 s.41", "PACE 1984 розд. 41"),
    ),
    (
        "pace-36h",
        ("Limit of detention authorised by a superintendent", "Граничний строк тримання з дозволу суперінтенданта"),
        Rule.DEADLINE,
        36,
        None,
        CLOSED,
        ("PACE 1984 s.42", "PACE 1984 розд. 42"),
    ),
    (
        "pace-96h",
        ("Limit of detention under a warrant of further detention", "Граничний строк тримання за ордером суду"),
        Rule.DEADLINE,
        96,
        None,
        CLOSED,
        ("PACE 1984 s.44", "PACE 1984 розд. 44"),
    ),
]
PACE_KEYS = {row[0] for row in PACE_NORMS}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def pace(db):
    profile = NormProfile.objects.create(code="pace", name="England & Wales (PACE)")
    for key, title, rule, value, interval, met_by, citation in PACE_NORMS:
        norm = Norm(
            profile=profile,
            key=key,
            title=title[0],
            title_uk=title[1],
            rule=rule,
            value=Decimal(value),
            unit=Unit.HOURS,
            interval=Decimal(interval) if interval else None,
            anchor="detained_at",
            applies_to=CRIMINAL,
            met_by=met_by,
            citation=citation[0],
            citation_uk=citation[1],
            effective_from=T0.date(),
        )
        norm.full_clean()  # the same validation an administrator's entry goes through
        norm.save()
    return profile


@pytest.fixture
def pace_facility(pace, region):
    return FacilityFactory(region=region, name="Custody suite, Leeds", code="LEEDS", norm_profile=pace)


@pytest.fixture
def record(pace_facility):
    return CustodyRecordFactory(
        facility=pace_facility, legal_basis=LegalBasis.CPC_208, detained_at=T0, arrived_at=T0 + 30 * MINUTE
    )


def review(record, at, pk=1):
    return TimelineEntry(
        pk=pk,
        record=record,
        kind=EntryKind.DETENTION_REVIEW,
        occurred_at=at,
        details={"outcome": "continued"},
        corrects_id=None,
        related_id=None,
    )


def evaluate(record, entries, now):
    norms = list(Norm.objects.filter(profile=record.facility.norm_profile))
    with time_machine.travel(now, tick=False):
        return {o.key: o for o in compute(record, entries, norms, now)}


def test_a_record_in_a_pace_facility_owes_the_pace_norms_and_none_of_the_ukrainian_ones(record):
    owed = evaluate(record, [], T0 + HOUR)
    assert set(owed) == PACE_KEYS
    with translation.override("en"):
        assert {o.citation for o in owed.values()} == {
            "PACE 1984 s.40",
            "PACE 1984 s.41",
            "PACE 1984 s.42",
            "PACE 1984 s.44",
        }
        assert owed["pace-review"].title == "Review of detention by the review officer"
    with translation.override("uk"):  # a profile's rows carry both languages, like the seeded ones
        assert owed["pace-review"].title == "Перегляд тримання під вартою наглядовим офіцером"
        assert owed["pace-24h"].citation == "PACE 1984 розд. 41"


@pytest.mark.parametrize(
    ("now", "status"),
    [(T0 + 6 * HOUR - MINUTE, DUE), (T0 + 6 * HOUR, DUE), (T0 + 6 * HOUR + MINUTE, OVERDUE)],
    ids=["one_minute_before", "exactly_at", "one_minute_over"],
)
def test_the_first_review_is_due_six_hours_after_detention(record, now, status):
    first = evaluate(record, [], now)["pace-review"]
    assert (first.status, first.due_at) == (status, T0 + 6 * HOUR)


def test_after_a_review_the_next_is_due_nine_hours_later(record):
    reviewed = review(record, T0 + 5 * HOUR)
    following = evaluate(record, [reviewed], T0 + 14 * HOUR)["pace-review"]
    assert (following.status, following.due_at, following.met_by, following.missed) == (
        DUE,
        T0 + 14 * HOUR,
        reviewed,
        [],
    )


def test_a_review_one_minute_late_is_overdue(record):
    reviewed = review(record, T0 + 5 * HOUR)
    assert evaluate(record, [reviewed], T0 + 14 * HOUR + MINUTE)["pace-review"].status == OVERDUE


def test_a_review_held_after_the_six_hours_is_recorded_as_missed(record):
    late = review(record, T0 + 6 * HOUR + MINUTE)
    owed = evaluate(record, [late], T0 + 7 * HOUR)["pace-review"]
    assert (owed.missed, owed.due_at) == ([T0 + 6 * HOUR], late.occurred_at + 9 * HOUR)


def test_the_three_time_limits_run_from_detention_and_the_24_hour_one_is_next(record):
    owed = evaluate(record, [], T0 + HOUR)
    limits = {key: owed[key].due_at for key in ("pace-24h", "pace-36h", "pace-96h")}
    assert limits == {"pace-24h": T0 + 24 * HOUR, "pace-36h": T0 + 36 * HOUR, "pace-96h": T0 + 96 * HOUR}
    assert all(owed[key].is_time_limit and owed[key].status == DUE for key in limits)
    assert next_time_limit(list(owed.values())).key == "pace-24h"
    assert not owed["pace-review"].is_time_limit


@pytest.mark.parametrize(
    ("after", "status"),
    [(24 * HOUR, DUE), (24 * HOUR + MINUTE, OVERDUE)],
    ids=["exactly_24_hours_is_due", "one_minute_over_is_overdue"],
)
def test_the_24_hour_limit_without_charge(record, after, status):
    assert evaluate(record, [], T0 + after)["pace-24h"].status == status


def test_release_before_24_hours_meets_every_pace_time_limit(record):
    record.closed_at, record.status = T0 + 20 * HOUR, "released"
    released = TimelineEntry(
        pk=2,
        record=record,
        kind=EntryKind.RELEASE,
        occurred_at=record.closed_at,
        details={"outcome": "released"},
        corrects_id=None,
        related_id=None,
    )
    owed = evaluate(record, [review(record, T0 + 5 * HOUR), released], T0 + 21 * HOUR)
    for key in ("pace-24h", "pace-36h", "pace-96h"):
        assert (owed[key].status, owed[key].met_by, owed[key].late) == (MET, released, False)
    assert next_time_limit(list(owed.values())) is None


def test_an_administrative_record_in_a_pace_facility_owes_nothing(pace_facility):
    record = CustodyRecordFactory(
        facility=pace_facility, legal_basis=LegalBasis.CAO_262, detained_at=T0, arrived_at=T0 + 30 * MINUTE
    )
    assert evaluate(record, [], T0 + HOUR) == {}


def test_the_ukrainian_facility_next_door_is_unaffected_by_the_pace_profile(pace, facility):
    record = CustodyRecordFactory(facility=facility, detained_at=T0, arrived_at=T0 + 30 * MINUTE)
    owed = evaluate(record, [], T0 + HOUR)
    assert "limit-72h" in owed
    assert not set(owed) & PACE_KEYS
