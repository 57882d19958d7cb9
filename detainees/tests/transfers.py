"""A custody handed over between two facilities: the helpers of the transfer tests.

The clock is frozen (time-machine) and moved by hand: booked at ITT 1 at T0 + 1 h (detained at
T0), searched with a sealed bag, sent to the other facility at DEPARTED, and, where a test
accepts, received there at ARRIVED.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from detainees import services
from detainees.models import EntryKind, TimelineEntry, Transfer
from detainees.tests.conftest import person_data, record_data

KYIV = ZoneInfo("Europe/Kyiv")
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=KYIV)  # the moment of actual detention at ITT 1
BOOKED = T0 + timedelta(hours=1)
DEPARTED = T0 + timedelta(hours=11)
ARRIVED = DEPARTED + timedelta(hours=2)
BAG = "ПК-0145"

TRANSFER_DETAILS = {
    "legal_ground": "доручення слідчого",
    "property_signed": True,
    "condition": "задовільний",
    "complaints": "",
    "record_copy": True,
    "note": "",
}


@pytest.fixture
def clock():
    with time_machine.travel(BOOKED + timedelta(minutes=5), tick=False) as traveller:
        yield traveller


@pytest.fixture
def receiving_officer(other_facility):
    return UserFactory(role=Role.DUTY_OFFICER, facilities=[other_facility])


@pytest.fixture
def sent(clock, duty_officer, facility, other_facility):
    """A record at `facility` transferred to `other_facility`, in transit: the pending Transfer."""
    record = services.book_in(
        actor=duty_officer,
        person_data=person_data(),
        record_data=record_data(facility, detained_at=T0, arrived_at=BOOKED),
    )
    clock.move_to(BOOKED + timedelta(minutes=30))
    services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.SEARCH,
        occurred_at=BOOKED + timedelta(minutes=20),
        details={
            "searched_by": "сержант Коваль",
            "searcher_sex": "M",
            "detainee_signed": True,
            "items": [
                {"description": "телефон", "quantity": 1, "bag_number": BAG},
                {"description": "ремінь", "quantity": 1, "bag_number": BAG},
            ],
        },
    )
    clock.move_to(DEPARTED + timedelta(minutes=1))
    services.transfer_out(
        record=record,
        actor=duty_officer,
        occurred_at=DEPARTED,
        to_facility=other_facility,
        details=TRANSFER_DETAILS,
        bags=[BAG],
    )
    return Transfer.objects.select_related("from_record", "to_facility").get(from_record=record)


@pytest.fixture
def accepted(sent, clock, receiving_officer):
    """`sent`, received at ITT 2 with its bag sealed: the new record."""
    clock.move_to(ARRIVED + timedelta(minutes=3))
    return services.accept_transfer(
        transfer=sent, actor=receiving_officer, arrived_at=ARRIVED, condition="задовільний", bags_checked=[BAG]
    )


def counts():
    """What a refused write must leave as it was."""
    return (TimelineEntry.objects.count(), LogEntry.objects.count(), Transfer.objects.count())
