"""A detainee sent to another facility must arrive in time: until accepted, the sender owes it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from custody.norms.models import Norm
from detainees import obligations, services
from detainees.obligations import ObligationStatus

from .transfers import ARRIVED, BAG, DEPARTED

pytestmark = pytest.mark.django_db


def norms():
    return list(Norm.objects.all())


def arrival_norm_hours():
    return float(Norm.objects.get(key="transfer-arrival").value)


def test_the_arrival_is_due_the_norms_hours_after_the_departure(sent):
    owed = obligations.transit(sent, norms(), DEPARTED + timedelta(hours=1))
    assert owed.key == "transfer-arrival"
    assert owed.status == ObligationStatus.DUE
    assert owed.due_at == DEPARTED + timedelta(hours=arrival_norm_hours())


def test_an_arrival_not_accepted_in_time_is_overdue(sent):
    late = DEPARTED + timedelta(hours=arrival_norm_hours(), minutes=1)
    assert obligations.transit(sent, norms(), late).status == ObligationStatus.OVERDUE


def test_the_sending_board_shows_the_detainee_in_transit_overdue_until_accepted(
    client, sent, clock, duty_officer, receiving_officer
):
    clock.move_to(DEPARTED + timedelta(hours=arrival_norm_hours(), minutes=20))
    client.force_login(duty_officer)
    board = client.get(reverse("detainees:board"))
    (transit,) = board.context["in_transit"]
    assert transit.pk == sent.pk and transit.obligation.status == ObligationStatus.OVERDUE
    assert "20\N{NO-BREAK SPACE}min overdue" in board.content.decode()
    services.accept_transfer(
        transfer=sent, actor=receiving_officer, arrived_at=ARRIVED, condition="задовільний", bags_checked=[BAG]
    )
    assert client.get(reverse("detainees:board")).context["in_transit"] == []


def test_the_receiving_board_expects_the_arrival_with_an_accept_button(client, sent, clock, receiving_officer):
    clock.move_to(DEPARTED + timedelta(hours=1))
    client.force_login(receiving_officer)
    board = client.get(reverse("detainees:board"))
    assert [t.pk for t in board.context["arrivals"]] == [sent.pk]
    page = board.content.decode()
    assert "Expected arrivals" in page
    assert reverse("detainees:transfer-accept", args=[sent.pk]) in page
    assert escape(sent.from_record.person.surname) in page


def test_the_sending_record_page_says_the_arrival_is_overdue(client, sent, clock, duty_officer):
    clock.move_to(DEPARTED + timedelta(hours=arrival_norm_hours(), minutes=5))
    client.force_login(duty_officer)
    page = client.get(sent.from_record.get_absolute_url())
    assert page.context["transfer_out"].obligation.status == ObligationStatus.OVERDUE
    assert "5\N{NO-BREAK SPACE}min overdue" in page.content.decode()


def test_the_boards_refresh_brings_an_arrival_announced_after_the_page_was_opened(
    client, sent, clock, receiving_officer
):
    clock.move_to(DEPARTED + timedelta(hours=1))
    client.force_login(receiving_officer)
    refresh = client.get(reverse("detainees:board"), HTTP_HX_REQUEST="true").content.decode()
    assert '<div id="board-transfers" hx-swap-oob="true">' in refresh
    assert reverse("detainees:transfer-accept", args=[sent.pk]) in refresh
    assert "<html" not in refresh
