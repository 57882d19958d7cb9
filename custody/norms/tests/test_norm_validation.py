"""Norm validation: implausible values are refused; a version in force or in the past never changes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from custody.norms.models import Norm, Rule, Unit
from detainees.tests.obligations import T0, frozen_clock, seeded  # noqa: F401  (a fixture, shared by import)

# Norm versions are set up directly here: these tests are about the rules, not the write path.
pytestmark = [pytest.mark.unsealed, pytest.mark.usefixtures("frozen_clock")]


TODAY = T0.date()


def norm(**overrides):
    fields = {
        "profile": seeded("rights").profile,
        "key": "test-norm",
        "title": "Test norm",
        "title_uk": "Тестова норма",
        "rule": Rule.DEADLINE,
        "value": Decimal(1),
        "unit": Unit.HOURS,
        "met_by": {"kinds": ["rights"]},
        "citation": "Test art. 1",
        "citation_uk": "Тест ст. 1",
        "effective_from": TODAY + timedelta(days=30),
        **overrides,
    }
    return Norm(**fields)


def test_a_plausible_future_norm_is_valid(db):
    norm().full_clean()
    norm(
        rule=Rule.RECURRING,
        value=Decimal(30),
        unit=Unit.MINUTES,
        interval=Decimal(30),
        met_by={"kinds": ["check"], "details": {"state": ["awake"]}},
        applies_to={"all": ["criminal"], "any": ["minor", "pregnant"], "none": ["martial_law"]},
    ).full_clean()
    norm(rule=Rule.LIMIT, value=Decimal(23), unit=Unit.HOUR_OF_DAY, met_by={}).full_clean()


INVALID = [
    ({"value": Decimal(0)}, "value"),
    ({"value": Decimal(-1)}, "value"),
    ({"value": Decimal(10000)}, "value"),
    ({"value": Decimal(745)}, "value"),
    ({"value": Decimal(1441), "unit": Unit.MINUTES}, "value"),
    ({"value": Decimal(101), "unit": Unit.SQUARE_METRES, "rule": Rule.LIMIT, "met_by": {}}, "value"),
    ({"value": Decimal(25), "unit": Unit.HOUR_OF_DAY, "rule": Rule.LIMIT, "met_by": {}}, "value"),
    ({"value": Decimal("6.5"), "unit": Unit.HOUR_OF_DAY, "rule": Rule.LIMIT, "met_by": {}}, "value"),
    ({"rule": Rule.RECURRING, "value": Decimal(60), "unit": Unit.MINUTES}, "interval"),
    ({"rule": Rule.RECURRING, "value": Decimal(60), "unit": Unit.MINUTES, "interval": Decimal(0)}, "interval"),
    ({"rule": Rule.RECURRING, "value": Decimal(60), "unit": Unit.MINUTES, "interval": Decimal(2000)}, "interval"),
    ({"applies_to": {"all": ["adult"]}}, "applies_to"),
    ({"applies_to": {"none": ["criminal", "juvenile"]}}, "applies_to"),
    ({"applies_to": {"some": ["minor"]}}, "applies_to"),
    ({"met_by": {"kinds": ["phone_call"]}}, "met_by"),
    ({"met_by": {"kinds": ["rights"], "when": "soon"}}, "met_by"),
    ({"met_by": {}}, "met_by"),
]
INVALID_IDS = [
    "zero",
    "negative",
    "10000_hours",
    "745_hours",
    "1441_minutes",
    "101_square_metres",
    "hour_of_day_25",
    "hour_of_day_6_5",
    "recurring_without_interval",
    "zero_interval",
    "absurd_interval",
    "unknown_condition",
    "unknown_condition_in_none",
    "unknown_applies_to_part",
    "unknown_entry_kind",
    "unknown_met_by_key",
    "deadline_met_by_nothing",
]


@pytest.mark.parametrize(("overrides", "field"), INVALID, ids=INVALID_IDS)
def test_an_implausible_norm_is_refused(db, overrides, field):
    with pytest.raises(ValidationError) as refused:
        norm(**overrides).full_clean()
    assert field in refused.value.message_dict


def test_a_second_version_on_the_same_day_is_refused(db):
    existing = seeded("limit-72h")
    existing.pk = None
    existing.effective_from = timezone.localdate() + timedelta(days=30)
    existing.save()  # a future version exists on that day
    duplicate = norm(key="limit-72h", effective_from=existing.effective_from, met_by={"closed": True})
    with pytest.raises(ValidationError, match="already takes effect on that date"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_version_in_force_cannot_be_edited(db):
    in_force = seeded("limit-72h")
    in_force.value = Decimal(48)
    with pytest.raises(ValidationError, match="already in force"):
        in_force.full_clean()


def test_a_version_taking_effect_today_is_in_force_and_cannot_be_edited(db):
    today = norm(effective_from=TODAY)
    today.save()
    today.value = Decimal(2)
    with pytest.raises(ValidationError, match="already in force"):
        today.full_clean()


def test_a_future_version_can_still_be_edited_and_deleted(db):
    future = norm()
    future.save()
    future.value = Decimal(2)
    future.full_clean()
    future.save()
    future.delete()
    assert not Norm.objects.filter(key="test-norm").exists()


def test_a_version_in_force_cannot_be_deleted(db):
    in_force = seeded("legal-aid")
    with pytest.raises(ValidationError, match="kept for the record"):
        in_force.delete()
    assert Norm.objects.filter(pk=in_force.pk).exists()


@pytest.mark.parametrize("how", ["added_backdated", "future_version_moved_into_the_past"])
def test_a_version_cannot_take_effect_in_the_past(db, how):
    # Past obligations must never change: a back-dated version rewrites them as surely as an edit.
    if how == "added_backdated":
        backdated = norm(
            key="limit-72h", value=Decimal(48), met_by={"closed": True}, effective_from=TODAY - timedelta(days=1)
        )
    else:
        backdated = norm()
        backdated.save()
        backdated.effective_from = TODAY - timedelta(days=1)
    with pytest.raises(ValidationError):
        backdated.full_clean()
