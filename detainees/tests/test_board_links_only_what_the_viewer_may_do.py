"""An alert on the board opens the entry form only for someone who may record it; otherwise it names who must."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from detainees import services

from .conftest import person_data, record_data

NOW = timezone.datetime(2026, 11, 27, 12, 0, tzinfo=timezone.get_fixed_timezone(120))


def booked_hours_ago(actor, facility, hours):
    return services.book_in(
        actor=actor,
        person_data=person_data(),
        record_data=record_data(
            facility, detained_at=NOW - timedelta(hours=hours), arrived_at=NOW - timedelta(hours=hours)
        ),
    )


@time_machine.travel(NOW, tick=False)
def test_the_duty_officer_is_told_a_medic_records_the_examination_instead_of_a_link(client, duty_officer, facility):
    record = booked_hours_ago(duty_officer, facility, 5)
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:board")).content.decode()
    assert f"/records/{record.pk}/entries/medical_exam/" not in page
    assert "a medic records this" in page
    assert f"/records/{record.pk}/entries/notification/" in page  # what the desk does stays a link


@time_machine.travel(NOW, tick=False)
def test_the_medic_gets_the_link_to_the_examination(client, duty_officer, medic, facility):
    record = booked_hours_ago(duty_officer, facility, 5)
    client.force_login(medic)
    page = client.get(reverse("detainees:board")).content.decode()
    assert f"/records/{record.pk}/entries/medical_exam/" in page
    assert f"/records/{record.pk}/entries/notification/" not in page
