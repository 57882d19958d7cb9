"""Scope stays per facility: a pending transfer's accept page exists only for the destination's staff."""

import pytest
from django.urls import reverse

from detainees.models import TransferStatus

pytestmark = pytest.mark.django_db


def test_the_accept_page_answers_404_to_a_user_without_scope_over_the_destination(client, sent, duty_officer):
    client.force_login(duty_officer)  # the sender: ITT 1 only
    url = reverse("detainees:transfer-accept", args=[sent.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"condition": "x"}).status_code == 404
    sent.refresh_from_db()
    assert sent.status == TransferStatus.PENDING


def test_the_receiving_desk_may_not_open_the_sending_record(client, sent, receiving_officer):
    client.force_login(receiving_officer)
    assert client.get(sent.from_record.get_absolute_url()).status_code == 404


def test_an_inspector_at_the_destination_sees_the_arrival_but_may_not_accept_it(client, sent, other_facility):
    from custody.accounts.roles import Role
    from custody.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.INSPECTOR, facilities=[other_facility]))
    board = client.get(reverse("detainees:board"))
    assert [t.pk for t in board.context["arrivals"]] == [sent.pk]
    assert reverse("detainees:transfer-accept", args=[sent.pk]) not in board.content.decode()
    assert client.get(reverse("detainees:transfer-accept", args=[sent.pk])).status_code == 403
