"""The print carries the change history for those who may read it: the same rows as the history page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from detainees import history, services
from detainees.models import EntryKind
from oversight.models import AccessEvent, AccessKind

CHECK = {"state": "awake", "condition": "normal", "note": ""}


@pytest.fixture
def corrected(booked, duty_officer):
    check = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.CHECK,
        occurred_at=timezone.now() - timedelta(minutes=30),
        details=CHECK,
    )
    services.correct_entry(
        entry=check,
        actor=duty_officer,
        occurred_at=check.occurred_at,
        details={**CHECK, "state": "asleep"},
        reason="Wrong state ticked",
    )
    return booked


def print_of(client, record, language="en"):
    url = reverse("detainees:record-print", args=[record.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def history_section(page):
    start = page.index('aria-labelledby="p-history"')
    return page[start : page.index("</section>", start)]


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_print_has_the_change_history_for_a_prosecutor(client, corrected, prosecutor, duty_officer):
    client.force_login(prosecutor)
    section = text(history_section(print_of(client, corrected)))
    assert "Change history" in section and "Europe/Kyiv" in section
    assert f"{duty_officer.get_full_name()} Duty officer" in section
    assert "Wrong state ticked" in section and "asleep, breathing normally" in section
    for raw in ("occurred_at", "correction_reason", "None", "\\u"):
        assert raw not in section, raw


def test_the_print_and_the_history_page_show_the_same_rows(client, corrected, prosecutor):
    client.force_login(prosecutor)
    page = client.get(reverse("detainees:record-history", args=[corrected.pk])).content.decode()
    on_page = re.findall(r'<time datetime="([^"]+)"', page[page.index("<tbody>") :])
    in_print = re.findall(r'<time datetime="([^"]+)"', history_section(print_of(client, corrected)))
    assert in_print == list(reversed(on_page))  # the print reads oldest first, the page newest first
    assert len(in_print) == history.of_record(corrected, shows_person=True).count()


def test_the_print_history_is_in_ukrainian_for_a_ukrainian_reader(client, corrected, prosecutor):
    client.force_login(prosecutor)
    section = text(history_section(print_of(client, corrected, "uk")))
    assert "Історія змін" in section and "Черговий" in section
    for english in ("Change history", "Duty officer", "happened at", "created"):
        assert english not in section, english


def test_a_role_without_the_history_gets_the_print_without_it(client, corrected, duty_officer):
    client.force_login(duty_officer)
    page = print_of(client, corrected)
    assert 'id="p-history"' not in page
    assert "Wrong state ticked" in page  # the timeline is still there
    event = AccessEvent.objects.get(kind=AccessKind.PRINT, record=corrected)
    assert event.detail == ""


def test_a_print_with_the_history_says_so_in_the_read_log(client, corrected, prosecutor):
    client.force_login(prosecutor)
    print_of(client, corrected)
    event = AccessEvent.objects.get(kind=AccessKind.PRINT, record=corrected, user=prosecutor)
    assert event.detail == "with the change history"


def test_a_monitors_print_history_withholds_free_text(client, corrected, monitor):
    client.force_login(monitor)
    section = history_section(print_of(client, corrected))
    assert "Wrong state ticked" not in section and "Ком" not in section
    assert "[free text withheld]" in section


def test_the_print_with_its_history_costs_the_same_for_3_and_30_entries(client, corrected, prosecutor, duty_officer):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("detainees:record-print", args=[corrected.pk])).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(prosecutor)
    few = count()
    for minutes in range(27):
        services.add_entry(
            record=corrected,
            actor=duty_officer,
            kind=EntryKind.CHECK,
            occurred_at=timezone.now() - timedelta(minutes=29 - minutes),
            details=CHECK,
        )
    assert corrected.entries.count() == 30
    assert count() == few
