"""Property: the legal rules of a detention refuse a record exactly when one of them is broken.

The rules (`CustodyRecord.check_legal_rules`) stated once more, independently, as the oracle.
"""

import string
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from detainees.models import CRIMINAL_BASES, CustodyRecord, LegalBasis

NOW = timezone.now()
MOMENTS = st.integers(-72 * 60, 60).map(lambda minutes: NOW + timedelta(minutes=minutes))
CASE_NUMBERS = st.one_of(
    st.text(alphabet=string.digits, min_size=15, max_size=19),
    st.text(max_size=20),
    st.just("12345678901234567\n"),
    st.just("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧"),  # 17 Arabic-Indic digits: digits, but not a register number
)


def broken(record):
    fields = set()
    if record.detained_at > NOW:
        fields.add("detained_at")
    if record.arrived_at > NOW or record.arrived_at < record.detained_at:
        fields.add("arrived_at")
    if record.martial_law and record.legal_basis != LegalBasis.CPC_208:
        fields.add("martial_law")
    if record.extended_administrative and record.legal_basis != LegalBasis.CAO_262:
        fields.add("extended_administrative")
    case = record.case_number.strip()
    is_register_number = len(case) == 17 and all(c in string.digits for c in case)
    if record.legal_basis in CRIMINAL_BASES and case and not is_register_number:
        fields.add("case_number")
    return fields


@given(
    detained_at=MOMENTS,
    arrived_at=MOMENTS,
    basis=st.sampled_from(LegalBasis.values),
    martial_law=st.booleans(),
    extended=st.booleans(),
    case_number=CASE_NUMBERS,
)
def test_a_record_is_refused_exactly_on_the_rules_it_breaks(
    detained_at, arrived_at, basis, martial_law, extended, case_number
):
    record = CustodyRecord(
        detained_at=detained_at,
        arrived_at=arrived_at,
        legal_basis=basis,
        martial_law=martial_law,
        extended_administrative=extended,
        case_number=case_number,
    )
    expected = broken(record)
    try:
        record.check_legal_rules(NOW)
    except ValidationError as refusal:
        assert set(refusal.message_dict) == expected
    else:
        assert expected == set()
