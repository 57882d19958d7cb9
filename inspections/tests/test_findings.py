"""Findings: open → referred to the prosecutor → answered → closed; every step an event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from custody.facilities.tests.factories import RegionFactory
from custody.submits.tests.tokens import once
from inspections import services
from inspections.models import EventKind, FindingStatus


@pytest.fixture
def finding(booked, inspector, facility):
    return services.record_finding(
        actor=inspector,
        facility=facility,
        record=booked,
        severity="high",
        description="Центр БПД повідомлено через 3 години",
    )


def test_a_finding_goes_from_referral_to_answer_to_closure_with_an_event_per_step(finding, inspector, prosecutor):
    services.refer_finding(finding=finding, actor=inspector, note="Прошу перевірити")
    services.answer_finding(finding=finding, actor=prosecutor, text="Внесено подання начальнику ВП")
    services.close_finding(finding=finding, actor=inspector, resolution="Черговим проведено інструктаж")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    assert [(e.kind, e.actor, e.new_status) for e in finding.events.all()] == [
        (EventKind.CREATED, inspector, FindingStatus.OPEN),
        (EventKind.REFERRED, inspector, FindingStatus.REFERRED),
        (EventKind.ANSWERED, prosecutor, FindingStatus.ANSWERED),
        (EventKind.CLOSED, inspector, FindingStatus.CLOSED),
    ]


def test_referring_twice_is_refused_and_writes_nothing(finding, inspector):
    services.refer_finding(finding=finding, actor=inspector, note="1")
    with pytest.raises(ValidationError, match="cannot be referred"):
        services.refer_finding(finding=finding, actor=inspector, note="2")
    assert finding.events.count() == 2


def test_closing_without_a_resolution_is_refused(finding, inspector):
    with pytest.raises(ValidationError, match="written text"):
        services.close_finding(finding=finding, actor=inspector, resolution="  ")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_the_facility_head_records_remedial_action_without_changing_the_status(finding, facility_head):
    services.record_remedy(finding=finding, actor=facility_head, text="Оновлено інструкцію чергового")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    assert finding.events.last().kind == EventKind.REMEDY


def test_the_prosecutor_of_the_region_sees_the_referral_and_another_region_does_not(
    client, finding, inspector, prosecutor
):
    services.refer_finding(finding=finding, actor=inspector, note="Прошу перевірити")
    client.force_login(prosecutor)
    page = client.get(reverse("inspections:findings"), {"status": "referred"}).content.decode()
    assert f"#{finding.pk}" in page
    assert "Record the answer" in client.get(finding.get_absolute_url()).content.decode()
    stranger = UserFactory(role=Role.PROSECUTOR, regions=[RegionFactory()])
    client.force_login(stranger)
    assert client.get(finding.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.answer_finding(finding=finding, actor=stranger, text="x")


def test_a_prosecutor_cannot_refer_or_close(finding, prosecutor):
    with pytest.raises(PermissionDenied):
        services.refer_finding(finding=finding, actor=prosecutor, note="x")
    with pytest.raises(PermissionDenied):
        services.close_finding(finding=finding, actor=prosecutor, resolution="x")


def test_a_finding_cannot_link_a_record_of_another_facility(booked, inspector, other_facility):
    with pytest.raises((ValidationError, PermissionDenied)):
        services.record_finding(
            actor=inspector, facility=other_facility, record=booked, severity="low", description="x"
        )


def test_the_finding_page_refers_through_a_post(client, finding, inspector):
    client.force_login(inspector)
    url = reverse("inspections:finding-action", args=[finding.pk, "refer"])
    assert client.get(url).status_code == 405
    assert client.post(url, {"text": "Прошу перевірити", **once()}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REFERRED
