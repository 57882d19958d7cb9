"""The printable record: the full timeline with corrections and seals, logged as a print."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from detainees import services
from detainees.models import EntryKind
from integrity.models import Leaf, Source
from oversight.models import AccessEvent, AccessKind
from oversight.readlog.identity import pseudonym

SURNAME = "Ком'яков"
CHECK = {"state": "awake", "condition": "normal", "note": ""}


def print_url(record):
    return reverse("detainees:record-print", args=[record.pk])


def add_checks(record, actor, count, start=50):
    return [
        services.add_entry(
            record=record,
            actor=actor,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now() - timedelta(minutes=start - n),
            details=CHECK,
        )
        for n in range(count)
    ]


def seal_label(entry):
    leaf = Leaf.objects.get(source=Source.TIMELINE, object_id=entry.pk)
    return f"leaf {leaf.index} · {leaf.hash[:12]}"


@pytest.fixture
def corrected(booked, duty_officer):
    check = add_checks(booked, duty_officer, 1)[0]
    correction = services.correct_entry(
        entry=check,
        actor=duty_officer,
        occurred_at=check.occurred_at,
        details={**CHECK, "state": "asleep"},
        reason="Wrong state ticked",
    )
    return check, correction


def test_the_print_shows_every_entry_and_correction_with_its_seal(client, booked, duty_officer, corrected):
    client.force_login(duty_officer)
    page = client.get(print_url(booked)).content.decode()
    entries = list(booked.entries.all())
    assert len(entries) >= 3  # intake, the check, its correction
    for entry in entries:
        assert seal_label(entry) in page
    assert "Wrong state ticked" in page
    assert "Corrected by" in page and "is-corrected" in page
    assert booked.number in page and escape(SURNAME) in page
    assert "Printed from Custody Records on" in page
    assert "data-print" in page and "onclick" not in page


def test_printing_is_logged_as_a_print(client, booked, duty_officer):
    client.force_login(duty_officer)
    client.get(print_url(booked))
    assert AccessEvent.objects.filter(kind=AccessKind.PRINT, record=booked, user=duty_officer).count() == 1


def test_a_monitors_print_has_the_pseudonym_and_not_the_name(client, booked, monitor, corrected):
    client.force_login(monitor)
    page = client.get(print_url(booked)).content.decode()
    assert pseudonym(booked.person_id) in page
    assert SURNAME not in page and escape(SURNAME) not in page
    assert "АН123456" not in page and "17.05.1990" not in page
    assert "Wrong state ticked" not in page  # free text is withheld from pseudonymised views


def test_a_record_outside_the_scope_cannot_be_printed(client, booked, other_officer):
    client.force_login(other_officer)
    assert client.get(print_url(booked)).status_code == 404
    assert not AccessEvent.objects.filter(kind=AccessKind.PRINT).exists()


def test_the_record_page_links_to_the_printable_version(client, booked, duty_officer):
    client.force_login(duty_officer)
    assert print_url(booked) in client.get(booked.get_absolute_url()).content.decode()


def test_the_print_costs_the_same_for_3_and_30_entries(client, booked, duty_officer, corrected):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(print_url(booked)).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(duty_officer)
    few = count()
    assert booked.entries.count() == 3
    add_checks(booked, duty_officer, 27, start=45)
    assert booked.entries.count() == 30
    assert count() == few
