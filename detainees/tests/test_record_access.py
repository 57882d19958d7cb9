"""Who sees which record, and who may change it: deny by default, 404 outside one's scope."""

import pytest
from django.urls import reverse
from django.utils import timezone

from detainees.models import TimelineEntry

from .factories import CustodyRecordFactory

ROLES = ["duty_officer", "inspector", "medic", "facility_head", "prosecutor", "monitor", "administrator"]

# Expected answer to GET of a record page: (own facility, other facility in region, other region).
VIEW = {
    "duty_officer": (200, 404, 404),
    "inspector": (200, 404, 404),
    "medic": (200, 404, 404),
    "facility_head": (200, 404, 404),
    "prosecutor": (200, 200, 404),
    "monitor": (200, 200, 404),
    "administrator": (404, 404, 404),
}


@pytest.fixture
def records(facility, other_facility, far_facility):
    return [CustodyRecordFactory(facility=f) for f in (facility, other_facility, far_facility)]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_records_only_within_its_scope(client, request, role, records):
    client.force_login(request.getfixturevalue(role))
    answers = tuple(client.get(reverse("detainees:record-detail", args=[r.pk])).status_code for r in records)
    assert answers == VIEW[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_record_list_shows_only_records_within_scope(client, request, role, records):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("detainees:record-list"), {"status": ""})
    if role == "administrator":
        assert response.status_code == 403
        return
    shown = {r.number for r in records if r.number in response.content.decode()}
    expected = {r.number for r, code in zip(records, VIEW[role], strict=True) if code == 200}
    assert shown == expected


@pytest.mark.parametrize("role", ["prosecutor", "monitor"])
def test_read_only_roles_can_never_write(client, request, role, booked):
    client.force_login(request.getfixturevalue(role))
    entry = booked.entries.get()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    attempts = [
        reverse("detainees:entry-create", args=[booked.pk, "note"]),
        reverse("detainees:entry-create", args=[booked.pk, "check"]),
        reverse("detainees:record-release", args=[booked.pk]),
        reverse("detainees:entry-correct", args=[entry.pk]),
        reverse("detainees:record-create"),
    ]
    for url in attempts:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"occurred_at": now, "text": "x", "outcome": "released"}).status_code == 403, url
    assert TimelineEntry.objects.count() == 1


def test_a_read_only_page_offers_no_way_to_change_the_record(client, prosecutor, booked):
    client.force_login(prosecutor)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert "/entries/" not in page
    assert "/release/" not in page
    assert "/correct/" not in page


def test_a_record_of_another_facility_cannot_be_written_to_by_guessing_its_id(client, other_officer, booked):
    client.force_login(other_officer)
    url = reverse("detainees:entry-create", args=[booked.pk, "note"])
    response = client.post(url, {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "text": "x"})
    assert response.status_code == 404
    assert booked.entries.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client, booked):
    response = client.get(booked.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_history_page_is_for_roles_allowed_to_see_it(client, booked, duty_officer, prosecutor):
    url = reverse("detainees:record-history", args=[booked.pk])
    client.force_login(duty_officer)
    assert client.get(url).status_code == 403
    client.force_login(prosecutor)
    response = client.get(url)
    assert response.status_code == 200
    assert booked.booked_by.get_full_name() in response.content.decode()


@pytest.mark.parametrize("params", [{"facility": "²"}, {"facility": "abc"}, {"status": "nonsense"}, {"page": "-1"}])
def test_odd_filter_values_are_ignored_not_a_500(client, duty_officer, booked, params):
    client.force_login(duty_officer)
    assert client.get(reverse("detainees:record-list"), params).status_code == 200
