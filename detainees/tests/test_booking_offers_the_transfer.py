"""Booking in someone already in a custody offers to continue it rather than restart the legal clock."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from custody.submits.tests.tokens import once
from detainees import services
from detainees.models import CustodyRecord, ReleaseOutcome
from detainees.tests.conftest import person_data, record_data

from .transfers import ARRIVED, DEPARTED

pytestmark = pytest.mark.django_db


def booking_form(facility, **extra):
    local = lambda moment: timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    data = {f"person-{k}": v for k, v in person_data().items()}
    data["person-date_of_birth"] = "1990-05-17"
    data["person-interpreter_needed"] = ""
    record = record_data(facility, detained_at=ARRIVED - timedelta(hours=1), arrived_at=ARRIVED)
    for name, value in record.items():
        if name in ("has_disability", "has_mental_health_condition", "is_intoxicated", "is_pregnant"):
            continue
        data[f"record-{name}"] = (
            local(value) if hasattr(value, "tzinfo") else (value.pk if name == "facility" else value)
        )
    return {**data, **extra, **once()}


def test_a_person_on_the_way_here_is_not_booked_in_the_form_offers_the_transfer(
    client, sent, clock, receiving_officer, other_facility
):
    clock.move_to(ARRIVED + timedelta(minutes=5))
    client.force_login(receiving_officer)
    before = CustodyRecord.objects.count()
    page = client.post(reverse("detainees:record-create"), booking_form(other_facility))
    assert page.status_code == 200
    assert page.context["offered_transfer"].pk == sent.pk
    assert reverse("detainees:transfer-accept", args=[sent.pk]) in page.content.decode()
    assert CustodyRecord.objects.count() == before


def test_booking_in_a_person_on_the_way_here_is_refused_by_the_service(sent, clock, receiving_officer, other_facility):
    clock.move_to(ARRIVED + timedelta(minutes=5))
    with pytest.raises(ValidationError, match="accept the transfer"):
        services.book_in(
            actor=receiving_officer,
            person_data=person_data(),
            record_data=record_data(other_facility, detained_at=ARRIVED - timedelta(hours=1), arrived_at=ARRIVED),
        )


def _released_at_itt_1(clock, duty_officer, facility):
    from .transfers import BOOKED

    record = services.book_in(
        actor=duty_officer,
        person_data=person_data(),
        record_data=record_data(facility, detained_at=BOOKED - timedelta(hours=1), arrived_at=BOOKED),
    )
    clock.move_to(DEPARTED)
    services.release(
        record=record,
        actor=duty_officer,
        occurred_at=DEPARTED - timedelta(minutes=5),
        details={
            "outcome": ReleaseOutcome.RELEASED,
            "destination": "freedom",
            "legal_ground": "постанова слідчого",
            "property": "all_returned",
            "condition": "задовільний",
        },
    )
    return record


def test_a_person_who_left_another_facility_lately_needs_an_explicit_new_detention(
    client, clock, duty_officer, facility, receiving_officer, other_facility
):
    earlier = _released_at_itt_1(clock, duty_officer, facility)
    clock.move_to(ARRIVED + timedelta(minutes=5))
    client.force_login(receiving_officer)
    page = client.post(reverse("detainees:record-create"), booking_form(other_facility))
    assert page.status_code == 200
    assert page.context["earlier"] == earlier
    assert page.context["record_form"].errors["new_detention"] == [
        "Confirm that this is a new detention, or accept the transfer from the other facility."
    ]
    assert str(facility) in page.content.decode()
    assert CustodyRecord.objects.count() == 1
    confirmed = client.post(
        reverse("detainees:record-create"), booking_form(other_facility, **{"record-new_detention": "on"})
    )
    assert confirmed.status_code == 302
    assert CustodyRecord.objects.count() == 2


def test_the_confirmation_is_asked_in_the_users_language(
    client, clock, duty_officer, facility, receiving_officer, other_facility
):
    _released_at_itt_1(clock, duty_officer, facility)
    clock.move_to(ARRIVED + timedelta(minutes=5))
    client.force_login(receiving_officer)
    page = client.post(reverse("detainees:record-create"), booking_form(other_facility), HTTP_ACCEPT_LANGUAGE="uk")
    assert "Підтвердьте" in " ".join(page.context["record_form"].errors["new_detention"])
