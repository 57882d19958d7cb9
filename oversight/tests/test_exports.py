"""CSV exports of records and obligations: in scope, pseudonymised for monitors, safe in a spreadsheet, logged."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from detainees import services
from detainees.models import EntryKind
from detainees.tests.conftest import person_data, record_data
from oversight.grants import services as grants
from oversight.models import AccessEvent, AccessKind
from oversight.readlog.identity import pseudonym
from oversight.stats.exports import safe_cell

RECORDS = reverse("oversight:export", args=["records"])
OBLIGATIONS = reverse("oversight:export", args=["obligations"])
# What identifies the planted detainee of the `booked` fixture, beyond the name.
IDENTIFYING = [
    "Ком'яков",
    "Мар'ян",
    "АН123456",
    "1990-05-17",
    "17.05.1990",
    "12026130000000457",
    "ч. 1 ст. 208 КПК",
    "Ткаченко",
    "Центральний",
]


def export(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")  # Excel reads the Cyrillic as UTF-8
    return response, list(csv.reader(io.StringIO(content[1:])))


def as_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_records_export_is_a_streamed_csv_named_by_its_period(client, booked, prosecutor):
    response, rows = export(client, prosecutor, RECORDS)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="custody-records-{today - timedelta(days=29)}_{today}.csv"'
    )
    assert rows[0][:3] == ["record number", "facility", "person"]


def test_the_prosecutor_gets_names_and_dates_of_birth(client, booked, prosecutor):
    _response, rows = export(client, prosecutor, RECORDS)
    (row,) = as_dicts(rows)
    assert row["record number"] == booked.number
    assert row["person"] == "Ком'яков Мар'ян Олегович"
    assert row["date of birth or age band"] == "1990-05-17"
    assert (row["legal basis"], row["status"], row["held past the legal limit"]) == (
        "Criminal detention without a ruling (CPC art. 208)",
        "in custody",
        "no",
    )


def test_the_monitor_gets_pseudonyms_and_age_bands_and_nothing_that_identifies(client, booked, monitor):
    for url in (RECORDS, OBLIGATIONS):
        _response, rows = export(client, monitor, url)
        text = "\n".join(",".join(row) for row in rows)
        assert pseudonym(booked.person_id) in text
        for secret in IDENTIFYING:
            assert secret not in text, (url, secret)
    (row,) = as_dicts(export(client, monitor, RECORDS)[1])
    assert row["date of birth or age band"] == "35–49"


def test_a_monitor_granted_named_access_gets_names_for_that_facility(client, booked, monitor, facility_head, facility):
    grants.grant_named_access(
        actor=facility_head,
        monitor=monitor,
        facility=facility,
        ends_at=timezone.now() + timedelta(hours=4),
        reason="Візит НПМ",
    )
    (row,) = as_dicts(export(client, monitor, RECORDS)[1])
    assert row["person"] == "Ком'яков Мар'ян Олегович"


def test_the_obligations_export_has_a_row_per_obligation_with_due_and_met_times(
    client, booked, duty_officer, prosecutor
):
    rights_at = booked.arrived_at + timedelta(minutes=10)
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.RIGHTS,
        occurred_at=rights_at,
        details={"language": "українська"},
    )
    _response, rows = export(client, prosecutor, OBLIGATIONS)
    by_norm = {row["norm"]: row for row in as_dicts(rows)}
    assert {"legal-aid", "rights", "intake-medical", "suspicion-notice", "limit-72h"} <= set(by_norm)
    rights = by_norm["rights"]
    assert rights["record number"] == booked.number
    assert rights["outcome"] == "on time"
    assert rights["met at"] == timezone.localtime(rights_at).strftime("%Y-%m-%d %H:%M")
    assert rights["legal citation"] == "CPC art. 208 part 4; CAO art. 261"
    assert by_norm["legal-aid"]["outcome"] == "missed"  # due an hour after detention, two hours ago
    assert by_norm["legal-aid"]["due at"] == timezone.localtime(booked.detained_at + timedelta(hours=1)).strftime(
        "%Y-%m-%d %H:%M"
    )


def test_a_closed_record_is_exported_from_its_summary(client, booked, duty_officer, prosecutor):
    services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"})
    (row,) = as_dicts(export(client, prosecutor, RECORDS)[1])
    assert row["status"] == "released"
    assert float(row["hours in custody"]) == pytest.approx(2, abs=0.1)


def test_records_outside_the_scope_or_the_period_are_not_exported(client, booked, prosecutor, far_facility):
    far_duty = UserFactory(role=Role.DUTY_OFFICER, facilities=[far_facility])
    services.book_in(
        actor=far_duty,
        person_data=person_data(surname="Далекий", document_number="ДД000001"),
        record_data=record_data(far_facility),
    )
    _response, rows = export(client, prosecutor, RECORDS)
    assert [row["record number"] for row in as_dicts(rows)] == [booked.number]
    day_before = timezone.localdate(booked.detained_at) - timedelta(days=1)
    _response, rows = export(
        client,
        prosecutor,
        RECORDS,
        date_from=(day_before - timedelta(days=30)).isoformat(),
        date_to=day_before.isoformat(),
    )
    assert rows[1:] == []


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(client, duty_officer, facility, prosecutor):
    services.book_in(
        actor=duty_officer,
        record_data=record_data(facility),
        person_data=person_data(
            surname='=HYPERLINK("http://evil")', given_name="@SUM(A1)", patronymic="", document_number="ФФ000001"
        ),
    )
    (row,) = as_dicts(export(client, prosecutor, RECORDS)[1])
    assert row["person"] == '\'=HYPERLINK("http://evil") @SUM(A1)'


@pytest.mark.parametrize(
    "value, safe",
    [
        ("=1+1", "'=1+1"),
        ("+380501234567", "'+380501234567"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("Коваленко", "Коваленко"),
        ("", ""),
        (12, 12),
        (4.5, 4.5),
    ],
)
def test_safe_cell_prefixes_formula_starts_with_an_apostrophe(value, safe):
    assert safe_cell(value) == safe


def test_each_export_is_logged_with_its_kind_size_and_filter(client, booked, prosecutor, facility):
    export(client, prosecutor, RECORDS, facility=facility.pk)
    export(client, prosecutor, OBLIGATIONS)
    records, obligations = AccessEvent.objects.order_by("pk")
    assert (records.user, records.kind, records.status) == (prosecutor, AccessKind.EXPORT, 200)
    assert records.detail.startswith("records csv: records 1, detained ")
    assert records.detail.endswith(facility.code)
    assert f"facility={facility.pk}" in records.path
    assert obligations.detail.startswith("obligations csv: records 1, ")


def test_a_forged_export_kind_is_not_found_and_logged(client, booked, prosecutor):
    client.force_login(prosecutor)
    response = client.get(reverse("oversight:export", args=["persons"]))
    assert response.status_code == 404
    event = AccessEvent.objects.get()
    assert (event.kind, event.status, event.path) == (AccessKind.NOT_FOUND, 404, "/oversight/export/persons.csv")


def test_a_duty_officer_may_not_export_and_the_attempt_is_logged(client, booked, duty_officer):
    client.force_login(duty_officer)
    assert client.get(RECORDS).status_code == 403
    assert AccessEvent.objects.get().kind == AccessKind.DENIED


@pytest.mark.parametrize(
    "params, message",
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "The end of the period is before its start."),
        ({"date_from": "1900-01-01", "date_to": "1900-02-01"}, "Choose a date from 2000 onwards."),
        ({"facility": "999999"}, "Select a valid choice."),
        ({"date_from": "yesterday"}, "Enter a valid date."),
    ],
)
def test_a_forged_or_absurd_export_filter_is_refused_with_a_plain_message_and_logged(
    client, booked, prosecutor, params, message
):
    client.force_login(prosecutor)
    response = client.get(RECORDS, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()
    event = AccessEvent.objects.get()
    assert (event.kind, event.status) == (AccessKind.BAD_REQUEST, 400)


def test_a_facility_of_another_region_cannot_be_exported(client, booked, prosecutor, far_facility):
    client.force_login(prosecutor)
    assert client.get(RECORDS, {"facility": far_facility.pk}).status_code == 400
    assert not AccessEvent.objects.filter(kind=AccessKind.EXPORT).exists()
