"""Accepting a transfer continues the custody at the receiving facility: the clock is not restarted."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from detainees import services
from detainees.models import EntryKind, Status, Transfer, TransferStatus
from detainees.tests.conftest import person_data, record_data

from .transfers import ARRIVED, BAG, DEPARTED, T0, counts

pytestmark = pytest.mark.django_db


def test_the_new_record_keeps_the_moment_of_actual_detention_to_the_minute(accepted, sent):
    sender = sent.from_record
    assert accepted.detained_at == sender.detained_at == T0
    assert accepted.arrived_at == ARRIVED
    for name in services.CARRIED_OVER:
        assert getattr(accepted, name) == getattr(sender, name), name
    assert (accepted.transferred_from, accepted.custody_root) == (sender, sender)
    assert accepted.status == Status.IN_CUSTODY
    assert accepted.number.startswith(accepted.facility.code)


def test_acceptance_writes_the_handover_on_the_intake_entry_and_marks_the_transfer_accepted(
    accepted, sent, receiving_officer, other_facility
):
    intake = accepted.entries.get()
    assert intake.kind == EntryKind.INTAKE
    assert intake.author == receiving_officer
    assert intake.occurred_at == ARRIVED
    assert intake.details["from_facility"] == str(sent.from_record.facility)
    assert intake.details["from_record"] == sent.from_record.number
    assert intake.details["bags_sent"] == f"{BAG}: телефон × 1, ремінь × 1"  # the property it holds
    assert intake.details["bags_arrived"] == BAG
    assert intake.details["condition"] == "задовільний"
    sent.refresh_from_db()
    assert (sent.status, sent.accepted_record, sent.accepted_at, sent.received_by) == (
        TransferStatus.ACCEPTED,
        accepted,
        ARRIVED,
        receiving_officer,
    )
    assert accepted.facility == other_facility
    assert LogEntry.objects.filter(object_pk=str(sent.pk), content_type__model="transfer").count() == 2


def _refused(transfer, actor, **kwargs):
    arguments = {"arrived_at": ARRIVED, "condition": "задовільний", "bags_checked": [BAG], **kwargs}
    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.accept_transfer(transfer=transfer, actor=actor, **arguments)
    assert counts() == before
    transfer.refresh_from_db()
    return refused.value


def test_an_arrival_before_the_departure_is_refused_and_nothing_is_written(sent, clock, receiving_officer):
    clock.move_to(ARRIVED)
    error = _refused(sent, receiving_officer, arrived_at=DEPARTED - timedelta(minutes=1))
    assert "arrived_at" in error.message_dict
    assert sent.status == TransferStatus.PENDING


def test_accepting_twice_is_refused_and_nothing_is_written(accepted, sent, receiving_officer):
    error = _refused(sent, receiving_officer)
    assert error.messages == ["This transfer was already accepted."]


def test_accepting_at_another_facility_than_the_destination_is_refused(sent, clock, receiving_officer, facility):
    clock.move_to(ARRIVED + timedelta(minutes=1))
    _refused(sent, receiving_officer, facility=facility)
    assert sent.status == TransferStatus.PENDING


def test_a_person_already_in_custody_elsewhere_is_refused(sent, clock, receiving_officer, far_facility):
    clock.move_to(ARRIVED + timedelta(minutes=1))
    from custody.accounts.roles import Role
    from custody.accounts.tests.factories import UserFactory

    far_officer = UserFactory(role=Role.DUTY_OFFICER, facilities=[far_facility])
    services.book_in(actor=far_officer, person_data=person_data(), record_data=record_data(far_facility))
    error = _refused(sent, receiving_officer)
    assert "already in custody" in error.messages[0]


def test_a_bag_missing_without_a_note_is_refused_and_with_one_is_recorded(sent, clock, receiving_officer):
    clock.move_to(ARRIVED + timedelta(minutes=1))
    error = _refused(sent, receiving_officer, bags_checked=[])
    assert "bags_note" in error.message_dict
    record = services.accept_transfer(
        transfer=sent,
        actor=receiving_officer,
        arrived_at=ARRIVED,
        condition="задовільний",
        bags_checked=[],
        bags_note="пломбу пакета пошкоджено",
    )
    intake = record.entries.get()
    assert (intake.details["bags_arrived"], intake.details["bags_note"]) == ("", "пломбу пакета пошкоджено")


def test_the_accept_page_opens_the_new_record_which_names_where_it_came_from(client, sent, clock, receiving_officer):
    from django.utils import timezone

    from custody.submits.tests.tokens import once

    clock.move_to(ARRIVED + timedelta(minutes=1))
    client.force_login(receiving_officer)
    url = reverse("detainees:transfer-accept", args=[sent.pk])
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "arrived_at": timezone.localtime(ARRIVED).strftime("%Y-%m-%dT%H:%M"),
            "condition": "задовільний",
            "bags_checked": [BAG],
            **once(),
        },
    )
    record = Transfer.objects.get(pk=sent.pk).accepted_record
    assert answer.status_code == 302 and answer.url == record.get_absolute_url()
    page = client.get(record.get_absolute_url())
    # The sending record is outside this desk's scope: named, not linked.
    assert f"record {sent.from_record.number}" in page.content.decode()
    assert not page.context["transferred_from_visible"]
