"""The duty officer's live board: who is owed what, most urgent first, at a fixed cost."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from detainees import services
from detainees.models import EntryKind

from .conftest import person_data, record_data
from .factories import CustodyRecordFactory

NOW = timezone.datetime(2026, 11, 27, 12, 0, tzinfo=timezone.get_fixed_timezone(120))


def book(actor, facility, n, hours_ago=2):
    return services.book_in(
        actor=actor,
        person_data=person_data(surname=f"Бойко{'а' * n}", document_number=f"ВК{n:06d}"),
        record_data=record_data(
            facility,
            detained_at=NOW - timedelta(hours=hours_ago),
            arrived_at=NOW - timedelta(hours=hours_ago) + timedelta(minutes=10),
        ),
    )


@time_machine.travel(NOW, tick=False)
def test_an_overdue_legal_aid_notification_shows_and_turns_met_once_recorded(client, duty_officer, facility):
    record = book(duty_officer, facility, 1)
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:board")).content.decode()
    assert "Free legal aid centre notified" in page and "overdue" in page
    assert f"/records/{record.pk}/entries/notification/?recipient=legal_aid&amp;result=delivered" in page

    services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.NOTIFICATION,
        occurred_at=NOW,
        details={"recipient": "legal_aid", "result": "delivered", "recipient_name": "БПД"},
    )
    page = client.get(reverse("detainees:board")).content.decode()
    assert "Free legal aid centre notified" not in page


@time_machine.travel(NOW, tick=False)
def test_the_most_urgent_record_comes_first(client, duty_officer, facility):
    calm = book(duty_officer, facility, 1, hours_ago=0.2)
    late = book(duty_officer, facility, 2, hours_ago=5)
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:board")).content.decode()
    assert page.index(f"board-{late.pk}") < page.index(f"board-{calm.pk}")


@time_machine.travel(NOW, tick=False)
def test_the_refresh_returns_only_the_rows(client, duty_officer, facility):
    record = book(duty_officer, facility, 1)
    client.force_login(duty_officer)
    response = client.get(reverse("detainees:board"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'id="board-{record.pk}"' in html
    assert "<html" not in html


@time_machine.travel(NOW, tick=False)
def test_records_of_other_facilities_are_not_on_the_board(client, duty_officer, other_facility):
    other = CustodyRecordFactory(facility=other_facility, detained_at=NOW - timedelta(hours=1))
    client.force_login(duty_officer)
    assert f"board-{other.pk}" not in client.get(reverse("detainees:board")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_board_costs_the_same_for_2_and_12_detainees(client, duty_officer, facility):
    client.force_login(duty_officer)
    cell = CellFactory(facility=facility, capacity=20, floor_area_m2=100)

    def fill(start, count):
        for n in range(start, start + count):
            record = book(duty_officer, facility, n)
            services.add_entry(
                record=record,
                actor=duty_officer,
                kind=EntryKind.CHECK,
                occurred_at=NOW - timedelta(minutes=n),
                details={"state": "awake"},
            )
            CustodyRecordFactory._meta.model.objects.filter(pk=record.pk).update(current_cell=cell)

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("detainees:board")).status_code == 200
        return len(ctx.captured_queries)

    fill(1, 2)
    few = cost()
    fill(3, 10)
    assert cost() == few
