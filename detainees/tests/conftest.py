from datetime import date, timedelta

import pytest
from django.utils import timezone

from detainees import services
from detainees.models import DocumentType, LegalBasis, Sex
from detainees.tests.obligations import frozen_clock  # noqa: F401  (a fixture, shared by import)


def person_data(**overrides):
    return {
        "surname": "Ком'яков",
        "given_name": "Мар'ян",
        "patronymic": "Олегович",
        "date_of_birth": date(1990, 5, 17),
        "sex": Sex.MALE,
        "citizenship": "UA",
        "document_type": DocumentType.PASSPORT,
        "document_number": "АН123456",
        "language": "українська",
        "interpreter_needed": False,
        **overrides,
    }


def record_data(facility, **overrides):
    now = timezone.now()
    return {
        "facility": facility,
        "legal_basis": LegalBasis.CPC_208,
        "case_number": "12026130000000457",
        "grounds": "ч. 1 ст. 208 КПК",
        "detaining_officer": "лейт. Ткаченко",
        "detaining_unit": "ВП № 1",
        "detention_place": "Сєвєродонецьк, просп. Центральний, 20",
        "detained_at": now - timedelta(hours=2),
        "arrived_at": now - timedelta(hours=1),
        "has_disability": False,
        "has_mental_health_condition": False,
        "is_intoxicated": False,
        "is_pregnant": False,
        "risk_notes": "",
        "observation_level": "1",
        **overrides,
    }


@pytest.fixture
def booked(duty_officer, facility):
    """A record booked in an hour ago through the real service."""
    return services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))


@pytest.fixture
def in_cell(booked, duty_officer, facility):
    """`booked`, placed in a cell of its own a minute after arrival: only a placed detainee can be taken out."""
    from custody.facilities.tests.factories import CellFactory

    return services.place_in_cell(
        record=booked,
        actor=duty_officer,
        cell=CellFactory(facility=facility),
        occurred_at=booked.arrived_at + timedelta(minutes=1),
        details={"reason": ""},
    )


# The transfer tests' fixtures (a custody handed over between two facilities), shared by import.
from detainees.tests.transfers import accepted, clock, receiving_officer, sent  # noqa: E402, F401
