"""Every URL of the site, for every role, on objects of the user's own facility, another facility of
the same region and a facility of another region, by GET and by POST: the answer is the one in
`EXPECTED`, a single table. A URL the resolver knows but the table does not fails the test.

POSTs carry a valid payload where one is simple to give (see `TARGETS`), so "allowed" means the
change would have been made; each request runs in a savepoint that is rolled back, so one
request never changes what the next one sees. Read as: 200 page, 302 done (or sent on), 400 form
refused, 403 not for this role, 404 not in this user's scope, 405 wrong method.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from custody.accounts.models import UserSession
from custody.accounts.roles import READ_ONLY_ROLES, Role
from custody.accounts.tests.client import Client
from custody.accounts.tests.factories import UserFactory
from custody.facilities.tests.factories import CellFactory
from custody.submits.tests.tokens import once
from detainees import services
from detainees.models import EntryKind, Transfer
from detainees.tests.conftest import person_data, record_data
from inspections import services as inspections
from inspections.models import Severity
from integrity.log import sealed
from oversight.grants import services as grants
from oversight.visits import services as visits

ROLES = ("duty_officer", "inspector", "medic", "facility_head", "prosecutor", "monitor", "administrator", "anonymous")
SCOPES = ("own", "other", "far")
PASSWORD = "correct horse battery staple"  # UserFactory's


def _now_local():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


# URL name -> (its arguments: from the world of one scope, fixed (a dict), or None;
#              a valid POST payload, or None to post nothing).
TARGETS = {
    "home": (None, None),
    "login": (None, None),
    "second-factor": (None, {"code": "123456"}),
    "logout": (None, None),
    "set-language": (None, {"language": "en"}),
    "accounts:sessions": (None, None),
    "accounts:end-session": (lambda w: {"pk": w.session.pk}, None),
    "accounts:two-factor": (None, None),
    "accounts:two-factor-enrol": (None, {"password": PASSWORD, "code": "123456"}),
    "accounts:recovery-codes": (None, {"password": PASSWORD}),
    "accounts:user-two-factor": (lambda w: {"pk": w.colleague.pk}, None),
    "accounts:user-two-factor-enrol": (lambda w: {"pk": w.colleague.pk}, {"code": "123456"}),
    "accounts:user-two-factor-reset": (lambda w: {"pk": w.colleague.pk}, {"reason": "phone lost"}),
    "detainees:record-list": (None, None),
    "detainees:record-create": (None, None),
    "detainees:board": (None, None),
    "detainees:round": ({"kind": "checks"}, None),
    "detainees:record-detail": (lambda w: {"pk": w.record.pk}, None),
    "detainees:entry-create": (
        lambda w: {"pk": w.record.pk, "kind": "note"},
        lambda w: {"occurred_at": _now_local(), "text": "access matrix", **once()},
    ),
    "detainees:record-release": (lambda w: {"pk": w.record.pk}, None),
    "detainees:record-history": (lambda w: {"pk": w.record.pk}, None),
    "detainees:record-history-export": (lambda w: {"pk": w.record.pk}, None),
    "detainees:record-print": (lambda w: {"pk": w.record.pk}, None),
    "detainees:entry-correct": (lambda w: {"pk": w.entry.pk}, None),  # a note, correctable by its kind
    "detainees:transfer-accept": (
        lambda w: {"pk": w.transfer.pk},  # a detainee on the way to this scope's facility
        lambda w: {"arrived_at": _now_local(), "condition": "задовільний", **once()},
    ),
    "facilities:facility-list": (None, None),
    "facilities:facility-detail": (lambda w: {"pk": w.facility.pk}, None),
    "inspections:queue": (None, None),
    "inspections:review": (lambda w: {"pk": w.record.pk}, None),
    "inspections:cells": (lambda w: {"facility_pk": w.facility.pk}, None),
    "inspections:inspect-cell": (lambda w: {"pk": w.cell.pk}, None),
    "inspections:fix-defect": (lambda w: {"pk": w.defect.pk}, lambda w: {"fix_note": "repaired", **once()}),
    "inspections:findings": (None, None),
    "inspections:finding-create": (None, None),
    "inspections:finding-detail": (lambda w: {"pk": w.finding.pk}, None),
    "inspections:finding-action": (
        lambda w: {"pk": w.finding.pk, "action": "refer"},
        lambda w: {"text": "please act", **once()},
    ),
    "oversight:home": (None, None),
    "integrity:page": (None, {"verify": "full"}),
    "integrity:sign": (None, None),
    "integrity:heads": (None, None),
    "integrity:public-key": (None, None),
    "integrity:verifier": (None, None),
    "integrity:record-export": (lambda w: {"pk": w.record.pk}, None),
    "oversight:access-log": (None, None),
    "oversight:record-viewers": (lambda w: {"pk": w.record.pk}, None),
    "oversight:grants": (None, None),
    "oversight:grant-revoke": (lambda w: {"pk": w.grant.pk}, None),
    "oversight:statistics": (None, None),
    "oversight:export": ({"kind": "records"}, None),
    "oversight:visits": (None, None),
    "oversight:visit-create": (None, None),
    "oversight:visit-detail": (lambda w: {"pk": w.visit.pk}, None),
    "admin": (None, None),  # the whole Django admin site: its index stands for it
}


def url_names():
    """Every named URL the resolver serves; an included admin site counts as one ("admin")."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    names.add("admin")
                else:
                    walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def _world(facility, monitor, administrator, surname):
    """One of each object at `facility`, made through the services as people would."""
    officer = UserFactory(role=Role.DUTY_OFFICER, facilities=[facility])
    inspector = UserFactory(role=Role.INSPECTOR, facilities=[facility])
    record = services.book_in(
        actor=officer,
        person_data=person_data(surname=surname, document_number=f"МА{facility.pk:06d}"),
        record_data=record_data(facility),
    )
    note = services.add_entry(
        record=record,
        actor=officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now(),
        details={"text": "written at the desk"},
    )
    cell = CellFactory(facility=facility, number="9")
    inspection = inspections.inspect_cell(
        cell=cell,
        actor=inspector,
        inspected_at=timezone.now() - timedelta(hours=1),
        temperature_c=20,
        failed=["light"],
        defects={"light": "lamp broken"},
        fit=True,
    )
    finding = inspections.record_finding(
        actor=inspector, facility=facility, severity=Severity.MEDIUM, description="door sticks", record=record
    )
    now = timezone.now()
    visit = visits.log_visit(
        actor=monitor,
        facility=facility,
        started_at=now - timedelta(minutes=30),
        ended_at=now - timedelta(minutes=10),
        announced=True,
        detainees=[record],
        staff_interviewed=0,
        cells=[],
        summary="",
    )
    grant = grants.grant_named_access(
        actor=administrator, monitor=monitor, facility=facility, ends_at=now + timedelta(days=1), reason="visit"
    )
    session = UserSession.objects.create(user=officer, session_key=f"matrix{facility.pk:034d}")
    return SimpleNamespace(
        facility=facility,
        record=record,
        entry=note,
        cell=cell,
        defect=inspection.defects.get(),
        finding=finding,
        visit=visit,
        grant=grant,
        colleague=officer,
        session=session,
    )


