"""List and record pages cost the same number of queries whatever the amount of data."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from custody.facilities.tests.factories import CellFactory
from detainees import services
from detainees.models import EntryKind

from .factories import CustodyRecordFactory


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_record_list_costs_the_same_for_3_and_30_records(client, duty_officer, facility):
    client.force_login(duty_officer)
    cell = CellFactory(facility=facility, capacity=50)
    for _ in range(3):
        CustodyRecordFactory(facility=facility, current_cell=cell)
    few = queries_for(client, reverse("detainees:record-list"))
    for _ in range(27):
        CustodyRecordFactory(facility=facility, current_cell=cell)
    assert queries_for(client, reverse("detainees:record-list")) == few


def test_the_record_page_costs_the_same_for_a_short_and_a_long_timeline(client, booked, duty_officer, cell):
    client.force_login(duty_officer)
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.PLACEMENT,
        occurred_at=timezone.now() - timedelta(minutes=59),
        details={},
        cell=cell,
    )
    check = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.CHECK,
        occurred_at=timezone.now() - timedelta(minutes=58),
        details={"state": "awake"},
    )
    short = queries_for(client, booked.get_absolute_url())
    for minute in range(50, 10, -1):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now() - timedelta(minutes=minute),
            details={"state": "awake"},
        )
    services.correct_entry(
        entry=check, actor=duty_officer, occurred_at=check.occurred_at, details={"state": "asleep"}, reason="typo"
    )
    assert queries_for(client, booked.get_absolute_url()) == short


def test_the_facility_page_costs_the_same_for_one_cell_and_many_full_ones(client, duty_officer, facility):
    client.force_login(duty_officer)
    url = reverse("facilities:facility-detail", args=[facility.pk])
    CustodyRecordFactory(facility=facility, current_cell=CellFactory(facility=facility))
    CustodyRecordFactory(facility=facility)  # not placed yet
    one = queries_for(client, url)
    for _ in range(5):
        cell = CellFactory(facility=facility, capacity=3)
        for _ in range(3):
            CustodyRecordFactory(facility=facility, current_cell=cell)
    CustodyRecordFactory(facility=facility)
    assert queries_for(client, url) == one


def test_a_timeline_entry_post_costs_thirteen_statements_besides_transaction_control(client, booked, duty_officer):
    """Session, user, second factor, roles, record, token; lock, entry, audit row, seal (33 before).

    The entry and its audit row are hashed as written, not read back (`integrity.leaves.as_stored`)."""
    import uuid

    from custody.submits.once import FIELD

    client.force_login(duty_officer)
    url = reverse("detainees:entry-create", args=[booked.pk, "check"])
    client.get(url)  # the session's once-a-minute renewal happens here, not in the POST
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "state": "awake",
        "condition": "normal",
        "note": "",
        FIELD: str(uuid.uuid4()),
    }
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url, data).status_code == 302
    statements = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) <= 13, "\n".join(statements)
    assert booked.entries.filter(kind=EntryKind.CHECK).count() == 1
