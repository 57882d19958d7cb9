"""The booking page: names in any script stored as typed, bad input a clear error, never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custody.submits.tests.tokens import once
from detainees.models import CustodyRecord, Person


def form_data(facility, **overrides):
    now = timezone.localtime()
    data = {
        "person-surname": "Ком'яков",
        "person-given_name": "Мар'яна",
        "person-patronymic": "Олегівна",
        "person-date_of_birth": "1995-07-02",
        "person-sex": "F",
        "person-citizenship": "UA",
        "person-document_type": "id_card",
        "person-document_number": "004512378",
        "person-language": "українська",
        "record-facility": str(facility.pk),
        "record-legal_basis": "cpc208",
        "record-case_number": "12026130000000457",
        "record-grounds": "ч. 1 ст. 208 КПК",
        "record-detaining_officer": "лейт. Ткаченко",
        "record-detaining_unit": "ВП № 1",
        "record-detention_place": "Сєвєродонецьк",
        "record-detained_at": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "record-arrived_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "record-observation_level": "1",
        **once(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer_client(client, duty_officer):
    client.force_login(duty_officer)
    return client


@pytest.mark.parametrize(
    "surname, given",
    [
        ("Ком'яков", "Мар'яна"),
        ("Комʼяков", "Марʼяна"),
        ("Ком’яков", "Мар’яна"),
        ("O'Neill", "Anne-Marie"),
        ("Beridze", "Giorgi"),
        ("Іваненко-Петренко", "Ґудзь"),
    ],
)
def test_cyrillic_names_with_apostrophes_and_latin_names_are_stored_as_typed(officer_client, facility, surname, given):
    response = officer_client.post(
        reverse("detainees:record-create"),
        form_data(facility, **{"person-surname": surname, "person-given_name": given}),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.surname, person.given_name) == (surname, given)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("person-surname", "Ков4ленко", "letters"),
        ("person-surname", "Robert'); DROP TABLE", "letters"),
        ("person-surname", "Я" * 101, "at most 100"),
        ("person-date_of_birth", "2999-01-01", "future"),
        ("person-date_of_birth", "31.02.1990", "valid date"),
        ("person-document_number", "", "document number"),
        ("record-case_number", "123", "17 digits"),
        ("record-detained_at", "not a date", "valid date"),
        ("record-grounds", "", "required"),
        ("record-grounds", "x" * 2001, "at most 2000"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(officer_client, facility, field, value, message):
    response = officer_client.post(reverse("detainees:record-create"), form_data(facility, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CustodyRecord.objects.exists()
    assert not Person.objects.exists()


def test_arrival_before_detention_is_shown_on_the_arrival_field(officer_client, facility):
    now = timezone.localtime()
    response = officer_client.post(
        reverse("detainees:record-create"),
        form_data(
            facility,
            **{
                "record-detained_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "record-arrived_at": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            },
        ),
    )
    assert "Arrival cannot be before the moment of actual detention" in response.content.decode()
    assert not CustodyRecord.objects.exists()


def test_a_facility_outside_scope_cannot_be_chosen(officer_client, far_facility):
    response = officer_client.post(reverse("detainees:record-create"), form_data(far_facility))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CustodyRecord.objects.exists()


def test_errors_are_shown_in_ukrainian_to_a_ukrainian_speaking_officer(officer_client, facility):
    response = officer_client.post(
        reverse("detainees:record-create"),
        form_data(facility, **{"person-surname": "Ков4ленко"}),
        HTTP_ACCEPT_LANGUAGE="uk",
    )
    assert "Використовуйте лише літери" in response.content.decode()


def test_a_person_already_in_custody_gets_a_clear_error_naming_the_open_record(officer_client, facility):
    officer_client.post(reverse("detainees:record-create"), form_data(facility))
    response = officer_client.post(reverse("detainees:record-create"), form_data(facility))
    assert response.status_code == 200
    assert "already in custody" in response.content.decode()
    assert CustodyRecord.objects.count() == 1


def test_every_error_is_listed_above_the_form_and_nothing_is_saved(officer_client, facility):
    response = officer_client.post(
        reverse("detainees:record-create"), form_data(facility, **{"person-surname": "", "record-grounds": ""})
    )
    page = response.content.decode()
    assert 'id="form-errors"' in page
    assert 'href="#id_person-surname"' in page and 'href="#id_record-grounds"' in page
    assert not CustodyRecord.objects.exists()


def test_booking_a_known_person_says_their_earlier_records_are_linked(officer_client, duty_officer, facility):
    from detainees import services

    officer_client.post(reverse("detainees:record-create"), form_data(facility))
    services.release(
        record=CustodyRecord.objects.get(),
        actor=duty_officer,
        occurred_at=timezone.now(),
        details={"outcome": "released"},
    )
    response = officer_client.post(reverse("detainees:record-create"), form_data(facility), follow=True)
    assert "detained before" in response.content.decode()
    assert Person.objects.count() == 1
