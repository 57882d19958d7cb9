"""Check and meal rounds for a whole facility: one form, all or nothing."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from custody.submits.tests.tokens import once
from detainees import services
from detainees.models import EntryKind, TimelineEntry

from .conftest import person_data, record_data

NOW = timezone.datetime(2026, 11, 27, 13, 0, tzinfo=timezone.get_fixed_timezone(120))


def book(actor, facility, n):
    return services.book_in(
        actor=actor,
        person_data=person_data(surname=f"Ткачук{'а' * n}", document_number=f"КМ{n:06d}"),
        record_data=record_data(facility, detained_at=NOW - timedelta(hours=3), arrived_at=NOW - timedelta(hours=2)),
    )


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@time_machine.travel(NOW, tick=False)
def test_a_check_round_records_a_check_for_each_chosen_person_at_the_round_time(client, duty_officer, facility):
    first, second, skipped = (book(duty_officer, facility, n) for n in (1, 2, 3))
    client.force_login(duty_officer)
    round_at = NOW - timedelta(minutes=7)
    response = client.post(
        reverse("detainees:round", args=["checks"]),
        {
            "facility": facility.pk,
            "occurred_at": local(round_at),
            **once(),
            f"choice_{first.pk}": "awake",
            f"choice_{second.pk}": "asleep",
            f"note_{second.pk}": "хропе",
            f"choice_{skipped.pk}": "",
        },
    )
    assert response.status_code == 302
    checks = TimelineEntry.objects.filter(kind=EntryKind.CHECK).order_by("record_id")
    assert [(c.record_id, c.details["state"], c.occurred_at, c.author) for c in checks] == [
        (first.pk, "awake", round_at, duty_officer),
        (second.pk, "asleep", round_at, duty_officer),
    ]
    assert checks[1].details["condition"] == "attention"


@time_machine.travel(NOW, tick=False)
def test_a_check_round_dated_in_the_future_saves_nothing(client, duty_officer, facility):
    record = book(duty_officer, facility, 1)
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:round", args=["checks"]),
        {
            "facility": facility.pk,
            "occurred_at": local(NOW + timedelta(minutes=30)),
            f"choice_{record.pk}": "awake",
            **once(),
        },
    )
    assert response.status_code == 200
    assert "future" in response.content.decode()
    assert not TimelineEntry.objects.filter(kind=EntryKind.CHECK).exists()


@time_machine.travel(NOW, tick=False)
def test_a_meal_round_serves_everyone_with_exceptions(client, duty_officer, facility):
    ate, refused, away = (book(duty_officer, facility, n) for n in (1, 2, 3))
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:round", args=["meals"]),
        {
            "facility": facility.pk,
            "occurred_at": local(NOW),
            "meal": "lunch",
            **once(),
            f"choice_{ate.pk}": "eaten",
            f"choice_{refused.pk}": "refused",
            f"choice_{away.pk}": "absent",
        },
    )
    assert response.status_code == 302
    outcomes = dict(TimelineEntry.objects.filter(kind=EntryKind.MEAL).values_list("record_id", "details__outcome"))
    assert outcomes == {ate.pk: "eaten", refused.pk: "refused", away.pk: "absent"}


@time_machine.travel(NOW, tick=False)
def test_a_meal_round_including_someone_released_meanwhile_saves_nothing(client, duty_officer, facility):
    staying, leaving = book(duty_officer, facility, 1), book(duty_officer, facility, 2)
    client.force_login(duty_officer)
    page = client.get(reverse("detainees:round", args=["meals"]), {"facility": facility.pk})
    assert f"choice_{leaving.pk}" in page.content.decode()
    services.release(
        record=leaving, actor=duty_officer, occurred_at=NOW - timedelta(minutes=1), details={"outcome": "released"}
    )
    response = client.post(
        reverse("detainees:round", args=["meals"]),
        {
            "facility": facility.pk,
            "occurred_at": local(NOW),
            "meal": "lunch",
            "shown": [staying.pk, leaving.pk],
            **once(),
            f"choice_{staying.pk}": "eaten",
            f"choice_{leaving.pk}": "eaten",
        },
    )
    assert response.status_code == 200
    assert f"{leaving.number} is no longer in custody here" in response.content.decode()
    assert not TimelineEntry.objects.filter(kind=EntryKind.MEAL).exists()


@time_machine.travel(NOW, tick=False)
def test_the_round_service_refuses_a_released_record_and_writes_nothing(duty_officer, facility):
    import pytest
    from django.core.exceptions import ValidationError

    staying, leaving = book(duty_officer, facility, 1), book(duty_officer, facility, 2)
    services.release(
        record=leaving, actor=duty_officer, occurred_at=NOW - timedelta(minutes=1), details={"outcome": "released"}
    )
    with pytest.raises(ValidationError, match=leaving.number):
        services.record_round(
            actor=duty_officer,
            facility=facility,
            kind=EntryKind.MEAL,
            occurred_at=NOW,
            rows=[(staying, {"meal": "lunch", "outcome": "eaten"}), (leaving, {"meal": "lunch", "outcome": "eaten"})],
        )
    assert not TimelineEntry.objects.filter(kind=EntryKind.MEAL).exists()


def test_read_only_roles_cannot_open_a_round(client, prosecutor):
    client.force_login(prosecutor)
    assert client.get(reverse("detainees:round", args=["checks"])).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_a_round_listing_someone_from_another_facility_reveals_nothing_of_them(
    client, duty_officer, facility, far_facility
):
    from custody.accounts.roles import Role
    from custody.accounts.tests.factories import UserFactory

    here = book(duty_officer, facility, 1)
    elsewhere = book(UserFactory(role=Role.DUTY_OFFICER, facilities=[far_facility]), far_facility, 2)
    client.force_login(duty_officer)
    response = client.post(
        reverse("detainees:round", args=["meals"]),
        {
            "facility": facility.pk,
            "occurred_at": local(NOW),
            "meal": "lunch",
            "shown": [here.pk, elsewhere.pk],
            **once(),
            f"choice_{here.pk}": "eaten",
        },
    )
    assert elsewhere.number not in response.content.decode()
    assert TimelineEntry.objects.filter(kind=EntryKind.MEAL, record=here).count() == 1
