"""Who may share a cell: area per person and separation, refused by name; a head may override."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from detainees import services
from detainees.models import EntryKind, LegalBasis, Sex

from .conftest import person_data, record_data


def book(actor, facility, n, person=None, **record):
    record.setdefault("case_number", f"{12026130000000000 + n}")  # different cases unless asked
    return services.book_in(
        actor=actor,
        person_data=person_data(surname=f"Гнатюк{'а' * n}", document_number=f"ГН{n:06d}", **(person or {})),
        record_data=record_data(facility, **record),
    )


def place(record, actor, cell, **details):
    return services.add_entry(
        record=record,
        actor=actor,
        kind=EntryKind.PLACEMENT,
        occurred_at=timezone.now() - timedelta(minutes=1),
        details=details,
        cell=cell,
    )


@pytest.fixture
def shared(facility):
    return CellFactory(facility=facility, number="9", capacity=4, floor_area_m2=16)


def test_a_shared_cell_under_four_square_metres_per_person_is_refused(duty_officer, facility):
    small = CellFactory(facility=facility, number="8", capacity=3, floor_area_m2=10)
    place(book(duty_officer, facility, 1), duty_officer, small)
    place(book(duty_officer, facility, 2), duty_officer, small)
    third = book(duty_officer, facility, 3)
    with pytest.raises(ValidationError, match=r"at least 4\.00 m² per person .* would give 3\.3 m²"):
        place(third, duty_officer, small)
    assert not third.entries.filter(kind=EntryKind.PLACEMENT).exists()


@pytest.mark.parametrize(
    "first, second, rule",
    [
        ({}, {"person": {"sex": Sex.FEMALE}}, "Men and women are held separately"),
        (
            {},
            {"person": {"date_of_birth": timezone.localdate() - timedelta(days=16 * 365)}},
            "Minors are held separately",
        ),
        ({}, {"legal_basis": LegalBasis.CAO_262, "case_number": ""}, "Administrative detainees are held separately"),
        ({"case_number": "12026130000000001"}, {"case_number": "12026130000000001"}, "same case are held separately"),
    ],
)
def test_separation_rules_refuse_the_placement_naming_the_rule(duty_officer, facility, shared, first, second, rule):
    place(book(duty_officer, facility, 1, **first), duty_officer, shared)
    newcomer = book(duty_officer, facility, 2, **second)
    with pytest.raises(ValidationError, match=rule):
        place(newcomer, duty_officer, shared)
    newcomer.refresh_from_db()
    assert newcomer.current_cell is None


def test_a_facility_head_may_override_with_a_reason_recorded_on_the_entry(
    duty_officer, facility_head, facility, shared
):
    place(book(duty_officer, facility, 1), duty_officer, shared)
    woman = book(duty_officer, facility, 2, person={"sex": Sex.FEMALE})
    entry = place(woman, facility_head, shared, override_reason="Евакуація: інших вільних камер немає")
    assert entry.details["override_reason"] == "Евакуація: інших вільних камер немає"
    assert any("Men and women" in rule for rule in entry.details["overridden_rules"])
    woman.refresh_from_db()
    assert woman.current_cell == shared


def test_a_duty_officer_cannot_override(duty_officer, facility, shared):
    place(book(duty_officer, facility, 1), duty_officer, shared)
    woman = book(duty_officer, facility, 2, person={"sex": Sex.FEMALE})
    with pytest.raises(ValidationError, match="Men and women"):
        place(woman, duty_officer, shared, override_reason="хочу")
    assert not woman.entries.filter(kind=EntryKind.PLACEMENT).exists()


def test_capacity_cannot_be_overridden(duty_officer, facility_head, facility):
    single = CellFactory(facility=facility, number="1a", capacity=1, floor_area_m2=6)
    place(book(duty_officer, facility, 1), duty_officer, single)
    with pytest.raises(ValidationError, match="is full"):
        place(book(duty_officer, facility, 2), facility_head, single, override_reason="терміново")


def test_the_override_field_is_offered_to_the_facility_head_only(client, duty_officer, facility_head, facility):
    record = book(duty_officer, facility, 1)
    url = f"/records/{record.pk}/entries/placement/"
    client.force_login(duty_officer)
    assert "override_reason" not in client.get(url).content.decode()
    client.force_login(facility_head)
    assert "override_reason" in client.get(url).content.decode()
