"""Property: who may share a cell does not depend on who was placed first.

Separation (sex, age, regime, co-accused) is a relation between two people, so placing A with B
breaks exactly the rules that placing B with A breaks.
"""

from datetime import date, timedelta

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from custody.facilities.models import Cell
from detainees.models import CustodyRecord, LegalBasis, Person, Sex
from detainees.placement import broken_rules

NOW = timezone.now()


@st.composite
def detainees(draw):
    person = Person(
        surname="X",
        given_name="Y",
        sex=draw(st.sampled_from(Sex.values)),
        date_of_birth=date.today() - timedelta(days=draw(st.integers(12 * 365, 70 * 365))),
    )
    return CustodyRecord(
        person=person,
        detained_at=NOW,
        arrived_at=NOW,
        legal_basis=draw(st.sampled_from(LegalBasis.values)),
        case_number=draw(st.sampled_from(["", "12025000000000001", "12025000000000002"])),
    )


@given(first=detainees(), second=detainees())
def test_the_separation_rules_broken_do_not_depend_on_who_came_first(first, second):
    cell = Cell(number="1", capacity=4, floor_area_m2=20)
    one_way = {str(message) for message in broken_rules(first, cell, [second], [])}
    other_way = {str(message) for message in broken_rules(second, cell, [first], [])}
    assert one_way == other_way
    if first.person.sex != second.person.sex:
        assert any("Men and women" in message for message in one_way)
