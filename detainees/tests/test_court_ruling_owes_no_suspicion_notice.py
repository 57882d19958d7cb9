"""A person detained on a court ruling (CPC art. 191) is already a suspect: no 24 h notice of suspicion.

From the version in force on 4 December 2026 the notice applies to CPC art. 208 detentions only;
the next legal deadline of a detention on a ruling is its 36 h delivery to the court. A detention
that started before that day keeps the version of its own day.
"""

from datetime import datetime

import pytest
import time_machine

from custody.norms.models import Norm
from detainees.obligations import next_time_limit
from detainees.tests.obligations import HOUR, KYIV, ON_RULING, evaluate, keys, make_record

NEW_VERSION_DAY = datetime(2026, 12, 4, 0, 0, tzinfo=KYIV)
AFTER = datetime(2026, 12, 5, 10, 0, tzinfo=KYIV)


@pytest.fixture
def after_the_new_version():
    with time_machine.travel(AFTER, tick=False) as traveller:
        yield traveller


def test_the_new_version_of_the_suspicion_notice_leaves_out_detentions_on_a_ruling_and_keeps_the_rest(db):
    old, new = Norm.objects.filter(profile__code="ua", key="suspicion-notice").order_by("effective_from")
    assert new.effective_from == NEW_VERSION_DAY.date()
    assert new.applies_to == {"all": ["criminal"], "none": ["court_ruling"]}
    assert old.applies_to == {"all": ["criminal"]}  # the past stays as it was
    copied = ("title", "title_uk", "citation", "citation_uk", "rule", "value", "unit", "anchor", "met_by")
    assert [getattr(new, name) for name in copied] == [getattr(old, name) for name in copied]


@pytest.mark.usefixtures("after_the_new_version")
def test_a_detention_on_a_ruling_owes_no_notice_and_its_next_limit_is_the_36_hour_delivery(facility):
    record = make_record(facility, detained_at=AFTER, **ON_RULING)
    owed = evaluate(record, [], AFTER + HOUR)
    assert "suspicion-notice" not in {o.key for o in owed}
    limit = next_time_limit(owed)
    assert (limit.key, limit.due_at) == ("court-ruling-36h", AFTER + 36 * HOUR)


@pytest.mark.usefixtures("after_the_new_version")
def test_a_detention_without_a_ruling_still_owes_the_notice_within_24_hours(facility):
    record = make_record(facility, detained_at=AFTER)
    owed = evaluate(record, [], AFTER + HOUR)
    limit = next_time_limit(owed)
    assert (limit.key, limit.due_at) == ("suspicion-notice", AFTER + 24 * HOUR)


@pytest.mark.usefixtures("after_the_new_version")
def test_a_detention_on_a_ruling_that_began_before_the_new_version_keeps_the_old_computation(facility):
    detained = NEW_VERSION_DAY - 2 * HOUR  # 3 December, 22:00; evaluated the next morning
    record = make_record(facility, detained_at=detained, **ON_RULING)
    limit = next_time_limit(evaluate(record, [], NEW_VERSION_DAY + 10 * HOUR))
    assert (limit.key, limit.due_at) == ("suspicion-notice", detained + 24 * HOUR)


@pytest.mark.usefixtures("after_the_new_version")
def test_a_detention_on_a_ruling_from_the_day_the_new_version_takes_effect_owes_no_notice(facility):
    record = make_record(facility, detained_at=NEW_VERSION_DAY, **ON_RULING)
    assert "suspicion-notice" not in keys(record, [], NEW_VERSION_DAY + HOUR)
