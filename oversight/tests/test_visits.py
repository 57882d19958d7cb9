"""Monitoring visits: a monitor logs a visit, its findings go through the findings workflow."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from custody.facilities.tests.factories import CellFactory
from custody.submits.tests.tokens import once
from detainees import services as custody
from detainees.tests.conftest import person_data, record_data
from inspections import services as inspections
from inspections.models import Finding, FindingStatus
from oversight.models import MonitoringVisit
from oversight.readlog.identity import pseudonym
from oversight.visits import services as visits

SURNAME = "Ком'яков"


def names_the_person(page):
    return SURNAME in page or escape(SURNAME) in page


def minutes_ago(n):
    return timezone.now() - timedelta(minutes=n)


def visit_data(facility, **overrides):
    return {
        "facility": facility,
        "started_at": minutes_ago(30),
        "ended_at": minutes_ago(5),
        "announced": False,
        "detainees": [],
        "staff_interviewed": 2,
        "cells": [],
        "summary": "Умови задовільні",
        **overrides,
    }


@pytest.fixture
def visit(monitor, facility, booked, cell):
    return visits.log_visit(actor=monitor, **visit_data(facility, detainees=[booked], cells=[cell]))


def as_form(data):
    """The two-step form's POST: the first step's fields come back as hidden inputs."""
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "facility": data["facility"].pk,
        "started_at": timezone.localtime(data["started_at"]).strftime(fmt),
        "ended_at": timezone.localtime(data["ended_at"]).strftime(fmt),
        "announced": "on" if data["announced"] else "",
        "detainees": [r.pk for r in data["detainees"]],
        "cells": [c.pk for c in data["cells"]],
        "staff_interviewed": data["staff_interviewed"],
        "summary": data["summary"],
        **once(),
    }


def audit_rows():
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(MonitoringVisit)).count()


# --- Logging a visit ------------------------------------------------------------------------


def test_a_monitor_logs_a_visit_with_the_people_and_cells_seen_and_it_is_audited(visit, monitor, booked, cell):
    visit.refresh_from_db()
    assert visit.monitor == monitor
    assert list(visit.detainees_interviewed.all()) == [booked]
    assert list(visit.cells_seen.all()) == [cell]
    assert visit.staff_interviewed == 2 and visit.announced is False
    rows = LogEntry.objects.get_for_object(visit)
    assert rows.exists()
    assert {row.actor for row in rows} == {monitor}


def test_the_form_logs_a_visit_in_two_steps(client, monitor, facility, booked, cell):
    client.force_login(monitor)
    url = reverse("oversight:visit-create")
    data = visit_data(facility, detainees=[booked], cells=[cell], announced=True)
    first = client.get(url, {"facility": facility.pk})
    assert first.status_code == 200 and b'name="started_at"' in first.content
    form = as_form(data)
    second = client.get(url, {k: form[k] for k in ("facility", "started_at", "ended_at")}).content.decode()
    assert pseudonym(booked.person_id) in second
    assert not names_the_person(second)
    response = client.post(url, form)
    visit = MonitoringVisit.objects.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert visit.announced and list(visit.detainees_interviewed.all()) == [booked]


def test_a_visit_to_a_facility_of_another_region_is_refused(client, monitor, far_facility):
    with pytest.raises(PermissionDenied):
        visits.log_visit(actor=monitor, **visit_data(far_facility))
    client.force_login(monitor)
    url = reverse("oversight:visit-create")
    assert client.get(url, {"facility": far_facility.pk}).status_code == 404
    assert client.post(url, as_form(visit_data(far_facility))).status_code == 404
    assert not MonitoringVisit.objects.exists()


def test_a_record_of_another_facility_is_refused_and_nothing_is_written(monitor, facility, other_facility):
    elsewhere = custody.book_in(
        actor=UserFactory(role=Role.DUTY_OFFICER, facilities=[other_facility]),
        person_data=person_data(surname="Іншенко"),
        record_data=record_data(other_facility),
    )
    before = audit_rows()
    with pytest.raises(ValidationError, match="held at the visited facility"):
        visits.log_visit(actor=monitor, **visit_data(facility, detainees=[elsewhere]))
    assert not MonitoringVisit.objects.exists()
    assert audit_rows() == before


def test_a_cell_of_another_facility_is_refused(monitor, facility, other_facility):
    with pytest.raises(ValidationError, match="cells of the visited facility"):
        visits.log_visit(actor=monitor, **visit_data(facility, cells=[CellFactory(facility=other_facility)]))
    assert not MonitoringVisit.objects.exists()


def test_someone_released_before_the_visit_cannot_be_listed(monitor, facility, booked, duty_officer):
    custody.release(
        record=booked,
        actor=duty_officer,
        occurred_at=minutes_ago(40),
        details={"reason": "released", "destination": "freedom"},
    )
    with pytest.raises(ValidationError, match="held at the visited facility"):
        visits.log_visit(actor=monitor, **visit_data(facility, detainees=[booked]))
    assert not MonitoringVisit.objects.exists()


@pytest.mark.parametrize(
    "times, message",
    [
        ({"started_at": minutes_ago(10), "ended_at": minutes_ago(20)}, "cannot end before it began"),
        ({"started_at": minutes_ago(10), "ended_at": timezone.now() + timedelta(hours=1)}, "cannot end in the future"),
        (
            {"started_at": timezone.now() + timedelta(hours=1), "ended_at": timezone.now() + timedelta(hours=2)},
            "cannot begin in the future",
        ),
        ({"started_at": minutes_ago(60 * 26), "ended_at": minutes_ago(10)}, "at most 24 hours"),
    ],
)
def test_impossible_times_are_refused_and_write_nothing(monitor, facility, times, message):
    before = audit_rows()
    with pytest.raises(ValidationError, match=message):
        visits.log_visit(actor=monitor, **visit_data(facility, **times))
    assert not MonitoringVisit.objects.exists()
    assert audit_rows() == before


def test_the_form_shows_the_time_error_and_saves_nothing(client, monitor, facility):
    client.force_login(monitor)
    form = as_form(visit_data(facility, started_at=minutes_ago(10), ended_at=minutes_ago(20)))
    page = client.post(reverse("oversight:visit-create"), form).content.decode()
    assert "cannot end before it began" in page
    assert not MonitoringVisit.objects.exists()


def test_only_monitors_log_visits(prosecutor, inspector, facility):
    for user in (prosecutor, inspector):
        with pytest.raises(PermissionDenied):
            visits.log_visit(actor=user, **visit_data(facility))


# --- Reading visits -------------------------------------------------------------------------


def test_the_monitors_visit_page_shows_pseudonyms_never_the_surname(client, visit, monitor, booked):
    client.force_login(monitor)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert pseudonym(booked.person_id) in page
    assert not names_the_person(page) and "АН123456" not in page
    assert "Record a finding from this visit" in page
    assert f"?facility={visit.facility_id}&amp;visit={visit.pk}" in page


def test_the_prosecutor_reads_the_visit_with_names_but_cannot_log_one(client, visit, prosecutor):
    client.force_login(prosecutor)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert names_the_person(page)
    assert "Record a finding from this visit" not in page
    listing = client.get(reverse("oversight:visits")).content.decode()
    assert visit.get_absolute_url() in listing and "Log a visit" not in listing
    assert client.get(reverse("oversight:visit-create")).status_code == 403


def test_a_duty_officer_may_not_see_visits(client, visit, duty_officer):
    client.force_login(duty_officer)
    for url in (reverse("oversight:visits"), visit.get_absolute_url(), reverse("oversight:visit-create")):
        assert client.get(url).status_code == 403


def test_a_visit_outside_the_scope_does_not_exist(client, visit, far_facility):
    stranger = UserFactory(role=Role.MONITOR, regions=[far_facility.region])
    client.force_login(stranger)
    assert client.get(visit.get_absolute_url()).status_code == 404
    assert visit.get_absolute_url() not in client.get(reverse("oversight:visits")).content.decode()


def test_the_visit_list_costs_the_same_for_3_and_30_visits(client, monitor, facility, booked, cell):
    def make(n):
        for _ in range(n):
            visits.log_visit(actor=monitor, **visit_data(facility, detainees=[booked], cells=[cell]))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("oversight:visits")).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(monitor)
    make(3)
    few = count()
    make(27)
    assert count() == few


# --- Findings from a visit ------------------------------------------------------------------


def test_a_finding_from_a_visit_shows_on_the_visit_and_in_the_findings_and_can_be_referred(
    client, visit, monitor, prosecutor, booked
):
    client.force_login(monitor)
    url = reverse("inspections:finding-create")
    form = client.get(url, {"facility": visit.facility_id, "visit": visit.pk}).content.decode()
    assert f'name="visit" value="{visit.pk}"' in form
    response = client.post(
        url,
        {
            "facility": visit.facility_id,
            "visit": visit.pk,
            "record": booked.pk,
            "severity": "high",
            "description": "Немає доступу до питної води",
            **once(),
        },
    )
    finding = Finding.objects.get()
    assert response.status_code == 302
    assert (finding.visit, finding.record, finding.created_by) == (visit, booked, monitor)
    assert f"#{finding.pk}" in client.get(visit.get_absolute_url()).content.decode()
    assert f"#{finding.pk}" in client.get(reverse("inspections:findings")).content.decode()
    detail = client.get(finding.get_absolute_url()).content.decode()
    assert "From monitoring visit" in detail and visit.get_absolute_url() in detail
    client.post(
        reverse("inspections:finding-action", args=[finding.pk, "refer"]), {"text": "Прошу перевірити", **once()}
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REFERRED
    client.force_login(prosecutor)
    assert f"#{finding.pk}" in client.get(reverse("inspections:findings"), {"status": "referred"}).content.decode()


def test_nobody_files_a_finding_under_someone_elses_visit(client, visit, inspector, region):
    client.force_login(inspector)
    url = reverse("inspections:finding-create")
    assert client.get(url, {"visit": visit.pk}).status_code == 404
    other_monitor = UserFactory(role=Role.MONITOR, regions=[region])
    with pytest.raises(ValidationError, match="your own visit"):
        inspections.record_finding(
            actor=other_monitor, facility=visit.facility, visit=visit, severity="low", description="x"
        )
    assert not Finding.objects.exists()


def test_an_inspectors_finding_form_works_as_before(client, inspector, booked):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:finding-create"),
        {"record": booked.pk, "severity": "low", "description": "Запис про харчування неповний", **once()},
    )
    finding = Finding.objects.get()
    assert response.status_code == 302
    assert (finding.facility, finding.record, finding.visit) == (booked.facility, booked, None)


def test_a_finding_naming_the_detainee_is_masked_on_the_monitors_visit_page(client, visit, monitor, booked):
    inspections.record_finding(
        actor=monitor,
        facility=visit.facility,
        visit=visit,
        record=booked,
        severity="high",
        description=f"{SURNAME} скаржиться на холод у камері",
    )
    client.force_login(monitor)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "скаржиться на холод" in page
    assert not names_the_person(page)
