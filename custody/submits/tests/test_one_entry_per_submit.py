"""One entry per submit: a create form sent twice, in a row or in parallel, writes once.

The second POST with the same token is sent where the first one went and calls no service; a
missing, malformed or borrowed token is a form error that writes nothing.
"""

import re
import threading
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.messages import ERROR, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from custody.accounts.roles import Role
from custody.accounts.tests.client import Client
from custody.accounts.tests.factories import UserFactory
from custody.lib.appendonly import PROTECTED_TABLES
from custody.submits.models import Submission
from custody.submits.once import FIELD
from detainees import services
from detainees.models import CustodyRecord, EntryKind, TimelineEntry
from detainees.tests.test_booking_form import form_data
from inspections import services as inspections
from inspections.models import CellInspection, Finding, FindingEvent, RecordReview
from oversight.models import MonitoringVisit, NamedAccessGrant


def now_local(minutes_ago=0):
    return timezone.localtime(timezone.now() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


def token():
    return str(uuid.uuid4())


def entries():
    return TimelineEntry.objects.count()


def note():
    return {"occurred_at": now_local(), "text": "Спокійний, просить води", FIELD: token()}


def token_on(page):
    return re.search(rf'name="{FIELD}" value="([0-9a-f-]+)"', page.content.decode()).group(1)


def errors(response):
    return [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]


# --- Sent twice in a row --------------------------------------------------------------------


def test_the_same_entry_sent_twice_in_a_row_is_written_once_and_both_go_to_the_record(client, booked, duty_officer):
    client.force_login(duty_officer)
    url = reverse("detainees:entry-create", args=[booked.pk, "note"])
    data = note()
    first = client.post(url, data)
    audit = LogEntry.objects.count()
    second = client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.url == second.url == booked.get_absolute_url()
    assert booked.entries.filter(kind=EntryKind.NOTE).count() == 1
    assert LogEntry.objects.count() == audit


def test_a_booking_sent_twice_writes_one_record_and_both_go_to_it(client, duty_officer, facility):
    client.force_login(duty_officer)
    url = reverse("detainees:record-create")
    data = form_data(facility)
    first, second = client.post(url, data), client.post(url, data)
    record = CustodyRecord.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.url == second.url == record.get_absolute_url()
    assert record.entries.count() == 1  # the intake entry, once


def test_a_refused_submit_corrected_and_sent_again_with_the_same_token_writes_one_entry(client, booked, duty_officer):
    client.force_login(duty_officer)
    url = reverse("detainees:entry-create", args=[booked.pk, "check"])
    future = timezone.localtime(timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"occurred_at": future, "state": "awake", "condition": "normal", FIELD: token()}
    refused = client.post(url, data)  # refused by the service, after the token was claimed
    assert refused.status_code == 200 and "future" in refused.content.decode()
    assert token_on(refused) == data[FIELD]
    assert not Submission.objects.exists()
    corrected = client.post(url, {**data, "occurred_at": now_local(5)})
    again = client.post(url, {**data, "occurred_at": now_local(5)})
    assert (corrected.status_code, again.status_code) == (302, 302)
    assert booked.entries.filter(kind=EntryKind.CHECK).count() == 1


def test_the_form_carries_a_fresh_token_on_each_visit(client, booked, duty_officer):
    client.force_login(duty_officer)
    url = reverse("detainees:entry-create", args=[booked.pk, "note"])
    first, second = token_on(client.get(url)), token_on(client.get(url))
    assert first != second
    assert uuid.UUID(first).version == 4


# --- Refused tokens -------------------------------------------------------------------------


def test_another_users_token_is_refused_with_a_form_error_and_writes_nothing(client, booked, duty_officer, facility):
    colleague = UserFactory(role=Role.DUTY_OFFICER, facilities=[facility])
    url = reverse("detainees:entry-create", args=[booked.pk, "note"])
    client.force_login(duty_officer)
    data = note()
    client.post(url, data)
    count, audit = entries(), LogEntry.objects.count()
    client.force_login(colleague)
    response = client.post(url, {**data, "text": "Інший запис"})
    assert response.status_code == 200
    assert "opened by another user" in response.content.decode()
    assert token_on(response) != data[FIELD]  # a fresh one, so the corrected form can be sent
    assert (entries(), LogEntry.objects.count()) == (count, audit)


@pytest.mark.parametrize("sent", [None, "", "not-a-uuid", "1234"], ids=["missing", "empty", "malformed", "short"])
def test_a_missing_or_malformed_token_is_refused_with_a_form_error_and_writes_nothing(
    client, booked, duty_officer, sent
):
    client.force_login(duty_officer)
    data = note()
    if sent is None:
        del data[FIELD]
    else:
        data[FIELD] = sent
    count, audit = entries(), LogEntry.objects.count()
    response = client.post(reverse("detainees:entry-create", args=[booked.pk, "note"]), data)
    assert response.status_code == 200
    assert "without a valid one-time token" in response.content.decode()
    assert uuid.UUID(token_on(response))
    assert (entries(), LogEntry.objects.count(), Submission.objects.count()) == (count, audit, 0)


def test_the_token_error_is_in_the_users_language(client, booked, duty_officer):
    client.force_login(duty_officer)
    data = note()
    del data[FIELD]
    response = client.post(reverse("detainees:entry-create", args=[booked.pk, "note"]), data, HTTP_ACCEPT_LANGUAGE="uk")
    assert "без дійсного одноразового ключа" in response.content.decode()


def test_a_token_error_on_a_small_list_form_is_a_message_not_a_500(client, facility_head, monitor, facility, booked):
    finding = inspections.record_finding(actor=monitor, facility=facility, severity="low", description="Холодно")
    client.force_login(facility_head)
    response = client.post(reverse("inspections:finding-action", args=[finding.pk, "remedy"]), {"text": "Обігрівач"})
    assert response.status_code == 302
    assert errors(response) == [
        "This form came without a valid one-time token, so nothing was saved. Check it and send it again."
    ]
    assert finding.events.count() == 1


# --- Every create form ----------------------------------------------------------------------


def _entry(w):
    return w.officer, reverse("detainees:entry-create", args=[w.record.pk, "note"]), note(), entries


def _correction(w):
    written = services.add_entry(
        record=w.record,
        actor=w.officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now() - timedelta(minutes=10),
        details={"text": "Спокійнй"},
    )
    return (
        w.officer,
        reverse("detainees:entry-correct", args=[written.pk]),
        {"occurred_at": now_local(10), "text": "Спокійний", "correction_reason": "Описка", FIELD: token()},
        entries,
    )


def _check_round(w):
    return (
        w.officer,
        reverse("detainees:round", args=["checks"]),
        {
            "facility": w.facility.pk,
            "occurred_at": now_local(),
            "shown": w.record.pk,
            f"choice_{w.record.pk}": "awake",
            FIELD: token(),
        },
        entries,
    )


def _meal_round(w):
    return (
        w.officer,
        reverse("detainees:round", args=["meals"]),
        {
            "facility": w.facility.pk,
            "occurred_at": now_local(),
            "meal": "lunch",
            "shown": w.record.pk,
            f"choice_{w.record.pk}": "eaten",
            FIELD: token(),
        },
        entries,
    )


def _booking(w):
    return w.officer, reverse("detainees:record-create"), form_data(w.facility), CustodyRecord.objects.count


def _release(w):
    return (
        w.officer,
        reverse("detainees:record-release", args=[w.record.pk]),
        {
            "occurred_at": now_local(),
            "outcome": "released",
            "destination": "freedom",
            "legal_ground": "ст. 208 КПК",
            "property": "none_held",
            "condition": "Задовільний",
            FIELD: token(),
        },
        entries,
    )


def _interview(w):
    return (
        w.inspector,
        reverse("detainees:entry-create", args=[w.record.pk, "interview_detainee"]),
        {"occurred_at": now_local(), "in_private": "on", "language": "українська", FIELD: token()},
        entries,
    )


def _review_start(w):
    return (
        w.inspector,
        reverse("inspections:review", args=[w.record.pk]),
        {"action": "start", FIELD: token()},
        RecordReview.objects.count,
    )


def _review_sign(w):
    review = inspections.start_review(record=w.record, actor=w.inspector)
    return (
        w.inspector,
        reverse("inspections:review", args=[w.record.pk]),
        {
            "action": "sign",
            FIELD: token(),
            **{f"answer_{item.pk}": "compliant" for item in review.items.all()},
        },
        entries,
    )


def _cell_inspection(w):
    return (
        w.inspector,
        reverse("inspections:inspect-cell", args=[w.cell.pk]),
        {
            "inspected_at": now_local(),
            "temperature_c": "19.5",
            "failed_light": "on",
            "defect_light": "Лампа не світить",
            "fit": "on",
            FIELD: token(),
        },
        CellInspection.objects.count,
    )


def _defect_fix(w):
    inspection = inspections.inspect_cell(
        cell=w.cell,
        actor=w.inspector,
        inspected_at=timezone.now(),
        temperature_c=20,
        failed=["light"],
        defects={"light": "Лампа не світить"},
        fit=True,
    )
    return (
        w.inspector,
        reverse("inspections:fix-defect", args=[inspection.defects.get().pk]),
        {"fix_note": "Лампу замінено", FIELD: token()},
        LogEntry.objects.count,
    )


def _finding(w):
    return (
        w.inspector,
        reverse("inspections:finding-create"),
        {
            "facility": w.facility.pk,
            "record": w.record.pk,
            "severity": "low",
            "description": "Немає журналу прогулянок",
            FIELD: token(),
        },
        Finding.objects.count,
    )


def _finding_event(w):
    finding = inspections.record_finding(actor=w.inspector, facility=w.facility, severity="low", description="Холодно")
    return (
        w.head,
        reverse("inspections:finding-action", args=[finding.pk, "remedy"]),
        {"text": "Встановлено обігрівач", FIELD: token()},
        FindingEvent.objects.count,
    )


def _visit(w):
    return (
        w.monitor,
        reverse("oversight:visit-create"),
        {
            "facility": w.facility.pk,
            "started_at": now_local(60),
            "ended_at": now_local(10),
            "detainees": [w.record.pk],
            "cells": [],
            "staff_interviewed": "1",
            "summary": "Умови задовільні",
            FIELD: token(),
        },
        MonitoringVisit.objects.count,
    )


def _grant(w):
    until = timezone.localtime(timezone.now() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    return (
        w.head,
        reverse("oversight:grants"),
        {
            "monitor": w.monitor.pk,
            "facility": w.facility.pk,
            "ends_at": until,
            "reason": "Візит",
            FIELD: token(),
        },
        NamedAccessGrant.objects.count,
    )


FORMS = {
    "entry": _entry,
    "correction": _correction,
    "check round": _check_round,
    "meal round": _meal_round,
    "booking": _booking,
    "release": _release,
    "interview": _interview,
    "review start": _review_start,
    "review sign": _review_sign,
    "cell inspection": _cell_inspection,
    "defect fix": _defect_fix,
    "finding": _finding,
    "finding event": _finding_event,
    "visit": _visit,
    "grant": _grant,
}


@pytest.fixture
def world(booked, duty_officer, inspector, facility_head, monitor, facility, cell):
    return SimpleNamespace(
        record=booked,
        officer=duty_officer,
        inspector=inspector,
        head=facility_head,
        monitor=monitor,
        facility=facility,
        cell=cell,
    )


@pytest.mark.parametrize("kind", FORMS)
def test_each_create_form_sent_twice_writes_once_and_sends_both_to_the_same_place(client, world, kind):
    user, url, data, written = FORMS[kind](world)
    client.force_login(user)
    before = written()
    first = client.post(url, data)
    assert first.status_code == 302 and not errors(first), first.content.decode()[:2000]
    after, audit = written(), LogEntry.objects.count()
    assert after > before
    second = client.post(url, data)
    assert second.status_code == 302 and second.url == first.url
    assert not errors(second)  # the service was not called again, so it refused nothing
    assert (written(), LogEntry.objects.count()) == (after, audit)


@pytest.mark.parametrize("kind", FORMS)
def test_each_create_form_without_its_token_says_so_and_writes_nothing(client, world, kind):
    user, url, data, written = FORMS[kind](world)
    del data[FIELD]
    client.force_login(user)
    before, audit = written(), LogEntry.objects.count()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "without a valid one-time token" in response.content.decode()
    assert (written(), LogEntry.objects.count(), Submission.objects.count()) == (before, audit, 0)


# --- Cost -----------------------------------------------------------------------------------


def _token_statements(queries):
    return [q["sql"].split()[0].upper() for q in queries if "submits_submission" in q["sql"]]


def test_a_submit_whose_result_page_is_known_costs_one_insert(client, booked, duty_officer):
    client.force_login(duty_officer)
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("detainees:entry-create", args=[booked.pk, "note"]), note())
    assert _token_statements(queries) == ["INSERT"]


def test_a_submit_whose_result_page_is_known_only_afterwards_costs_an_insert_and_an_update(
    client, duty_officer, facility
):
    client.force_login(duty_officer)
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("detainees:record-create"), form_data(facility))
    assert _token_statements(queries) == ["INSERT", "UPDATE"]


