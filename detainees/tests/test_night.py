"""Night, by the norms' limit figures on the Kyiv clock."""

from datetime import UTC, datetime

import pytest
import time_machine

from detainees.obligations import is_night
from detainees.tests.obligations import kyiv, ua_norms

pytestmark = pytest.mark.usefixtures("frozen_clock")  # no test here reads the real clock


@pytest.mark.parametrize(
    ("hour", "minute", "night"),
    [(21, 59, False), (22, 0, True), (5, 59, True), (6, 0, False), (0, 0, True), (12, 0, False)],
    ids=["21_59_is_day", "22_00_is_night", "05_59_is_night", "06_00_is_day", "midnight_is_night", "noon_is_day"],
)
def test_night_is_from_22_to_6_by_the_norms(facility, hour, minute, night):
    moment = kyiv(28, hour, minute)
    with time_machine.travel(moment, tick=False):
        assert is_night(moment, ua_norms(facility)) is night


def test_night_is_read_on_the_kyiv_clock(facility):
    moment = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # 22:00 in Kyiv
    with time_machine.travel(moment, tick=False):
        assert is_night(moment, ua_norms(facility)) is True


def test_without_night_norms_nothing_is_night(facility):
    moment = kyiv(28, 2)
    norms = [n for n in ua_norms(facility) if n.key not in ("night-start", "night-end")]
    with time_machine.travel(moment, tick=False):
        assert is_night(moment, norms) is False