@pytest.fixture
def worlds(facility, other_facility, far_facility, monitor, administrator):
    far_monitor = UserFactory(role=Role.MONITOR, regions=[far_facility.region])
    worlds = {
        "own": _world(facility, monitor, administrator, "Ближній"),
        "other": _world(other_facility, monitor, administrator, "Сусідній"),
        "far": _world(far_facility, far_monitor, administrator, "Далекий"),
    }
    # A transfer on its way to each scope's facility, sent from another one.
    for scope, sender in (("own", "other"), ("other", "own"), ("far", "own")):
        worlds[scope].transfer = _transfer(worlds[sender], worlds[scope].facility, f"Переведений{scope.capitalize()}")
    return worlds


def _transfer(sender, to_facility, surname):
    officer = sender.colleague
    record = services.book_in(
        actor=officer,
        person_data=person_data(surname=surname, document_number=f"ПР{to_facility.pk:06d}"),
        record_data=record_data(sender.facility),
    )
    services.transfer_out(
        record=record,
        actor=officer,
        occurred_at=timezone.now() - timedelta(minutes=5),  # before the arrival the form posts
        to_facility=to_facility,
        details={"legal_ground": "доручення слідчого", "condition": "задовільний"},
    )
    return Transfer.objects.get(from_record=record)


