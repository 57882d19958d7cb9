"""Every view of a record, its medical entries, its history or a print is logged, and refused attempts too."""

import pytest
from django.urls import reverse
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind
from oversight.models import AccessEvent, AccessKind


def test_opening_a_record_logs_who_when_what_and_from_where(client, booked, prosecutor):
    client.force_login(prosecutor)
    client.get(booked.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    event = AccessEvent.objects.get()
    assert (event.user, event.record, event.kind, event.ip, event.method) == (
        prosecutor,
        booked,
        AccessKind.RECORD,
        "10.1.2.3",
        "GET",
    )
    assert event.at is not None


def test_a_record_shown_with_medical_entries_is_logged_as_a_medical_view(client, booked, medic):
    services.add_entry(
        record=booked,
        actor=medic,
        kind=EntryKind.MEDICATION,
        occurred_at=timezone.now(),
        details={"medicine": "парацетамол", "dose": "500 мг", "prescribed_by": "лікар"},
    )
    client.force_login(medic)
    client.get(booked.get_absolute_url())
    assert AccessEvent.objects.get().kind == AccessKind.MEDICAL


def test_opening_the_change_history_is_logged(client, booked, inspector):
    client.force_login(inspector)
    client.get(reverse("detainees:record-history", args=[booked.pk]))
    assert AccessEvent.objects.get().kind == AccessKind.HISTORY


def test_the_record_page_shows_who_viewed_it_to_oversight_roles(client, booked, duty_officer, prosecutor):
    client.force_login(duty_officer)
    client.get(booked.get_absolute_url())
    client.force_login(prosecutor)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert "Who viewed this record" in page
    assert str(duty_officer) in page.split('id="viewers"')[1]


def test_a_duty_officer_does_not_see_the_read_log(client, booked, duty_officer):
    client.force_login(duty_officer)
    assert "Who viewed this record" not in client.get(booked.get_absolute_url()).content.decode()
    assert client.get(reverse("oversight:record-viewers", args=[booked.pk])).status_code == 403


def test_the_full_read_log_of_a_record_lists_every_view(client, booked, facility_head, prosecutor):
    for user in (facility_head, prosecutor, facility_head):
        client.force_login(user)
        client.get(booked.get_absolute_url())
    response = client.get(reverse("oversight:record-viewers", args=[booked.pk]))
    assert response.status_code == 200
    assert len(response.context["page"]) == 3


def test_a_monitor_guessing_a_record_id_outside_their_region_gets_404_and_the_attempt_is_logged(
    client, monitor, far_facility, duty_officer
):
    from custody.accounts.roles import Role
    from custody.accounts.tests.factories import UserFactory
    from detainees.tests.conftest import person_data, record_data

    far_officer = UserFactory(role=Role.DUTY_OFFICER, facilities=[far_facility])
    far = services.book_in(actor=far_officer, person_data=person_data(), record_data=record_data(far_facility))
    client.force_login(monitor)
    assert client.get(far.get_absolute_url()).status_code == 404
    event = AccessEvent.objects.get()
    assert (event.user, event.kind, event.status, event.record) == (monitor, AccessKind.NOT_FOUND, 404, None)
    assert event.path == far.get_absolute_url()


def test_a_prosecutor_posting_to_a_write_endpoint_gets_403_changes_nothing_and_is_logged(client, booked, prosecutor):
    client.force_login(prosecutor)
    before = booked.entries.count()
    response = client.post(
        reverse("detainees:entry-create", args=[booked.pk, "note"]),
        {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "text": "x"},
    )
    assert response.status_code == 403
    assert booked.entries.count() == before
    event = AccessEvent.objects.get(kind=AccessKind.DENIED)
    assert (event.user, event.method, event.status) == (prosecutor, "POST", 403)


def test_read_log_rows_can_never_be_changed(client, booked, prosecutor):
    from custody.lib.appendonly import AppendOnlyError

    client.force_login(prosecutor)
    client.get(booked.get_absolute_url())
    event = AccessEvent.objects.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()


def test_the_access_log_page_shows_reads_in_scope_only(client, booked, prosecutor, facility_head, far_facility):
    client.force_login(facility_head)
    client.get(booked.get_absolute_url())
    client.force_login(prosecutor)
    page = client.get(reverse("oversight:access-log")).content.decode()
    assert booked.number in page


def test_anonymous_requests_are_not_logged_as_users(client, booked):
    assert client.get(booked.get_absolute_url()).status_code == 302
    assert not AccessEvent.objects.exists()
