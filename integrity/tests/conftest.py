import pytest
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind
from detainees.tests.conftest import person_data, record_data


@pytest.fixture
def booked(duty_officer, facility):
    return services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))


@pytest.fixture
def history(booked, duty_officer):
    """A record with an intake and five notes, and their audit rows."""
    for n in range(5):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.NOTE,
            occurred_at=timezone.now(),
            details={"text": f"Примітка {n}"},
        )
    return booked


@pytest.fixture
def elsewhere(other_facility):
    """A record at another facility, booked by its own officer."""
    from custody.accounts.roles import Role
    from custody.accounts.tests.factories import UserFactory

    officer = UserFactory(username="duty-b", role=Role.DUTY_OFFICER, facilities=[other_facility])
    return services.book_in(
        actor=officer,
        person_data=person_data(surname="Інший", document_number="ВВ000002"),
        record_data=record_data(other_facility),
    )
