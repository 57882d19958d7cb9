from datetime import date, timedelta

import factory
from django.utils import timezone

from custody.accounts.tests.factories import UserFactory
from custody.facilities.tests.factories import FacilityFactory
from detainees.models import CustodyRecord, LegalBasis, Person, Sex
from integrity.tests.factories import SealedFactory


class PersonFactory(SealedFactory):
    class Meta:
        model = Person

    surname = factory.Sequence(lambda n: f"Коваленко{'а' * (n % 5)}")
    given_name = factory.Iterator(["Андрій", "Мар'яна", "Олег", "Ірина"])
    patronymic = "Петрович"
    date_of_birth = factory.Sequence(lambda n: date(1980, 1, 1) + timedelta(days=n))
    sex = Sex.MALE
    citizenship = "UA"
    language = "українська"


class CustodyRecordFactory(SealedFactory):
    """A record as book_in leaves it, minus the intake entry (use services.book_in for that)."""

    class Meta:
        model = CustodyRecord

    number = factory.Sequence(lambda n: f"T-2026-{n:06d}")
    facility = factory.SubFactory(FacilityFactory)
    person = factory.SubFactory(PersonFactory)
    legal_basis = LegalBasis.CPC_208
    grounds = "ч. 1 ст. 208 КПК"
    detaining_officer = "лейт. Ткаченко"
    detaining_unit = "ВП № 1"
    detention_place = "Сєвєродонецьк"
    detained_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    arrived_at = factory.LazyAttribute(lambda r: r.detained_at + timedelta(minutes=30))
    booked_by = factory.SubFactory(UserFactory)

    @classmethod
    def log_facility(cls, obj):
        return obj.facility_id
