"""The statistics dashboard: right figures for a known set of records, within scope, refusing bad filters."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from detainees import services
from detainees.models import EntryKind, LegalBasis
from detainees.tests.conftest import person_data, record_data
from inspections.models import Finding, FindingStatus
from integrity.log import sealed
from oversight.models import AccessEvent, AccessKind

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=KYIV)
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
RELEASED = {
    "outcome": "released",
    "destination": "freedom",
    "legal_ground": "ст. 211 КПК",
    "property": "all_returned",
    "condition": "задовільний",
}
URL = reverse("oversight:statistics")

_people = iter(range(1, 10_000))


def book(actor, facility, detained, *, arrived=None, person=None, **record):
    """Book someone new in as the desk would have, with the clock set to just after their arrival."""
    arrived = arrived or detained + HOUR
    n = next(_people)
    who = person_data(surname=f"Тестовий{n}", document_number=f"ТТ{n:06d}", **(person or {}))
    with time_machine.travel(arrived + MINUTE, tick=False):
        return services.book_in(
            actor=actor,
            person_data=who,
            record_data=record_data(facility, detained_at=detained, arrived_at=arrived, **record),
        )


def add(record, actor, kind, at, cell=None, **details):
    with time_machine.travel(at + MINUTE, tick=False):
        return services.add_entry(record=record, actor=actor, kind=kind, occurred_at=at, details=details, cell=cell)


def release(record, actor, at):
    with time_machine.travel(at + MINUTE, tick=False):
        return services.release(record=record, actor=actor, occurred_at=at, details=RELEASED)


def notify(record, actor, at, recipient):
    return add(
        record,
        actor,
        EntryKind.NOTIFICATION,
        at,
        recipient=recipient,
        recipient_name="—",
        method="phone",
        result="delivered",
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def dataset(frozen, duty_officer, medic, facility, other_facility, far_facility, cell, inspector):
    """Four records detained in the last 30 days in the prosecutor's region, and some that must not count.

    A  closed after 10 h: everything on time but the relative (late); injuries on arrival.
    B  closed after 80 h: past the 72-hour limit; nothing notified, no examination; force twice, injuries from it.
    C  open for 40 min: rights given, the rest not yet due.
    D  open for 75 h, in the other facility: past the limit now; nothing done.
    """
    a = book(duty_officer, facility, NOW - 4 * DAY)
    arrived = a.arrived_at
    add(a, duty_officer, EntryKind.RIGHTS, arrived + 10 * MINUTE, language="українська")
    notify(a, duty_officer, a.detained_at + 30 * MINUTE, "legal_aid")
    notify(a, duty_officer, a.detained_at + 3 * HOUR, "relative")
    add(a, medic, EntryKind.INJURY, arrived + 15 * MINUTE, body_regions=["head"], consistency="consistent")
    add(a, medic, EntryKind.MEDICAL_EXAM, arrived + 20 * MINUTE, reason="arrival", fitness="fit")
    add(a, duty_officer, EntryKind.PLACEMENT, arrived + 30 * MINUTE, cell=cell)
    release(a, duty_officer, a.detained_at + 10 * HOUR)

    b = book(duty_officer, facility, NOW - 5 * DAY)
    add(b, duty_officer, EntryKind.RIGHTS, b.arrived_at + 5 * MINUTE, language="українська")
    add(b, duty_officer, EntryKind.FORCE, b.arrived_at + 2 * HOUR, force_type="handcuffs", injuries=True)
    add(b, duty_officer, EntryKind.FORCE, b.arrived_at + 3 * HOUR, force_type="handcuffs", injuries=False)
    release(b, duty_officer, b.detained_at + 80 * HOUR)

    c = book(duty_officer, facility, NOW - 40 * MINUTE, arrived=NOW - 30 * MINUTE)
    add(c, duty_officer, EntryKind.RIGHTS, NOW - 25 * MINUTE, language="українська")

    other_duty = UserFactory(role=Role.DUTY_OFFICER, facilities=[other_facility])
    # Extended administrative detention: a 72-hour limit, passed at 75 hours.
    d = book(other_duty, other_facility, NOW - 75 * HOUR, legal_basis=LegalBasis.CAO_262, extended_administrative=True)

    # Never counted: another region, and a detention before the period.
    far_duty = UserFactory(role=Role.DUTY_OFFICER, facilities=[far_facility])
    release(book(far_duty, far_facility, NOW - 3 * DAY), far_duty, NOW - 2 * DAY)
    old = book(duty_officer, facility, NOW - 40 * DAY)
    release(old, duty_officer, NOW - 39 * DAY)

    with sealed():
        Finding.objects.create(
            facility=facility, severity="high", description="камера 3 без вентиляції", created_by=inspector
        )
        Finding.objects.create(facility=other_facility, severity="low", description="журнал", created_by=inspector)
        Finding.objects.create(
            facility=facility,
            severity="critical",
            description="закрита",
            created_by=inspector,
            status=FindingStatus.CLOSED,
        )
        Finding.objects.create(
            facility=far_facility, severity="critical", description="інша область", created_by=inspector
        )
    return {"a": a, "b": b, "c": c, "d": d}


def figures_for(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context["figures"]


def test_the_dashboard_counts_the_detentions_of_the_period_in_the_region(client, dataset, prosecutor):
    figures = figures_for(client, prosecutor)
    assert (figures.detentions, figures.open_now) == (4, 2)


def test_time_in_custody_median_and_longest_mix_closed_and_open_records(client, dataset, prosecutor):
    figures = figures_for(client, prosecutor)
    # 40 min, 10 h, 75 h (open, so far), 80 h
    assert figures.median_hours == pytest.approx((10 + 75) / 2)
    assert figures.max_hours == pytest.approx(80)
    assert [n for _label, n in figures.durations] == [1, 1, 0, 0, 2]


def test_records_held_past_their_limit_are_counted_closed_and_open(client, dataset, prosecutor):
    figures = figures_for(client, prosecutor)
    assert {row.number for row in figures.over_limit} == {dataset["b"].number, dataset["d"].number}
    assert [row.is_open for row in figures.over_limit] == [False, True]


def test_the_over_limit_records_are_listed_with_links_for_the_prosecutor(client, dataset, prosecutor):
    client.force_login(prosecutor)
    page = client.get(URL).content.decode()
    assert reverse("detainees:record-detail", args=[dataset["d"].pk]) in page


def test_obligations_are_counted_on_time_late_missed_and_pending_per_group(client, dataset, prosecutor):
    groups = {g.key: g for g in figures_for(client, prosecutor).obligations}
    # D is administrative: relatives and legal aid are owed to it too (they apply to everyone).
    assert groups["legal_aid"].counts == {"on_time": 1, "late": 0, "missed": 2, "pending": 1}
    assert groups["relatives"].counts == {"on_time": 0, "late": 1, "missed": 2, "pending": 1}
    assert groups["rights"].counts == {"on_time": 3, "late": 0, "missed": 1, "pending": 0}
    assert groups["medical"].counts == {"on_time": 1, "late": 0, "missed": 2, "pending": 1}
    assert groups["rights"].percent_on_time == 75
    assert groups["legal_aid"].share_on_time == pytest.approx(1 / 3)


def test_force_and_injuries_on_arrival_and_in_custody_are_told_apart(client, dataset, prosecutor):
    figures = figures_for(client, prosecutor)
    assert (figures.force_records, figures.force_total) == (1, 2)
    assert (figures.injuries_on_arrival, figures.injuries_in_custody) == (1, 1)


def test_open_findings_are_counted_by_severity_in_scope_only(client, dataset, prosecutor):
    figures = figures_for(client, prosecutor)
    assert figures.findings == [("high", 1), ("low", 1)]
    assert figures.findings_open == 2


def test_a_facility_filter_narrows_every_figure(client, dataset, prosecutor, other_facility):
    figures = figures_for(client, prosecutor, facility=other_facility.pk)
    assert figures.detentions == 1
    assert [row.number for row in figures.over_limit] == [dataset["d"].number]
    assert figures.findings == [("low", 1)]


def test_a_longer_period_counts_the_older_record_and_draws_weeks(client, dataset, prosecutor):
    figures = figures_for(client, prosecutor, date_from="2026-01-01", date_to="2026-03-10")
    assert figures.detentions == 5
    assert figures.series_unit == "week"
    assert sum(total for _slot, _counts, total in figures.series_rows()) == 5


def test_a_facility_officer_sees_only_their_facility(client, dataset, inspector):
    figures = figures_for(client, inspector)
    assert figures.detentions == 3
    assert figures.by_facility == []


def test_the_page_carries_the_chart_data_and_a_table_for_every_chart(client, dataset, prosecutor):
    client.force_login(prosecutor)
    response = client.get(URL)
    page = response.content.decode()
    data = json.loads(page.split('id="stats-data" type="application/json">')[1].split("</script>")[0])
    assert set(data) == {"detentions", "obligations", "durations", "injuries"}
    assert sum(sum(s["data"]) for s in data["detentions"]["datasets"]) == 4
    assert data["injuries"]["datasets"][0]["data"] == [1, 1]
    assert page.count('role="img"') == 4
    assert page.count("Show as table") == 4
    assert "<script>" not in page  # no inline script: the charts read the JSON from a static file


def test_export_links_carry_the_same_filter(client, dataset, prosecutor, facility):
    client.force_login(prosecutor)
    page = client.get(
        URL, {"facility": facility.pk, "date_from": "2026-03-01", "date_to": "2026-03-10"}
    ).content.decode()
    query = f"facility={facility.pk}&amp;date_from=2026-03-01&amp;date_to=2026-03-10"
    assert f"{reverse('oversight:export', args=['records'])}?{query}" in page
    assert f"{reverse('oversight:export', args=['obligations'])}?{query}" in page


def test_a_period_without_detentions_says_so_instead_of_drawing_empty_charts(client, dataset, prosecutor):
    client.force_login(prosecutor)
    page = client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-01-31"}).content.decode()
    assert "No detentions began in this period" in page
    assert "<canvas" not in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "The end of the period is before its start."),
        ({"date_from": "2024-01-01", "date_to": "2026-03-10"}, "Choose a period of at most 366 days."),
        ({"date_from": "1970-01-01", "date_to": "1970-01-31"}, "Choose a date from 2000 onwards."),
        ({"date_from": "2026-03-01", "date_to": "2027-03-01"}, "This date is in the future."),
        ({"date_from": "2026-02-30"}, "Enter a valid date."),
    ],
)
def test_a_backwards_or_absurd_period_is_refused_with_a_clear_message_and_logged(
    client, frozen, prosecutor, params, message
):
    client.force_login(prosecutor)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "figures" not in response.context
    event = AccessEvent.objects.get()
    assert (event.user, event.kind, event.status) == (prosecutor, AccessKind.BAD_REQUEST, 400)


def test_a_facility_outside_the_scope_is_refused_and_logged(client, frozen, prosecutor, far_facility):
    client.force_login(prosecutor)
    response = client.get(URL, {"facility": far_facility.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert AccessEvent.objects.get().kind == AccessKind.BAD_REQUEST


def test_a_forged_region_is_refused(client, frozen, prosecutor, far_facility):
    client.force_login(prosecutor)
    assert client.get(URL, {"region": far_facility.region_id}).status_code == 400
    assert client.get(URL, {"region": "1 OR 1=1"}).status_code == 400


def test_a_facility_outside_the_chosen_region_is_refused(client, frozen, region, facility, far_facility):
    both = UserFactory(role=Role.PROSECUTOR, regions=[region, far_facility.region])
    client.force_login(both)
    assert client.get(URL, {"region": region.pk, "facility": facility.pk}).status_code == 200
    response = client.get(URL, {"region": region.pk, "facility": far_facility.pk})
    assert response.status_code == 400
    assert "This facility is not in the chosen region." in response.content.decode()


def test_a_user_without_a_scope_counts_nothing(client, dataset):
    assert figures_for(client, UserFactory(role=Role.PROSECUTOR)).detentions == 0


def test_a_duty_officer_may_not_see_the_dashboard(client, frozen, duty_officer):
    client.force_login(duty_officer)
    assert client.get(URL).status_code == 403
    assert AccessEvent.objects.get().kind == AccessKind.DENIED


def test_the_dashboard_costs_the_same_queries_for_2_and_20_records(client, frozen, prosecutor, duty_officer, facility):
    def records(count):
        for _ in range(count // 2):
            closed = book(duty_officer, facility, NOW - 2 * DAY)
            add(closed, duty_officer, EntryKind.RIGHTS, closed.arrived_at + MINUTE, language="українська")
            release(closed, duty_officer, closed.arrived_at + 5 * HOUR)
            book(duty_officer, facility, NOW - 3 * HOUR)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(prosecutor)
    records(2)
    few = queries()
    records(18)
    assert figures_for(client, prosecutor).detentions == 20
    assert queries() == few


def test_rebuild_summaries_fills_in_records_closed_before_summaries_existed(booked, duty_officer):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from detainees import services
    from oversight.models import RecordSummary

    services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"})
    RecordSummary.objects.all().delete()
    out = StringIO()
    call_command("rebuild_summaries", "--missing", stdout=out)
    assert "1 summaries rebuilt" in out.getvalue()
    assert RecordSummary.objects.get().record == booked
