import pytest
import time_machine
from django.utils import timezone

from detainees import services
from detainees.tests.conftest import person_data, record_data


@pytest.fixture
def booked(duty_officer, facility):
    """A record booked in an hour ago through the real service (planted identity: Ком'яков, АН123456, 17.05.1990)."""
    return services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))


@pytest.fixture
def clock():
    """Time stopped five seconds into a 30-second code step, so a test's codes stay current."""
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 27, 12, 0, 5)), tick=False) as traveller:
        yield traveller
