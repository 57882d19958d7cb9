"""A placement refusal, citation included, reads wholly in the reader's language."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from custody.facilities.tests.factories import CellFactory
from detainees.models import EntryKind, Sex

from .test_placement_rules import book, place


@pytest.mark.parametrize(
    ("language", "expected", "foreign"),
    [
        ("uk", "Закон України «Про попереднє ув'язнення» ст. 8; КУпАП ст. 262; Стандарти ЄКПТ", "Law on"),
        ("en", "(Law on Pre-trial Detention art. 8; CAO art. 262; CPT/Inf(2002)15)", "Закон"),
    ],
)
def test_a_separation_refusal_cites_the_law_in_the_readers_language(
    duty_officer, facility, language, expected, foreign
):
    cell = CellFactory(facility=facility, number="9", capacity=4, floor_area_m2=16)
    place(book(duty_officer, facility, 1), duty_officer, cell)
    woman = book(duty_officer, facility, 2, person={"sex": Sex.FEMALE})
    with translation.override(language), pytest.raises(ValidationError) as refusal:
        place(woman, duty_officer, cell)
    text = " ".join(refusal.value.messages)
    assert expected in text and foreign not in text
    assert not woman.entries.filter(kind=EntryKind.PLACEMENT).exists()


def test_an_area_refusal_cites_the_cpt_standards_in_ukrainian(duty_officer, facility):
    small = CellFactory(facility=facility, number="8", capacity=3, floor_area_m2=6)
    place(book(duty_officer, facility, 1), duty_officer, small)
    second = book(duty_officer, facility, 2)
    with translation.override("uk"), pytest.raises(ValidationError) as refusal:
        place(second, duty_officer, small)
    assert "Стандарти ЄКПТ CPT/Inf(2015)44" in " ".join(refusal.value.messages)
