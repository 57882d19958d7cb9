import pytest

from detainees import services
from detainees.tests.conftest import in_cell, person_data, record_data  # noqa: F401  (in_cell: a fixture)


@pytest.fixture
def booked(duty_officer, facility):
    return services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
