"""The change history reads in people's words, in Ukrainian and English, at a fixed cost in queries."""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from detainees import history, services
from detainees.models import CustodyRecord, EntryKind, TimelineEntry

CHECK = {"state": "awake", "condition": "normal", "note": "Спить на боці"}


@pytest.fixture
def corrected(booked, duty_officer, facility_head, cell):
    services.place_in_cell(
        record=booked, actor=duty_officer, cell=cell, occurred_at=timezone.now() - timedelta(minutes=50)
    )
    check = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.CHECK,
        occurred_at=timezone.now() - timedelta(minutes=30),
        details=CHECK,
    )
    services.correct_entry(
        entry=check,
        actor=facility_head,
        occurred_at=check.occurred_at,
        details={**CHECK, "state": "asleep"},
        reason="Помилково позначено стан",
    )
    return booked


def page_in(client, record, language):
    url = reverse("detainees:record-history", args=[record.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def text_of(page):
    """The history card's text (the footer has words of its own)."""
    card = page[page.index('<div class="card shadow-sm">') : page.index("</table>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))


RAW = [
    "occurred_at",
    "legal_basis",
    "corrections",
    "detainees.TimelineEntry.None",
    "None",
    "\\u",
    "in_custody",
    "cpc208",
    '"state"',
]


def test_the_history_reads_in_english_with_labels_local_time_and_who(client, corrected, prosecutor, facility_head):
    client.force_login(prosecutor)
    page = text_of(page_in(client, corrected, "en"))
    for raw in RAW:
        assert raw not in page, raw
    for words in ("legal basis", "Criminal detention without a ruling (CPC art. 208)", "happened at", "in custody"):
        assert words.lower() in page.lower(), words
    assert "Observation check" in page and "asleep, breathing normally" in page
    assert "Спить на боці" in page  # decoded, not \u escapes
    assert "corrected" in page and "created" in page and "changed" in page
    assert f"{facility_head.get_full_name()} Facility head" in page
    assert "Europe/Kyiv" in page
    booked_at = timezone.localtime(corrected.entries.get(kind=EntryKind.INTAKE).recorded_at)
    assert booked_at.strftime("%d.%m.%Y %H:%M") in page


def test_the_history_reads_in_ukrainian(client, corrected, prosecutor, facility_head):
    client.force_login(prosecutor)
    page = text_of(page_in(client, corrected, "uk"))
    for raw in RAW:
        assert raw not in page, raw
    with translation.override("uk"):
        expected = [
            str(CustodyRecord._meta.get_field("legal_basis").verbose_name),
            str(TimelineEntry._meta.get_field("occurred_at").verbose_name),
            str(EntryKind.CHECK.label),
            translation.gettext("corrected"),
            translation.gettext("created"),
            translation.gettext("Facility head"),
        ]
    for words in expected:
        assert words.lower() in page.lower(), words
    for english in ("legal basis", "happened at", "Observation check", "Facility head", "created"):
        assert english not in page, english
    assert facility_head.get_full_name() in page
    assert "Europe/Kyiv" in page


def test_the_history_costs_the_same_for_one_entry_and_many(client, booked, prosecutor, duty_officer):
    client.force_login(prosecutor)
    url = reverse("detainees:record-history", args=[booked.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for minutes in range(12):
        services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.NOTE,
            occurred_at=timezone.now() - timedelta(minutes=50 - minutes),
            details={"text": f"Нотатка {minutes}"},
        )
    assert queries() == few


def test_a_row_leaves_out_reverse_relations_and_names_related_objects(corrected, facility_head):
    rows = LogEntry.objects.filter(
        content_type__model="timelineentry",
        object_pk__in=[str(pk) for pk in corrected.entries.values_list("pk", flat=True)],
    ).select_related("actor", "content_type")
    with translation.override("en"):
        described = history.readable(rows)
    correction = next(row for row in described if row.action == "corrected")
    labels = {change.label: change for change in correction.changes}
    assert "corrections" not in labels and "findings" not in labels and "id" not in labels
    assert labels["corrects"].new.startswith("Observation check, ")
    assert labels["author"].new == str(facility_head)
    assert labels["custody record"].new == corrected.number
    assert correction.roles == "Facility head"
    details = labels["details"].new
    assert ("state", "asleep") not in details.fields
    assert [str(label) for label, _value in details.fields] == ["state", "condition", "note"]


def test_a_pseudonymised_row_withholds_free_text_but_keeps_labels(corrected):
    rows = LogEntry.objects.filter(content_type__model="custodyrecord", object_pk=str(corrected.pk)).select_related(
        "actor", "content_type"
    )
    with translation.override("en"):
        created = next(row for row in history.readable(rows, redact=True) if row.action == "created")
    labels = {change.label: change.new for change in created.changes}
    assert str(labels["grounds for detention"]) == "[free text withheld]"
    assert labels["status"] == "in custody"
