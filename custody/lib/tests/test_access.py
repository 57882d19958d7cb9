"""The questions of the access module: each allowed, refused, and (where it concerns an object)
out of scope, which answers as if the object did not exist."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from custody.accounts.backends import load_grants
from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from custody.lib import access
from detainees import services
from detainees.kinds import SPECS
from detainees.models import CustodyRecord, EntryKind, TimelineEntry
from detainees.tests.conftest import person_data, record_data
from inspections import services as inspections
from inspections.models import Finding, Severity
from integrity.log import sealed
from oversight.grants import services as grants
from oversight.visits import services as visits


@pytest.fixture
def booked(duty_officer, facility):
    return services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))


@pytest.fixture
def booked_far(far_facility):
    officer = UserFactory(role=Role.DUTY_OFFICER, facilities=[far_facility])
    data = person_data(surname="Далекий", document_number="ВК000001")
    return services.book_in(actor=officer, person_data=data, record_data=record_data(far_facility))


@pytest.fixture
def finding(inspector, facility):
    return inspections.record_finding(actor=inspector, facility=facility, severity=Severity.LOW, description="Сиро")


def note(record, author):
    return services.add_entry(
        record=record, actor=author, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "примітка"}
    )


# --- Questions of permission alone: who may, who may not --------------------------------------

QUESTIONS = [
    (access.may_read_records, "duty_officer", "administrator"),
    (access.may_see_history, "prosecutor", "duty_officer"),
    (access.may_book_in, "duty_officer", "medic"),
    (access.may_do_rounds, "duty_officer", "medic"),
    (access.may_override_placement, "facility_head", "duty_officer"),
    (access.may_release, "duty_officer", "inspector"),
    (access.may_see_names, "medic", "monitor"),
    (access.may_see_read_log, "facility_head", "duty_officer"),
    (access.may_see_integrity, "prosecutor", "medic"),
    (access.may_verify, "inspector", "duty_officer"),
    (access.may_oversee, "administrator", "duty_officer"),
    (access.may_see_statistics, "monitor", "duty_officer"),
    (access.may_export, "prosecutor", "medic"),
    (access.may_see_visits, "inspector", "duty_officer"),
    (access.may_log_visit, "monitor", "inspector"),
    (access.may_see_grants, "monitor", "duty_officer"),
    (access.may_grant, "facility_head", "monitor"),
    (access.may_revoke, "administrator", "monitor"),
    (access.may_review, "inspector", "facility_head"),
    (access.may_inspect_cells, "inspector", "facility_head"),
    (access.may_fix_defects, "facility_head", "duty_officer"),
    (access.may_see_findings, "prosecutor", "duty_officer"),
    (access.may_file_finding, "monitor", "prosecutor"),
    (access.may_manage_accounts, "administrator", "facility_head"),
    (access.may_write, "duty_officer", "prosecutor"),
]


@pytest.mark.parametrize(("question", "allowed", "refused"), QUESTIONS, ids=[q[0].__name__ for q in QUESTIONS])
def test_each_question_is_answered_from_the_role_without_a_query(
    request, django_assert_num_queries, question, allowed, refused
):
    yes, no = request.getfixturevalue(allowed), request.getfixturevalue(refused)
    load_grants(yes), load_grants(no)  # as the request does once
    with django_assert_num_queries(0):
        assert question(yes) and not question(no)


@pytest.mark.parametrize(
    ("step", "allowed", "refused"),
    [
        ("refer", "inspector", "prosecutor"),
        ("answer", "prosecutor", "inspector"),
        ("remedy", "facility_head", "monitor"),
    ],
)
def test_each_step_of_a_finding_has_its_own_role(request, step, allowed, refused):
    yes, no = request.getfixturevalue(allowed), request.getfixturevalue(refused)
    assert access.may_change_finding(yes, step) and not access.may_change_finding(no, step)


def test_a_monitor_closes_only_their_own_findings_an_inspector_any(finding, monitor, inspector, facility):
    own = inspections.record_finding(actor=monitor, facility=facility, severity=Severity.LOW, description="Тісно")
    assert access.may_close(monitor, own) and not access.may_close(monitor, finding)
    assert access.may_close(inspector, own)


def test_only_the_inspector_who_opened_a_review_answers_it(booked, inspector, facility):
    review = inspections.start_review(record=booked, actor=inspector)
    colleague = UserFactory(role=Role.INSPECTOR, facilities=[facility])
    assert access.may_answer_review(inspector, review) and not access.may_answer_review(colleague, review)


# --- Scope: what lies outside it does not exist ------------------------------------------------


def test_a_user_sees_the_records_of_their_scope_only(booked, booked_far, duty_officer, prosecutor, other_officer):
    assert list(access.records(duty_officer)) == [booked]
    assert list(access.records(prosecutor)) == [booked]  # the region, not the far one
    assert not access.records(other_officer).exists()
    assert access.in_scope(prosecutor, booked.facility_id) and not access.in_scope(prosecutor, booked_far.facility_id)


def test_a_record_outside_the_scope_answers_not_found(booked, duty_officer, other_officer):
    assert access.get_record_for_viewer(duty_officer, booked.pk) == booked
    with pytest.raises(Http404):
        access.get_record_for_viewer(other_officer, booked.pk)


def test_without_the_permission_to_read_records_none_exists(booked, administrator):
    assert not access.records(administrator).exists()
    with pytest.raises(Http404):
        access.get_record_for_viewer(administrator, booked.pk)


def test_findings_and_visits_are_seen_within_the_scope(finding, monitor, prosecutor, duty_officer, far_facility):
    now = timezone.now()
    visit = visits.log_visit(
        actor=monitor,
        facility=finding.facility,
        started_at=now - timedelta(hours=1),
        ended_at=now,
        announced=True,
        detainees=[],
        staff_interviewed=0,
        cells=[],
        summary="",
    )
    far_prosecutor = UserFactory(role=Role.PROSECUTOR, regions=[far_facility.region])
    assert list(access.findings(prosecutor)) == [finding] and list(access.visits(prosecutor)) == [visit]
    assert not access.findings(far_prosecutor).exists() and not access.visits(far_prosecutor).exists()
    assert not access.findings(duty_officer).exists() and not access.visits(duty_officer).exists()  # not theirs to read


# --- Recording, correcting, releasing a record -------------------------------------------------


def test_a_kind_is_recorded_by_its_roles_in_scope(booked, duty_officer, medic, other_officer):
    record, spec = access.get_record_for_entry(duty_officer, booked.pk, EntryKind.NOTE)
    assert record == booked and spec is SPECS[EntryKind.NOTE]
    with pytest.raises(PermissionDenied):
        access.get_record_for_entry(medic, booked.pk, EntryKind.SEARCH)  # a custody kind
    with pytest.raises(PermissionDenied):
        access.get_record_for_entry(duty_officer, booked.pk, EntryKind.RELEASE)  # written by its own service
    with pytest.raises(Http404):
        access.get_record_for_entry(other_officer, booked.pk, "no-such-kind")


def test_a_read_only_role_records_nothing_even_in_a_writing_group(booked, prosecutor):
    with sealed():
        prosecutor.groups.add(Group.objects.get(name=Role.DUTY_OFFICER))
    prosecutor = type(prosecutor).objects.get(pk=prosecutor.pk)
    assert prosecutor.has_perm("detainees.record_custody_entry")
    with pytest.raises(PermissionDenied):
        access.get_record_for_entry(prosecutor, booked.pk, EntryKind.NOTE)


def test_an_entry_is_corrected_by_those_who_may_record_its_kind(booked, duty_officer, medic, other_officer):
    entry = note(booked, duty_officer)
    assert access.get_entry_for_correction(duty_officer, entry.pk) == (entry, SPECS[EntryKind.NOTE])
    assert access.may_record(medic, SPECS[EntryKind.NOTE]) and not access.may_record(medic, SPECS[EntryKind.SEARCH])
    with pytest.raises(PermissionDenied):
        access.get_entry_for_correction(UserFactory(role=Role.MONITOR, regions=[booked.facility.region]), entry.pk)
    with pytest.raises(Http404):
        access.get_entry_for_correction(other_officer, entry.pk)


def test_a_release_is_for_the_custody_desk_in_scope(booked, duty_officer, medic, other_officer):
    assert access.get_record_for_release(duty_officer, booked.pk) == booked
    with pytest.raises(PermissionDenied):
        access.get_record_for_release(medic, booked.pk)
    with pytest.raises(Http404):
        access.get_record_for_release(other_officer, booked.pk)


# --- Names ------------------------------------------------------------------------------------


def test_a_monitor_sees_names_only_where_a_grant_in_force_lets_them(booked, facility_head, monitor, facility):
    assert not access.may_see_name(monitor, booked)
    grants.grant_named_access(
        actor=facility_head,
        monitor=monitor,
        facility=facility,
        ends_at=timezone.now() + timedelta(hours=2),
        reason="Візит",
    )
    fresh = type(monitor).objects.get(pk=monitor.pk)  # grants are read once per request
    assert access.may_see_name(fresh, booked) and not access.may_see_names(fresh)
    assert access.named_access(fresh)[facility.pk].granted_by == facility_head


def test_staff_see_every_name_in_scope_without_reading_grants(booked, medic, django_assert_num_queries):
    load_grants(medic)
    with django_assert_num_queries(0):
        assert access.may_see_name(medic, booked) and access.named_access(medic) == {}


def test_named_access_is_granted_by_heads_at_their_facilities_and_administrators_anywhere(
    facility_head, administrator, duty_officer, facility, far_facility
):
    assert list(access.grantable_facilities(facility_head)) == [facility]
    assert access.may_grant_at(administrator, far_facility.pk) and not access.may_grant_at(
        facility_head, far_facility.pk
    )
    assert not access.grantable_facilities(duty_officer).exists()


# --- Services ask the same questions: refused, they write nothing ------------------------------


def test_a_service_called_by_an_unauthorised_actor_refuses_and_writes_nothing(booked, prosecutor, medic, facility):
    entries, findings = TimelineEntry.objects.count(), Finding.objects.count()
    with pytest.raises(PermissionDenied):
        services.add_entry(
            record=booked, actor=prosecutor, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "x"}
        )
    with pytest.raises(PermissionDenied):
        services.release(record=booked, actor=medic, occurred_at=timezone.now(), details={"outcome": "released"})
    with pytest.raises(PermissionDenied):
        inspections.record_finding(actor=medic, facility=facility, severity=Severity.LOW, description="x")
    assert (TimelineEntry.objects.count(), Finding.objects.count()) == (entries, findings)
    assert CustodyRecord.objects.get(pk=booked.pk).is_open


def test_a_service_refuses_an_actor_outside_the_scope_and_writes_nothing(
    booked, other_officer, other_facility, facility
):
    inspector_elsewhere = UserFactory(role=Role.INSPECTOR, facilities=[other_facility])
    entries = TimelineEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.add_entry(
            record=booked, actor=other_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "x"}
        )
    with pytest.raises(PermissionDenied):
        inspections.record_finding(actor=inspector_elsewhere, facility=facility, severity=Severity.LOW, description="x")
    assert TimelineEntry.objects.count() == entries and not Finding.objects.exists()
