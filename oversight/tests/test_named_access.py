"""A facility head or administrator grants a monitor named access at one facility, for a limited time."""

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from custody.submits.tests.tokens import once
from oversight.grants import services as grants
from oversight.models import NamedAccessGrant
from oversight.readlog.identity import pseudonym, viewer


def grant(head, monitor, facility, hours=4, reason="Візит НПМ 27.11"):
    return grants.grant_named_access(
        actor=head, monitor=monitor, facility=facility, ends_at=timezone.now() + timedelta(hours=hours), reason=reason
    )


def page(client, user, record):
    client.force_login(user)
    return client.get(record.get_absolute_url()).content.decode()


def test_a_granted_monitor_sees_names_at_that_facility_until_the_grant_ends(
    client, booked, facility_head, monitor, facility
):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        given = grant(facility_head, monitor, facility, hours=4)
        shown = page(client, monitor, booked)
        assert "АН123456" in shown and "named access granted by" in shown
        traveller.shift(timedelta(hours=4, minutes=1))
        later = page(client, monitor, booked)
        assert "АН123456" not in later and pseudonym(booked.person_id) in later
    assert given.monitor == monitor


def test_the_grant_is_recorded_in_the_audit_trail_with_who_granted_it(facility_head, monitor, facility):
    given = grant(facility_head, monitor, facility)
    row = LogEntry.objects.get_for_object(given).get()
    assert row.actor == facility_head
    assert row.action == LogEntry.Action.CREATE


def test_named_access_is_limited_to_its_facility(client, booked, facility_head, monitor, other_facility, facility):
    from custody.accounts.tests.factories import UserFactory as Users

    head_two = Users(role=Role.FACILITY_HEAD, facilities=[other_facility])
    grant(head_two, monitor, other_facility)
    assert "АН123456" not in page(client, monitor, booked)
    assert not viewer(monitor).shows(booked)


def test_a_revoked_grant_hides_names_again_and_the_revocation_is_audited(
    client, booked, facility_head, monitor, facility
):
    given = grant(facility_head, monitor, facility)
    grants.revoke(actor=facility_head, grant=given)
    assert "АН123456" not in page(client, monitor, booked)
    given.refresh_from_db()
    assert given.revoked_by == facility_head
    assert LogEntry.objects.get_for_object(given).filter(action=LogEntry.Action.UPDATE).exists()


@pytest.mark.parametrize("hours, field", [(-1, "ends_at"), (24 * 7 + 1, "ends_at")])
def test_a_grant_in_the_past_or_longer_than_a_week_is_refused_and_nothing_is_written(
    facility_head, monitor, facility, hours, field
):
    with pytest.raises(ValidationError) as error:
        grant(facility_head, monitor, facility, hours=hours)
    assert field in error.value.error_dict
    assert not NamedAccessGrant.objects.exists()


def test_a_grant_needs_a_reason(facility_head, monitor, facility):
    with pytest.raises(ValidationError):
        grant(facility_head, monitor, facility, reason="  ")
    assert not NamedAccessGrant.objects.exists()


def test_only_a_monitor_of_the_facilitys_region_can_be_granted(facility_head, facility, prosecutor, far_facility):
    far_monitor = UserFactory(role=Role.MONITOR, regions=[far_facility.region])
    for who in (prosecutor, far_monitor):
        with pytest.raises(ValidationError):
            grant(facility_head, who, facility)


def test_a_head_cannot_grant_at_another_facility_and_a_duty_officer_cannot_grant_at_all(
    facility_head, duty_officer, monitor, facility, other_facility
):
    with pytest.raises(PermissionDenied):
        grant(facility_head, monitor, other_facility)
    with pytest.raises(PermissionDenied):
        grant(duty_officer, monitor, facility)
    assert not NamedAccessGrant.objects.exists()


def test_an_administrator_grants_at_any_facility(administrator, monitor, facility):
    assert grant(administrator, monitor, facility).granted_by == administrator


def test_the_grants_page_grants_and_revokes(client, facility_head, monitor, facility):
    client.force_login(facility_head)
    until = timezone.localtime(timezone.now() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("oversight:grants"),
        {"monitor": monitor.pk, "facility": facility.pk, "ends_at": until, "reason": "Візит", **once()},
    )
    assert response.status_code == 302
    given = NamedAccessGrant.objects.get()
    assert client.post(reverse("oversight:grant-revoke", args=[given.pk])).status_code == 302
    given.refresh_from_db()
    assert given.revoked_at is not None


def test_a_monitor_sees_their_own_grants_but_cannot_grant(client, facility_head, monitor, facility):
    grant(facility_head, monitor, facility)
    client.force_login(monitor)
    response = client.get(reverse("oversight:grants"))
    assert response.status_code == 200 and response.context["form"] is None
    assert len(response.context["page"]) == 1
    assert client.post(reverse("oversight:grants"), {"monitor": monitor.pk}).status_code == 403
    assert client.post(reverse("oversight:grant-revoke", args=[NamedAccessGrant.objects.get().pk])).status_code == 403
    assert NamedAccessGrant.objects.get().revoked_at is None
