"""Intake interviews are timeline entries; injuries reported in private become a medical request."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from custody.submits.tests.tokens import once
from detainees import services
from detainees.models import EntryKind

INTERVIEW = {
    "in_private": True,
    "language": "українська",
    "injuries_reported": True,
    "injuries_description": "Синець на лівому плечі, каже — вдарили під час затримання",
    "treatment_complaints": "Били під час затримання",
    "request_medical": False,
}


def test_an_interview_reporting_injuries_requests_a_medical_examination(booked, inspector):
    interview = services.add_entry(
        record=booked,
        actor=inspector,
        kind=EntryKind.INTERVIEW_DETAINEE,
        occurred_at=timezone.now() - timedelta(minutes=5),
        details=INTERVIEW,
    )
    request = booked.entries.get(kind=EntryKind.MEDICAL_REQUEST)
    assert (request.related, request.author, request.occurred_at) == (interview, inspector, interview.occurred_at)
    assert "Синець" in request.details["reason"]


def test_an_interview_without_injuries_complaints_or_requests_requests_nothing(booked, inspector):
    services.add_entry(
        record=booked,
        actor=inspector,
        kind=EntryKind.INTERVIEW_DETAINEE,
        occurred_at=timezone.now(),
        details={**INTERVIEW, "injuries_reported": False, "injuries_description": "", "treatment_complaints": ""},
    )
    assert not booked.entries.filter(kind=EntryKind.MEDICAL_REQUEST).exists()


def test_a_complaint_of_ill_treatment_alone_requests_an_examination(booked, inspector):
    services.add_entry(
        record=booked,
        actor=inspector,
        kind=EntryKind.INTERVIEW_DETAINEE,
        occurred_at=timezone.now(),
        details={**INTERVIEW, "injuries_reported": False, "injuries_description": ""},
    )
    assert booked.entries.get(kind=EntryKind.MEDICAL_REQUEST).details["reason"] == "Били під час затримання"


def test_the_page_refuses_an_interview_not_held_in_private(client, booked, inspector):
    client.force_login(inspector)
    response = client.post(
        reverse("detainees:entry-create", args=[booked.pk, "interview_detainee"]),
        {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "language": "українська", **once()},
    )
    assert response.status_code == 200
    assert not booked.entries.filter(kind=EntryKind.INTERVIEW_DETAINEE).exists()


def test_the_officer_interview_needs_the_force_described_when_force_was_used(client, booked, inspector):
    client.force_login(inspector)
    url = reverse("detainees:entry-create", args=[booked.pk, "interview_officer"])
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "officer": "лейт. Ткаченко",
        "circumstances": "Затримано на місці",
        "force_used": "on",
        **once(),
    }
    assert "Describe the force used" in client.post(url, data).content.decode()
    assert client.post(url, {**data, "force_description": "кайданки, 10 хв, опір"}).status_code == 302


def test_only_inspectors_hold_interviews(booked, duty_officer):
    with pytest.raises(PermissionDenied):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.INTERVIEW_DETAINEE,
            occurred_at=timezone.now(),
            details=INTERVIEW,
        )


def test_the_queue_lists_records_awaiting_interviews_until_both_are_held(client, booked, inspector):
    client.force_login(inspector)
    assert booked.number in client.get(reverse("inspections:queue")).content.decode()
    services.add_entry(
        record=booked,
        actor=inspector,
        kind=EntryKind.INTERVIEW_DETAINEE,
        occurred_at=timezone.now(),
        details={**INTERVIEW, "injuries_reported": False, "treatment_complaints": ""},
    )
    services.add_entry(
        record=booked,
        actor=inspector,
        kind=EntryKind.INTERVIEW_OFFICER,
        occurred_at=timezone.now(),
        details={"officer": "Ткаченко", "circumstances": "x"},
    )
    page = client.get(reverse("inspections:queue")).content.decode()
    assert f"/records/{booked.pk}/entries/interview_detainee/" not in page