def _ask(client, method, url, payload):
    """One request in a savepoint that is rolled back: (status, the tables it wrote to)."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    connection.queries_log.clear()  # a full log (9,000 queries) would make the capture below empty
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = getattr(client, method.lower())(url, payload or {})
        transaction.set_rollback(True)
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value  # signing out is undone with the rest
    return response.status_code, written_tables(queries)


# What any request may write: the session, the read log, security telemetry.
LOG_TABLES = {
    "django_session",
    "accounts_usersession",
    "oversight_accessevent",
    "accounts_securityevent",
    "axes_accesslog",
    "axes_accessattempt",
    "axes_accessfailurelog",
}


def written_tables(queries):
    import re

    tables = set()
    for query in queries:
        sql = query["sql"].lstrip().upper()
        match = re.match(r'(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', sql)
        if match:
            tables.add(match.group(1).lower())
    return tables - LOG_TABLES


def sweep(role, worlds, request, methods=("GET", "POST")):
    """Ask every URL in every scope by each method as `role`.

    Returns {(url name, method): [status per scope]} and {(url name, method, scope): tables written}.
    """
    client = Client()
    if role != "anonymous":
        user = request.getfixturevalue(role)
        with sealed():  # a national object: the change goes into the national log
            user.set_password(PASSWORD)
            user.save()
        client.force_login(user)
    answers, writes = {}, {}
    for name, (arguments, payload) in sorted(TARGETS.items()):
        scopes = SCOPES if callable(arguments) else ("-",)
        for method in methods:
            statuses = []
            for scope in scopes:
                world = worlds.get(scope)
                kwargs = arguments(world) if callable(arguments) else arguments
                url = reverse("admin:index") if name == "admin" else reverse(name, kwargs=kwargs)
                status, written = _ask(client, method, url, payload(world) if callable(payload) else payload)
                statuses.append(status)
                if written:
                    writes[(name, method, scope)] = written
            answers[(name, method)] = statuses
    return answers, writes


# Columns in each scope group: duty officer, inspector, medic, facility head, prosecutor, monitor,
# administrator, anonymous. Groups: own facility | another facility of the region | another
# region; a page without an object has one group.
EXPECTED = {
    (
        "accounts:end-session",
        "GET",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "accounts:end-session",
        "POST",
    ): "404 404 404 404 404 404 404 302 | 404 404 404 404 404 404 404 302 | 404 404 404 404 404 404 404 302",
    ("accounts:recovery-codes", "GET"): "200 200 200 200 200 200 200 302",
    ("accounts:recovery-codes", "POST"): "200 200 200 200 200 200 200 302",
    ("accounts:sessions", "GET"): "200 200 200 200 200 200 200 302",
    ("accounts:sessions", "POST"): "405 405 405 405 405 405 405 302",
    ("accounts:two-factor", "GET"): "200 200 200 200 200 200 200 302",
    ("accounts:two-factor", "POST"): "405 405 405 405 405 405 405 302",
    ("accounts:two-factor-enrol", "GET"): "200 200 200 200 200 200 200 302",
    ("accounts:two-factor-enrol", "POST"): "200 200 200 200 200 200 200 302",
    (
        "accounts:user-two-factor",
        "GET",
    ): "403 403 403 403 403 403 200 302 | 403 403 403 403 403 403 200 302 | 403 403 403 403 403 403 200 302",
    (
        "accounts:user-two-factor",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "accounts:user-two-factor-enrol",
        "GET",
    ): "403 403 403 403 403 403 200 302 | 403 403 403 403 403 403 200 302 | 403 403 403 403 403 403 200 302",
    (
        "accounts:user-two-factor-enrol",
        "POST",
    ): "403 403 403 403 403 403 200 302 | 403 403 403 403 403 403 200 302 | 403 403 403 403 403 403 200 302",
    (
        "accounts:user-two-factor-reset",
        "GET",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "accounts:user-two-factor-reset",
        "POST",
    ): "403 403 403 403 403 403 302 302 | 403 403 403 403 403 403 302 302 | 403 403 403 403 403 403 302 302",
    ("admin", "GET"): "302 302 302 302 302 302 200 302",
    ("admin", "POST"): "302 302 302 302 302 302 200 302",
    ("detainees:board", "GET"): "200 200 200 200 200 200 403 302",
    ("detainees:board", "POST"): "405 405 405 405 405 405 405 302",
    (
        "detainees:entry-correct",
        "GET",
    ): "200 200 200 200 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:entry-correct",
        "POST",
    ): "200 200 200 200 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:entry-create",
        "GET",
    ): "200 200 200 200 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:entry-create",
        "POST",
    ): "302 302 302 302 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    ("detainees:record-create", "GET"): "200 403 403 200 403 403 403 302",
    ("detainees:record-create", "POST"): "200 403 403 200 403 403 403 302",
    (
        "detainees:record-detail",
        "GET",
    ): "200 200 200 200 200 200 404 302 | 404 404 404 404 200 200 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:record-detail",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "detainees:record-history",
        "GET",
    ): "403 200 403 200 200 200 404 302 | 404 404 404 404 200 200 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:record-history",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "detainees:record-history-export",
        "GET",
    ): "403 200 403 200 200 200 404 302 | 404 404 404 404 200 200 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:record-history-export",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    ("detainees:record-list", "GET"): "200 200 200 200 200 200 403 302",
    ("detainees:record-list", "POST"): "405 405 405 405 405 405 405 302",
    (
        "detainees:record-print",
        "GET",
    ): "200 200 200 200 200 200 404 302 | 404 404 404 404 200 200 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:record-print",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "detainees:record-release",
        "GET",
    ): "200 403 403 200 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:record-release",
        "POST",
    ): "200 403 403 200 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:transfer-accept",
        "GET",
    ): "200 403 403 200 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    (
        "detainees:transfer-accept",
        "POST",
    ): "302 403 403 302 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    ("detainees:round", "GET"): "200 403 403 200 403 403 403 302",
    ("detainees:round", "POST"): "200 403 403 200 403 403 403 302",
    (
        "facilities:facility-detail",
        "GET",
    ): "200 200 200 200 200 200 403 302 | 404 404 404 404 200 200 403 302 | 404 404 404 404 404 404 403 302",
    (
        "facilities:facility-detail",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    ("facilities:facility-list", "GET"): "200 200 200 200 200 200 403 302",
    ("facilities:facility-list", "POST"): "405 405 405 405 405 405 405 302",
    ("home", "GET"): "302 302 302 302 302 302 302 302",
    ("home", "POST"): "405 405 405 405 405 405 405 302",
    (
        "inspections:cells",
        "GET",
    ): "403 200 403 200 200 200 403 302 | 403 404 403 404 200 200 403 302 | 403 404 403 404 404 404 403 302",
    (
        "inspections:cells",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "inspections:finding-action",
        "GET",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "inspections:finding-action",
        "POST",
    ): "404 302 404 403 403 302 404 302 | 404 404 404 404 403 302 404 302 | 404 404 404 404 404 404 404 302",
    ("inspections:finding-create", "GET"): "403 200 403 403 403 200 403 302",
    ("inspections:finding-create", "POST"): "403 200 403 403 403 200 403 302",
    (
        "inspections:finding-detail",
        "GET",
    ): "404 200 404 200 200 200 404 302 | 404 404 404 404 200 200 404 302 | 404 404 404 404 404 404 404 302",
    (
        "inspections:finding-detail",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    ("inspections:findings", "GET"): "403 200 403 200 200 200 403 302",
    ("inspections:findings", "POST"): "405 405 405 405 405 405 405 302",
    (
        "inspections:fix-defect",
        "GET",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "inspections:fix-defect",
        "POST",
    ): "403 302 403 302 403 403 404 302 | 404 404 404 404 403 403 404 302 | 404 404 404 404 404 404 404 302",
    (
        "inspections:inspect-cell",
        "GET",
    ): "403 200 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302",
    (
        "inspections:inspect-cell",
        "POST",
    ): "403 200 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302",
    ("inspections:queue", "GET"): "403 200 403 403 403 403 403 302",
    ("inspections:queue", "POST"): "405 405 405 405 405 405 405 302",
    (
        "inspections:review",
        "GET",
    ): "403 200 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302",
    (
        "inspections:review",
        "POST",
    ): "403 200 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302 | 403 404 403 403 403 403 403 302",
    ("login", "GET"): "302 302 302 302 302 302 302 200",
    ("login", "POST"): "302 302 302 302 302 302 302 200",
    ("logout", "GET"): "405 405 405 405 405 405 405 302",
    ("logout", "POST"): "302 302 302 302 302 302 302 302",
    ("oversight:access-log", "GET"): "403 200 403 200 200 200 403 302",
    ("oversight:access-log", "POST"): "405 405 405 405 405 405 405 302",
    ("oversight:export", "GET"): "403 200 403 200 200 200 403 302",
    ("oversight:export", "POST"): "405 405 405 405 405 405 405 302",
    (
        "oversight:grant-revoke",
        "GET",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "oversight:grant-revoke",
        "POST",
    ): "404 404 404 302 404 403 302 302 | 404 404 404 404 404 403 302 302 | 404 404 404 404 404 404 302 302",
    ("oversight:grants", "GET"): "403 403 403 200 403 200 200 302",
    ("oversight:grants", "POST"): "403 403 403 200 403 403 200 302",
    ("oversight:home", "GET"): "403 200 403 200 200 200 200 302",
    ("oversight:home", "POST"): "405 405 405 405 405 405 405 302",
    ("integrity:page", "GET"): "403 200 403 200 200 200 403 302",
    ("integrity:page", "POST"): "403 200 403 200 200 200 403 302",
    ("integrity:sign", "GET"): "405 405 405 405 405 405 405 302",
    ("integrity:sign", "POST"): "403 302 403 302 302 302 403 302",
    ("integrity:heads", "GET"): "403 200 403 200 200 200 403 302",
    ("integrity:heads", "POST"): "405 405 405 405 405 405 405 302",
    ("integrity:public-key", "GET"): "403 200 403 200 200 200 403 302",
    ("integrity:public-key", "POST"): "405 405 405 405 405 405 405 302",
    ("integrity:verifier", "GET"): "200 200 200 200 200 200 200 302",
    ("integrity:verifier", "POST"): "405 405 405 405 405 405 405 302",
    (
        "integrity:record-export",
        "GET",
    ): "200 200 200 200 200 200 404 302 | 404 404 404 404 200 200 404 302 | 404 404 404 404 404 404 404 302",
    (
        "integrity:record-export",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    (
        "oversight:record-viewers",
        "GET",
    ): "403 200 403 200 200 200 404 302 | 404 404 404 404 200 200 404 302 | 404 404 404 404 404 404 404 302",
    (
        "oversight:record-viewers",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    ("oversight:statistics", "GET"): "403 200 403 200 200 200 403 302",
    ("oversight:statistics", "POST"): "405 405 405 405 405 405 405 302",
    ("oversight:visit-create", "GET"): "403 403 403 403 403 200 403 302",
    ("oversight:visit-create", "POST"): "403 403 403 403 403 200 403 302",
    (
        "oversight:visit-detail",
        "GET",
    ): "403 200 403 200 200 200 403 302 | 403 404 403 404 200 200 403 302 | 403 404 403 404 404 404 403 302",
    (
        "oversight:visit-detail",
        "POST",
    ): "405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302 | 405 405 405 405 405 405 405 302",
    ("oversight:visits", "GET"): "403 200 403 200 200 200 403 302",
    ("oversight:visits", "POST"): "405 405 405 405 405 405 405 302",
    ("second-factor", "GET"): "302 302 302 302 302 302 302 302",
    ("second-factor", "POST"): "302 302 302 302 302 302 302 302",
    ("set-language", "GET"): "302 302 302 302 302 302 302 302",
    ("set-language", "POST"): "302 302 302 302 302 302 302 302",
}

# The only writes a read-only role (prosecutor, monitor) makes: its own account, and oversight
# work that the brief gives it (referring a finding, running an integrity check, logging a visit).
READ_ONLY_MAY_WRITE = {
    "accounts:recovery-codes",
    "accounts:two-factor-enrol",
    "inspections:finding-action",
    "inspections:finding-create",
    "integrity:page",
    "integrity:sign",
    "oversight:visit-create",
}
CUSTODY_TABLES = (
    "detainees_",
    "facilities_",
    "inspections_defect",
    "inspections_cellinspection",
    "inspections_review",
    "accounts_user",
    "auth_",
)


def test_every_url_the_resolver_serves_has_a_row_in_the_table():
    assert url_names() == set(TARGETS), "add the new URL to TARGETS and EXPECTED"
    assert {name for name, _method in EXPECTED} == set(TARGETS)
    assert {method for _name, method in EXPECTED} == {"GET", "POST"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_in_the_table_for_every_url_scope_and_method(worlds, request, role):
    answers, _writes = sweep(role, worlds, request)
    column = ROLES.index(role)
    expected = {key: [int(group.split()[column]) for group in row.split(" | ")] for key, row in EXPECTED.items()}
    wrong = {key: (answers[key], expected[key]) for key in expected if answers[key] != expected[key]}
    assert wrong == {}, "(url, method): (answered per scope, expected per scope)"


@pytest.mark.parametrize("role", sorted(READ_ONLY_ROLES))
def test_a_read_only_role_changes_no_custody_data_anywhere(worlds, request, role):
    _answers, writes = sweep(role, worlds, request, methods=("POST",))
    assert {name for name, _method, _scope in writes} <= READ_ONLY_MAY_WRITE, writes
    touched = {table for tables in writes.values() for table in tables}
    assert not [table for table in touched if table.startswith(CUSTODY_TABLES)], touched
