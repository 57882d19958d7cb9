"""The statistics count a closed record's outcomes: not met as missed, met late as late, ended by release not at all."""

import csv
import io

import pytest
import time_machine
from django.urls import reverse

from detainees.models import EntryKind, LegalBasis
from oversight.models import RecordSummary
from oversight.tests.test_statistics import DAY, HOUR, NOW, add, book, release


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


OBLIGATIONS = reverse("oversight:export", args=["obligations"])
RECORDS = reverse("oversight:export", args=["records"])
EXTENDED = {"legal_basis": LegalBasis.CAO_262, "extended_administrative": True}


@pytest.fixture
def released(frozen, duty_officer, facility):
    """Released without a notice at 20 h and 30 h, one served late; administrative ones at 70 h and 75 h."""
    records = {}
    for name, hours in (("at_20h", 20), ("at_30h", 30)):
        record = book(duty_officer, facility, NOW - 5 * DAY)
        release(record, duty_officer, record.detained_at + hours * HOUR)
        records[name] = record
    record = book(duty_officer, facility, NOW - 5 * DAY)
    add(
        record,
        duty_officer,
        EntryKind.SUSPICION_NOTICE,
        record.detained_at + 26 * HOUR,
        served_by="слідчий Петренко",
        article="ч. 1 ст. 185 КК",
    )
    release(record, duty_officer, record.detained_at + 27 * HOUR)
    records["notice_at_26h"] = record
    for name, hours in (("limit_at_70h", 70), ("limit_at_75h", 75)):
        record = book(duty_officer, facility, NOW - 5 * DAY, **EXTENDED)
        release(record, duty_officer, record.detained_at + hours * HOUR)
        records[name] = record
    return records


def outcomes(record):
    return RecordSummary.objects.get(record=record).outcomes


def test_a_notice_ended_by_release_before_it_fell_due_is_not_counted(released):
    stored = outcomes(released["at_20h"])
    assert "suspicion-notice" not in stored
    assert "court-60h" not in stored
    assert stored["limit-72h"] == "on_time"


def test_a_notice_never_served_before_a_release_after_it_fell_due_counts_as_missed(released):
    assert outcomes(released["at_30h"])["suspicion-notice"] == "missed"


def test_a_notice_served_late_counts_as_late(released):
    assert outcomes(released["notice_at_26h"])["suspicion-notice"] == "late"


def test_a_limit_met_by_release_counts_on_time_and_one_passed_counts_late_and_over_the_limit(released):
    on_time, past = (RecordSummary.objects.get(record=released[k]) for k in ("limit_at_70h", "limit_at_75h"))
    assert (on_time.outcomes["administrative-extended"], on_time.over_limit) == ("on_time", False)
    assert (past.outcomes["administrative-extended"], past.over_limit) == ("late", True)


def test_a_notice_missed_or_late_is_not_a_person_held_past_a_limit(released):
    assert not RecordSummary.objects.get(record=released["at_30h"]).over_limit
    assert not RecordSummary.objects.get(record=released["notice_at_26h"]).over_limit


def export_rows(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    header, *body = csv.reader(io.StringIO(content[1:]))
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_obligations_export_says_missed_late_and_leaves_out_what_the_release_ended(client, released, prosecutor):
    rows = export_rows(client, prosecutor, OBLIGATIONS)
    notice = {row["record number"]: row for row in rows if row["norm"] == "suspicion-notice"}
    assert released["at_20h"].number not in notice
    assert notice[released["at_30h"].number]["outcome"] == "missed"
    assert notice[released["notice_at_26h"].number]["outcome"] == "late"
    limits = {row["record number"]: row["outcome"] for row in rows if row["norm"] == "administrative-extended"}
    assert limits == {released["limit_at_70h"].number: "on time", released["limit_at_75h"].number: "late"}


def test_the_records_export_and_the_dashboard_list_only_the_record_held_past_its_limit(client, released, prosecutor):
    rows = export_rows(client, prosecutor, RECORDS)
    assert [row["record number"] for row in rows if row["held past the legal limit"] == "yes"] == [
        released["limit_at_75h"].number
    ]
    response = client.get(reverse("oversight:statistics"))
    assert [row.record_id for row in response.context["figures"].over_limit] == [released["limit_at_75h"].pk]
