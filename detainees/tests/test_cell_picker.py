"""The placement form's cell picker: each cell judged before saving, by the rule the service applies."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from detainees import selectors, services
from detainees.models import EntryKind, LegalBasis, Sex

from .conftest import person_data, record_data


def book(actor, facility, n, person=None, **record):
    record.setdefault("case_number", f"{12026130000000000 + n}")
    return services.book_in(
        actor=actor,
        person_data=person_data(surname=f"Гнатюк{'а' * n}", document_number=f"ГН{n:06d}", **(person or {})),
        record_data=record_data(facility, **record),
    )


def place(record, actor, cell, **details):
    return services.place_in_cell(
        record=record, actor=actor, cell=cell, occurred_at=timezone.now() - timedelta(minutes=1), details=details
    )


def option_for(options, cell):
    return next(option for option in options if option.cell == cell)


def placement_page(client, record):
    return client.get(f"/records/{record.pk}/entries/placement/").content.decode()


def card(page, cell):
    """The HTML of one cell's card on the page."""
    label = page.index(f">Cell {cell.number}</label>")
    start = page.rindex('<div class="card', 0, label)
    return page[start : page.index('<div class="col">', label) if '<div class="col">' in page[label:] else None]


def disabled(html, cell):
    return re.search(rf'<input[^>]+value="{cell.pk}"[^>]* disabled', html)


@pytest.fixture
def shared(facility):
    return CellFactory(facility=facility, number="9", capacity=4, floor_area_m2=16)


def test_the_picker_shows_free_places_area_per_person_and_occupants_by_category(client, duty_officer, facility, shared):
    place(book(duty_officer, facility, 1, case_number="12026130000000999"), duty_officer, shared)
    place(book(duty_officer, facility, 2, case_number="12026130000001234"), duty_officer, shared)
    newcomer = book(duty_officer, facility, 3)
    client.force_login(duty_officer)
    html = card(placement_page(client, newcomer), shared)
    assert "2 free places of 4" in html
    assert "5.3 m² per person with this detainee" in html
    assert "2 men, adults, criminal (cases\u00a0…\u20600999, …\u20601234)" in html


def test_a_cell_that_would_mix_a_man_and_a_woman_is_marked_with_the_reason(client, duty_officer, facility, shared):
    place(book(duty_officer, facility, 1), duty_officer, shared)
    woman = book(duty_officer, facility, 2, person={"sex": Sex.FEMALE})
    client.force_login(duty_officer)
    html = card(placement_page(client, woman), shared)
    assert "breaks a rule" in html
    assert "Men and women are held separately" in html
    assert "Only a facility head may place the detainee here" in html
    assert disabled(html, shared)


def test_the_facility_head_may_still_choose_a_cell_breaking_an_overridable_rule(
    client, duty_officer, facility_head, facility, shared
):
    place(book(duty_officer, facility, 1), duty_officer, shared)
    woman = book(duty_officer, facility, 2, person={"sex": Sex.FEMALE})
    client.force_login(facility_head)
    page = placement_page(client, woman)
    html = card(page, shared)
    assert "Men and women are held separately" in html
    assert not disabled(html, shared)
    assert 'name="override_reason"' in page


def test_a_full_cell_and_a_cell_out_of_service_are_not_selectable(client, duty_officer, facility):
    single = CellFactory(facility=facility, number="3", capacity=1, floor_area_m2=6)
    closed = CellFactory(facility=facility, number="4", in_service=False)
    place(book(duty_officer, facility, 1), duty_officer, single)
    newcomer = book(duty_officer, facility, 2)
    client.force_login(duty_officer)
    page = placement_page(client, newcomer)
    full_card, closed_card = card(page, single), card(page, closed)
    assert "Cell 3 is full (1 places)." in full_card and "0 free places of 1" in full_card
    assert "Cell 4 is out of service." in closed_card
    for html, cell in ((full_card, single), (closed_card, closed)):
        assert "not available" in html
        assert disabled(html, cell)


def test_the_picker_is_a_labelled_group_of_radios(client, booked, duty_officer, cell):
    client.force_login(duty_officer)
    page = placement_page(client, booked)
    assert re.search(r'<fieldset class="mb-3 cell-picker" id="id_cell"', page)
    assert "<legend" in page
    assert re.search(r'<input class="form-check-input[^"]*" type="radio" name="cell" id="id_cell_0"', page)
    assert '<label class="form-check-label fw-semibold stretched-link" for="id_cell_0">Cell 1</label>' in page


