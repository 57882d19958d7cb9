"""Cell inspections: defects tracked until fixed; an unfit cell taken out of service."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from custody.submits.tests.tokens import once
from detainees import services as custody
from detainees.models import EntryKind
from inspections import services
from inspections.models import CellInspection, Defect


def test_failed_criteria_open_defects_and_an_unfit_cell_leaves_service(cell, inspector):
    services.inspect_cell(
        cell=cell,
        actor=inspector,
        inspected_at=timezone.now(),
        temperature_c=11,
        failed=["temperature", "ventilation"],
        fit=False,
        take_out_of_service=True,
        defects={"temperature": "11 °C, опалення не працює", "ventilation": "витяжка зламана"},
    )
    cell.refresh_from_db()
    assert not cell.in_service and "unfit" in cell.out_of_service_reason
    assert set(Defect.objects.values_list("criterion", flat=True)) == {"temperature", "ventilation"}


def test_placement_then_refuses_the_cell(booked, cell, inspector, duty_officer):
    services.inspect_cell(
        cell=cell,
        actor=inspector,
        inspected_at=timezone.now(),
        temperature_c=10,
        failed=["temperature"],
        defects={"temperature": "холодно"},
        fit=False,
        take_out_of_service=True,
    )
    with pytest.raises(ValidationError, match="out of service"):
        custody.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.PLACEMENT,
            occurred_at=timezone.now(),
            details={},
            cell=cell,
        )


def test_a_failed_criterion_without_a_description_saves_nothing(cell, inspector):
    with pytest.raises(ValidationError, match="Describe each defect"):
        services.inspect_cell(
            cell=cell,
            actor=inspector,
            inspected_at=timezone.now(),
            temperature_c=20,
            failed=["bedding"],
            defects={},
            fit=True,
        )
    assert not CellInspection.objects.exists()


def test_an_inspection_dated_in_the_future_is_refused(cell, inspector):
    with pytest.raises(ValidationError, match="future"):
        services.inspect_cell(
            cell=cell,
            actor=inspector,
            inspected_at=timezone.now() + timedelta(hours=1),
            temperature_c=20,
            failed=[],
            defects={},
            fit=True,
        )


def test_a_defect_stays_open_until_someone_says_what_was_done(cell, inspector, facility_head):
    inspection = services.inspect_cell(
        cell=cell,
        actor=inspector,
        inspected_at=timezone.now(),
        temperature_c=20,
        failed=["bedding"],
        defects={"bedding": "брудний матрац"},
        fit=True,
    )
    defect = inspection.defects.get()
    with pytest.raises(ValidationError):
        services.fix_defect(defect=defect, actor=facility_head, note="")
    services.fix_defect(defect=defect, actor=facility_head, note="Матрац замінено")
    defect.refresh_from_db()
    assert (defect.fixed_by, defect.fix_note) == (facility_head, "Матрац замінено")


def test_cells_of_another_facility_cannot_be_inspected(inspector, other_facility):
    from custody.facilities.tests.factories import CellFactory

    with pytest.raises(PermissionDenied):
        services.inspect_cell(
            cell=CellFactory(facility=other_facility),
            actor=inspector,
            inspected_at=timezone.now(),
            temperature_c=20,
            failed=[],
            defects={},
            fit=True,
        )


def test_the_inspection_page_records_defects_row_by_row(client, cell, inspector):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:inspect-cell", args=[cell.pk]),
        {
            "inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "temperature_c": "19.5",
            "failed_water": "on",
            "defect_water": "немає питної води",
            "fit": "on",
            **once(),
        },
    )
    assert response.status_code == 302
    assert Defect.objects.get().description == "немає питної води"