# --- In parallel (PostgreSQL) ---------------------------------------------------------------


@pytest.fixture
def flushable():
    """Lets the test database be flushed after a transactional test.

    The history tables refuse TRUNCATE; their triggers are dropped last thing, and the flush's
    post_migrate signal installs them again (custody.lib.appendonly.reinstall_after_migrate).
    """
    yield
    with connection.cursor() as cursor:
        for table in PROTECTED_TABLES:
            for op in ("update", "delete", "truncate"):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_refuse_{op}" ON "{table}"')


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_ten_identical_posts_in_parallel_write_one_entry_and_all_go_to_it(booked, duty_officer, flushable):
    # One browser sending the form ten times: the same session and the same token.
    browser = Client()
    browser.force_login(duty_officer)
    url = reverse("detainees:entry-create", args=[booked.pk, "note"])
    data = note()
    start = threading.Barrier(10)
    answers = []

    def send():
        tab = Client()
        tab.cookies[settings.SESSION_COOKIE_NAME] = browser.cookies[settings.SESSION_COOKIE_NAME].value
        try:
            start.wait()
            response = tab.post(url, data)
            answers.append((response.status_code, response.get("Location")))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [(302, booked.get_absolute_url())] * 10
    assert booked.entries.filter(kind=EntryKind.NOTE).count() == 1
    assert Submission.objects.count() == 1
