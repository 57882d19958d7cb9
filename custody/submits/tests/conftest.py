import pytest

from detainees import services
from detainees.tests.conftest import person_data, record_data


@pytest.fixture
def booked(duty_officer, facility):
    return services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
