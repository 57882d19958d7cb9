import pytest

from detainees import services
from detainees.tests.conftest import person_data, record_data
from detainees.tests.transfers import accepted, clock, receiving_officer, sent  # noqa: F401  (fixtures)


@pytest.fixture
def booked(duty_officer, facility):
    """A record booked in an hour ago through the real service (planted identity: Ком'яков, АН123456, 17.05.1990)."""
    return services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
