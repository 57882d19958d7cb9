"""A released record's page and print say what was not met, met late or ended by the release — in both languages."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from detainees import services
from detainees.models import LegalBasis
from detainees.tests.conftest import person_data, record_data
from detainees.tests.obligations import seeded

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=KYIV)
HOUR = timedelta(hours=1)
RELEASED = {"outcome": "released", "destination": "freedom", "property": "all_returned", "condition": "задовільний"}


@pytest.fixture
def released_at_30_hours(duty_officer, facility):
    """Detained two days ago, released 30 hours later: no notice of suspicion was ever served."""
    detained = NOW - 48 * HOUR
    with time_machine.travel(detained + 2 * HOUR, tick=False):
        record = services.book_in(
            actor=duty_officer,
            person_data=person_data(),
            record_data=record_data(facility, detained_at=detained, arrived_at=detained + HOUR),
        )
    with time_machine.travel(detained + 30 * HOUR, tick=False):
        return services.release(record=record, actor=duty_officer, occurred_at=detained + 30 * HOUR, details=RELEASED)


@pytest.fixture
def held_past_the_limit(duty_officer, facility):
    """Administrative detention (3 h), released at 3 h 45 min."""
    detained = NOW - 10 * HOUR
    with time_machine.travel(detained + HOUR, tick=False):
        record = services.book_in(
            actor=duty_officer,
            person_data=person_data(surname="Гнатюк", document_number="АН654321"),
            record_data=record_data(
                facility,
                legal_basis=LegalBasis.CAO_262,
                detained_at=detained,
                arrived_at=detained + HOUR / 2,
            ),
        )
    released = detained + 3 * HOUR + timedelta(minutes=45)
    with time_machine.travel(released, tick=False):
        return services.release(record=record, actor=duty_officer, occurred_at=released, details=RELEASED)


def text(client, user, name, record, language):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse(name, args=[record.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def obligation_line(page, title):
    """The text from an obligation's title to its citation."""
    start = page.index(title)
    return page[start : start + 300]


PAGES = ["detainees:record-detail", "detainees:record-print"]
SAYS = {
    "en": {
        "not met": "not met",
        "closed first": "the record closed first, 6 h after it fell due",
        "ended": "ended by release before it fell due",
        "overdue": "overdue",
    },
    "uk": {
        "not met": "не виконано",
        "closed first": "запис закрито раніше — через 6 год після настання строку",
        "ended": "припинено звільненням до настання строку",
        "overdue": "прострочено",
    },
}


@pytest.mark.parametrize("page", PAGES, ids=["record_page", "print"])
@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_notice_never_served_before_a_late_release_reads_not_met_never_met(
    client, released_at_30_hours, prosecutor, page, language
):
    says = SAYS[language]
    shown = text(client, prosecutor, page, released_at_30_hours, language)
    with translation.override(language):
        notice_title, court_title = seeded("suspicion-notice").localized_title, seeded("court-60h").localized_title
    notice = obligation_line(shown, notice_title)
    assert says["not met"] in notice and says["closed first"] in notice
    assert says["ended"] in obligation_line(shown, court_title)  # released before the 60 hours
    assert says["overdue"] not in shown  # a closed record owes nothing any more


@pytest.mark.parametrize("page", PAGES, ids=["record_page", "print"])
@pytest.mark.parametrize(
    ("language", "says"),
    [("en", "released 45 min after the limit"), ("uk", "звільнено через 45 хв після спливу граничного строку")],
)
def test_a_person_held_past_the_limit_reads_met_late_with_the_time_held_past_it(
    client, held_past_the_limit, prosecutor, page, language, says
):
    assert says in text(client, prosecutor, page, held_past_the_limit, language)
