"""A custody held at two facilities after a transfer is one detention in the statistics, not two."""

from datetime import timedelta

import pytest
import time_machine

from detainees import services
from detainees.models import ReleaseOutcome
from detainees.tests.transfers import ARRIVED, T0
from oversight.stats import selectors

pytestmark = pytest.mark.django_db


def test_one_custody_across_two_facilities_counts_once_from_its_detention_to_its_final_release(
    accepted, clock, receiving_officer, region
):
    released_at = ARRIVED + timedelta(hours=10)
    clock.move_to(released_at + timedelta(minutes=1))
    services.release(
        record=accepted,
        actor=receiving_officer,
        occurred_at=released_at,
        details={
            "outcome": ReleaseOutcome.RELEASED,
            "destination": "freedom",
            "legal_ground": "постанова слідчого",
            "property": "all_returned",
            "condition": "задовільний",
        },
    )
    facilities = region.facilities.all()
    with time_machine.travel(released_at + timedelta(hours=1), tick=False):
        figures = selectors.dashboard(
            user=receiving_officer,
            facilities=facilities,
            start=T0 - timedelta(days=1),
            end=T0 + timedelta(days=2),
            now=released_at + timedelta(hours=1),
        )
    assert figures.detentions == 1
    assert figures.open_now == 0
    assert figures.max_hours == pytest.approx((released_at - T0).total_seconds() / 3600)


def test_a_custody_still_in_transit_counts_once_too(sent, region, receiving_officer):
    figures = selectors.dashboard(
        user=receiving_officer,
        facilities=region.facilities.all(),
        start=T0 - timedelta(days=1),
        end=T0 + timedelta(days=2),
        now=ARRIVED,
    )
    assert figures.detentions == 1
