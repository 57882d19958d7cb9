"""A transfer to another facility of the system closes the record and makes the detainee expected there."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind, Status, TransferStatus

from .transfers import BAG, DEPARTED, TRANSFER_DETAILS, counts

pytestmark = pytest.mark.django_db


def test_a_transfer_out_closes_the_record_and_writes_a_pending_transfer_with_the_bags(
    sent, duty_officer, other_facility
):
    record = sent.from_record
    record.refresh_from_db()
    assert record.status == Status.TRANSFERRED
    assert record.closed_at == DEPARTED
    assert (sent.status, sent.to_facility, sent.departed_at, sent.sent_by) == (
        TransferStatus.PENDING,
        other_facility,
        DEPARTED,
        duty_officer,
    )
    assert sent.bags == [{"bag_number": BAG, "items": ["телефон × 1", "ремінь × 1"]}]
    release = record.entries.get(kind=EntryKind.RELEASE)
    assert release.author == duty_officer
    assert release.details["destination"] == "other_facility"
    assert release.details["destination_detail"] == str(other_facility)
    assert release.details["property"] == "handed_over"
    assert release.details["bags_sent"] == BAG


def test_a_bag_no_search_sealed_is_refused_and_nothing_is_written(clock, booked, duty_officer, other_facility):
    clock.move_to(booked.arrived_at + timedelta(minutes=10))
    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.transfer_out(
            record=booked,
            actor=duty_officer,
            occurred_at=booked.arrived_at + timedelta(minutes=5),
            to_facility=other_facility,
            details=TRANSFER_DETAILS,
            bags=["ЧУЖИЙ-1"],
        )
    assert "bags_sent" in refused.value.message_dict
    assert counts() == before
    booked.refresh_from_db()
    assert booked.status == Status.IN_CUSTODY


def test_a_transfer_to_the_same_facility_is_refused_and_nothing_is_written(clock, booked, duty_officer, facility):
    clock.move_to(booked.arrived_at + timedelta(minutes=10))
    before = counts()
    with pytest.raises(ValidationError):
        services.transfer_out(
            record=booked,
            actor=duty_officer,
            occurred_at=booked.arrived_at + timedelta(minutes=5),
            to_facility=facility,
            details=TRANSFER_DETAILS,
        )
    assert counts() == before


def test_the_release_page_offers_every_other_facility_and_prefills_the_sealed_bags(
    client, clock, booked, duty_officer, facility, other_facility, far_facility
):
    clock.move_to(booked.arrived_at + timedelta(minutes=30))
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.SEARCH,
        occurred_at=booked.arrived_at + timedelta(minutes=10),
        details={
            "searched_by": "Коваль",
            "searcher_sex": "M",
            "detainee_signed": True,
            "items": [{"description": "телефон", "quantity": 1, "bag_number": "ПК-7"}],
        },
    )
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:record-release", args=[booked.pk]))
    form = page.context["form"]
    # Any facility of the system, in the sender's scope or not (far_facility is another region's).
    assert set(form.fields["to_facility"].queryset) == {other_facility, far_facility}
    assert form["bags_sent"].value() == "ПК-7"


def test_the_release_page_sends_the_detainee_to_the_chosen_facility(
    client, clock, booked, duty_officer, other_facility
):
    from custody.submits.tests.tokens import once

    clock.move_to(booked.arrived_at + timedelta(minutes=30))
    client.force_login(duty_officer)
    answer = client.post(
        reverse("detainees:record-release", args=[booked.pk]),
        {
            "occurred_at": timezone.localtime(booked.arrived_at + timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
            "outcome": "transferred",
            "destination": "other_facility",
            "to_facility": other_facility.pk,
            "legal_ground": "доручення слідчого",
            "property": "handed_over",
            "condition": "задовільний",
            **once(),
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors
    booked.refresh_from_db()
    assert booked.transfer.to_facility == other_facility
    assert booked.transfer.status == TransferStatus.PENDING