def test_names_are_shown_only_to_a_viewer_who_may_see_identity(duty_officer, monitor, facility, shared):
    place(book(duty_officer, facility, 1), duty_officer, shared)
    newcomer = book(duty_officer, facility, 2)
    named = option_for(selectors.cell_options(newcomer, duty_officer), shared).groups
    unnamed = option_for(selectors.cell_options(newcomer, monitor), shared).groups
    assert any("Гнатюка" in line for line in named)
    assert unnamed == ["1 man, adult, criminal (case\u00a0…\u20600001)"]


@pytest.mark.parametrize(
    "second, rule",
    [
        ({"person": {"sex": Sex.FEMALE}}, "Men and women are held separately"),
        ({"person": {"date_of_birth": timezone.localdate() - timedelta(days=16 * 365)}}, "Minors are held separately"),
        ({"legal_basis": LegalBasis.CAO_262, "case_number": ""}, "Administrative detainees are held separately"),
        ({"case_number": "12026130000000001"}, "same case are held separately"),
    ],
)
def test_a_cell_the_picker_marks_is_refused_by_the_service_with_the_same_message(
    duty_officer, facility, shared, second, rule
):
    place(book(duty_officer, facility, 1), duty_officer, shared)
    newcomer = book(duty_officer, facility, 2, **second)
    marked = option_for(selectors.cell_options(newcomer, duty_officer), shared).verdict
    assert [str(m) for m in marked.broken] and rule in str(marked.broken[0])
    with pytest.raises(ValidationError) as refused:
        place(newcomer, duty_officer, shared)
    assert refused.value.message_dict["cell"][: len(marked.broken)] == [str(m) for m in marked.broken]
    assert not newcomer.entries.filter(kind=EntryKind.PLACEMENT).exists()


def test_a_full_cell_the_picker_marks_is_refused_by_the_service_with_the_same_message(duty_officer, facility):
    single = CellFactory(facility=facility, number="3", capacity=1, floor_area_m2=6)
    place(book(duty_officer, facility, 1), duty_officer, single)
    newcomer = book(duty_officer, facility, 2)
    marked = option_for(selectors.cell_options(newcomer, duty_officer), single)
    assert not marked.selectable
    with pytest.raises(ValidationError) as refused:
        place(newcomer, duty_officer, single)
    assert refused.value.message_dict["cell"] == [str(m) for m in marked.verdict.refusals]


def test_cells_that_fit_are_offered_first(duty_officer, facility, shared):
    place(book(duty_officer, facility, 1), duty_officer, shared)
    empty = CellFactory(facility=facility, number="10")
    woman = book(duty_officer, facility, 2, person={"sex": Sex.FEMALE})
    cells = [option.cell for option in selectors.cell_options(woman, duty_officer)]
    assert cells.index(empty) < cells.index(shared)


def test_the_picker_reads_in_three_queries_whatever_the_cells_and_occupants(
    duty_officer, facility, django_assert_num_queries
):
    newcomer = book(duty_officer, facility, 0)
    newcomer.facility  # noqa: B018  (loaded with the record on the page)
    for n in range(1, 4):
        cell = CellFactory(facility=facility, number=f"{n}", capacity=3, floor_area_m2=20)
        for m in range(3):
            place(book(duty_officer, facility, n * 10 + m), duty_officer, cell)
    with django_assert_num_queries(3):
        options = selectors.cell_options(newcomer, duty_officer)
        [option.groups for option in options]
    assert len(options) == 3 and all(len(option.verdict.occupants) == 3 for option in options)


def test_the_placement_page_costs_the_same_for_one_cell_and_many_full_ones(client, duty_officer, facility):
    from .test_page_query_counts import queries_for

    newcomer = book(duty_officer, facility, 0)
    client.force_login(duty_officer)
    url = f"/records/{newcomer.pk}/entries/placement/"
    place(book(duty_officer, facility, 1), duty_officer, CellFactory(facility=facility, number="1"))
    one = queries_for(client, url)
    for n in range(2, 6):
        cell = CellFactory(facility=facility, number=f"{n}", capacity=2, floor_area_m2=20)
        for m in range(2):
            place(book(duty_officer, facility, n * 10 + m), duty_officer, cell)
    assert queries_for(client, url) == one
