"""Every oversight page, for each role, on an object in scope and one in another region.

One table: the expected status for each page × role. 404 for what a role may not see at all
(another region's record or visit), 403 for a page its role has no business on.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from detainees import services
from detainees.tests.conftest import person_data, record_data
from oversight.visits import services as visits

ROLES = ["duty_officer", "inspector", "medic", "facility_head", "prosecutor", "monitor", "administrator"]

#                                duty  insp  medic head  pros  mon   admin
EXPECTED = {
    "home": (403, 200, 403, 200, 200, 200, 200),
    "integrity": (403, 200, 403, 200, 200, 200, 403),
    "integrity-head": (403, 200, 403, 200, 200, 200, 403),
    "access-log": (403, 200, 403, 200, 200, 200, 403),
    "grants": (403, 403, 403, 200, 403, 200, 200),
    "statistics": (403, 200, 403, 200, 200, 200, 403),
    "export-records": (403, 200, 403, 200, 200, 200, 403),
    "export-obligations": (403, 200, 403, 200, 200, 200, 403),
    "visits": (403, 200, 403, 200, 200, 200, 403),
    "visit-create": (403, 403, 403, 403, 403, 200, 403),
    "visit-detail": (403, 200, 403, 200, 200, 200, 403),
    "far-visit-detail": (403, 404, 403, 404, 404, 404, 403),
    "record-viewers": (403, 200, 403, 200, 200, 200, 404),
    "far-record-viewers": (404, 404, 404, 404, 404, 404, 404),
    "record-print": (200, 200, 200, 200, 200, 200, 404),
    "far-record-print": (404, 404, 404, 404, 404, 404, 404),
    "record-history": (403, 200, 403, 200, 200, 200, 404),
}


@pytest.fixture
def places(booked, monitor, far_facility, facility, cell):
    now = timezone.now()
    far_officer = UserFactory(role=Role.DUTY_OFFICER, facilities=[far_facility])
    far_record = services.book_in(
        actor=far_officer,
        person_data=person_data(surname="Далекий", document_number="ХХ000001"),
        record_data=record_data(far_facility),
    )
    far_monitor = UserFactory(role=Role.MONITOR, regions=[far_facility.region])
    when = dict(
        started_at=now - timedelta(minutes=30),
        ended_at=now - timedelta(minutes=10),
        announced=True,
        staff_interviewed=0,
        cells=[],
        summary="",
    )
    visit = visits.log_visit(actor=monitor, facility=facility, detainees=[booked], **when)
    far_visit = visits.log_visit(actor=far_monitor, facility=far_facility, detainees=[far_record], **when)
    return {
        "home": reverse("oversight:home"),
        "integrity": reverse("integrity:page"),
        "integrity-head": reverse("integrity:heads"),
        "access-log": reverse("oversight:access-log"),
        "grants": reverse("oversight:grants"),
        "statistics": reverse("oversight:statistics"),
        "export-records": reverse("oversight:export", args=["records"]),
        "export-obligations": reverse("oversight:export", args=["obligations"]),
        "visits": reverse("oversight:visits"),
        "visit-create": reverse("oversight:visit-create"),
        "visit-detail": reverse("oversight:visit-detail", args=[visit.pk]),
        "far-visit-detail": reverse("oversight:visit-detail", args=[far_visit.pk]),
        "record-viewers": reverse("oversight:record-viewers", args=[booked.pk]),
        "far-record-viewers": reverse("oversight:record-viewers", args=[far_record.pk]),
        "record-print": reverse("detainees:record-print", args=[booked.pk]),
        "far-record-print": reverse("detainees:record-print", args=[far_record.pk]),
        "record-history": reverse("detainees:record-history", args=[booked.pk]),
    }


def test_the_table_covers_every_oversight_url():
    from oversight.urls import urlpatterns

    names = {p.name for p in urlpatterns}
    # "export" is both export kinds; "grant-revoke" is POST-only (test_named_access.py).
    covered = {key.removeprefix("far-") for key in EXPECTED} | {"export", "grant-revoke"}
    assert names <= covered, names - covered


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_oversight_page(client, request, places, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    answers = {page: client.get(url).status_code for page, url in places.items()}
    expected = {page: statuses[ROLES.index(role)] for page, statuses in EXPECTED.items()}
    assert answers == expected


@pytest.mark.parametrize("role", ["prosecutor", "monitor"])
def test_read_only_roles_cannot_post_to_custody_write_endpoints(client, request, booked, role):
    client.force_login(request.getfixturevalue(role))
    before = booked.entries.count()
    for url in (
        reverse("detainees:entry-create", args=[booked.pk, "note"]),
        reverse("detainees:record-release", args=[booked.pk]),
        reverse("detainees:entry-correct", args=[booked.entries.first().pk]),
        reverse("detainees:record-create"),
    ):
        assert client.post(url, {"text": "x"}).status_code == 403, url
    assert booked.entries.count() == before
