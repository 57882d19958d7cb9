"""The legal rules of a detention are the service's: booking in outside them is refused and writes nothing."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import CustodyRecord, LegalBasis, Person, TimelineEntry
from detainees.tests.conftest import person_data, record_data


def written():
    return (
        Person.objects.count(),
        CustodyRecord.objects.count(),
        TimelineEntry.objects.count(),
        LogEntry.objects.count(),
    )


def refused_on(field, actor, record):
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.book_in(actor=actor, person_data=person_data(), record_data=record)
    assert written() == before
    return refused.value.message_dict[field]


def test_martial_law_is_refused_for_a_detention_on_a_ruling(duty_officer, facility):
    record = record_data(facility, legal_basis=LegalBasis.CPC_191, martial_law=True)
    assert refused_on("martial_law", duty_officer, record) == [
        "The martial-law period applies to criminal detention without a ruling."
    ]


def test_martial_law_is_refused_for_an_administrative_detention(duty_officer, facility):
    record = record_data(facility, legal_basis=LegalBasis.CAO_262, case_number="", martial_law=True)
    assert refused_on("martial_law", duty_officer, record)


def test_extended_detention_is_refused_for_a_criminal_detention(duty_officer, facility):
    record = record_data(facility, extended_administrative=True)
    assert refused_on("extended_administrative", duty_officer, record) == [
        "Extended detention applies to administrative detention only."
    ]


@pytest.mark.parametrize("case_number", ["123", "1202613000000045", "120261300000004570", "ВАД 123456"])
def test_a_criminal_case_number_that_is_not_17_digits_is_refused(duty_officer, facility, case_number):
    record = record_data(facility, case_number=case_number)
    assert refused_on("case_number", duty_officer, record) == ["A criminal proceedings number has exactly 17 digits."]


def test_an_administrative_detention_keeps_its_protocol_number(duty_officer, facility):
    record = record_data(
        facility, legal_basis=LegalBasis.CAO_262, case_number="ВАД 123456", extended_administrative=True
    )
    booked = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record)
    assert (booked.case_number, booked.extended_administrative) == ("ВАД 123456", True)


def test_martial_law_under_cpc_208_is_accepted(duty_officer, facility):
    booked = services.book_in(
        actor=duty_officer, person_data=person_data(), record_data=record_data(facility, martial_law=True)
    )
    assert booked.martial_law


def test_an_arrival_in_the_future_is_refused_on_the_arrival_field(duty_officer, facility):
    record = record_data(facility, arrived_at=timezone.now() + timedelta(minutes=5))
    assert refused_on("arrived_at", duty_officer, record) == ["The arrival time cannot be in the future."]


def test_a_detention_in_the_future_is_refused_on_its_field(duty_officer, facility):
    record = record_data(facility, detained_at=timezone.now() + timedelta(minutes=5))
    assert "The moment of detention cannot be in the future." in refused_on("detained_at", duty_officer, record)
