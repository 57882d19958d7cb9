"""The board triages: a person held past a legal limit first and unmistakable, then legal
deadlines, then care duties; within each the longest overdue first, then the soonest due."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from detainees import selectors, services
from detainees.models import EntryKind, LegalBasis
from detainees.obligations import OVERDUE, Tier

from .conftest import person_data, record_data

NOW = timezone.datetime(2026, 11, 27, 12, 0, tzinfo=timezone.get_fixed_timezone(120))
HOUR, MINUTE = timedelta(hours=1), timedelta(minutes=1)

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cell_for(facility):
    """A cell of its own for each person: the separation rules are not what is tested here."""
    numbers = iter(range(1, 50))
    return lambda: CellFactory(facility=facility, number=str(next(numbers)), capacity=1, floor_area_m2=6)


def book(actor, facility, n, *, detained_ago, arrived_ago=None, **record):
    return services.book_in(
        actor=actor,
        person_data=person_data(surname=f"Бойко{'а' * n}", document_number=f"ВК{n:06d}"),
        record_data=record_data(
            facility,
            detained_at=NOW - detained_ago,
            arrived_at=NOW - (arrived_ago if arrived_ago is not None else detained_ago),
            **record,
        ),
    )


def add(record, actor, kind, at, **details):
    return services.add_entry(record=record, actor=actor, kind=kind, occurred_at=at, details=details)


def meet_the_legal_duties(record, duty_officer, medic):
    """Rights, notifications and the examination on admission, all on time: only care is left."""
    at = record.arrived_at + 5 * MINUTE
    add(record, duty_officer, EntryKind.RIGHTS, at, language="українська", written_form_signed=True)
    for recipient, result in (("legal_aid", "delivered"), ("relative", "declined")):
        add(
            record,
            duty_officer,
            EntryKind.NOTIFICATION,
            at,
            recipient=recipient,
            recipient_name="—",
            method="phone",
            result=result,
        )
    add(record, medic, EntryKind.MEDICAL_EXAM, at, reason="arrival", examiner="фельдшер", fitness="fit")


def checked(record, duty_officer, at):
    add(record, duty_officer, EntryKind.CHECK, at, state="awake")


def held_past_72_hours(duty_officer, medic, facility, cell, n, *, by):
    """Served notice of suspicion and brought before the court in time, but no ruling after 72 h."""
    record = book(duty_officer, facility, n, detained_ago=72 * HOUR + by)
    meet_the_legal_duties(record, duty_officer, medic)
    services.place_in_cell(record=record, actor=duty_officer, cell=cell, occurred_at=record.arrived_at + 10 * MINUTE)
    add(
        record,
        duty_officer,
        EntryKind.SUSPICION_NOTICE,
        record.detained_at + 20 * HOUR,
        served_by="слідчий",
        article="ч. 1 ст. 185 КК",
    )
    services.take_out(
        record=record,
        actor=duty_officer,
        occurred_at=record.detained_at + 50 * HOUR,
        details={"purpose": "court", "taken_by": "конвой", "destination": "суд"},
    )
    services.bring_back(
        record=record,
        actor=duty_officer,
        occurred_at=record.detained_at + 53 * HOUR,
        details={"condition": "задовільний"},
    )
    checked(record, duty_officer, NOW - 10 * MINUTE)
    return record


def only_care_overdue(duty_officer, medic, facility, n, *, check_overdue):
    """Every legal duty met; the hourly check (first due an hour after arrival) overdue by `check_overdue`."""
    record = book(
        duty_officer, facility, n, detained_ago=HOUR + check_overdue + 10 * MINUTE, arrived_ago=HOUR + check_overdue
    )
    meet_the_legal_duties(record, duty_officer, medic)
    return record


def order(facility):
    return [row.record.pk for row in selectors.board([facility], NOW)]


def row_html(page, record):
    return re.search(rf'<tr[^>]*id="board-{record.pk}".*?</tr>', page, re.S).group(0)


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\N{NO-BREAK SPACE}", " ")


@pytest.mark.parametrize("check_overdue", [2 * MINUTE, 5 * HOUR], ids=["by 2 min", "by 5 h, longer than the limit"])
def test_a_person_held_past_the_72_hour_limit_comes_before_an_overdue_check(
    duty_officer, medic, facility, cell_for, check_overdue
):
    unlawful = held_past_72_hours(duty_officer, medic, facility, cell_for(), 1, by=HOUR + 32 * MINUTE)
    care = only_care_overdue(duty_officer, medic, facility, 2, check_overdue=check_overdue)
    assert order(facility) == [unlawful.pk, care.pk]


def test_the_limit_is_the_only_thing_that_makes_the_person_held_unlawfully(duty_officer, medic, facility, cell_for):
    unlawful = held_past_72_hours(duty_officer, medic, facility, cell_for(), 1, by=HOUR + 32 * MINUTE)
    row = selectors.board([facility], NOW)[0]
    assert row.record == unlawful
    assert row.tier == Tier.UNLAWFUL
    assert row.held_past_limit.key == "limit-72h"
    assert [o.key for o in row.attention if o.tier == Tier.UNLAWFUL] == ["limit-72h"]


def test_a_legal_deadline_due_soon_comes_before_an_overdue_care_duty(duty_officer, medic, facility):
    care = only_care_overdue(duty_officer, medic, facility, 1, check_overdue=3 * HOUR)
    legal = book(duty_officer, facility, 2, detained_ago=50 * MINUTE)  # legal aid due in 10 min
    assert order(facility) == [legal.pk, care.pk]
    legal_row = selectors.board([facility], NOW)[0]
    assert legal_row.tier == Tier.LEGAL
    assert legal_row.attention[0].status != OVERDUE
    assert legal_row.attention[0].due_at == NOW + 10 * MINUTE


def test_within_a_tier_the_longest_overdue_comes_first_then_the_soonest_due(duty_officer, medic, facility):
    late = only_care_overdue(duty_officer, medic, facility, 1, check_overdue=30 * MINUTE)
    later = only_care_overdue(duty_officer, medic, facility, 2, check_overdue=2 * HOUR)
    soon = only_care_overdue(duty_officer, medic, facility, 3, check_overdue=-20 * MINUTE)  # due in 20 min
    sooner = only_care_overdue(duty_officer, medic, facility, 4, check_overdue=-5 * MINUTE)
    assert order(facility) == [later.pk, late.pk, sooner.pk, soon.pk]


def test_people_with_nothing_pending_come_last_by_cell(duty_officer, medic, facility):
    calm = []
    for n, number in ((1, "10"), (2, "2")):
        record = only_care_overdue(duty_officer, medic, facility, n, check_overdue=HOUR)
        cell = CellFactory(facility=facility, number=number, capacity=1, floor_area_m2=6)
        services.place_in_cell(record=record, actor=duty_officer, cell=cell, occurred_at=NOW - 5 * MINUTE)
        checked(record, duty_officer, NOW - MINUTE)  # the next check is due in 59 min: nothing pending
        calm.append(record)
    pending = only_care_overdue(duty_officer, medic, facility, 3, check_overdue=MINUTE)
    assert order(facility) == [pending.pk, calm[1].pk, calm[0].pk]  # cell 2 before cell 10


def test_the_alerts_of_a_row_follow_the_same_order(duty_officer, facility):
    record = book(duty_officer, facility, 1, detained_ago=3 * HOUR + 30 * MINUTE, legal_basis=LegalBasis.CAO_262)
    (row,) = selectors.board([facility], NOW)
    assert row.record == record
    assert [o.tier for o in row.attention] == sorted(o.tier for o in row.attention)
    assert row.attention[0].key == "administrative-3h"
    legal = [o for o in row.attention if o.tier == Tier.LEGAL]
    assert [o.due_at for o in legal] == sorted(o.due_at for o in legal)


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "Held past the legal limit by 1 h 32 min"),
        ("uk", "Утримується понад законний строк на 1 год 32 хв"),
    ],
)
def test_the_unlawful_row_says_how_long_the_person_is_held_past_the_limit(
    client, duty_officer, medic, facility, cell_for, language, label
):
    unlawful = held_past_72_hours(duty_officer, medic, facility, cell_for(), 1, by=HOUR + 32 * MINUTE)
    care = only_care_overdue(duty_officer, medic, facility, 2, check_overdue=5 * HOUR)
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:board"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    row = row_html(page, unlawful)
    assert label in text(row)
    assert "table-danger" in row.split(">", 1)[0]
    assert "bi-exclamation-octagon-fill" in row
    assert "table-danger" not in row_html(page, care).split(">", 1)[0]


def test_an_overdue_care_duty_is_amber_not_the_danger_red(client, duty_officer, medic, facility):
    care = only_care_overdue(duty_officer, medic, facility, 1, check_overdue=2 * HOUR)
    client.force_login(duty_officer)
    row = row_html(client.get(reverse("detainees:board")).content.decode(), care)
    assert "Observation check · 2 h overdue" in text(row)
    assert "badge-care-overdue" in row
    assert "text-bg-danger" not in row and "table-danger" not in row


def test_an_overdue_legal_deadline_is_red_without_marking_the_row(client, duty_officer, facility):
    legal = book(duty_officer, facility, 1, detained_ago=2 * HOUR)  # nobody notified for an hour
    client.force_login(duty_officer)
    row = row_html(client.get(reverse("detainees:board")).content.decode(), legal)
    assert re.search(
        r'class="badge[^"]*text-bg-danger[^"]*"[^>]*>(?:(?!</a>).)*Free legal aid centre notified', row, re.S
    )
    assert "table-danger" not in row and "Held past" not in row


def test_the_refresh_keeps_the_triage_order(client, duty_officer, medic, facility, cell_for):
    care = only_care_overdue(duty_officer, medic, facility, 1, check_overdue=5 * HOUR)
    unlawful = held_past_72_hours(duty_officer, medic, facility, cell_for(), 2, by=HOUR)
    client.force_login(duty_officer)
    rows = client.get(reverse("detainees:board"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in rows
    assert rows.index(f'id="board-{unlawful.pk}"') < rows.index(f'id="board-{care.pk}"')


def test_people_with_nothing_pending_follow_by_cell_then_arrival_never_by_name():
    """A pseudonymised monitor sees the board's order: sorting by name would spell the alphabet."""

    def calm(surname, arrived_ago, pk):
        person = SimpleNamespace(name_key=surname.casefold())
        record = SimpleNamespace(person=person, current_cell=None, arrived_at=NOW - arrived_ago, pk=pk)
        return SimpleNamespace(record=record, attention=[])

    rows = [calm("Андрієнко", HOUR, 1), calm("Яковенко", 3 * HOUR, 2)]
    assert [row.record.pk for row in sorted(rows, key=selectors._triage)] == [2, 1]
