"""The seeded Ukrainian norms: each one tested, the limit figures owed by no one, an ordinary suspect's list."""

from collections import Counter
from decimal import Decimal

import pytest

from custody.norms.models import Norm, Rule, Unit
from detainees.tests.obligations import (
    CARE_KEYS,
    CHECK_KEYS,
    DEADLINE_IDS,
    FOLLOW_UP_KEYS,
    HOUR,
    LIMIT_KEYS,
    T0,
    keys,
    make_record,
    seeded,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


def test_every_seeded_norm_is_covered_by_these_tests(db):
    seeded_keys = set(Norm.objects.filter(profile__code="ua").values_list("key", flat=True))
    assert seeded_keys == set(DEADLINE_IDS) | CHECK_KEYS | CARE_KEYS | LIMIT_KEYS | FOLLOW_UP_KEYS
    deadline_keys = Norm.objects.filter(profile__code="ua", rule=Rule.DEADLINE).values_list("key", flat=True)
    assert set(deadline_keys) == set(DEADLINE_IDS)


def test_the_limit_figures_are_seeded_with_their_units_and_never_become_obligations(facility):
    figures = {key: (seeded(key).rule, seeded(key).value, seeded(key).unit) for key in LIMIT_KEYS}
    assert figures == {
        "area-per-person": (Rule.LIMIT, Decimal(4), Unit.SQUARE_METRES),
        "night-start": (Rule.LIMIT, Decimal(22), Unit.HOUR_OF_DAY),
        "night-end": (Rule.LIMIT, Decimal(6), Unit.HOUR_OF_DAY),
        "transfer-arrival": (Rule.LIMIT, Decimal(12), Unit.HOURS),  # read by `obligations.transit`
    }
    record = make_record(facility)
    assert not keys(record, [], T0 + 30 * HOUR) & LIMIT_KEYS


def test_an_ordinary_suspect_owes_exactly_these_obligations(facility):
    record = make_record(facility)
    assert keys(record, [], T0 + 30 * HOUR) == {
        "suspicion-notice",
        "court-60h",
        "limit-72h",
        "legal-aid",
        "relative",
        "rights",
        "intake-medical",
        "checks-standard",
        "meals",
        "exercise",
        "rest",
    }


def test_every_seeded_norm_has_one_version_but_the_suspicion_notice_which_left_out_court_rulings(db):
    versions = Counter(Norm.objects.filter(profile__code="ua").values_list("key", flat=True))
    assert {key: n for key, n in versions.items() if n != 1} == {"suspicion-notice": 2}
    assert len(versions) == 26  # the 25 of the law, and the transfer journey's arrival limit
