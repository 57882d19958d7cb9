"""The change history as a CSV for a prosecutor: Excel's Ukrainian settings, people's words, logged as an export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from detainees import services
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
        reason="Помилково позначено стан",
    )
    return booked


def export_url(record):
    return reverse("detainees:record-history-export", args=[record.pk])


def download(client, record, language="en"):
    response = client.get(export_url(record), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response, response.content.decode("utf-8")


def table(body):
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_the_export_is_utf8_with_a_bom_and_semicolons(client, corrected, prosecutor):
    client.force_login(prosecutor)
    response, body = download(client, corrected)
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{corrected.number}-history.csv"' in response["Content-Disposition"]
    rows = table(body)
    assert {len(row) for row in rows} == {10}
    assert body.splitlines()[0].count(";") == 9


def test_the_export_reads_in_english_oldest_first_one_line_per_field(client, corrected, prosecutor, duty_officer):
    client.force_login(prosecutor)
    header, *rows = table(download(client, corrected)[1])
    assert header == [
        "When (Europe/Kyiv)",
        "Who",
        "Role",
        "IP address",
        "What",
        "Action",
        "Field",
        "Before",
        "After",
        "Reason",
    ]
    assert rows[0][5] == "created"
    assert rows == sorted(rows, key=lambda r: timezone.datetime.strptime(r[0], "%d.%m.%Y %H:%M:%S"))
    fields = [row[6] for row in rows]
    assert "Legal basis" in fields and "Happened at" in fields
    correction = [row for row in rows if row[5] == "corrected"]
    assert correction and {row[9] for row in correction} == {"Помилково позначено стан"}
    assert "Reason for correction" not in [row[6] for row in correction]  # it has its own column
    assert {row[1] for row in correction} == {duty_officer.get_full_name()}
    assert {row[2] for row in correction} == {"Duty officer"}
    details = next(row for row in correction if row[6] == "Details")
    assert "State: asleep" in details[8]
    body = "\n".join(";".join(row) for row in rows)
    for raw in ("occurred_at", "correction_reason", "None", "\\u", "in_custody", "cpc208"):
        assert raw not in body, raw


def test_the_export_reads_in_ukrainian(client, corrected, prosecutor):
    client.force_login(prosecutor)
    header, *rows = table(download(client, corrected, "uk")[1])
    assert header[0] == "Коли (Europe/Kyiv)"
    assert header[1:3] == ["Хто", "Роль"] and header[-1] == "Причина"
    actions = {row[5] for row in rows}
    assert "created" not in actions and "corrected" not in actions
    assert "Черговий" in {row[2] for row in rows}


def test_a_cell_that_starts_like_a_formula_is_quoted(client, corrected, prosecutor, duty_officer):
    note = services.add_entry(
        record=corrected,
        actor=duty_officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now() - timedelta(minutes=5),
        details={"text": "Нотатка"},
    )
    services.correct_entry(
        entry=note, actor=duty_officer, occurred_at=note.occurred_at, details={"text": "Нотатка"}, reason="=1+1"
    )
    client.force_login(prosecutor)
    reasons = {row[9] for row in table(download(client, corrected)[1])}
    assert "'=1+1" in reasons and "=1+1" not in reasons


def test_the_export_is_logged_as_an_export_of_the_record(client, corrected, prosecutor):
    client.force_login(prosecutor)
    download(client, corrected)
    event = AccessEvent.objects.get(kind=AccessKind.EXPORT, user=prosecutor)
    assert event.record == corrected and event.detail == "change history csv" and event.status == 200


def test_a_monitors_export_withholds_the_person_and_free_text(client, corrected, monitor):
    client.force_login(monitor)
    body = download(client, corrected)[1]
    assert "Ком'яков" not in body and "АН123456" not in body and "Помилково" not in body
    assert "[free text withheld]" in body


def test_a_record_outside_the_scope_is_not_found_and_nothing_is_exported(client, booked, far_facility):
    from custody.accounts.roles import Role
    from custody.accounts.tests.factories import UserFactory

    far_prosecutor = UserFactory(role=Role.PROSECUTOR, regions=[far_facility.region])
    client.force_login(far_prosecutor)
    assert client.get(export_url(booked)).status_code == 404
    assert not AccessEvent.objects.filter(kind=AccessKind.EXPORT).exists()


@pytest.mark.parametrize("role", ["duty_officer", "medic"])
def test_a_role_without_the_history_may_not_export_it(client, booked, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(export_url(booked)).status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessKind.EXPORT).exists()


def test_the_history_page_links_to_the_export(client, booked, inspector):
    client.force_login(inspector)
    page = client.get(reverse("detainees:record-history", args=[booked.pk])).content.decode()
    assert export_url(booked) in page
