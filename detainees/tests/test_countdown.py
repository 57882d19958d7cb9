"""The board's countdowns read as a duty officer says them, never "0 min overdue"."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from detainees.templatetags.custody_time import countdown

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.get_fixed_timezone(120))


@pytest.mark.parametrize(
    ("offset", "english"),
    [
        (timedelta(minutes=45), "in 45 min"),
        (timedelta(hours=3, minutes=20), "in 3 h 20 min"),
        (timedelta(seconds=30), "due now"),
        (timedelta(seconds=-30), "due now"),
        (timedelta(minutes=-1), "1 min overdue"),
        (timedelta(hours=-1, minutes=-32), "1 h 32 min overdue"),
        (timedelta(days=-2, hours=-3), "2 d 3 h overdue"),
    ],
)
def test_a_countdown_says_how_long_until_or_since_the_deadline(offset, english):
    with translation.override("en"):
        assert countdown(NOW + offset, NOW).replace("\N{NO-BREAK SPACE}", " ") == english


def test_a_duration_never_wraps_between_its_figures():
    with translation.override("en"):
        assert countdown(NOW - timedelta(hours=1, minutes=32), NOW) == "1\xa0h\xa032\xa0min overdue"


def test_whole_hours_and_days_read_without_a_zero():
    with translation.override("uk"):
        assert countdown(NOW + timedelta(hours=2), NOW) == "через 2\xa0год"
        assert countdown(NOW - timedelta(days=3), NOW) == "прострочено на 3\xa0д"


def test_within_the_minute_the_deadline_is_due_now_in_ukrainian_too():
    with translation.override("uk"):
        assert countdown(NOW + timedelta(seconds=10), NOW) == "строк настав"
