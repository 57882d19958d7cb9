"""Who the person is must be possible: the booking service refuses it otherwise and writes nothing."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import CustodyRecord, DocumentType, Person
from detainees.tests.conftest import person_data, record_data


def refused_booking(actor, facility, **person):
    before = (Person.objects.count(), CustodyRecord.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.book_in(actor=actor, person_data=person_data(**person), record_data=record_data(facility))
    assert (Person.objects.count(), CustodyRecord.objects.count(), LogEntry.objects.count()) == before
    return refused.value.message_dict


def test_a_person_born_in_the_future_is_refused(duty_officer, facility):
    errors = refused_booking(duty_officer, facility, date_of_birth=timezone.localdate() + timedelta(days=1))
    assert errors == {"date_of_birth": ["The date of birth cannot be in the future."]}


def test_a_person_over_110_is_taken_for_a_typo_in_the_year(duty_officer, facility):
    errors = refused_booking(duty_officer, facility, date_of_birth=date(1901, 1, 1))
    assert errors == {"date_of_birth": ["Check the date of birth: the person would be over 110."]}


def test_a_named_document_needs_its_number(duty_officer, facility):
    errors = refused_booking(duty_officer, facility, document_type=DocumentType.PASSPORT, document_number="")
    assert set(errors) == {"document_number"}


def test_a_number_needs_the_document_it_belongs_to(duty_officer, facility):
    errors = refused_booking(duty_officer, facility, document_type=DocumentType.NONE, document_number="АН123456")
    assert set(errors) == {"document_type"}


@time_machine.travel(datetime(2028, 2, 29, 12, 0, tzinfo=timezone.get_fixed_timezone(120)), tick=False)
def test_on_the_29th_of_february_the_age_check_still_answers(duty_officer, facility):
    # 110 years earlier, 1918, has no 29 February: the check must not fail on the date itself.
    errors = refused_booking(duty_officer, facility, date_of_birth=date(1918, 2, 27))
    assert set(errors) == {"date_of_birth"}
    record = services.book_in(
        actor=duty_officer, person_data=person_data(date_of_birth=date(1918, 3, 1)), record_data=record_data(facility)
    )
    assert record.person.date_of_birth == date(1918, 3, 1)
