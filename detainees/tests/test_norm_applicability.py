"""Who a norm applies to: minors, foreign nationals, martial law, the legal basis of the detention."""

from datetime import date, datetime

import pytest

from detainees.tests.obligations import (
    ADMINISTRATIVE,
    ADULT,
    EXTENDED,
    FOREIGN,
    HOUR,
    KYIV,
    MARTIAL,
    MINOR,
    ON_RULING,
    OTHER_BASIS,
    T0,
    keys,
    make_record,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


# Named kinds of record, so the table below reads as sentences.
WHO = {
    "an_adult_suspect": ADULT,
    "a_minor": MINOR,
    "a_foreign_national": FOREIGN,
    "martial_law": MARTIAL,
    "a_detention_on_a_ruling": ON_RULING,
    "a_ruling_under_martial_law": {**ON_RULING, **MARTIAL},
    "administrative": ADMINISTRATIVE,
    "administrative_under_martial_law": {**ADMINISTRATIVE, **MARTIAL},
    "extended_administrative": EXTENDED,
    "a_criminal_record_marked_extended": {"extended_administrative": True},
    "another_basis": OTHER_BASIS,
}
APPLICABILITY = [
    # key, who, applies?
    ("parents", "a_minor", True),
    ("parents", "an_adult_suspect", False),
    ("guardianship", "a_minor", True),
    ("guardianship", "an_adult_suspect", False),
    ("relative", "an_adult_suspect", True),
    ("relative", "a_minor", False),
    ("consulate", "a_foreign_national", True),
    ("consulate", "an_adult_suspect", False),
    ("suspicion-notice", "an_adult_suspect", True),
    ("suspicion-notice", "a_detention_on_a_ruling", True),
    ("suspicion-notice", "administrative", False),
    ("suspicion-notice", "another_basis", False),
    ("court-60h", "an_adult_suspect", True),
    ("court-60h", "martial_law", False),
    ("court-60h", "a_detention_on_a_ruling", False),
    ("court-60h", "administrative", False),
    ("limit-72h", "an_adult_suspect", True),
    ("limit-72h", "martial_law", False),
    ("limit-72h", "a_detention_on_a_ruling", False),
    ("limit-72h", "administrative", False),
    ("limit-72h", "another_basis", False),
    ("limit-martial-law", "martial_law", True),
    ("limit-martial-law", "an_adult_suspect", False),
    ("limit-martial-law", "a_ruling_under_martial_law", False),
    ("limit-martial-law", "administrative_under_martial_law", False),
    ("court-ruling-36h", "a_detention_on_a_ruling", True),
    ("court-ruling-36h", "an_adult_suspect", False),
    ("court-ruling-36h", "administrative", False),
    ("administrative-3h", "administrative", True),
    ("administrative-3h", "extended_administrative", False),
    ("administrative-3h", "an_adult_suspect", False),
    ("administrative-extended", "extended_administrative", True),
    ("administrative-extended", "administrative", False),
    ("administrative-extended", "a_criminal_record_marked_extended", False),
    ("legal-aid", "an_adult_suspect", True),
    ("legal-aid", "administrative", True),
    ("legal-aid", "a_minor", True),
    ("rights", "another_basis", True),
    ("intake-medical", "administrative", True),
]


@pytest.mark.parametrize(
    ("key", "who", "applies"),
    APPLICABILITY,
    ids=[f"{key}-{'applies' if applies else 'does_not_apply'}-to-{who}" for key, who, applies in APPLICABILITY],
)
def test_a_norm_applies_only_to_the_records_it_names(facility, key, who, applies):
    record = make_record(facility, **WHO[who])
    assert (key in keys(record, [], T0 + HOUR)) is applies


@pytest.mark.parametrize(
    ("born", "minor"),
    [
        (date(2008, 11, 28), True),  # turns 18 the day after detention
        (date(2008, 11, 27), False),  # turns 18 on the day of detention
    ],
    ids=["eighteen_tomorrow_is_a_minor", "eighteen_today_is_an_adult"],
)
def test_a_minor_is_under_18_on_the_day_of_detention(facility, born, minor):
    record = make_record(facility, person__date_of_birth=born)
    found = keys(record, [], T0 + HOUR)
    assert ({"parents", "guardianship"} <= found) is minor
    assert ("relative" in found) is not minor


def test_the_day_of_detention_that_decides_minority_is_the_kyiv_day(facility):
    # 00:30 in Kyiv on the 18th birthday is still the day before in UTC.
    detained = datetime(2026, 11, 27, 0, 30, tzinfo=KYIV)
    record = make_record(facility, detained_at=detained, person__date_of_birth=date(2008, 11, 27))
    found = keys(record, [], detained + HOUR)
    assert "relative" in found
    assert "parents" not in found
