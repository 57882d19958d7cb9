"""A refused form's summary names every reason: non-field errors, and field errors by label, linked."""

import re

from django import forms
from django.urls import reverse
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from custody.lib.forms import error_summary
from custody.submits.tests.tokens import once
from detainees import services
from detainees.models import EntryKind, Sex

from .conftest import person_data, record_data


def summary(page):
    """The text of the summary at the top of the form, tags stripped."""
    block = re.search(r'<div class="alert alert-danger" role="alert" id="form-errors".*?</div>', page, re.S)
    assert block, "no error summary on the page"
    return block.group(0)


def test_a_refused_placement_summary_names_each_broken_rule_linked_to_the_cell(
    client, duty_officer, facility_head, facility
):
    shared = CellFactory(facility=facility, number="9", capacity=4, floor_area_m2=16)
    man = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    services.place_in_cell(record=man, actor=duty_officer, cell=shared, occurred_at=timezone.now(), details={})
    woman = services.book_in(
        actor=duty_officer,
        person_data=person_data(surname="Гнатюк", sex=Sex.FEMALE, document_number="ГН000002"),
        record_data=record_data(facility, case_number="12026130000000002"),
    )
    client.force_login(facility_head)  # may override, but gives no reason
    response = client.post(
        reverse("detainees:entry-create", args=[woman.pk, "placement"]),
        {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "cell": shared.pk, **once()},
    )
    block = summary(response.content.decode())
    assert "Nothing was saved. Please correct:" in block
    assert '<a class="alert-link" href="#id_cell">Cell</a>: Men and women are held separately' in block
    assert "A facility head may place the detainee anyway, giving a reason." in block
    assert not woman.entries.filter(kind=EntryKind.PLACEMENT).exists()


def test_a_refused_release_summary_names_the_reason(client, booked, duty_officer):
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:record-release", args=[booked.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "outcome": "transferred",
            "destination": "freedom",
            "legal_ground": "",
            "property": "all_returned",
            "condition": "ok",
            **once(),
        },
    )
    block = summary(response.content.decode())
    assert '<a class="alert-link" href="#id_legal_ground">Legal ground</a>: This field is required.' in block


class _Item(forms.Form):
    item = forms.CharField(label="item")


def test_the_summary_lists_non_field_errors_first_then_fields_and_numbered_formset_rows():
    form = forms.Form(data={})
    form.fields["when"] = forms.DateTimeField(label="When")
    form.is_valid()
    form.add_error(None, "The detainee is out of the cell.")
    rows = forms.formset_factory(_Item, extra=0, min_num=2)(
        data={"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-item": "a", "form-1-item": ""}
    )
    rows.is_valid()
    assert error_summary(form, None, "", rows) == [
        ("", "The detainee is out of the cell.", ""),
        ("When", "This field is required.", "#id_when"),
        ("Item 2", "This field is required.", "#id_form-1-item"),
    ]


def test_a_refusal_of_the_whole_change_is_said_once_in_the_summary_not_again_above_the_form(
    client, booked, duty_officer
):
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:entry-create", args=[booked.pk, "movement_out"]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "purpose": "interview",
            "taken_by": "слідчий Мельник",
            "destination": "кабінет 2",
            **once(),
        },
    )
    page = response.content.decode()
    refusal = "The detainee has not been placed in a cell yet; record the placement first."
    assert refusal in summary(page)
    assert page.count(refusal) == 1
    assert not booked.entries.filter(kind=EntryKind.MOVEMENT_OUT).exists()
